"""Where the hub is: a PostgreSQL URL or a ``pg_service.conf`` service name, and connecting.

    postgresql://hub.council.local/ragtrack          (user: your login name, as libpq does)
    postgresql://jroper@hub.council.local:5432/ragtrack?sslmode=require
    service=ragtrack                                 (a section of pg_service.conf)

Passwords come from libpq's own places: ``.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf`` on
Windows), ``PGPASSWORD`` or the service file. A password typed into the URL is used for that
connection only: what a laptop remembers (``remembered``) never holds it.

psycopg is an optional dependency (``pip install 'ragtrack[hub]'``): a laptop that never uses a
hub runs without it, and is told in one line what to install if it tries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from storage.sync.errors import PlaceUnavailable, SyncError

_SCHEMES = ("postgresql://", "postgres://")
_SERVICE_RE = re.compile(r"^service=([A-Za-z0-9_.\-]+)$")
#: Connection parameters that are secrets and never remembered.
_SECRET_KEYS = frozenset({"password", "sslpassword"})
CONNECT_TIMEOUT = 10
INSTALL_HINT = "the hub needs psycopg: pip install 'ragtrack[hub]' (or pip install 'psycopg[binary]')"


class HubError(SyncError):
    """Something about the hub the officer or IT can act on; one line."""


class HubUnavailable(PlaceUnavailable, HubError):
    """The hub cannot be reached (network, server down, wrong address or password)."""


def is_hub_address(text: str | None) -> bool:
    """A PostgreSQL URL or ``service=NAME``, as opposed to a shared folder."""
    if not text:
        return False
    stripped = text.strip()
    return stripped.lower().startswith(_SCHEMES) or bool(_SERVICE_RE.match(stripped))


@dataclass(frozen=True)
class HubAddress:
    conninfo: str  # what libpq is given (may hold a password typed into the URL)
    remembered: str  # the same without any password: what is shown and stored

    @classmethod
    def parse(cls, text: str) -> HubAddress:
        text = text.strip()
        if match := _SERVICE_RE.match(text):
            return cls(text, f"service={match[1]}")
        if not text.lower().startswith(_SCHEMES):
            raise HubError(f"not a hub address: {text!r} (give postgresql://HOST/DATABASE or service=NAME)")
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018 (raises ValueError on a bad port)
        except ValueError as error:
            raise HubError(f"the hub address cannot be read ({error})") from None
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, hostpart = netloc.rpartition("@")
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}@{hostpart}" if user else hostpart
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in _SECRET_KEYS]
        remembered = urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))
        return cls(text, remembered)

    @property
    def had_password(self) -> bool:
        """Whether the address as given holds a password (used for that connection only)."""
        if self.conninfo.startswith("service="):
            return False
        parts = urlsplit(self.conninfo)
        netloc_secret = ":" in parts.netloc.rpartition("@")[0]
        return netloc_secret or any(k in _SECRET_KEYS for k, _ in parse_qsl(parts.query, keep_blank_values=True))

    @property
    def user(self) -> str | None:
        if self.remembered.startswith("service="):
            return None
        parts = urlsplit(self.remembered)
        return unquote(parts.username) if parts.username else None

    def __str__(self) -> str:
        return self.remembered


def psycopg_module() -> Any:
    """psycopg, or a HubError saying what to install."""
    try:
        import psycopg
    except ImportError:
        raise HubError(INSTALL_HINT) from None
    return psycopg


def connect(address: HubAddress, *, autocommit: bool = False, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A psycopg connection to the hub whose rows are dicts (read by column name), or
    HubUnavailable in one line."""
    psycopg = psycopg_module()
    from psycopg.rows import dict_row

    try:
        return psycopg.connect(
            address.conninfo,
            autocommit=autocommit,
            row_factory=dict_row,  # rows are read by column name
            connect_timeout=max(1, int(timeout)),
            application_name="ragtrack",
        )
    except psycopg.Error as error:
        raise HubUnavailable(f"the hub {address} cannot be reached: {first_line(error)}") from None


def first_line(error: BaseException) -> str:
    """The useful line of a psycopg/libpq error (they run over several lines)."""
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or str(error) or type(error).__name__
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("FATAL:").strip()
    return type(error).__name__
