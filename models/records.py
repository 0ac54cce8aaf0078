"""``NamedTuple`` and ``Generic`` as the code that runs needs them, without importing ``typing``.

``ragtrack list`` must run within 1.5× of a bare ``sqlite3`` script (issue 15), and ``typing``
was a fifth of what ragtrack's own imports cost it: importing ``typing`` (2-3 ms), and
``typing.NamedTuple`` checking every field's annotation as it makes a class, which for an
annotation held as text (all of them, under ``from __future__ import annotations``) means
compiling that text into a ``ForwardRef``: 0.1 ms a field, 2.5 ms for an action's row and its
progress entry alone. Nothing reads those annotations at run time, so the modules ``ragtrack
list`` and ``show`` import (a test lists them) do without ``typing`` when they run, and give it
to type checkers, which treat any name ``TYPE_CHECKING`` as true:

    TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True)
    if TYPE_CHECKING:
        from typing import Generic, NamedTuple
    else:
        from models.records import Generic, NamedTuple

A class made with this ``NamedTuple`` is what ``typing.NamedTuple`` makes (``tests/test_records.py``
compares them): a ``collections.namedtuple`` of the annotated fields, in order, with the defaults
given, and the class body's docstring, methods and properties; a body that redefines what a
named tuple is made of (``_replace``, ``__new__``...) is refused as ``typing`` refuses it.
``Generic[T]`` among its bases is left out of them: its type variable concerns type checkers only.
"""

from __future__ import annotations

from collections import namedtuple

# As typing.NamedTuple: what a record's body may not redefine, and what is not copied from it.
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace", "_asdict"}
)
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__", "__orig_bases__"})


class _RecordMaker(type):
    """The metaclass of ``class X(NamedTuple)``: returns a ``collections.namedtuple`` class."""

    def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
        if bases != (NamedTuple,):
            raise TypeError(f"{name}: a NamedTuple has no other base")
        annotations: dict[str, object] = dict(namespace.get("__annotations__", {}))  # type: ignore[call-overload]
        fields = list(annotations)
        defaults = [namespace[field] for field in fields if field in namespace]
        if any(field not in namespace for field in fields[len(fields) - len(defaults) :]):
            raise TypeError(f"{name}: a field without a default follows a field with one")
        record: type = namedtuple(name, fields, defaults=defaults, module=str(namespace["__module__"]))  # type: ignore[misc]
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
            if key in _SPECIAL or key in annotations:
                continue
            setattr(record, key, value)
            set_name = getattr(type(value), "__set_name__", None)
            if set_name is not None:  # a descriptor that learns its name (functools.cached_property)
                set_name(value, record, key)
        record.__annotations__ = annotations
        return record


#: ``class Row(NamedTuple): ...`` makes a named tuple class (see the module's docstring).
NamedTuple = type.__new__(_RecordMaker, "NamedTuple", (), {"__module__": __name__})


class _LeftOut:
    def __mro_entries__(self, bases: tuple[object, ...]) -> tuple[()]:
        return ()  # PEP 560: the class statement drops this from the bases


class Generic:
    """``Generic[T]`` in a class's bases, left out of them (see the module's docstring)."""

    def __class_getitem__(cls, parameters: object) -> _LeftOut:
        return _LeftOut()
