"""Starting the full-screen app (imports Textual only when the app is really wanted)."""

from __future__ import annotations

from pathlib import Path


def launch_app(path: Path, read_only: bool = False) -> int:
    from tui.app import RagtrackApp

    app = RagtrackApp(db_path=path, read_only=read_only)
    app.run()
    return app.return_code or 0
