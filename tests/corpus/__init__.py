"""A corpus of real, published action plans, rebuilt as the files officers hold, with their correct
readings row by row. ``tests/corpus/documents/`` holds them, one module per family of documents;
``python -m tests.corpus.fidelity`` (``make fidelity``) scores the importer on them."""
