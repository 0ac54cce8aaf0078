"""The export floor: the committee report's text written as a DOCX with no styling.

    python bench/floor_export.py TEXT.json OUT.docx

TEXT.json is every paragraph of the report ragtrack wrote (body paragraphs and table cells, in
order; bench/export_bench.py extracts it). This process writes the same words as plain
paragraphs into the smallest valid Word document (three parts in a zip, the XML written
directly): the least any exporter of that report to DOCX could cost.
"""

import json
import sys
import zipfile
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)

with open(sys.argv[1], encoding="utf-8") as source:
    texts = json.load(source)
body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>' for text in texts)
document = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    f"<w:body>{body}</w:body></w:document>"
)
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    out.writestr("[Content_Types].xml", CONTENT_TYPES)
    out.writestr("_rels/.rels", RELS)
    out.writestr("word/document.xml", document)
