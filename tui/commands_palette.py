"""The command palette (ctrl+p): every command of the current screen, generated from its
bindings, and "jump to" an action, an officer or an objective by fuzzy search.

User text in hits is plain ``Content`` (Textual's ``Matcher.highlight`` would read it as markup);
a hit's help line (a plan's title) is read as markup by Textual's palette, so it is escaped
(``literal_markup``).
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.app import App
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import Screen

from models.text import one_line

#: The score of an exact hit (initials, an action's reference): above any fuzzy score, which
#: Textual does not bound to 1.
_EXACT = 1000.0


def highlight(matcher: Matcher, candidate: str) -> Content:
    """``candidate`` as plain Content with the fuzzy-matched letters styled."""
    content = Content(candidate)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def literal_markup(text: str) -> str:
    """``text`` as markup that reads back as exactly ``text``, unstyled (every ``[`` escaped:
    ``Content.from_markup`` then treats nothing as a tag, and leaves backslashes as they are)."""
    return text.replace("[", "\\[")


def action_query(query: str) -> str:
    """What to look actions up by: the query without the "Action " its hits are labelled with, so
    "Action 9g" (as the palette shows it) finds 9g."""
    words = query.strip()
    head, _, rest = words.partition(" ")
    return rest.strip() if head.lower() in ("action", "action:") and rest.strip() else words


class ScreenCommands(Provider):
    """The keys of the screen (and the app) as commands, titled "Command: description (key)"."""

    def _commands(self):
        seen: set[tuple[str, str]] = set()
        # The screen's commands first, then the app's, then the focused widget's (moving in the
        # list: Up, Down, Page down...), each in the order of its keys.
        ranked = sorted(
            self.screen.active_bindings.values(),
            key=lambda active: 0 if isinstance(active.node, Screen) else (1 if isinstance(active.node, App) else 2),
        )
        for active in ranked:
            binding = active.binding
            if not binding.description or not active.enabled or binding.action == "command_palette":
                continue
            if binding.id is None:  # a widget's own movement keys (Scroll Up, Move cursor left...)
                continue
            slot = (binding.action, binding.description)
            if slot in seen:
                continue
            seen.add(slot)
            key = self.app.get_key_display(binding)
            yield (
                f"{binding.description} ({key})",
                partial(self.app.run_action, binding.action, active.node),
                literal_markup(binding.tooltip) if binding.tooltip else None,
            )
        if hasattr(self.app, "ask_who_i_am"):
            yield ("Who am I: choose the officer using this laptop", partial(self.app.ask_who_i_am, None), None)

    async def discover(self) -> Hits:
        # The screen's commands first, in the order of its keys, before Textual's own (Keys,
        # Quit, Screenshot, Theme): ranked hits, since discovery hits all score 0 and come in
        # whatever order the providers answer.
        commands = list(self._commands())
        for n, (title, command, help_text) in enumerate(commands):
            yield Hit(1.0 - n / (len(commands) + 1), Content(title), command, title, help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), command, title, help_text)


class JumpCommands(Provider):
    """Jump to an action (by reference or words of its text), an officer or an objective."""

    async def search(self, query: str) -> Hits:
        from tui.screens.main import MainScreen

        main = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        if main is None or not query.strip():
            return
        matcher = self.matcher(query)
        for officer in main.officers:
            title = f"Officer: {one_line(officer.name)}" + (f" ({officer.initials})" if officer.initials else "")
            exact = (officer.initials or "").lower() == query.strip().lower()
            score = _EXACT if exact else matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, title),
                    partial(self._go, main.filter_officer, officer.id),
                    title,
                    "show the actions this officer leads",
                )
        session = main.session
        words = query.lower().split()
        objectives = await asyncio.to_thread(self._find_objectives, session, words)
        for objective in objectives:
            title = f"Objective {one_line(objective.ref)}: {one_line(objective.text, 70)}"
            # Every word in what is shown (storage's test is a wider one: the whole text).
            if not all(word in title.lower() for word in words):
                continue
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, title),
                    partial(self._go, main.scope_to_objective, objective.id),
                    title,
                    literal_markup(one_line(objective.plan_title, 60)),
                )
        hits = await asyncio.to_thread(self._find_actions, session, action_query(query))
        for hit in hits:
            title = f"Action {one_line(hit.ref)}: {one_line(hit.title, 70)}"
            exact = hit.ref.lower() == action_query(query).lower()
            score = _EXACT if exact else max(matcher.match(title), 0.5)  # found by SQL: keep it
            yield Hit(
                score,
                highlight(matcher, title),
                partial(self._go, main.jump_to_action, hit.id),
                title,
                literal_markup(one_line(hit.plan, 60)),
            )

    @staticmethod
    def _find_objectives(session, words: list[str]):
        with session.read() as txn:
            return txn.plans.find_objectives(words)

    @staticmethod
    def _find_actions(session, query: str):
        with session.read() as txn:
            return txn.actions.search(query)

    def _go(self, method, target_id: str) -> None:
        from tui.screens.main import MainScreen

        while not isinstance(self.app.screen, MainScreen) and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        method(target_id)
