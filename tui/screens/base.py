"""What every screen and dialog shares: worker errors reach the app, a greyed-out key says why
when pressed, Escape backs out of a dialog.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.await_remove import AwaitRemove
from textual.binding import ActiveBinding, Binding, BindingType
from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from tui.compositor import PartialCompositor
from tui.messages import WorkerFailed

T = TypeVar("T")


def forward_worker_error(node: DOMNode, event: Worker.StateChanged) -> None:
    """Worker state changes do not bubble: send failures to the app's one error handler."""
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        node.app.post_message(WorkerFailed(event.worker.name or event.worker.group, event.worker.error))


def action_name(action: str) -> str:
    """ "rate('red')" -> "rate"; "screen.edit_outline" -> "edit_outline"."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


def active_binding(screen: Screen, key: str) -> ActiveBinding | None:
    """``screen.active_bindings.get(key)``, checking only the bindings of ``key``:
    ``active_bindings`` asks every binding on the screen whether it is enabled (its
    ``check_action``), a tenth of a keystroke's time, to answer for the one key pressed."""
    app = screen.app
    found: ActiveBinding | None = None
    for namespace, bindings in screen._modal_binding_chain:
        for binding in bindings.key_to_bindings.get(key, ()):
            state = app._check_action_state(binding.action, namespace)
            if state is False:  # not shown and not enabled: as active_bindings, left out
                continue
            if found is None or (binding.priority and not found.binding.priority):
                found = ActiveBinding(namespace, binding, bool(state), binding.tooltip)
    return found


class DataScreen(Screen):
    """A full screen whose parts load data in workers.

    Subclasses say what a greyed-out key would have done with ``refusal`` (one notice per key,
    written where the rule is) and hear about their own workers with ``worker_changed``; the
    Textual handlers themselves are defined here once. A partial repaint draws only what was
    refreshed (``PartialCompositor``).
    """

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As Textual's, without repainting the whole screen when the focus moves: the widgets that
    gain and lose it repaint themselves (their :focus styles), and those styled by where the focus
    is within (:focus-within) are restyled by ``Screen.set_focus``. Textual's repaints every line
    of the screen: an officer pick, which hands the focus back to the list, repainted the whole
    screen for it (issue 15)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = PartialCompositor()

    def refusal(self, action: str) -> str | None:
        """Why ``action`` (a key's action name) cannot be done here, said when its greyed-out key
        is pressed anyway; None to say nothing."""
        return None

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """A worker of this screen changed state (errors already went to the app)."""

    def on_key(self, event: events.Key) -> None:
        active = active_binding(self, event.key)
        if active is None or active.enabled:
            return
        notice = self.refusal(action_name(active.binding.action))
        if notice:
            self.app.notify(notice, severity="warning")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)
        self.worker_changed(event)

    # The first resume, just after mounting: Textual styles the whole screen again there
    # (``Screen._on_screen_resume``, ``refresh_styles``), every widget of which has just been
    # styled as it mounted. At start that was a fifth of the time to the first paint's layout.
    _resumed = False
    _restyle_skipped = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:  # before Screen's own
        if not self._resumed:
            self._resumed = True
            self._restyle_skipped = event.refresh_styles  # the call Screen's handler makes next

    def update_node_styles(self, animate: bool = True) -> None:
        if self._restyle_skipped:
            self._restyle_skipped = False
            return
        super().update_node_styles(animate)


class Dialog(ModalScreen[T]):
    """A modal dialog: Escape cancels (dismisses with None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def remove(self) -> AwaitRemove:
        """Removed when dismissed, without the layout pass of the screen beneath that Textual
        asks for when it removes a node (``App._prune`` refreshes the parent, here the app, with
        ``layout=True``): a dialog sits on top of that screen and changed nothing in its layout,
        and the screen repaints itself as it resumes (``Screen._on_screen_resume``). The layout
        pass was most of an officer pick's time (issue 15: bench/README.md's profile)."""
        return self.app._prune(self, parent=None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)


def plain(text: str, style: str = "") -> Text:
    """User text as a renderable that is never read as markup."""
    return Text(text, style=style)
