"""A long sequence of ids in one string: what a scope of a million actions costs to hold.

The action list holds the ordered ids of its whole scope, and triage its queues. As a list of
str, a million 32-digit ids take ~90 MB and are a million objects for the garbage collector to
walk; packed end to end in one string they take 32 MB and are one object. ``PackedIds`` reads
like a list of str (length, index, slices, ``in``, ``index()``), so screens do not care which.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import overload


class PackedIds(Sequence[str]):
    """Ids of one width, in order, packed into one string."""

    __slots__ = ("_packed", "_width")

    def __init__(self, packed: str, width: int) -> None:
        if width <= 0 or len(packed) % width:
            raise ValueError(f"{len(packed)} characters are not ids of {width}")
        self._packed = packed
        self._width = width

    @classmethod
    def of(cls, ids: Iterable[str]) -> Sequence[str]:
        """``ids`` packed when they all have the same width; else as a plain list."""
        ids = list(ids)
        if not ids:
            return []
        width = len(ids[0])
        if width == 0 or any(len(i) != width for i in ids):
            return ids
        return cls("".join(ids), width)

    @classmethod
    def joined(cls, text: str, count: int, sep: str) -> Sequence[str]:
        """The ``count`` ids of ``text`` (as SQLite's ``group_concat(id, sep)`` gives them),
        packed when they all have the same width, without making a str per id; else a list."""
        if count <= 0 or not text:
            return []
        width = text.find(sep) if count > 1 else len(text)
        # One width: the separators stand exactly every width + 1 characters, and nowhere else.
        if width > 0 and len(text) == count * (width + 1) - 1 and text[width :: width + 1] == sep * (count - 1):
            return cls(text.replace(sep, ""), width)
        return text.split(sep)

    def select(self, positions: Iterable[int]) -> PackedIds:
        """The ids at these positions, in the order given, packed too."""
        w, packed = self._width, self._packed
        return PackedIds("".join([packed[p * w : p * w + w] for p in positions]), w)

    def __len__(self) -> int:
        return len(self._packed) // self._width

    if TYPE_CHECKING:

        @overload
        def __getitem__(self, index: int) -> str: ...

        @overload
        def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        w = self._width
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                chunk = self._packed[start * w : max(stop, start) * w]
                return [chunk[i : i + w] for i in range(0, len(chunk), w)]
            return [self[i] for i in range(start, stop, step)]
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("PackedIds index out of range")
        return self._packed[index * w : index * w + w]

    def __iter__(self) -> Iterator[str]:
        w, packed = self._width, self._packed
        return (packed[i : i + w] for i in range(0, len(packed), w))

    def index(self, value: object, start: int = 0, stop: int | None = None) -> int:
        w = self._width
        if isinstance(value, str) and len(value) == w:
            end = len(self._packed) if stop is None else min(stop, len(self)) * w
            at = self._packed.find(value, max(start, 0) * w, end)
            while at >= 0:
                if at % w == 0:  # a whole id, not the end of one and the start of the next
                    return at // w
                at = self._packed.find(value, at + 1, end)
        raise ValueError(f"{value!r} is not in the ids")

    def __contains__(self, value: object) -> bool:
        try:
            self.index(value)
        except ValueError:
            return False
        return True

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedIds):
            return self._packed == other._packed and self._width == other._width
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a list

    def __repr__(self) -> str:
        return f"PackedIds({len(self)} ids of {self._width})"
