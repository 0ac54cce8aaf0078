"""``python -m tui``: the same as the ``ragtrack`` command."""

from tui.cli import main

raise SystemExit(main())
