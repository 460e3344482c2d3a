"""One open document in the editor: every change goes to the workspace as it happens.

Contract:
- `OpenDocument` pairs a `Document` with its workspace id and the revision of each segment as
  this session last saw it. It never imports Streamlit, so it is tested directly.
- `save_target(index, target)` writes one segment with its expected revision. The status
  follows the text: the machine translation again -> "translated", anything else -> "edited";
  `confirm(index)` marks it "confirmed". If another tab changed that segment meanwhile, the
  workspace raises `EditConflict`; the conflict is kept in `conflicts[index]` (nothing written,
  nothing lost) until the person picks `keep_mine(index)` or `take_theirs(index)`.
- `retranslate(index, engine, glossaries)` asks the engine again for one segment (even an
  edited one: the person asked for it); `add_term(...)` re-applies the glossaries to the
  segments where the new term is found, never to segments a person edited.
- Engine-made changes are written with `replace_segments`; if another tab got there first,
  the document is reloaded from the workspace (the other tab's work wins, nothing is mixed).
- `preview_reviewed(data, filename)` shows what a bilingual file edited elsewhere (.csv, .xlsx,
  .xlf) would change, on a copy; `apply_reviewed(data, filename)` writes exactly the segments
  whose translation changed, one by one like `save_target` (a conflict with another tab is kept
  in `conflicts`, the other segments are still written). Both raise `DocumentError` for a file
  that cannot be read; nothing is written then.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from workbench import pipeline, quality
from workbench.document import CONFIRMED, EDITED, TRANSLATED, Document, Segment
from workbench.documents import ImportReport, apply_bilingual
from workbench.engine import Engine
from workbench.glossary.matching import TermIndex, find_hits
from workbench.glossary.model import Glossary, Term
from workbench.workspace import EditConflict, SegmentConflict, Workspace


@dataclass
class OpenDocument:
    workspace: Workspace
    doc_id: str
    document: Document
    revisions: dict[int, int]
    meta: dict = field(default_factory=dict)
    conflicts: dict[int, SegmentConflict] = field(default_factory=dict)
    # glossary names -> their Glossary objects; set by the app so edits are re-checked
    terminology_loader: Callable[[list[str]], pipeline.Terminology] | None = None

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, workspace: Workspace, doc_id: str) -> OpenDocument:
        """Raises workbench.workspace.UnknownDocument for an id that is not (or no longer) there."""
        document, record = workspace.load(doc_id)
        return cls(workspace, doc_id, document, workspace.segment_revisions(doc_id), record.meta)

    @classmethod
    def create(cls, workspace: Workspace, document: Document, meta: dict) -> OpenDocument:
        record = workspace.save_document(document, meta=meta)
        return cls(workspace, record.id, document, workspace.segment_revisions(record.id), meta)

    def reload(self) -> None:
        fresh = OpenDocument.open(self.workspace, self.doc_id)
        self.document, self.revisions, self.meta = fresh.document, fresh.revisions, fresh.meta
        self.conflicts.clear()

    # -- what the editor shows ----------------------------------------------------------------
    def segment(self, index: int) -> Segment:
        return self.document.segments[index]

    @property
    def glossary_names(self) -> list[str]:
        return list(self.meta.get("glossaries", []))

    def progress(self) -> tuple[int, int]:
        """(segments edited or confirmed, all segments)."""
        segments = self.document.segments
        return sum(1 for s in segments if s.edited), len(segments)

    # -- a person's edits --------------------------------------------------------------------
    def save_target(self, index: int, target: str, status: str | None = None) -> bool:
        """Write one segment; False (and `conflicts[index]` set) if another tab changed it."""
        segment = self.segment(index)
        if status is None:
            status = TRANSLATED if target == segment.machine else EDITED
        return self._write(index, target, status, self.revisions[index])

    def confirm(self, index: int, target: str | None = None) -> bool:
        segment = self.segment(index)
        return self._write(
            index, segment.target if target is None else target, CONFIRMED, self.revisions[index]
        )

    def reset_to_machine(self, index: int) -> bool:
        return self.save_target(index, self.segment(index).machine, TRANSLATED)

    def keep_mine(self, index: int) -> bool:
        """Resolve a conflict with the text this session tried to write."""
        conflict = self.conflicts.pop(index)
        return self._write(
            index, conflict.attempted_target, conflict.attempted_status, conflict.stored_revision
        )

    def take_theirs(self, index: int) -> None:
        """Resolve a conflict with what the other tab saved (our text stays in the history)."""
        conflict = self.conflicts.pop(index)
        segment = self.segment(index)
        segment.target, segment.status = conflict.stored_target, conflict.stored_status
        self.revisions[index] = conflict.stored_revision

    def _write(self, index: int, target: str, status: str, expected: int) -> bool:
        try:
            revision = self.workspace.update_segment(
                self.doc_id, index, target=target, status=status, expected_revision=expected
            )
        except EditConflict as conflict:
            self.conflicts[index] = conflict.conflict
            return False
        segment = self.segment(index)
        segment.target, segment.status = target, status
        self.revisions[index] = revision
        self.conflicts.pop(index, None)
        self._recheck(segment)
        return True

    def recheck_all(self) -> None:
        """After opening: the stored flags may predate edits; derive them again."""
        terminology = self._terminology()
        for segment in self.document.segments:
            if segment.edited:
                pipeline.recheck_segment(segment, terminology)
        pipeline.refresh_flags(self.document, terminology)

    def _terminology(self) -> pipeline.Terminology:
        if self.terminology_loader is None:
            return pipeline.Terminology()
        return self.terminology_loader(self.glossary_names)

    def _recheck(self, segment) -> None:
        """Hit statuses and flags follow the person's English (the text is not touched)."""
        terminology = self._terminology()
        pipeline.recheck_segment(segment, terminology)
        segment.flags = quality.segment_flags(
            segment, forbidden_used=terminology.forbidden_used(segment)
        )

    # -- a reviewed file brought back ----------------------------------------------------------
    def preview_reviewed(self, data: bytes, filename: str) -> tuple[Document, ImportReport]:
        """The document as the reviewed file would leave it; this one is not touched."""
        reviewed = copy.deepcopy(self.document)
        return reviewed, apply_bilingual(reviewed, data, filename)

    def apply_reviewed(self, data: bytes, filename: str) -> ImportReport:
        """Write the segments the file changes; the report's `changed` lists them (those that
        conflict with another tab's edit are in `conflicts` instead of written)."""
        reviewed, report = self.preview_reviewed(
            data, filename
        )  # afresh: the document may have moved on
        for index in report.changed:
            segment = reviewed.segments[index]
            self._write(index, segment.target, segment.status, self.revisions[index])
        return report

    # -- the engine's changes ----------------------------------------------------------------
    def retranslate(self, index: int, engine: Engine, glossaries: list[Glossary]) -> bool:
        """A fresh machine translation of one segment; False if another tab changed it first."""
        before = self._snapshot()
        segment = self.segment(index)
        segment.status = TRANSLATED  # the person asked: an edited segment is translated again
        pipeline.translate_document(self.document, engine, glossaries, segments=[index])
        return self._store_changes(before, always=frozenset({index}))

    def add_term(
        self, term: Term, glossary_name: str, engine: Engine, glossaries: list[Glossary]
    ) -> list[int]:
        """Re-apply `glossaries` where `term` occurs; returns the indexes of changed segments."""
        index = TermIndex([(glossary_name, term)])
        affected = [
            s.index for s in self.document.segments if not s.edited and find_hits(s.source, index)
        ]
        if not affected:
            return []
        before = self._snapshot()
        pipeline.apply_glossaries(self.document, engine, glossaries, segments=affected)
        changed = [i for i in affected if before[i] != self.segment(i)]
        self._store_changes(before)
        return changed

    def _snapshot(self) -> list[Segment]:
        return copy.deepcopy(self.document.segments)

    def _store_changes(self, before: list[Segment], always: frozenset[int] = frozenset()) -> bool:
        """Write segments the engine changed (flags included), never ones a person edited."""
        changed = [
            s
            for s, old in zip(self.document.segments, before, strict=True)
            if s.index in always or (s != old and not old.edited)
        ]
        if not changed:
            return True
        try:
            revisions = self.workspace.replace_segments(
                self.doc_id,
                changed,
                expected_revisions={s.index: self.revisions[s.index] for s in changed},
            )
        except EditConflict:
            self.reload()
            return False
        self.revisions.update(revisions)
        return True


def translate_new_document(
    workspace: Workspace,
    document: Document,
    engine: Engine,
    glossaries: list[Glossary],
    *,
    meta: dict,
    progress=None,
) -> OpenDocument:
    """Translate a freshly read document and store it: the start of every editing session."""
    pipeline.translate_document(document, engine, glossaries, progress=progress)
    return OpenDocument.create(workspace, document, meta)
