"""``models.record.record`` behaves as ``dataclass(frozen=True)`` for what ragtrack uses of it."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from dataclasses import FrozenInstanceError, dataclass
from pathlib import Path

import pytest

from models.record import FrozenRecordError, record, replace

ROOT = Path(__file__).resolve().parent.parent


@record
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.x + self.y


@dataclass(frozen=True)
class DataPoint:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@record
class Checked:
    size: int = 1

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError("negative")


def test_construction_as_a_frozen_dataclass() -> None:
    for cls in (Point, DataPoint):
        assert cls(1).y == 0 and cls(1, 2).y == 2 and cls(y=3, x=1).y == 3  # type: ignore[attr-defined]
        assert cls(1, tags=("a",)).tags == ("a",)  # type: ignore[attr-defined]
    assert Point(1, 2).total == 3
    assert repr(Point(y=2, x=1)) == "Point(x=1, y=2, tags=())"
    assert Point.__match_args__ == DataPoint.__match_args__ == ("x", "y", "tags")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), ((1, 2, (), 4), {}), ((1,), {"x": 2}), ((1,), {"z": 2})],
)
def test_wrong_arguments_are_refused_as_a_dataclass_refuses_them(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        DataPoint(*args, **kwargs)
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


def test_equality_and_hash_over_the_fields() -> None:
    assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash(Point(x=1, y=2))
    assert Point(1, 2) != Point(2, 1)
    assert Point(1) != DataPoint(1)
    assert Point(1) != (1, 0, ())
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_immutable() -> None:
    p = Point(1)
    with pytest.raises(FrozenRecordError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.x  # type: ignore[misc]
    assert p.x == 1
    with pytest.raises(AttributeError):  # as a frozen dataclass's error is
        DataPoint(1).x = 2  # type: ignore[misc]
    assert issubclass(FrozenInstanceError, AttributeError)


def test_replace_post_init_copy_and_pickle() -> None:
    p = Point(1, 2, ("a",))
    assert replace(p, y=5) == Point(1, 5, ("a",)) and p.y == 2
    with pytest.raises(TypeError):
        replace(p, z=1)
    assert Checked().size == 1
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)
    with pytest.raises(ValueError, match="negative"):
        replace(Checked(), size=-2)
    for twin in (copy.copy(p), copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert twin == p and twin is not p


def test_a_default_before_a_field_without_one_is_refused() -> None:
    with pytest.raises(TypeError):

        @record
        class Wrong:
            a: int = 0
            b: int


def test_importing_it_loads_neither_dataclasses_nor_typing() -> None:
    probe = "import sys; import models.record; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT).stdout.split())
    assert "models.record" in loaded
    assert not {"dataclasses", "inspect", "typing"} & loaded
