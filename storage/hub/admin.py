"""Setting up a hub and who may use it: ``ragtrack hub init / grant / revoke / plans``.

These run as the hub's owner (the role IT uses to administer it), never as an officer. The
schema is ``schema.sql`` beside this module, the very file IT can read and run with psql.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from storage.hub.address import HubAddress, HubError, connect, first_line, psycopg_module

HUB_FORMAT = 1
GROUPS = ("ragtrack_officer", "ragtrack_reader")


def schema_sql() -> str:
    """The SQL script that makes a hub (packaged with ragtrack)."""
    return resources.files("storage.hub").joinpath("schema.sql").read_text(encoding="utf-8")


@dataclass
class HubInfo:
    store_id: str
    format: int
    created: bool = False


@dataclass
class PlanOnHub:
    plan_id: str
    title: str
    writers: list[str] = field(default_factory=list)
    readers: list[str] = field(default_factory=list)
    changes: int = 0


def init_hub(address: HubAddress) -> HubInfo:
    """Create the hub's schema and group roles (running the script again changes nothing)."""
    psycopg = psycopg_module()
    with connect(address, autocommit=True) as conn:
        existed = _hub_format(conn) is not None
        try:
            conn.execute(schema_sql())
        except psycopg.errors.InsufficientPrivilege as error:
            raise HubError(
                f"the hub could not be set up: {first_line(error)} (run it as the role that will own the hub, "
                "with CREATEROLE, or have IT run storage/hub/schema.sql)"
            ) from None
        except psycopg.Error as error:
            raise HubError(f"the hub could not be set up: {first_line(error)}") from None
        info = read_hub_info(conn, address)
    info.created = not existed
    return info


def read_hub_info(conn: Any, address: HubAddress) -> HubInfo:
    """The hub's identity, or a HubError if the database holds no hub (or a newer one)."""
    version = _hub_format(conn)
    if version is None:
        raise HubError(f"{address} holds no ragtrack hub: IT sets one up with ragtrack hub init (or schema.sql)")
    row = conn.execute("SELECT store_id, format FROM ragtrack.store").fetchone()
    if row is None:
        raise HubError(f"{address} holds a damaged ragtrack hub (no store row)")
    if row["format"] > HUB_FORMAT:
        raise HubError(
            f"{address} is a hub of a newer ragtrack (hub format {row['format']}; this one knows {HUB_FORMAT}): "
            "upgrade ragtrack"
        )
    return HubInfo(row["store_id"], row["format"])


def _hub_format(conn: Any) -> int | None:
    row = conn.execute("SELECT to_regclass('ragtrack.store') IS NOT NULL AS present").fetchone()
    if not row or not row["present"]:
        return None
    try:
        found = conn.execute("SELECT format FROM ragtrack.store").fetchone()
    except psycopg_module().errors.InsufficientPrivilege:
        return HUB_FORMAT  # exists; whether we may read it is said by the caller's next step
    return found["format"] if found else 0


def grant(address: HubAddress, role: str, plan: str | None, read_only: bool) -> PlanOnHub | None:
    """Let ``role`` read (``read_only``) or read and append to ``plan``; without a plan, make it
    an officer who may add new plans (or a reader, with ``read_only``)."""
    from psycopg import sql

    with connect(address) as conn:
        read_hub_info(conn, address)
        _check_role(conn, role)
        found = find_plan(conn, plan) if plan else None
        group = "ragtrack_reader" if read_only else "ragtrack_officer"
        with _admin_errors("grant"):
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role)))
            if found is not None:
                if read_only:
                    conn.execute(
                        "INSERT INTO ragtrack.plan_member(role_name, plan_id, can_write) VALUES (%s, %s, false) "
                        "ON CONFLICT (role_name, plan_id) DO UPDATE SET can_write = false, granted_at = now()",
                        (role, found.plan_id),
                    )
                else:
                    conn.execute(
                        "INSERT INTO ragtrack.plan_member(role_name, plan_id, can_write) VALUES (%s, %s, true) "
                        "ON CONFLICT (role_name, plan_id) DO UPDATE SET can_write = true, granted_at = now()",
                        (role, found.plan_id),
                    )
            if read_only:  # a writer made a reader stays an officer only if it writes elsewhere
                writes = conn.execute(
                    "SELECT count(*) AS n FROM ragtrack.plan_member WHERE role_name = %s AND can_write", (role,)
                ).fetchone()
                if not writes["n"]:
                    _drop_group(conn, sql, "ragtrack_officer", role)
            conn.commit()
        return find_plan(conn, found.plan_id) if found else None


