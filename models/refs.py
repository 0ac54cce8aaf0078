"""References of objectives and actions ("4", "4b", "L", "10", "1.2"): the next one to propose.

A plan numbers its objectives and actions in its own style: "4a, 4b, 4c" under objective 4,
"A, B, C", "1, 2, 3", "1.1, 1.2". The next reference continues the last one's style: its final
run of digits counts up ("9" -> "10", "1.9" -> "1.10", "A1" -> "A2"), its final run of letters
counts on in the same case ("4b" -> "4c", "L" -> "M", "z" -> "aa").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TAIL_DIGITS = re.compile(r"^(.*?)(\d+)$")
_TAIL_LETTERS = re.compile(r"^(.*?)([A-Za-z]+)$")


def ref_key(ref: str) -> str:
    """A reference as compared for uniqueness: case, spaces and a trailing ")" or "." aside."""
    return "".join(ref.split()).rstrip(").").lower()


def _letters_after(letters: str) -> str:
    upper = letters.isupper()
    chars = list(letters.lower())
    i = len(chars) - 1
    while i >= 0:
        if chars[i] != "z":
            chars[i] = chr(ord(chars[i]) + 1)
            break
        chars[i] = "a"
        i -= 1
    else:
        chars.insert(0, "a")
    result = "".join(chars)
    return result.upper() if upper else result


def ref_after(ref: str) -> str | None:
    """The reference that follows ``ref`` in its own style; None when it has no number or letters
    at its end to count on from ("4(i)", "—")."""
    text = ref.strip().rstrip(").")
    digits = _TAIL_DIGITS.match(text)
    if digits:
        head, number = digits.groups()
        return f"{head}{int(number) + 1:0{len(number)}d}"
    letters = _TAIL_LETTERS.match(text)
    if letters:
        head, tail = letters.groups()
        return head + _letters_after(tail)
    return None


def first_child_ref(parent_ref: str) -> str:
    """The first action's reference under an objective with no actions: "4" -> "4a", "A" -> "A1",
    "1.2" -> "1.2a"."""
    parent = parent_ref.strip().rstrip(").")
    if not parent:
        return "1"
    return f"{parent}1" if parent[-1].isalpha() else f"{parent}a"


def next_ref(existing: Iterable[str], first: str) -> str:
    """The reference to propose after ``existing`` (in their order; the last one is continued),
    skipping any already taken; ``first`` when there are none (or none can be continued)."""
    refs = [r for r in existing if r.strip()]
    taken = {ref_key(r) for r in refs}
    candidate = ref_after(refs[-1]) if refs else None
    if candidate is None:
        candidate = first
    for _ in range(10_000):
        if ref_key(candidate) not in taken:
            return candidate
        following = ref_after(candidate)
        if following is None:
            break
        candidate = following
    return candidate
