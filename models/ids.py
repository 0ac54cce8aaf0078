"""Record ids: standard library only, so the light read path and the store can make them."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A fresh, globally unique id (32 hex digits)."""
    return uuid.uuid4().hex
