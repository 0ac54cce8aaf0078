"""``ragtrack hub init / grant / revoke / plans / schema`` and hub addresses, as IT uses them."""

from __future__ import annotations

import pytest

from storage.hub.address import HubAddress, HubError, is_hub_address
from storage.hub.admin import schema_sql
from tui.cli import main


def test_hub_addresses_are_told_from_folders_and_never_keep_a_password():
    assert is_hub_address("postgresql://hub.council.local/ragtrack")
    assert is_hub_address("postgres://hub/ragtrack")
    assert is_hub_address("service=ragtrack")
    for folder in (r"\\council-fs\plans", "/mnt/share", "service=", "C:\\postgresql\\x", "", None):
        assert not is_hub_address(folder)
    address = HubAddress.parse("postgresql://jroper:s3cr%40t@hub.council.local:5433/ragtrack?sslmode=require")
    assert address.remembered == "postgresql://jroper@hub.council.local:5433/ragtrack?sslmode=require"
    assert address.had_password and address.user == "jroper"
    assert "s3cr" not in str(address)
    query_secret = HubAddress.parse("postgresql://hub/ragtrack?password=x&sslpassword=y&connect_timeout=3")
    assert query_secret.remembered == "postgresql://hub/ragtrack?connect_timeout=3"
    assert HubAddress.parse("service=council").remembered == "service=council"
    with pytest.raises(HubError, match="cannot be read"):
        HubAddress.parse("postgresql://hub:notaport/db")


def test_the_schema_script_is_packaged_and_readable():
    script = schema_sql()
    assert script.startswith("-- ragtrack hub")
    assert "CREATE POLICY append_own_name" in script and "ENABLE ALWAYS TRIGGER" in script


def test_init_grant_revoke_from_the_command_line(blank_hub, capsys):
    url = blank_hub.url()
    assert main(["hub", "init", url]) == 0
    out = capsys.readouterr().out
    assert "set up a new hub in" in out and "not-a-secret" not in out
    assert main(["hub", "init", url]) == 0  # again: nothing changes
    assert "already set up" in capsys.readouterr().out
    assert main(["hub", "plans", url]) == 0
    assert "no plans on the hub yet" in capsys.readouterr().out

    alice = blank_hub.login("alice")
    assert main(["hub", "grant", url, "--role", alice]) == 0
    assert f"{alice} is now an officer" in capsys.readouterr().out
    assert main(["hub", "grant", url, "--role", alice, "--plan", "Care2Work"]) == 1
    assert "no plan 'Care2Work' on the hub" in capsys.readouterr().err
    assert main(["hub", "revoke", url, "--role", alice]) == 0
    assert "was not a member of any plan" in capsys.readouterr().out
    with blank_hub.connect() as conn:
        member = conn.execute("SELECT pg_has_role(%s, 'ragtrack_officer', 'MEMBER')", (alice,)).fetchone()[0]
    assert member is False


def test_an_officer_cannot_set_up_a_hub(blank_hub, capsys):
    officer = blank_hub.login("eve")
    assert main(["hub", "init", blank_hub.url(officer)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ragtrack: the hub could not be set up:") and err.count("\n") == 1


def test_a_database_without_a_hub_is_named_so(blank_hub, capsys):
    role = blank_hub.login("frank")
    assert main(["hub", "grant", blank_hub.url(), "--role", role]) == 1
    assert "holds no ragtrack hub: IT sets one up with ragtrack hub init" in capsys.readouterr().err
