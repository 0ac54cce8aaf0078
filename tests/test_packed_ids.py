"""PackedIds reads exactly like the list of ids it packs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.packed_ids import PackedIds

# Short ids from a small alphabet, so that one id often appears inside two neighbours joined.
ids = st.lists(st.text("ab", min_size=3, max_size=3), max_size=30)


@given(ids, st.text("ab", min_size=3, max_size=3), st.integers(-40, 40), st.integers(-40, 40), st.integers(1, 3))
def test_packed_ids_read_like_the_list(values: list[str], probe: str, start: int, stop: int, step: int) -> None:
    packed = PackedIds.of(values)
    assert len(packed) == len(values)
    assert list(packed) == values
    assert packed == values
    assert packed[start:stop] == values[start:stop]
    assert packed[start:stop:step] == values[start:stop:step]
    assert (probe in packed) == (probe in values)
    if probe in values:
        assert packed.index(probe) == values.index(probe)
        at = values.index(probe)
        if probe in values[at + 1 :]:
            assert packed.index(probe, at + 1) == values.index(probe, at + 1)
    else:
        with pytest.raises(ValueError):
            packed.index(probe)
    for i in (start, stop):
        if -len(values) <= i < len(values):
            assert packed[i] == values[i]
        else:
            with pytest.raises(IndexError):
                packed[i]


def test_an_id_across_two_neighbours_is_not_found() -> None:
    packed = PackedIds.of(["aab", "baa"])  # packed "aabbaa": "abb" and "bba" span the two ids
    assert "abb" not in packed and "bba" not in packed
    assert packed.index("baa") == 1


def test_ids_of_several_widths_stay_a_list_and_selecting_keeps_the_order() -> None:
    assert PackedIds.of(["a", "bb"]) == ["a", "bb"] and isinstance(PackedIds.of(["a", "bb"]), list)
    assert PackedIds.of([]) == []
    packed = PackedIds.of(["x1", "x2", "x3", "x4"])
    assert isinstance(packed, PackedIds)
    assert packed.select([3, 0, 2]) == ["x4", "x1", "x3"]
    with pytest.raises(ValueError):
        PackedIds("abc", 2)


@given(st.lists(st.text("abc", min_size=0, max_size=4), max_size=12))
def test_ids_joined_by_sqlite_read_like_the_list_they_join(values: list[str]) -> None:
    # What group_concat(id, char(31)) gives: packed when every id has one width, else a list.
    joined = PackedIds.joined("\x1f".join(values), len(values), "\x1f")
    assert list(joined) == ([] if values == [""] else values)
    one_width = bool(values) and len({len(v) for v in values}) == 1 and values[0] != ""
    assert isinstance(joined, PackedIds) == one_width
