"""A document open for editing: every change a person makes to a segment, in one place.

Contract:
- `OpenDocument` pairs a `Document` with its workspace id and the revision of each segment as
  this session last saw it. It never imports Streamlit, so it is tested directly
  (tests/test_editing.py).
- Every gesture goes through one method, `_commit`: edit (`save_target`), `confirm`,
  `unconfirm`, `replace_text` (find and replace), `reset_to_machine`, `pick_alternative`, `retranslate`, `restore` / `undo`,
  `keep_mine` / `take_theirs`, `apply_reviewed` (a bilingual file edited elsewhere) and
  `add_term`. `join` and `split` change the list of segments (workbench.joining): stored in
  one transaction by stable segment id, then the document is reloaded. `_commit` re-checks the segment's hits against its English, recomputes its flags
  and the document-wide flags (term-inconsistent), and stores all of it: the segment with its
  expected revision (history records the gesture), the other segments whose flags changed as
  derived data (no new revision, so never a conflict). What is shown, stored and exported is
  therefore always the same. `open` re-derives the flags of documents stored before and writes
  back what changed.
- A person's text (status edited, confirmed, or filled from memory) is never replaced by machine
  text without an explicit `replace_human=True`: otherwise `reset_to_machine`,
  `pick_alternative`, `retranslate` and `restore` raise `HumanWorkProtected` and write nothing.
  `add_term` never touches a person's segments (it only re-checks their hits).
- If another tab changed the segment meanwhile, the workspace raises `EditConflict`; the
  conflict is kept in `conflicts[index]` (nothing written, nothing lost) until the person picks
  `keep_mine(index)` or `take_theirs(index)`. Engine-made changes to many segments
  (`add_term`) are written all or nothing; if another tab got there first, the document is
  reloaded (the other tab's work wins, nothing is mixed).
- `history(index)` lists the earlier texts of a segment (newest first; when, which status, and
  the gesture that replaced each); `undo(index)` restores the newest of them, `restore(index,
  entry)` any of them. Both are gestures themselves, so the text they replace goes to the
  history too: nothing is ever lost, and undo can be undone.
- `alternatives(index)` describes the segment's n-best alternatives: for each, the glossary
  terms it would break and its word-level differences from the current English.
- The translation memory follows every committed gesture: a confirmed or edited segment is
  one unit of the workspace memory, replaced when the segment changes, removed when it goes
  back to machine text (workbench.memory.store `record`). A memory problem never undoes the
  edit: it is kept in `memory_problem` for the editor to show.
- Repetitions: `repetitions(index)` names the other segments with the same German;
  `propagate(index)` gives them this segment's English (status "memory") unless a person
  wrote them; `confirm` does so by itself when `propagate_repetitions` is set.
- `preview_reviewed(data, filename)` shows what a reviewed bilingual file (.csv, .xlsx, .xlf)
  would change, on a copy; `apply_reviewed` writes exactly the segments whose translation
  changed. Both raise `DocumentError` for a file that cannot be read; nothing is written then.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from workbench import joining, pipeline, tags
from workbench.document import (
    CONFIRMED,
    EDITED,
    MEMORY,
    NEW,
    ORIGIN_TM_EXACT,
    TRANSLATED,
    Document,
    MemoryMatch,
    Segment,
)
from workbench.documents import ImportReport, apply_bilingual
from workbench.engine import Engine
from workbench.glossary.enforcing import honoured
from workbench.glossary.matching import TermIndex, find_hits
from workbench.glossary.model import Glossary, Term
from workbench.memory.lookup import repetitions
from workbench.memory.store import TranslationMemory
from workbench.workspace import (
    EditConflict,
    HistoryEntry,
    SegmentConflict,
    Workspace,
    WorkspaceError,
)

TerminologyLoader = Callable[[list[str]], pipeline.Terminology]

# The gestures, as the segment history names them.
EDIT, CONFIRM, UNCONFIRM, REPLACE = "edit", "confirm", "unconfirm", "replace"
RESET, ALTERNATIVE, RETRANSLATE = "reset", "alternative", "retranslate"
UNDO, RESTORE, KEEP_MINE = "undo", "restore", "keep-mine"
IMPORT, ADD_TERM, JOIN, SPLIT = "import", "add-term", "join", "split"
REPETITION = "repetition"
THIS_DOCUMENT = "this document"


class HumanWorkProtected(Exception):
    """A machine gesture would replace a person's text; nothing was written. The message says
    what to do (ask the person, then call again with replace_human=True)."""


@dataclass(frozen=True)
class Alternative:
    """An n-best alternative as the editor offers it: `breaks` lists the German terms whose
    glossary English it lacks (or whose forbidden rendering it uses); `diff` is the
    alternative as (kind, words) pieces against the current English: kind "same", "new"
    (only in the alternative) or "gone" (only in the current English)."""

    number: int  # 1-based, as shown
    text: str
    breaks: list[str]
    diff: list[tuple[str, str]]


@dataclass
class OpenDocument:
    workspace: Workspace
    doc_id: str
    document: Document
    revisions: dict[int, int]
    meta: dict = field(default_factory=dict)
    conflicts: dict[int, SegmentConflict] = field(default_factory=dict)
    # glossary names -> compiled glossaries; without it, hits are checked against their targets
    terminology_loader: TerminologyLoader | None = None
    propagate_repetitions: bool = False  # confirming applies the English to repetitions
    memory_problem: str = ""  # the last translation-memory write that failed (edit kept)

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(
        cls, workspace: Workspace, doc_id: str, terminology_loader: TerminologyLoader | None = None
    ) -> OpenDocument:
        """The stored document with its flags derived again (and stored where they changed).
        Raises workbench.workspace.UnknownDocument for an id that is not (or no longer) there."""
        document, record = workspace.load(doc_id)
        revisions = workspace.segment_revisions(doc_id)
        opened = cls(workspace, doc_id, document, revisions, record.meta, {}, terminology_loader)
        before = [_derived(s) for s in document.segments]
        opened._recheck_all()
        opened._store_derived(before)
        return opened

    @classmethod
    def create(
        cls,
        workspace: Workspace,
        document: Document,
        meta: dict,
        terminology_loader: TerminologyLoader | None = None,
    ) -> OpenDocument:
        record = workspace.save_document(document, meta=meta)
        revisions = workspace.segment_revisions(record.id)
        return cls(workspace, record.id, document, revisions, meta, {}, terminology_loader)

    def reload(self) -> None:
        fresh = OpenDocument.open(self.workspace, self.doc_id, self.terminology_loader)
        self.document, self.revisions, self.meta = fresh.document, fresh.revisions, fresh.meta
        self.conflicts.clear()

    def sync(self) -> list[int]:
        """Take what other writers stored since (the background translation, another tab):
        every segment whose stored version differs, except those in a conflict the person
        has not resolved. Returns their indexes. A join or split elsewhere reloads all."""
        fresh, record = self.workspace.load(self.doc_id)
        revisions = self.workspace.segment_revisions(self.doc_id)
        self.meta = record.meta
        if [s.id for s in fresh.segments] != [s.id for s in self.document.segments]:
            self.document, self.revisions = fresh, revisions
            self.conflicts.clear()
            return list(range(len(fresh.segments)))
        changed = [
            i
            for i, (mine, stored) in enumerate(
                zip(self.document.segments, fresh.segments, strict=True)
            )
            if i not in self.conflicts and (mine != stored or revisions[i] != self.revisions[i])
        ]
        for i in changed:
            self.document.segments[i] = fresh.segments[i]
            self.revisions[i] = revisions[i]
        return changed

    # -- what the editor shows ----------------------------------------------------------------
    def segment(self, index: int) -> Segment:
        return self.document.segments[index]

    @property
    def glossary_names(self) -> list[str]:
        return list(self.meta.get("glossaries", []))

    @property
    def model_name(self) -> str:
        """The model the document was translated with ("" if not recorded)."""
        return str(self.meta.get("model", ""))

    def progress(self) -> tuple[int, int]:
        """(segments edited or confirmed, all segments)."""
        segments = self.document.segments
        return sum(1 for s in segments if s.edited), len(segments)

    def history(self, index: int) -> list[HistoryEntry]:
        return self.workspace.history(self.doc_id, index)

    def alternatives(self, index: int) -> list[Alternative]:
        segment = self.segment(index)
        terms = self._terms(segment)
        current = segment.target.split()
        found = []
        for number, text in enumerate(segment.alternatives, start=1):
            kept = honoured(text, segment.hits, terms) if segment.hits else []
            breaks = [h.matched for h, ok in zip(segment.hits, kept, strict=True) if not ok]
            found.append(Alternative(number, text, breaks, _word_diff(current, text.split())))
        return found

    # -- a person's gestures -------------------------------------------------------------------
    def save_target(self, index: int, target: str) -> bool:
        """An edit. The status follows the text: the machine translation again -> translated,
        anything else -> edited. False (and `conflicts[index]` set) if another tab changed it.
        Text with tag markers (⟨1⟩…⟨/1⟩, as the editor shows them) places the tags there."""
        segment = self.segment(index)
        if segment.source_tags and target == tags.marked_target(segment):
            target = segment.target  # the same English with the same tags: no edit
            return self._commit(index, target, _status_of(segment, target), EDIT)
        return self._commit(index, target, _status_of(segment, target), EDIT, from_box=True)

    def confirm(self, index: int, target: str | None = None) -> bool:
        """Approve the segment (with `target`, the text in the box when the person confirmed)."""
        segment = self.segment(index)
        if target is None or target == tags.marked_target(segment):
            done = self._commit(index, segment.target, CONFIRMED, CONFIRM)
        else:
            done = self._commit(index, target, CONFIRMED, CONFIRM, from_box=True)
        if done and self.propagate_repetitions:
            self.propagate(index)
        return done

    def repetitions(self, index: int) -> list[int]:
        """The other segments with the same (normalised) German."""
        return repetitions(self.document).get(index, [])

    def propagate(self, index: int) -> list[int]:
        """This segment's English for its repetitions that no person has written (status
        "memory", never over a person's text); returns the indexes written."""
        source = self.segment(index)
        written = []
        for other in self.repetitions(index):
            segment = self.segment(other)
            if segment.edited or segment.target == source.target:
                continue
            base = copy.deepcopy(segment)
            base.origin = ORIGIN_TM_EXACT
            base.tm = [
                MemoryMatch(
                    100, source.source, source.target, THIS_DOCUMENT, "exact", self.document.name
                )
            ] + [m for m in segment.tm if m.memory != THIS_DOCUMENT]
            if self._commit(other, tags.marked_target(source), MEMORY, REPETITION, base=base):
                written.append(other)
        return written

    def replace_text(self, index: int, target: str) -> bool:
        """Find and replace: new English for a segment, one step in its history. A confirmed
        segment (the person chose to include it) stays confirmed."""
        segment = self.segment(index)
        if segment.status == CONFIRMED:
            status = CONFIRMED
        else:
            status = TRANSLATED if target == segment.machine else EDITED
        return self._commit(index, target, status, REPLACE)

    def unconfirm(self, index: int) -> bool:
        segment = self.segment(index)
        status = TRANSLATED if segment.target == segment.machine else EDITED
        return self._commit(index, segment.target, status, UNCONFIRM)

    def reset_to_machine(self, index: int, *, replace_human: bool = False) -> bool:
        segment = self.segment(index)
        self._guard(segment, "Reset to MT", replace_human)
        return self._commit(index, segment.machine, TRANSLATED, RESET)

    def pick_alternative(self, index: int, number: int, *, replace_human: bool = False) -> bool:
        """Use n-best alternative `number` (1-based) as the English."""
        segment = self.segment(index)
        if not 1 <= number <= len(segment.alternatives):
            raise ValueError(f"Segment {index + 1} has no alternative {number}.")
        self._guard(segment, "Picking an alternative", replace_human)
        text = segment.alternatives[number - 1]
        return self._commit(
            index, text, TRANSLATED if text == segment.machine else EDITED, ALTERNATIVE
        )

    def restore(self, index: int, entry: HistoryEntry, *, replace_human: bool = False) -> bool:
        """Bring back an earlier text of the segment (with the status it had)."""
        segment = self.segment(index)
        if segment.target != entry.target:
            self._guard(segment, "Restoring an earlier version", replace_human)
        return self._commit(index, entry.target, _status_for(segment, entry), RESTORE)

    def undo(self, index: int) -> bool:
        """Restore the text the last change replaced (a person asked: always allowed)."""
        entries = self.history(index)
        if not entries:
            return False
        entry = entries[0]
        return self._commit(index, entry.target, _status_for(self.segment(index), entry), UNDO)

    def keep_mine(self, index: int) -> bool:
        """Resolve a conflict with the text this session tried to write."""
        conflict = self.conflicts.pop(index)
        self.revisions[index] = conflict.stored_revision
        return self._commit(index, conflict.attempted_target, conflict.attempted_status, KEEP_MINE)

    def take_theirs(self, index: int) -> None:
        """Resolve a conflict with what the other tab saved (our text stays in the history)."""
        conflict = self.conflicts.pop(index)
        segment = self.segment(index)
        before = [_derived(s) for s in self.document.segments]
        segment.target, segment.status = conflict.stored_target, conflict.stored_status
        self.revisions[index] = conflict.stored_revision
        self._recheck(segment)
        self._store_derived(before)

    # -- one owner of "a person changed a segment" ------------------------------------------------
    def _commit(
        self,
        index: int,
        target: str,
        status: str,
        action: str,
        base: Segment | None = None,
        *,
        from_box: bool = False,
    ) -> bool:
        """Write `target`/`status` (on `base`, default the segment as it is) with its hits,
        flags and the flags it changes elsewhere, in one transaction. `from_box`: the text is
        the editor box's, whose tag markers are the tags (workbench.tags.set_target)."""
        terminology = self._terminology()
        trial = copy.deepcopy(base or self.segment(index))
        tags.set_target(trial, target, markers=True if from_box else None)
        target, trial.status = trial.target, status
        before = [_derived(s) for s in self.document.segments]
        segments = list(self.document.segments)
        segments[index] = trial
        pipeline.recheck_segment(trial, terminology)
        pipeline.refresh_flags(dataclasses.replace(self.document, segments=segments), terminology)
        others = [s for i, s in enumerate(segments) if i != index and _derived(s) != before[i]]
        try:
            revision = self.workspace.update_segment(
                self.doc_id,
                index,
                target=target,
                status=status,
                expected_revision=self.revisions[index],
                segment=trial,
                derived=others,
                action=action,
            )
        except EditConflict as conflict:
            pipeline.refresh_flags(self.document, terminology)  # the others as they were
            if _machine_over_person(conflict.conflict, status) and base is None:
                # Machine text arrived meanwhile (the background translation): a person's
                # text wins over it, with the machine's translation kept beside it.
                self.sync()
                return self._commit(index, target, status, action)
            self.conflicts[index] = conflict.conflict
            return False
        self.document.segments[index] = trial
        self.revisions[index] = revision
        self.conflicts.pop(index, None)
        self._remember(index)
        return True

    def _remember(self, index: int) -> None:
        try:
            TranslationMemory(self.workspace).record(self.doc_id, self.document, index)
            self.memory_problem = ""
        except WorkspaceError as problem:
            self.memory_problem = f"The translation memory was not updated: {problem}"

    def _guard(self, segment: Segment, what: str, replace_human: bool) -> None:
        if segment.edited and not replace_human:
            raise HumanWorkProtected(
                f"{what} would replace the {segment.status} text of segment "
                f"{segment.index + 1}. Ask first, then call again with replace_human=True; "
                "nothing was written."
            )

    def _terminology(self) -> pipeline.Terminology:
        if self.terminology_loader is None:
            return pipeline.Terminology()
        return self.terminology_loader(self.glossary_names)

    def _terms(self, segment: Segment) -> list[Term]:
        terminology = self._terminology()
        return [terminology.find(h) or Term(h.term_source, h.term_target) for h in segment.hits]

    def _recheck(self, segment: Segment) -> None:
        """Hit statuses and flags follow the segment's English (the text is not touched)."""
        terminology = self._terminology()
        pipeline.recheck_segment(segment, terminology)
        pipeline.refresh_flags(self.document, terminology)

    def _recheck_all(self) -> None:
        terminology = self._terminology()
        for segment in self.document.segments:
            pipeline.recheck_segment(segment, terminology)
        pipeline.refresh_flags(self.document, terminology)

    def _store_derived(self, before: list[tuple]) -> None:
        """Store hits and flags that changed (derived data: no revision, no conflict)."""
        changed = [
            s for s, old in zip(self.document.segments, before, strict=True) if _derived(s) != old
        ]
        if changed:
            self.workspace.update_derived(self.doc_id, changed)

    # -- a reviewed file brought back ----------------------------------------------------------
    def preview_reviewed(self, data: bytes, filename: str) -> tuple[Document, ImportReport]:
        """The document as the reviewed file would leave it; this one is not touched."""
        reviewed = copy.deepcopy(self.document)
        return reviewed, apply_bilingual(reviewed, data, filename)

    def apply_reviewed(self, data: bytes, filename: str) -> ImportReport:
        """Write the segments the file changes; the report's `changed` lists them (those that
        conflict with another tab's edit are in `conflicts` instead of written)."""
        reviewed, report = self.preview_reviewed(data, filename)  # afresh: the document moved on
        for index in report.changed:
            segment = reviewed.segments[index]
            self._commit(index, tags.marked_target(segment), segment.status, IMPORT)
        return report

    # -- the engine's changes ----------------------------------------------------------------
    def retranslate(
        self, index: int, engine: Engine, glossaries: list[Glossary], *, replace_human: bool = False
    ) -> bool:
        """A fresh machine translation of one segment; False if another tab changed it first."""
        self._guard(self.segment(index), "Retranslate", replace_human)
        fresh = copy.deepcopy(self.document)
        fresh.segments[index].status = TRANSLATED  # asked for: translate it even if edited
        pipeline.translate_document(fresh, engine, glossaries, segments=[index])
        made = fresh.segments[index]
        return self._commit(index, made.target, TRANSLATED, RETRANSLATE, base=made)

    def add_term(
        self, term: Term, glossary_name: str, engine: Engine, glossaries: list[Glossary]
    ) -> list[int]:
        """Re-apply `glossaries` where `term` occurs; returns the indexes of changed segments.
        Segments a person wrote keep their English; only their hits are checked again."""
        index = TermIndex([(glossary_name, term)])
        affected = [s.index for s in self.document.segments if find_hits(s.source, index)]
        if not affected:
            return []
        before = copy.deepcopy(self.document.segments)
        pipeline.apply_glossaries(self.document, engine, glossaries, segments=affected)
        for i in affected:
            pipeline.recheck_segment(self.segment(i), self._terminology())
        pipeline.refresh_flags(self.document, self._terminology())
        changed = [i for i in affected if self.segment(i).target != before[i].target]
        self._store_machine_changes(before, changed)
        return changed

    # -- segments that were cut wrongly ---------------------------------------------------------
    def join(self, index: int, engine: Engine | None, glossaries: list[Glossary]) -> bool:
        """Join segment `index` with the next one of its paragraph (workbench.joining). The
        joined German is translated again as one sentence (without an engine it waits as
        "new"). False if another tab changed either segment meanwhile (then reloaded)."""
        before = self.document.segments
        segments, joined = joining.join(before, index)
        expected = {
            before[index].id: self.revisions[index],
            before[index + 1].id: self.revisions[index + 1],
        }
        return self._restructure(segments, [joined], expected, JOIN, engine, glossaries)

    def split(self, index: int, at: int, engine: Engine | None, glossaries: list[Glossary]) -> bool:
        """Split segment `index` at character `at` of its German (at the nearest space)."""
        segments, pieces = joining.split(self.document.segments, index, at)
        expected = {self.segment(index).id: self.revisions[index]}
        return self._restructure(segments, pieces, expected, SPLIT, engine, glossaries)

    def _restructure(self, segments, pieces, expected, action, engine, glossaries) -> bool:
        if engine is not None:
            _translate_pieces(pieces, self.document, engine, glossaries)
        try:
            self.workspace.restructure(
                self.doc_id, segments, expected_revisions=expected, action=action
            )
        except EditConflict:
            self.reload()  # the other tab's version, as stored
            return False
        self.reload()
        return True

    def _store_machine_changes(self, before: list[Segment], changed: list[int]) -> None:
        """New machine English for `changed` (all or nothing), derived data for the rest."""
        rewritten = [self.segment(i) for i in changed]
        if rewritten:
            try:
                revisions = self.workspace.replace_segments(
                    self.doc_id,
                    rewritten,
                    expected_revisions={s.index: self.revisions[s.index] for s in rewritten},
                    action=ADD_TERM,
                )
            except EditConflict:
                self.reload()
                return
            self.revisions.update(revisions)
        self._store_derived(
            [
                _derived(s) if s.index in changed else _derived(old)
                for s, old in zip(self.document.segments, before, strict=True)
            ]
        )


