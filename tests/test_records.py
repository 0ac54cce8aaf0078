"""models.records.NamedTuple makes the class typing.NamedTuple makes, without importing typing."""

from __future__ import annotations

import functools
import pickle
import subprocess
import sys
import typing

import pytest

from models import records
from storage.db.action_rows import ActionRow, ProgressRow
from storage.db.actions import ActionFilter, ListOrder

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _pair(maker: type) -> type:
    class Entry(maker):  # type: ignore[misc, valid-type]
        """An entry."""

        kind: str
        text: str
        day: int | None = None
        tags: tuple[str, ...] = ()

        @property
        def shout(self) -> str:
            return self.text.upper()

        def with_text(self, text: str) -> Entry:
            return self._replace(text=text)

        @functools.cached_property
        def length(self) -> int:  # a descriptor that needs its name: would fail without __set_name__
            return len(self.text)

    return Entry


Ours, Theirs = _pair(records.NamedTuple), _pair(typing.NamedTuple)


def test_the_class_is_the_one_typing_makes() -> None:
    for attribute in ("_fields", "_field_defaults", "__doc__", "__name__", "__module__"):
        assert getattr(Ours, attribute) == getattr(Theirs, attribute), attribute
    # the one difference, and the point: each annotation is kept as written, not compiled
    assert Ours.__annotations__ == {n: ref.__forward_arg__ for n, ref in Theirs.__annotations__.items()}
    assert Ours.__mro__[1:] == Theirs.__mro__[1:] == (tuple, object)
    ours, theirs = Ours("✓", "done", 3), Theirs("✓", "done", 3)
    assert ours == theirs == ("✓", "done", 3, ())
    assert repr(ours) == repr(theirs) == "Entry(kind='✓', text='done', day=3, tags=())"
    assert ours._asdict() == theirs._asdict()
    assert ours.with_text("x") == theirs.with_text("x") and type(ours.with_text("x")) is Ours
    assert ours.shout == "DONE" and Ours._make(["a", "b", 1, ()]) == Theirs._make(["a", "b", 1, ()])
    assert hash(ours) == hash(theirs)


def test_defaults_and_refusals_are_typings() -> None:
    assert Ours("⇒", "next") == ("⇒", "next", None, ())
    with pytest.raises(TypeError):
        Ours("only one")
    for maker in (records.NamedTuple, typing.NamedTuple):
        with pytest.raises(TypeError):

            class DefaultFirst(maker):  # type: ignore[misc, valid-type]
                a: int = 1
                b: int

        with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):

            class Redefines(maker):  # type: ignore[misc, valid-type]
                a: int

                def _replace(self) -> None: ...


def test_a_cached_property_is_named_and_a_record_pickles() -> None:
    row = ActionRow(*["x"] * 8, ("A", "B"), None, "open", "", None, False, False, "", None)
    assert pickle.loads(pickle.dumps(row)) == row and row.title == "x"
    # cached_property raises TypeError ("without calling __set_name__") when it was not named;
    # a namedtuple has no __dict__ for it to cache in, so it then says that instead
    with pytest.raises(TypeError, match="__dict__"):
        _ = Ours("a", "text").length


def test_generic_is_left_out_of_the_bases() -> None:
    class Tiers(records.NamedTuple, records.Generic[int]):  # type: ignore[misc]
        first: list[int]

    assert Tiers.__mro__[1:] == (tuple, object) and Tiers([1]).first == [1]


def test_the_gateways_rows_behave_as_before() -> None:
    flt = ActionFilter().with_(rags=frozenset({"red"}))
    assert flt.rags == {"red"} and flt.plan_ids == () and not flt.is_empty and ActionFilter().is_empty
    assert ListOrder() == ("ref", None) and ListOrder("due", "rag").label.startswith("by due date")
    assert ProgressRow("1", "done", None, None, "t", "now").imported is False


def test_the_list_path_does_not_import_typing() -> None:
    probe = "import sys, tui.cli, tui.commands.listing, storage.db.actions, storage.db.store, storage.officers, storage.db.officers, storage.db.action_detail; print('typing' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False", result.stderr
