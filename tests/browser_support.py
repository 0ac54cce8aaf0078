"""Headless Chromium for the report tests: Debian's ``chromium`` driven by Playwright (its own
browser download cannot work offline, so it is never used), one browser per test session.

``make test`` installs Chromium where it can (root on Debian/Ubuntu); elsewhere the tests that need
it skip and say what to install.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

#: Chromium's flags for a closed network and a clean, throwaway profile.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str | None:
    found = os.environ.get("RAGTRACK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and Path(found).exists() else None


class Browser:
    """One Chromium with an empty profile, started once; ``page()`` gives a fresh tab."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        executable = chromium_path()
        if executable is None:
            raise LookupError(
                "no Chromium: install Debian's chromium package (apt-get install chromium), "
                "or set RAGTRACK_CHROMIUM to a Chromium executable"
            )
        self._profile = tempfile.TemporaryDirectory(prefix="ragtrack-chromium-")
        self._playwright = sync_playwright().start()
        self.context = self._playwright.chromium.launch_persistent_context(
            self._profile.name,
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_FLAGS),  # Playwright passes the empty profile as --user-data-dir
            viewport={"width": 1280, "height": 900},
        )

    def page(self):
        return self.context.new_page()

    def close(self) -> None:
        try:
            self.context.close()
            self._playwright.stop()
        finally:
            self._profile.cleanup()


def axe(page, tags=WCAG_22_AA) -> dict:
    """axe-core's results for the page as loaded, with only the WCAG rules of ``tags``."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations", "incomplete"]}
    return Axe().run(page, options=options).response


def describe(violations: list[dict]) -> str:
    """Violations as lines a person can act on: the rule, its help, and the first elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['html'][:160]}" for node in violation["nodes"][:3]]
    return "\n".join(lines)
