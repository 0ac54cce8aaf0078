"""The one error a format reader raises: the file cannot be read as a plan, said in one line."""

from __future__ import annotations


class UnreadableFile(Exception):
    """The file is not a plan any reader recognises; the message is one line for the user."""
