"""The machine a bench run measured on, and how busy it was."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def describe_machine() -> list[tuple[str, str]]:
    def cpuinfo() -> str:
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return platform.processor() or "unknown"

    def memory() -> str:
        try:
            for line in Path("/proc/meminfo").read_text().splitlines():
                if line.startswith("MemTotal"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        except OSError:
            pass
        return "unknown"

    def version(package: str) -> str:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as v

        try:
            return v(package)
        except PackageNotFoundError:
            return "not installed"

    def git() -> str:
        try:
            head = subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
            dirty = subprocess.run(
                ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
            return (head or "unknown") + (" (plus uncommitted changes in the work tree)" if dirty else "")
        except (OSError, subprocess.SubprocessError):
            return "unknown"

    task = shutil.which("task")
    try:
        task_version = (
            subprocess.run([task, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
            if task
            else "not installed"
        )
    except (OSError, subprocess.SubprocessError):
        task_version = "does not run"
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", cpuinfo()),
        ("cores", str(os.cpu_count())),
        ("memory", memory()),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("Textual", version("textual")),
        ("Taskwarrior", task_version),
        ("ragtrack commit", git()),
        ("load average at start (1, 5, 15 min)", load_average()),
    ]


def load_average() -> str:
    """Other work on the machine skews wall times: the bench says how busy the machine was."""
    try:
        one, five, fifteen = os.getloadavg()
    except (OSError, AttributeError):  # not on Windows
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}" + (
        f" (busy: over {os.cpu_count()} cores' worth of other work; both figures and floors are slowed)"
        if one > (os.cpu_count() or 1) * 0.75
        else ""
    )
