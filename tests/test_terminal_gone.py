"""The app quits when its terminal goes away, even when no hang-up signal reaches it (as under
``make run``, where make stands between the terminal and the app): a window closed or a tmux
session killed must not leave an app with no screen spinning and holding the database open."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def test_the_app_quits_when_its_terminal_is_gone(tmp_path):
    import pty

    db = tmp_path / "plans.db"
    primary, secondary = pty.openpty()
    app = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(db)],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,  # Textual draws on stderr
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"},
        # The app ignores the hang-up, as it does when it is not the terminal's foreground job.
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
        start_new_session=True,
    )
    os.close(secondary)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"\x1b[?1049h" not in seen and time.monotonic() < deadline:  # the full screen taken
            if select.select([primary], [], [], 1.0)[0]:
                try:
                    seen += os.read(primary, 65536)
                except OSError:
                    break
        assert b"\x1b[?1049h" in seen, f"the app never took the screen: {seen[-300:]!r}"
        time.sleep(1)  # let it settle into reading keys
        os.close(primary)  # the terminal goes away
        try:
            app.wait(timeout=30)  # a generous bound: without the fix it never ends
        except subprocess.TimeoutExpired:
            pytest.fail("the app outlived its terminal")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
