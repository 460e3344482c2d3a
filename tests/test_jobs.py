"""Background translation: rows arrive in document order, a person's text is never
overwritten by the arriving machine text, "done" only when everything is stored."""

from __future__ import annotations

import threading
import time

import pytest

from workbench import jobs
from workbench.document import EDITED, NEW, TRANSLATED
from workbench.editing import OpenDocument
from workbench.engine import Engine
from workbench.glossary.model import Glossary, Term
from workbench.pipeline import Terminology, translate_document
from workbench.segmenting import segment_text
from workbench.workspace import Workspace

ARTICLE = " ".join(f"Das Bündnis prüft Punkt {n} der Liste." for n in range(1, 21))


@pytest.fixture
def glossary():
    return Glossary("g.csv", terms=[Term("Bündnis", "alliance")])


@pytest.fixture
def stored(tmp_path, glossary):
    workspace = Workspace(tmp_path / "ws.sqlite3")
    doc = OpenDocument.create(
        workspace,
        segment_text(ARTICLE),
        {"glossaries": ["g.csv"]},
        lambda names: Terminology([glossary]),
    )
    return workspace, doc


def test_batches_come_in_document_order_with_a_small_first_one():
    assert jobs.batches(list(range(20))) == [[0, 1, 2], list(range(3, 15)), list(range(15, 20))]
    assert jobs.batches([]) == []


def test_the_job_translates_everything_and_keeps_a_persons_text(stored, echo_model, glossary):
    workspace, doc = stored
    assert doc.save_target(10, "Typed before the machine got here.")
    seen = []
    real_store = workspace.store_machine

    def store(doc_id, segments):  # watch the batches arrive, in order
        seen.append([s.index for s in segments])
        return real_store(doc_id, segments)

    workspace.store_machine = store
    job = jobs.start_translation(
        workspace, doc.doc_id, Engine(echo_model), [glossary], lambda names: Terminology([glossary])
    )
    assert job.finished.wait(120)
    assert (job.phase, job.error, job.done) == (jobs.DONE, "", 20)
    assert seen[0] == [0, 1, 2] and [i for b in seen for i in b] == sorted(
        i for b in seen for i in b
    )
    document, _ = workspace.load(doc.doc_id)
    assert all(s.status == TRANSLATED for s in document.segments if s.index != 10)
    person = document.segments[10]
    assert (person.target, person.status) == ("Typed before the machine got here.", EDITED)
    assert "alliance" in person.machine  # the machine's version kept beside it
    assert doc.sync() and doc.segment(0).status == TRANSLATED


def test_a_person_typing_into_a_row_the_machine_just_filled_wins(stored, echo_model, glossary):
    workspace, doc = stored
    job = jobs.start_translation(workspace, doc.doc_id, Engine(echo_model), [glossary])
    assert job.finished.wait(120)
    assert doc.segment(5).status == NEW  # this tab has not looked since
    assert doc.save_target(5, "The person's sentence.")  # no conflict with machine text
    saved, _ = workspace.load(doc.doc_id)
    assert (saved.segments[5].target, saved.segments[5].status) == (
        "The person's sentence.",
        EDITED,
    )
    assert "alliance" in saved.segments[5].machine


def test_one_job_per_document_and_a_failure_is_reported(stored, echo_model, glossary):
    workspace, doc = stored
    gate = threading.Event()

    class SlowEngine(Engine):
        def translate(self, *args, **kwargs):
            gate.wait(30)
            raise RuntimeError("No position encodings are defined for positions >= 1024")

    engine = SlowEngine(echo_model)
    first = jobs.start_translation(workspace, doc.doc_id, engine, [glossary])
    assert jobs.start_translation(workspace, doc.doc_id, engine, [glossary]) is first
    assert first.running and first.progress[1:] == (0, 20)
    assert first.phase in (jobs.LOADING, jobs.TRANSLATING)  # its warm-up waits at the gate too
    gate.set()
    assert first.finished.wait(30)
    assert first.phase == jobs.FAILED and "Retranslate" in first.error
    assert jobs.job_for(doc.doc_id) is first


def test_a_cold_engine_says_loading_until_the_warm_up_is_done(stored, echo_model, glossary):
    from workbench import warming

    workspace, doc = stored
    gate = threading.Event()

    class ColdEngine(Engine):
        def _load(self):
            gate.wait(30)
            return super()._load()

    engine = ColdEngine(echo_model)
    job = jobs.start_translation(workspace, doc.doc_id, engine, [glossary])
    assert warming.warming(engine) is not None  # the job started the warm-up
    deadline = time.monotonic() + 10
    while job.phase != jobs.LOADING and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.progress == (jobs.LOADING, 0, 20)
    gate.set()
    assert job.finished.wait(120)
    assert (job.phase, job.error, job.done) == (jobs.DONE, "", 20)
    assert warming.warm_up(engine) is warming.warming(engine)  # once per engine


def test_eight_sessions_translating_at_once_share_one_engine(tmp_path, echo_model, glossary):
    """Eight documents translated at the same moment through one engine all finish, each with
    exactly the English it gets alone."""
    workspace = Workspace(tmp_path / "ws.sqlite3")
    nouns = ["Liste", "Akte", "Tabelle", "Vorlage", "Planung", "Agenda", "Anfrage", "Karte"]
    texts = [ARTICLE.replace("Liste", noun) for noun in nouns]
    loader = lambda names: Terminology([glossary])  # noqa: E731
    docs = [
        OpenDocument.create(workspace, segment_text(t), {"glossaries": ["g.csv"]}, loader)
        for t in texts
    ]
    shared = Engine(echo_model)
    started = [
        jobs.start_translation(workspace, d.doc_id, shared, [glossary], loader) for d in docs
    ]
    for job in started:
        assert job.finished.wait(300)
        assert (job.phase, job.error, job.done) == (jobs.DONE, "", 20)
    alone = Engine(echo_model, memory_bytes=0)
    for doc, text in zip(docs, texts, strict=True):
        expected = translate_document(segment_text(text), alone, [glossary])
        got = workspace.load(doc.doc_id)[0]
        assert [s.target for s in got.segments] == [s.target for s in expected.segments]
