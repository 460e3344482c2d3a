"""What the editor grid asks for, applied to the open document; and what it shows next.

Contract (no Streamlit here: tested directly, tests/app/test_editor_events.py):
- The grid (components/grid/grid.js) keeps the person's gestures in a queue of events, each
  with a sequence number, and sends the whole unacknowledged queue every time. `EditorSession`
  applies each event exactly once, in order (events at or below `acked` are skipped), records
  the last one applied in `acked` (the grid drops what is acknowledged), so a gesture is never
  lost when the browser sends faster than the server reruns, and never applied twice, also
  when grids take turns (what each grid token had applied is remembered).
- Event kinds: save {text}, confirm {text, advance}, unconfirm, reset, retranslate,
  alternative {n}, undo, restore {revision, replaced_at}, resolve {keep: mine|theirs},
  focus, goto, join, split {at}; each names its segment by `index` and `id` (an event whose
  segment is no longer there, e.g. after a join, is skipped with a notice). A `replace: true`
  answers the grid's question "replace your text?" for reset, retranslate, alternative and
  restore: without it, a gesture over a person's text is not applied but asked
  (`asks[index]`), because `OpenDocument` refuses (HumanWorkProtected).
- Problems never escape: a `WorkspaceError` (disk full, damaged or read-only file) becomes
  `errors[index]` (the grid shows the text as not saved), `EditConflict`s stay in
  `document.conflicts` (the grid shows both versions).
- `focus` is the segment the grid should put the cursor in after this run, `focus_request`
  goes up whenever Python (not the person) moved it, e.g. confirm-and-next onto another page.
- Every drawing of the grid is numbered (`id`, `next_drawing`): the grid ignores a drawing
  older than one it already has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import uuid4

from workbench.document import CONFIRMED
from workbench.editing import HumanWorkProtected, OpenDocument
from workbench.engine import Engine
from workbench.glossary.model import Glossary
from workbench.workspace import WorkspaceError

EngineProvider = Callable[[], tuple[Engine, list[Glossary]] | None]
REPLACING = ("reset", "retranslate", "alternative", "restore")


@dataclass
class EditorSession:
    """The editor's memory for one browser tab (kept in Streamlit's session state)."""

    token: str = ""  # the grid instance's id: a reloaded page starts counting again
    # this memory's id and how often it drew the grid: a grid never takes an older drawing
    # for a newer one (Streamlit may call a replaced element late)
    id: str = field(default_factory=lambda: uuid4().hex)
    drawings: int = 0
    # the last event applied for every grid this tab has had: a late resend from an earlier
    # grid (a reloaded page's) is never applied again over what came after it
    applied: dict[str, int] = field(default_factory=dict)
    focus: int | None = None
    focus_request: int = 0
    asks: dict[int, dict] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    notice: str = ""

    @property
    def acked(self) -> int:
        """The last event applied for the current grid (what the grid may drop)."""
        return self.applied.get(self.token, 0)

    def next_drawing(self) -> int:
        self.drawings += 1
        return self.drawings

    def move_focus(self, index: int) -> None:
        self.focus = index
        self.focus_request += 1


def apply_events(
    session: EditorSession,
    doc: OpenDocument,
    payload: dict | None,
    shown: list[int],
    engine: EngineProvider,
) -> bool:
    """Apply the new events of `payload` ({token, items}); True if any was new. `shown` is the
    list of segment indexes the editor shows (filter), in order, for confirm-and-next."""
    if not payload or not isinstance(payload.get("items"), list):
        return False
    session.token = str(payload.get("token", ""))
    applied = False
    for event in payload["items"]:
        seq = event.get("seq") if isinstance(event, dict) else None
        if not isinstance(seq, int) or seq <= session.acked:
            continue
        _apply_one(session, doc, event, shown, engine)
        session.applied[session.token] = seq
        applied = True
    return applied


def _apply_one(session, doc: OpenDocument, event: dict, shown, engine: EngineProvider) -> None:
    index = event.get("index")
    segments = doc.document.segments
    if not isinstance(index, int) or not 0 <= index < len(segments):
        session.notice = "A change was for a segment that is no longer there; nothing was done."
        return
    if event.get("id") and segments[index].id and event["id"] != segments[index].id:
        session.notice = (
            f"Segment {index + 1} changed its place (joined or split) before your change "
            "arrived; nothing was done. Check it and repeat the change."
        )
        return
    kind = event.get("type")
    try:
        _dispatch(session, doc, kind, index, event, shown, engine)
    except HumanWorkProtected:
        session.asks[index] = {k: v for k, v in event.items() if k not in ("seq", "replace")}
        return
    except WorkspaceError as problem:
        session.errors[index] = str(problem)
        return
    if kind in ("save", "confirm", *REPLACING, "undo", "resolve"):
        session.errors.pop(index, None)
        session.asks.pop(index, None)


def _dispatch(session, doc: OpenDocument, kind, index: int, event: dict, shown, engine) -> None:
    replace = event.get("replace") is True
    if kind == "save":
        doc.save_target(index, str(event.get("text", "")))
    elif kind == "confirm":
        if doc.confirm(index, str(event.get("text", doc.segment(index).target))) and event.get(
            "advance"
        ):
            _advance(session, doc, index, shown)
    elif kind == "unconfirm":
        doc.unconfirm(index)
    elif kind == "reset":
        doc.reset_to_machine(index, replace_human=replace)
    elif kind == "alternative":
        number = event.get("n")
        if isinstance(number, int) and 1 <= number <= len(doc.segment(index).alternatives):
            doc.pick_alternative(index, number, replace_human=replace)
    elif kind == "retranslate":
        _retranslate(session, doc, index, replace, engine)
    elif kind == "undo":
        if not doc.undo(index):
            session.notice = f"Segment {index + 1} has no earlier version to go back to."
    elif kind == "restore":
        _restore(session, doc, index, event, replace)
    elif kind == "resolve":
        if index in doc.conflicts:
            (doc.keep_mine if event.get("keep") == "mine" else doc.take_theirs)(index)
    elif kind in ("focus", "goto"):
        session.focus = index
        if kind == "goto":
            session.focus_request += 1
    elif kind == "ask-cancel":
        session.asks.pop(index, None)
    elif kind in ("join", "split"):
        _restructure(session, doc, kind, index, event, engine)


def _advance(session: EditorSession, doc: OpenDocument, index: int, shown: list[int]) -> None:
    """Confirm-and-next: the next unconfirmed segment among those shown, wrapping around."""
    if index in shown:
        start = shown.index(index) + 1
        order = shown[start:] + shown[:start]
    else:
        order = [i for i in shown if i > index] + [i for i in shown if i < index]
    for candidate in order:
        if doc.segment(candidate).status != CONFIRMED:
            session.move_focus(candidate)
            return
    session.notice = "Every segment shown is confirmed."


def _restructure(session, doc: OpenDocument, kind: str, index: int, event: dict, engine) -> None:
    provided = engine()
    model_engine, glossaries = provided if provided is not None else (None, [])
    try:
        if kind == "join":
            done = doc.join(index, model_engine, glossaries)
        else:
            at = event.get("at")
            done = isinstance(at, int) and doc.split(index, at, model_engine, glossaries)
    except ValueError as problem:
        session.notice = str(problem)
        return
    if not done:
        session.notice = (
            f"Segment {index + 1} was changed in another tab meanwhile; nothing was joined or "
            "split. The document shows the saved version: try again."
        )
        return
    session.asks.clear()
    session.errors.clear()
    session.move_focus(index)


def _retranslate(session, doc: OpenDocument, index: int, replace: bool, engine) -> None:
    provided = engine()
    if provided is None:
        session.notice = "No German->English model is installed: install one on the Models page."
        return
    model_engine, glossaries = provided
    doc.retranslate(index, model_engine, glossaries, replace_human=replace)


def _restore(session, doc: OpenDocument, index: int, event: dict, replace: bool) -> None:
    for entry in doc.history(index):
        if entry.revision == event.get("revision") and _stamp(entry.replaced_at) == event.get(
            "replaced_at"
        ):
            doc.restore(index, entry, replace_human=replace)
            return
    session.notice = f"That earlier version of segment {index + 1} is no longer in its history."


def _stamp(moment: datetime) -> str:
    return moment.isoformat()
