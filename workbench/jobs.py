"""Translating a stored document in the background, so its rows can be edited as they arrive.

Contract:
- `start_translation(workspace, doc_id, engine, glossaries, terminology_loader)` starts (once
  per document and process) a thread that translates the document's untranslated segments in
  document order, a few at a time (the first rows first, so they are on screen within a
  second or two), and returns its `TranslationJob`. `job_for(doc_id)` finds a running or
  finished job; jobs live as long as the process (a reloaded page sees the same progress).
- Each batch is written through `Workspace.store_machine`, under the same write lock and with
  the same revisions as a person's edit: a segment still untranslated gets the English
  (status "translated", a new revision, so an edit based on the old one is a conflict, never
  lost); a segment a person already typed into keeps the person's text and only gains the
  machine translation, alternatives and hits. Neither overwrites the other.
- `progress` is (phase, done, total): "loading" while the model and word tables are still
  being loaded (the first translation of a process; `workbench.warming` usually did it
  already), "translating" batch by batch (each batch: translation, glossary, flags), then "checking" (the
  document-wide flags, stored through `OpenDocument.open`), then "done". "done" is only
  reported when all of it is stored. A failure stops the job with `error` set (a message for
  people) and leaves every segment written so far; the rest stay "new", to be retranslated.
- Before the model, the translation memory fills what it knows (exact and context matches:
  status "memory", no model call) and offers fuzzy matches (workbench.memory.lookup
  `prefill_stored`); only the rest is translated. Filled segments count as done.
- Nothing here imports Streamlit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from workbench import pipeline, warming
from workbench.document import NEW
from workbench.engine import Engine
from workbench.glossary.model import Glossary
from workbench.memory.lookup import prefill_stored
from workbench.workspace import Workspace, WorkspaceError

FIRST_BATCH = 3  # segments: the first rows come back quickly
BATCH = 12
LOADING, TRANSLATING, CHECKING, DONE, FAILED = (
    "loading",
    "translating",
    "checking",
    "done",
    "failed",
)


@dataclass
class TranslationJob:
    doc_id: str
    total: int
    done: int = 0
    phase: str = TRANSLATING
    error: str = ""
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    @property
    def progress(self) -> tuple[str, int, int]:
        return self.phase, self.done, self.total


_jobs: dict[str, TranslationJob] = {}
_jobs_lock = threading.Lock()


def job_for(doc_id: str) -> TranslationJob | None:
    with _jobs_lock:
        return _jobs.get(doc_id)


def start_translation(
    workspace: Workspace,
    doc_id: str,
    engine: Engine,
    glossaries: list[Glossary],
    terminology_loader: Callable[[list[str]], pipeline.Terminology] | None = None,
) -> TranslationJob:
    document, _ = workspace.load(doc_id)
    waiting = [s.index for s in document.segments if not s.machine]  # typed in or not
    with _jobs_lock:
        running = _jobs.get(doc_id)
        if running is not None and running.running:
            return running  # a second click, or a second tab: the same translation
        job = TranslationJob(doc_id, len(waiting))
        _jobs[doc_id] = job
    thread = threading.Thread(
        target=_run,
        args=(job, workspace, waiting, engine, glossaries, terminology_loader),
        name=f"translate-{doc_id}",
        daemon=True,
    )
    thread.start()
    return job


def batches(indexes: list[int]) -> list[list[int]]:
    """Document order: a small first batch, then BATCH at a time."""
    if not indexes:
        return []
    first, rest = indexes[:FIRST_BATCH], indexes[FIRST_BATCH:]
    return [first] + [rest[i : i + BATCH] for i in range(0, len(rest), BATCH)]


def _run(job, workspace, waiting, engine, glossaries, terminology_loader) -> None:
    from workbench.editing import OpenDocument  # editing builds on this module's siblings

    try:
        ready = warming.warm_up(engine)  # started at the Translate page, or now
        if not ready.is_set():
            job.phase = LOADING
            ready.wait()
            job.phase = TRANSLATING
        terminology = pipeline.Terminology(glossaries)
        memory = prefill_stored(workspace, job.doc_id, terminology)
        waiting = [i for i in waiting if i not in memory.filled]
        job.done += len(memory.filled)
        for batch in batches(waiting):
            scratch, _ = workspace.load(job.doc_id)
            offers = memory.offers(batch)
            for index in batch:  # a person's text there: still translated, for reference
                scratch.segments[index].status = NEW
                scratch.segments[index].tm = offers.get(index, [])
            pipeline.translate_document(scratch, engine, terminology, segments=batch)
            made = [scratch.segments[i] for i in batch]
            workspace.store_machine(job.doc_id, made)
            job.done += len(batch)
        job.phase = CHECKING
        OpenDocument.open(workspace, job.doc_id, terminology_loader)  # stores document-wide flags
        job.phase = DONE
    except WorkspaceError as problem:
        job.phase, job.error = FAILED, str(problem)
    except Exception as problem:  # noqa: BLE001 - a job must end and say why, never hang
        job.phase = FAILED
        job.error = (
            f"The translation stopped ({type(problem).__name__}: {problem}). The segments "
            "translated so far are saved; use Retranslate on the others, or check the model "
            "on the Models page."
        )
    finally:
        job.finished.set()