def _translate_pieces(
    pieces: list[Segment], document: Document, engine: Engine, glossaries: list[Glossary]
) -> None:
    """Machine translation for new or joined segments; a person's English stays their own."""
    scratch = dataclasses.replace(
        document,
        segments=[
            dataclasses.replace(p, index=i, status=NEW, target="", hits=[])
            for i, p in enumerate(pieces)
        ],
    )
    pipeline.translate_document(scratch, engine, glossaries)
    for piece, done in zip(pieces, scratch.segments, strict=True):
        piece.machine, piece.score, piece.alternatives = done.machine, done.score, done.alternatives
        piece.hits, piece.flags = done.hits, done.flags
        if not piece.edited:
            piece.target, piece.status = done.target, done.status


def translate_new_document(
    workspace: Workspace,
    document: Document,
    engine: Engine,
    glossaries: list[Glossary],
    *,
    meta: dict,
    progress=None,
    terminology_loader: TerminologyLoader | None = None,
) -> OpenDocument:
    """Translate a freshly read document and store it: the start of every editing session."""
    pipeline.translate_document(document, engine, glossaries, progress=progress)
    return OpenDocument.create(workspace, document, meta, terminology_loader)


def _machine_over_person(conflict: SegmentConflict, status: str) -> bool:
    """Is this conflict only machine text (stored) against a person's text (attempted)?"""
    return conflict.stored_status in (NEW, TRANSLATED) and status in (EDITED, CONFIRMED)


def _derived(segment: Segment) -> tuple:
    """What a segment stores besides its text and status: compared to find what changed."""
    return (
        segment.machine,
        [asdict(h) for h in segment.hits],
        [asdict(f) for f in segment.flags],
        segment.alternatives,
    )


def _status_of(segment: Segment, text: str) -> str:
    """translated when `text` is the machine translation (plain, or with its tag markers)."""
    plain = tags.strip_markers(text) if segment.source_tags else text
    return TRANSLATED if plain == segment.machine and text == plain else EDITED


def _status_for(segment: Segment, entry: HistoryEntry) -> str:
    """The status of a restored text: its own, except that the machine's text is translated
    and any other unconfirmed text is edited."""
    if entry.target == segment.machine and entry.status != CONFIRMED:
        return TRANSLATED
    return entry.status if entry.status in (CONFIRMED, EDITED) else EDITED


def _word_diff(current: list[str], other: list[str]) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=current, b=other, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(other[b1:b2])))
            continue
        if a2 > a1:
            pieces.append(("gone", " ".join(current[a1:a2])))
        if b2 > b1:
            pieces.append(("new", " ".join(other[b1:b2])))
    return pieces
