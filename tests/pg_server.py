"""A throwaway PostgreSQL server for the hub tests: Debian's ``postgresql`` binaries, a fresh
cluster (``initdb``) in a temporary folder, a free port on 127.0.0.1, stopped at the end.

PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` system
user (made by Debian's package) and its commands run through ``runuser``. When the binaries are
missing and we are root on Debian (CI's fresh machine), Debian's package is installed first,
without letting it create or start a cluster of its own. ``unavailable()`` says why no server
can be had, for a clear skip.

Authentication: the superuser ``postgres`` connects through the cluster's own Unix socket
(trust); every other role connects over TCP with a password (scram-sha-256), as officers
connect to a council's hub.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"
_INSTALL_TIMEOUT = 600


def find_bindir() -> Path | None:
    """The newest installed server's bin folder (Debian: /usr/lib/postgresql/N/bin)."""
    found = []
    for candidate in Path("/usr/lib/postgresql").glob("*/bin"):
        if (candidate / "postgres").exists() and (candidate / "initdb").exists():
            with contextlib.suppress(ValueError):
                found.append((float(candidate.parent.name), candidate))
    if found:
        return max(found)[1]
    on_path = shutil.which("postgres")
    return Path(on_path).parent if on_path and shutil.which("initdb") else None


def install_postgresql() -> str | None:
    """Install Debian's postgresql package (root only). None on success, else why not.

    Test processes (pytest-xdist workers) take turns: the first installs, the others wait for it
    and find the binaries."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return "PostgreSQL is not installed (apt-get install postgresql, as root, installs it)"
    with open(Path(tempfile.gettempdir()) / "ragtrack-pg-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if find_bindir():
            return None
        return _apt_install()


def _apt_install() -> str | None:
    # Debian's package would create and start a cluster of its own on port 5432: not wanted here.
    conf = Path("/etc/postgresql-common/createcluster.conf")
    if not conf.exists():
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text("create_main_cluster = false\n")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [
        "apt-get",
        "install",
        "-y",
        "-q",
        "-o",
        "Dpkg::Options::=--force-confold",
        "-o",
        "Dpkg::Options::=--force-confdef",
        "-o",
        "DPkg::Lock::Timeout=300",
        "postgresql",
    ]
    for attempt in (1, 2):
        result = subprocess.run(
            command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=_INSTALL_TIMEOUT
        )
        if result.returncode == 0 and find_bindir():
            return None
        if attempt == 1:  # a fresh machine may not have read the package lists yet
            subprocess.run(
                ["apt-get", "update", "-q"],
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=_INSTALL_TIMEOUT,
            )
    tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
    return f"apt-get install postgresql failed: {tail[0]}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    bindir: Path
    base: Path  # holds data/ and the socket
    port: int
    process: subprocess.Popen | None = None

    @property
    def socket_dir(self) -> Path:
        return self.base

    def url(self, dbname: str, user: str | None = None, password: str | None = None) -> str:
        """A URL as an officer would be given: TCP, 127.0.0.1, this server's port."""
        auth = ""
        if user:
            auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "") + "@"
        return f"postgresql://{auth}127.0.0.1:{self.port}/{quote(dbname, safe='')}"

    def superuser_conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.socket_dir} port={self.port} user={SUPERUSER} dbname={dbname}"

    def connect(self, dbname: str = "postgres"):
        import psycopg

        return psycopg.connect(self.superuser_conninfo(dbname), autocommit=True)

    def create_database(self, name: str) -> None:
        from psycopg import sql

        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def create_login(self, role: str, password: str) -> None:
        from psycopg import sql

        with self.connect() as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(password))
            )

    def postmaster_pid(self) -> int | None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.base / "data" / "postmaster.pid").read_text().splitlines()[0])
        return None

    def _signal(self, number: int) -> None:
        pid = self.postmaster_pid()
        with contextlib.suppress(ProcessLookupError):
            if pid:
                os.kill(pid, number)
            elif self.process is not None:
                self.process.send_signal(number)

    def kill(self) -> None:
        """Stop the server at once, as a crash would: "immediate" shutdown (SIGQUIT) ends every
        session with no checkpoint, and the next start recovers from the WAL."""
        if self.process is not None:
            self._signal(signal.SIGQUIT)
            self.process.wait(timeout=30)
            self.process = None

    def start(self) -> None:
        self.process = _run_as_owner(
            [
                str(self.bindir / "postgres"),
                "-D",
                str(self.base / "data"),
                "-p",
                str(self.port),
                "-k",
                str(self.socket_dir),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",  # a throwaway server: durability is the real server's job
                "-c",
                "max_connections=60",
                "-c",
                "shared_buffers=64MB",
            ],
            popen=True,
            log=self.base / "server.log",
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"PostgreSQL stopped at start: {self.log_tail()}")
            try:
                with self.connect():
                    return
            except Exception:  # not accepting connections yet
                time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not start within 30 s: {self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None:
            self._signal(signal.SIGINT)  # "fast" shutdown: ends open sessions
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return " | ".join((self.base / "server.log").read_text(errors="replace").strip().splitlines()[-3:])
        return "(no log)"


def _owner() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


def _run_as_owner(command: list[str], popen: bool = False, log: Path | None = None):
    owner = _owner()
    if owner is not None:
        command = ["runuser", "-u", owner.pw_name, "--", *command]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C.UTF-8"
    if popen:
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (the server keeps it)
        # A session of its own: no signal meant for the tests (Ctrl+C) reaches it, nor the reverse.
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env, start_new_session=True
        )
    return subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=120)


def unavailable() -> str | None:
    """Why no server can be had here (None: one can, installing Debian's package if needed)."""
    if os.name != "posix":
        return "the hub tests start PostgreSQL with Debian's binaries (Linux only)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'ragtrack[hub]')"
    if find_bindir() is None:
        reason = install_postgresql()
        if reason:
            return reason
    if os.geteuid() == 0 and _owner() is None:
        return "running as root and there is no 'postgres' user for the server to run as"
    return None


def start_server() -> PgServer:
    bindir = find_bindir()
    assert bindir is not None
    # Not under pytest's basetemp: as root that sits in a 0700 folder the server cannot enter.
    base = Path(tempfile.mkdtemp(prefix="ragtrack-pg-"))
    owner = _owner()
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    result = _run_as_owner(
        [
            str(bindir / "initdb"),
            "-D",
            str(base / "data"),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-sync",
        ]
    )
    if result.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {(result.stderr or result.stdout).strip()}")
    server = PgServer(bindir, base, _free_port())
    try:
        server.start()
    except BaseException:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
        raise
    return server


def remove(server: PgServer) -> None:
    server.stop()
    shutil.rmtree(server.base, ignore_errors=True)
