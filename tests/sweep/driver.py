"""The bad-input sweep's driver: runs many ``ragtrack`` command lines in one process and reports,
as JSON on stdout, what each did (exit code, stderr, a traceback, a hang).

Run by tests/test_bad_input_sweep.py in a subprocess with a memory limit (a command reading
/dev/zero must fail with a message, not take the machine's memory) and an alarm per case (a
command reading a FIFO must not hang). The cases are built from the command line's own parser,
so a new command or option is swept without anyone listing it here.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import resource
import shutil
import signal
import sqlite3
import sys
import traceback
from pathlib import Path

#: Seconds a case may take before it counts as a hang. Generous, because the machine running the
#: suite may be busy: a case that truly hangs never ends, so a long limit still catches it.
CASE_SECONDS = 20


class Hang(BaseException):
    """Raised by the alarm: the case ran past CASE_SECONDS."""


def _on_alarm(_signum, _frame):
    raise Hang()


def hostile_texts() -> dict[str, str]:
    """Values no option should choke on. Invalid UTF-8 arrives as the surrogate escapes that
    Python's argv decoding makes of it (os.fsdecode)."""
    return {
        "huge": "999999999999999999999999",
        "negative": "-1",
        "zero": "0",
        "empty": "",
        "blank": "   ",
        "invalid-utf8": os.fsdecode(b"caf\xe9 \xff\xfe"),
        "nul": "a\x00b",
        "escape": "\x1b[31mred\x1b]0;title\x07\x1b[2J",
        "markup": "[bold]x[/] [@click=app.quit]y[/]",
        "long": "x" * 120_000,
        "format": "%s%n{0}{name}",
        "emoji": "😀 ✓ ⇒",
        "float": "1e309",
        "date-ish": "31/02/2026",
    }


def hostile_paths(sandbox: Path) -> dict[str, str]:
    """Places no path option should choke on."""
    fifo = sandbox / "fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    readonly = sandbox / "readonly.txt"
    if not readonly.exists():
        readonly.write_text("read only\n", encoding="utf-8")
        readonly.chmod(0o444)
    folder = sandbox / "folder"
    folder.mkdir(exist_ok=True)
    link = sandbox / "zero.csv"
    if not link.exists():
        link.symlink_to("/dev/zero")
    return {
        "dev-zero": "/dev/zero",
        "dev-full": "/dev/full",
        "dev-null": "/dev/null",
        "fifo": str(fifo),
        "folder": str(folder),
        "readonly": str(readonly),
        "missing-folder": str(sandbox / "no" / "such" / "folder" / "file.x"),
        "zero-symlink": str(link),
        "escape-name": str(sandbox / "\x1b[31mred\x1b[0m.csv"),
    }


def walk(parser: argparse.ArgumentParser, prefix: list[str]):
    """Every (command words, parser) of the command line, subcommands included."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs or (prefix and not any(a.required for a in subs)):  # a command of its own too
        yield prefix, parser
    if not subs:
        return
    for action in subs:
        for name, sub in action.choices.items():
            yield from walk(sub, [*prefix, name])


def value_options(parser: argparse.ArgumentParser):
    """The options that take a value, and the positionals (each as its option strings or None)."""
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.nargs == 0:
            continue
        if action.dest == "db":  # swept separately, for every command
            continue
        yield action


def run_case(argv: list[str]) -> dict:
    from tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    result: dict = {"argv": [a[:200] for a in argv]}
    signal.alarm(CASE_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        result["exit"] = code
    except SystemExit as stop:
        result["exit"] = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except Hang:
        result["hang"] = True
    except BaseException:
        result["traceback"] = traceback.format_exc()[-3000:]
    finally:
        signal.alarm(0)
    result["stdout"] = out.getvalue()[-2000:]
    result["stderr"] = err.getvalue()[-2000:]
    return result


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def integrity(db: Path) -> str:
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as error:
        return f"cannot check: {error}"


def created_by_mistake(sandbox: Path, workdir: Path) -> list[str]:
    """Files or folders a case made where nobody asked for one: under a folder that did not exist
    (a path given by mistake must be refused, not created), or in the working folder (a word
    taken for a folder name). Removed again, so the next case starts from the same place."""
    made = [p for p in (sandbox / "no",) if p.exists()] + list(workdir.iterdir())
    for path in made:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    return [str(p.relative_to(sandbox)) for p in made]


def _import_what_the_commands_import() -> None:
    """Import the heavy modules once, before any alarm is set. A case's alarm that went off in
    the middle of a module's first import (slow on a busy machine) would leave that module half
    made, and every later case would fail on it ("Table 'plan' is already defined")."""
    import models.tables  # noqa: F401
    import storage.importing
    import storage.writes  # noqa: F401

    for library in ("openpyxl", "docx", "pdfplumber", "psycopg"):  # what the readers and hub load
        with contextlib.suppress(ImportError):
            __import__(library)


def main() -> None:
    sandbox, db, good_inputs = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    workdir = sandbox / "cwd"
    workdir.mkdir(exist_ok=True)
    os.chdir(workdir)
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
    signal.signal(signal.SIGALRM, _on_alarm)
    os.environ["RAGTRACK_DB"] = str(db)
    from tui.cli import build_parser

    _import_what_the_commands_import()

    texts, paths = hostile_texts(), hostile_paths(sandbox)
    watched = {p: digest(Path(p)) for p in (paths["readonly"],)}
    results = []
    for words, parser in walk(build_parser(), []):
        key = " ".join(words)
        base = [*words, *good_inputs.get(key, [])]
        for action in value_options(parser):
            values = dict(texts)
            if action.choices:
                values = {"not-a-choice": "purple", "invalid-utf8": texts["invalid-utf8"]}
            values.update(paths)
            for label, value in values.items():
                if action.option_strings:
                    argv = [*base, action.option_strings[-1], value]
                else:  # a positional: replace the good value given for it, if any
                    argv = [*words, value, *good_inputs.get(key, [])[1:]]
                case = run_case(argv)
                case.update(command=key, option=action.dest, value=label)
                case["integrity"] = integrity(db)
                case["created"] = created_by_mistake(sandbox, workdir)
                results.append(case)
        for label, value in paths.items():
            case = run_case([*base, "--db", value])
            case.update(command=key, option="db", value=label, integrity=integrity(db))
            case["created"] = created_by_mistake(sandbox, workdir)
            results.append(case)
    for path, before in watched.items():
        if digest(Path(path)) != before:
            results.append({"command": "-", "option": "-", "value": path, "overwritten": True})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