def revoke(address: HubAddress, role: str, plan: str | None) -> list[str]:
    """Take ``role`` off ``plan`` (every plan if None); a role left with no plan to write leaves
    ragtrack_officer, and one left with no plan at all leaves ragtrack_reader too. What it appended
    stays in the history. Returns the titles of the plans it was taken off."""
    from psycopg import sql

    with connect(address) as conn:
        read_hub_info(conn, address)
        _check_role(conn, role)
        found = find_plan(conn, plan) if plan else None
        with _admin_errors("revoke"):
            if found is not None:
                rows = conn.execute(
                    "DELETE FROM ragtrack.plan_member WHERE role_name = %s AND plan_id = %s RETURNING plan_id",
                    (role, found.plan_id),
                ).fetchall()
            else:
                rows = conn.execute(
                    "DELETE FROM ragtrack.plan_member WHERE role_name = %s RETURNING plan_id", (role,)
                ).fetchall()
            left = conn.execute(
                "SELECT coalesce(bool_or(can_write), false) AS writes, count(*) AS plans "
                "FROM ragtrack.plan_member WHERE role_name = %s",
                (role,),
            ).fetchone()
            if not left["writes"] or found is None:
                _drop_group(conn, sql, "ragtrack_officer", role)
            if not left["plans"] or found is None:
                _drop_group(conn, sql, "ragtrack_reader", role)
            titles = [
                plan["title"]
                for plan in conn.execute(
                    "SELECT title FROM ragtrack.plan WHERE plan_id = ANY(%s) ORDER BY title",
                    ([taken["plan_id"] for taken in rows],),
                )
            ]
            conn.commit()
        return titles


def _drop_group(conn: Any, sql: Any, group: str, role: str) -> None:
    member = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER') AS member", (role, group)).fetchone()
    if member["member"]:
        conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(role)))


def list_plans(address: HubAddress) -> list[PlanOnHub]:
    with connect(address) as conn:
        read_hub_info(conn, address)
        with _admin_errors("list the plans"):
            return _plans(conn, None)


def find_plan(conn: Any, wanted: str) -> PlanOnHub:
    """A plan on the hub by its id, the start of its id (6+ characters) or its exact title."""
    wanted = wanted.strip()
    with _admin_errors("find the plan"):
        plans = _plans(conn, None)
    exact = [p for p in plans if p.plan_id == wanted.lower()]
    if not exact and len(wanted) >= 6:
        exact = [p for p in plans if p.plan_id.startswith(wanted.lower())]
    if not exact:
        exact = [p for p in plans if p.title.casefold() == wanted.casefold()]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        known = ", ".join(repr(p.title) for p in plans[:5]) or "none yet"
        raise HubError(
            f"no plan {wanted!r} on the hub (plans there: {known}); a plan arrives when an officer "
            "who has it syncs with the hub for the first time"
        )
    raise HubError(
        f"{len(exact)} plans on the hub are called {wanted!r}: give the id instead ("
        + ", ".join(p.plan_id[:8] for p in exact)
        + ")"
    )


def _plans(conn: Any, plan_id: str | None) -> list[PlanOnHub]:
    rows = conn.execute(
        "SELECT p.plan_id AS plan_id, p.title AS title, "
        "coalesce(array_agg(m.role_name::text ORDER BY m.role_name) FILTER (WHERE m.can_write), '{}') AS writers, "
        "coalesce(array_agg(m.role_name::text ORDER BY m.role_name) FILTER (WHERE NOT m.can_write), '{}') AS readers, "
        # Each change once: a change told again at an earlier time is a second row, version 1.
        "(SELECT count(*) FROM ragtrack.change c WHERE c.plan_id = p.plan_id AND c.version = 0) AS changes "
        "FROM ragtrack.plan p LEFT JOIN ragtrack.plan_member m ON m.plan_id = p.plan_id "
        "WHERE %s::text IS NULL OR p.plan_id = %s GROUP BY p.plan_id, p.title ORDER BY p.title, p.plan_id",
        (plan_id, plan_id),
    ).fetchall()
    return [
        PlanOnHub(row["plan_id"], row["title"], list(row["writers"]), list(row["readers"]), row["changes"])
        for row in rows
    ]


def _check_role(conn: Any, role: str) -> None:
    if role in GROUPS:
        raise HubError(f"{role} is one of ragtrack's group roles: grant the officer's own login role")
    row = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if row is None:
        raise HubError(
            f"no role {role!r} on this server: IT creates each officer's login role first "
            f"(CREATE ROLE {role} LOGIN PASSWORD '...')"
        )


@contextmanager
def _admin_errors(what: str) -> Iterator[None]:
    """psycopg errors of an administrative step become one line for IT."""
    try:
        yield
    except psycopg_module().Error as error:
        raise HubError(f"could not {what} on the hub: {first_line(error)} (run it as the hub's owner)") from None
