"""Time for the change log: wall-clock timestamps for people, a hybrid logical clock for order.

A hybrid logical clock (HLC) stamp is ``<13-digit ms>.<5-digit counter>.<replica>``: it sorts as
text, never goes backwards on one laptop, and moves past any stamp the laptop has seen. A stamp
received from a laptop whose clock runs far ahead is clamped (``MAX_FUTURE_MS``) so it cannot drag
everyone's clock into the future.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

#: How far ahead of our own clock a received stamp may pull us (1 hour).
MAX_FUTURE_MS = 3_600_000


def utc_now_iso() -> str:
    """Now, as an ISO 8601 UTC string with milliseconds: sorts as text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    replica: str

    def __str__(self) -> str:
        return f"{self.millis:013d}.{self.counter:05d}.{self.replica}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        millis, counter, replica = text.split(".", 2)
        return cls(int(millis), int(counter), replica)


class HybridClock:
    """Issues stamps for one replica; ``last`` is persisted by the caller between runs."""

    def __init__(
        self, replica: str, last: str | None = None, wall: Callable[[], int] = lambda: int(time.time() * 1000)
    ) -> None:
        self.replica = replica
        self._wall = wall
        self._last = Stamp.parse(last) if last else Stamp(0, 0, replica)

    @property
    def last(self) -> str:
        return str(self._last)

    def tick(self) -> str:
        """A new stamp, later than every stamp issued or observed before."""
        now = self._wall()
        if now > self._last.millis:
            self._last = Stamp(now, 0, self.replica)
        else:
            self._last = Stamp(self._last.millis, self._last.counter + 1, self.replica)
        return str(self._last)

    def ticks(self, count: int) -> list[str]:
        """``count`` new stamps in order, as ``count`` calls of ``tick`` in the same instant make."""
        if count <= 0:
            return []
        now = self._wall()
        if now > self._last.millis:
            millis, first = now, 0
        else:
            millis, first = self._last.millis, self._last.counter + 1
        self._last = Stamp(millis, first + count - 1, self.replica)
        prefix, suffix = f"{millis:013d}.", f".{self.replica}"
        return [f"{prefix}{counter:05d}{suffix}" for counter in range(first, first + count)]

    def observe(self, remote: str) -> None:
        """Move past a stamp received from another laptop, but never beyond now + MAX_FUTURE_MS."""
        seen = Stamp.parse(remote)
        ceiling = self._wall() + MAX_FUTURE_MS
        millis = min(seen.millis, ceiling)
        if (millis, seen.counter) > (self._last.millis, self._last.counter):
            counter = seen.counter if millis == seen.millis else 0
            self._last = Stamp(millis, counter, self.replica)
