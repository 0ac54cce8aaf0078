"""``@record``: a frozen dataclass that costs nothing to define, for the light read path.

On Python 3.11 ``dataclasses`` imports ``inspect`` (with ``ast``, ``dis``, ``tokenize``: about
8 ms) and writes each class's methods as source and compiles them when the module is imported
(0.3-2 ms a class). ``ragtrack list`` is a 70 ms process that loads a dozen such classes, so that
was a fifth of its time (issue 10's "not slower" check). A ``@record`` class is declared exactly
as a ``@dataclass(frozen=True)`` one (fields from the annotations, in order, defaults from the
class body) and behaves as one: keyword or positional construction with the same errors,
``__post_init__``, ``==`` and ``hash`` over the fields in order, ``repr``, immutable
(``FrozenRecordError``), ``__match_args__``, pickling and copying; ``replace`` is
``dataclasses.replace``. Its methods are shared functions, so defining one compiles nothing;
its ``__init__`` is compiled when the first one is made.
mypy reads it as a frozen dataclass (PEP 681, ``dataclass_transform``).

Not supported (not needed so far): ``field(...)``, ``ClassVar`` fields, ordering, inheritance
between records. Standard library only, and imports nothing itself.
"""

from __future__ import annotations

TYPE_CHECKING = False  # importing typing would cost the light read path (tests/test_tui_cli_start.py)
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
    R = TypeVar("R")

_MISSING = object()


class FrozenRecordError(AttributeError):
    """A field of a record was assigned or deleted (records are immutable)."""


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    """The first construction of a record class: compile its own ``__init__`` (one small
    function, as a dataclass's, ~0.1 ms once), put it on the class and run it. Only the classes a
    process builds pay for it, and each row after the first is made at a plain class's speed
    (a shared ``__init__`` binding arguments in Python took 3 µs a row)."""
    cls = type(self)
    cls.__init__ = _compile_init(cls)
    cls.__init__(self, *args, **kwargs)


def _compile_init(cls: type) -> Any:
    names: tuple[str, ...] = cls.__match_args__  # type: ignore[attr-defined]
    defaults: dict[str, Any] = cls.__record_defaults__  # type: ignore[attr-defined]
    params = ", ".join(name if defaults[name] is _MISSING else f"{name}=__defaults[{name!r}]" for name in names)
    # Fields go straight into the instance's dict: ``__setattr__`` refuses every assignment.
    lines = [f"def __init__(__self, {params}):", "    __values = __self.__dict__"]
    lines += [f"    __values[{name!r}] = {name}" for name in names]
    if hasattr(cls, "__post_init__"):
        lines.append("    __self.__post_init__()")
    namespace: dict[str, Any] = {"__defaults": defaults}
    exec("\n".join(lines), namespace)  # names are the class's annotated identifiers
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _values(self: Any) -> tuple[Any, ...]:
    values = self.__dict__
    return tuple(values[name] for name in type(self).__match_args__)


def _eq(self: Any, other: object) -> Any:  # bool, or NotImplemented
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    inner = ", ".join(f"{name}={value!r}" for name, value in zip(type(self).__match_args__, _values(self), strict=True))
    return f"{type(self).__qualname__}({inner})"


def _refuse(self: Any, name: str, *value: Any) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r}: a {type(self).__name__} is immutable")


def _reduce(self: Any) -> tuple[Any, ...]:  # pickle and copy rebuild through __init__
    return (type(self), _values(self))


def _record(cls: type[T]) -> type[T]:
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect is a cost this module avoids)
    names = tuple(annotations)
    defaults = {name: cls.__dict__.get(name, _MISSING) for name in names}
    seen_default = False
    for name in names:
        if defaults[name] is not _MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
    shared = {
        "__match_args__": names,
        "__record_defaults__": defaults,
        "__init__": _init,
        "__eq__": _eq,
        "__hash__": _hash,
        "__repr__": _repr,
        "__setattr__": _refuse,
        "__delattr__": _refuse,
        "__reduce__": _reduce,
    }
    for name, value in shared.items():
        setattr(cls, name, value)
    return cls


if TYPE_CHECKING:

    @dataclass_transform(frozen_default=True)
    def record(cls: type[T]) -> type[T]: ...

else:
    record = _record


def replace(obj: R, **changes: Any) -> R:
    """A copy of the record ``obj`` with some fields changed (as ``dataclasses.replace``)."""
    return type(obj)(**{**obj.__dict__, **changes})
