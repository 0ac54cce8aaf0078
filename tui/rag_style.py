"""How a RAG rating looks: always a letter and symbol as well as a colour (NO_COLOR, colour-blind)."""

from __future__ import annotations

from rich.text import Text

from models.domain import RAG_SYMBOL, Rag

RAG_STYLE = {
    "red": "bold white on red",
    "amber": "bold black on dark_orange",
    "green": "bold white on green4",
    "blue": "bold white on blue",
    None: "dim",
}
RAG_LABEL = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue", None: "Not rated"}


def rag_symbol(rag: str | None) -> str:
    return RAG_SYMBOL[Rag(rag) if rag else None]


def rag_text(rag: str | None, long: bool = False) -> Text:
    """ "●R" on red (or "●R Red" with ``long``): readable without colour."""
    label = rag_symbol(rag) + (f" {RAG_LABEL[rag]}" if long else "")
    return Text(f" {label} ", style=RAG_STYLE[rag])
