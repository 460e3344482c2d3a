"""The translation memory at work: matches before the model (counted), confirmed segments that
come back in the next document, updated stories, repetitions, the `tm` and `translate`
commands. The acceptance tests of the translation-memory issue are marked as such."""

from __future__ import annotations

import json

import pytest

from workbench import jobs
from workbench.cli import main
from workbench.document import MEMORY, NEW, ORIGIN_MT, ORIGIN_TM_CONTEXT, ORIGIN_TM_EXACT
from workbench.editing import HumanWorkProtected, OpenDocument
from workbench.engine import Engine
from workbench.glossary.model import Glossary, Term
from workbench.memory import TranslationMemory, import_tmx_file
from workbench.memory.lookup import MemoryLookup, earlier_version
from workbench.memory.store import NewUnit
from workbench.memory.text import word_diff
from workbench.pipeline import Terminology, translate_document
from workbench.segmenting import segment_text
from workbench.workspace import Workspace

TMX_UNITS = [
    (
        "NATO-Generalsekretär Jens Stoltenberg sagte am Montag in Brüssel, das Bündnis stehe geschlossen.",
        "NATO Secretary General Jens Stoltenberg said in Brussels on Monday that the alliance stood united.",
    ),
    (
        "Die Bundeswehr ist seit 2015 im Nordirak im Einsatz.",
        "The Bundeswehr has been deployed in northern Iraq since 2015.",
    ),
    (
        "Die Peschmerga kämpfen seit Jahren gegen die Terrormiliz Islamischer Staat.",
        "The Peshmerga have been fighting the Islamic State terrorist militia for years.",
    ),
    (
        "Deutschland liefert seit 2014 Waffen an die kurdischen Kämpfer im Nordirak.",
        "Germany has been supplying weapons to the Kurdish fighters in northern Iraq since 2014.",
    ),
]
CHANGED = TMX_UNITS[3][0].replace("Waffen", "Munition")  # one word changed
NEW_SENTENCE = "Der Verteidigungsminister besucht am Dienstag die Ausbilder in Erbil."


class CountingEngine(Engine):
    """The real engine, counting every sentence sent to the model."""

    def __init__(self, model):
        super().__init__(model)
        self.sent: list[str] = []

    def translate(self, sources, **options):
        self.sent.extend(sources)
        return super().translate(sources, **options)


def write_tmx(path, units) -> None:
    body = "\n".join(
        f'<tu><tuv xml:lang="de-DE"><seg>{de}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg>'
        "</tuv></tu>"
        for de, en in units
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4"><header srclang="de-DE" datatype="plaintext" segtype="sentence" '
        'adminlang="en" o-tmf="t" creationtool="t" creationtoolversion="1"/>\n'
        f"<body>\n{body}\n</body></tmx>\n",
        encoding="utf-8",
    )


@pytest.fixture
def workspace(tmp_path):
    return Workspace(tmp_path / "ws.sqlite3")


@pytest.fixture
def memory(workspace, tmp_path):
    path = tmp_path / "desk.tmx"
    write_tmx(path, TMX_UNITS)
    memory = TranslationMemory(workspace)
    assert import_tmx_file(memory, path).units == 4
    return memory


def article() -> str:
    return f"{TMX_UNITS[0][0]} {TMX_UNITS[1][0]}\n\n{NEW_SENTENCE} {TMX_UNITS[2][0]} {CHANGED}"


# -- acceptance: import a TMX, three exact matches without the model, one fuzzy >= 85 ------------


def test_acceptance_tmx_exact_matches_skip_the_model_and_a_fuzzy_one_is_offered(memory, echo_model):
    engine = CountingEngine(echo_model)
    document = translate_document(segment_text(article()), engine, memory=MemoryLookup(memory))
    by_source = {s.source: s for s in document.segments}
    for de, en in TMX_UNITS[:3]:
        segment = by_source[de]
        assert (segment.target, segment.status, segment.machine) == (en, MEMORY, "")
        assert segment.origin in (ORIGIN_TM_EXACT, ORIGIN_TM_CONTEXT)
        assert [(m.score >= 100, m.memory) for m in segment.tm] == [(True, "desk")]
    assert engine.sent == [NEW_SENTENCE, CHANGED]  # the model saw only these two
    fuzzy = by_source[CHANGED]
    assert fuzzy.origin == ORIGIN_MT and fuzzy.target == CHANGED  # the echo model's output
    best = fuzzy.tm[0]
    assert best.score >= 85 and best.target == TMX_UNITS[3][1] and best.kind == "fuzzy"
    diff = word_diff(best.source, fuzzy.source)
    assert [t for k, t in diff if k != "same"] == ["Waffen", "Munition"]


def test_acceptance_translate_json_reports_origin_and_tm(
    memory, echo_model, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(memory.path))
    source = tmp_path / "article.txt"
    source.write_text(article(), encoding="utf-8")
    assert main(["translate", str(source), "--json", "--quiet"]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    origins = [s["origin"] for s in segments]
    assert origins.count("mt") == 2 and len([o for o in origins if o.startswith("tm-")]) == 3
    fuzzy = next(s for s in segments if s["source"] == CHANGED)
    assert fuzzy["tm"][0]["score"] >= 85 and fuzzy["tm"][0]["memory"] == "desk"
    assert set(fuzzy["tm"][0]) >= {"score", "source", "target", "memory"}
    exact = next(s for s in segments if s["source"] == TMX_UNITS[1][0])
    assert exact["target"] == TMX_UNITS[1][1]
    assert main(["translate", str(source), "--json", "--quiet", "--no-memory"]) == 0
    assert {s["origin"] for s in json.loads(capsys.readouterr().out)["segments"]} == {"mt"}


def test_context_match_when_the_neighbours_match_too(workspace, echo_model):
    memory = TranslationMemory(workspace)
    first, second = TMX_UNITS[0][0], TMX_UNITS[1][0]
    memory.add_memory(
        "ctx",
        [NewUnit(second, "with context", prev_source=first), NewUnit(second, "without context")],
    )
    document = translate_document(
        segment_text(f"{first} {second}"), Engine(echo_model), memory=MemoryLookup(memory)
    )
    segment = document.segments[1]
    assert (segment.origin, segment.target, segment.tm[0].score) == (
        ORIGIN_TM_CONTEXT,
        "with context",
        101,
    )
    alone = translate_document(
        segment_text(second), Engine(echo_model), memory=MemoryLookup(memory)
    )
    assert alone.segments[0].origin == ORIGIN_TM_EXACT


# -- acceptance: confirmed in one document, pre-filled in the next --------------------------------


def start(workspace, text: str, engine, name: str = "Artikel") -> OpenDocument:
    document = segment_text(text)
    document.name = name
    doc = OpenDocument.create(workspace, document, {})
    job = jobs.start_translation(workspace, doc.doc_id, engine, [])
    assert job.finished.wait(120) and job.error == ""
    doc.reload()
    return doc


def test_acceptance_a_confirmed_segment_arrives_prefilled_in_a_new_document(workspace, echo_model):
    engine = CountingEngine(echo_model)
    first = start(workspace, "Die Lage im Nordirak ist ernst. Die Ausbilder bleiben.", engine)
    assert first.save_target(0, "The situation in northern Iraq is serious.")
    assert first.confirm(0)
    engine.sent.clear()
    second = start(workspace, "Die Lage im Nordirak ist ernst.", engine, name="Anderer Artikel")
    segment = second.segment(0)
    assert (segment.target, segment.status, segment.origin) == (
        "The situation in northern Iraq is serious.",
        MEMORY,
        ORIGIN_TM_EXACT,
    )
    assert engine.sent == []
    assert segment.tm[0].document == "Artikel"


# -- acceptance: version 2 of an article: exactly the changed and new sentences go to the model --


def test_acceptance_version_2_sends_exactly_three_segments_to_the_model(workspace, echo_model):
    engine = CountingEngine(echo_model)
    sentences = [de for de, _ in TMX_UNITS] + [
        "Die Ausbilder bleiben bis zum Sommer.",
        "Das Mandat endet im Januar.",
    ]
    v1 = start(workspace, " ".join(sentences), engine, name="Nordirak-Einsatz")
    for index in range(len(v1.document.segments)):
        assert v1.confirm(index, f"English {index}.")
    changed = list(sentences)
    changed[1] = "Die Bundeswehr ist seit 2016 im Nordirak im Einsatz."
    changed[4] = "Die Ausbilder bleiben bis zum Herbst."
    changed.append(NEW_SENTENCE)
    engine.sent.clear()
    v2 = start(workspace, " ".join(changed), engine, name="Nordirak-Einsatz (aktualisiert)")
    assert sorted(engine.sent) == sorted([changed[1], changed[4], NEW_SENTENCE])
    for index in (0, 2, 3, 5):
        assert v2.segment(index).target == f"English {index}."
        assert v2.segment(index).status == MEMORY
    assert earlier_version(workspace, v2.document, exclude=v2.doc_id) == v1.doc_id
    earlier = v2.segment(4).tm[0]  # the sentence's old German, for a word diff
    assert (earlier.kind, earlier.source, earlier.target) == (
        "previous-version",
        sentences[4],
        "English 4.",
    )
    assert [t for k, t in word_diff(earlier.source, changed[4]) if k != "same"] == [
        "Sommer.",
        "Herbst.",
    ]
    assert v2.segment(6).tm == [] or v2.segment(6).tm[0].kind != "previous-version"


# -- filled from memory is human work -------------------------------------------------------------


def test_memory_segments_are_protected_and_glossary_checked(workspace, echo_model):
    memory = TranslationMemory(workspace)
    sentence = "Das Bündnis schickt Ausbilder."
    memory.add_memory("old", [NewUnit(sentence, "The pact sends trainers.")])
    glossary = Glossary("house.csv", terms=[Term("Bündnis", "alliance", forbidden=["pact"])])
    engine = Engine(echo_model)
    document = translate_document(
        segment_text(f"{sentence} Die Lage ist ernst."),
        engine,
        [glossary],
        memory=MemoryLookup(memory),
    )
    segment = document.segments[0]
    assert segment.status == MEMORY and [h.status for h in segment.hits] == ["missing"]
    assert {"term-missing", "term-forbidden"} <= {f.code for f in segment.flags}
    doc = OpenDocument.create(
        workspace, document, {"glossaries": ["house.csv"]}, lambda names: Terminology([glossary])
    )
    with pytest.raises(HumanWorkProtected):
        doc.retranslate(0, engine, [glossary])
    with pytest.raises(HumanWorkProtected):
        doc.reset_to_machine(0)
    glossary.terms.append(Term("Ausbilder", "trainers"))
    doc.add_term(Term("Ausbilder", "trainers"), "house.csv", engine, [glossary])
    assert doc.segment(0).target == "The pact sends trainers." and doc.segment(0).status == MEMORY


# -- repetitions ----------------------------------------------------------------------------------


def test_repetitions_are_offered_and_never_overwrite_a_person(workspace, echo_model):
    text = "Die Lage ist ernst. Das Bündnis berät. Die Lage ist ernst. Die Lage  ist ernst."
    doc = start(workspace, text, Engine(echo_model))
    assert doc.repetitions(0) == [2, 3] and doc.repetitions(1) == []
    assert doc.save_target(3, "Things are grave.")  # a person's own English
    assert doc.confirm(0, "The situation is serious.")
    assert doc.segment(2).status != MEMORY  # offered, not applied (the default)
    assert doc.propagate(0) == [2]
    assert (doc.segment(2).target, doc.segment(2).status) == ("The situation is serious.", MEMORY)
    assert doc.segment(3).target == "Things are grave."
    stored = workspace.load(doc.doc_id)[0]
    assert stored.segments[2].target == "The situation is serious."
    doc.propagate_repetitions = True  # the setting: confirming applies it
    doc2 = start(workspace, "Neu hier. Neu hier.", Engine(echo_model), name="zwei")
    doc2.propagate_repetitions = True
    assert doc2.confirm(0, "New here.")
    assert doc2.segment(1).target == "New here." and doc2.segment(1).status == MEMORY


def test_an_edit_replaces_the_unit_and_reset_removes_it(workspace, echo_model):
    doc = start(workspace, "Die Lage ist ernst.", Engine(echo_model))
    memory = TranslationMemory(workspace)
    for text in ("The situation", "The situation is", "The situation is serious."):
        assert doc.save_target(0, text)
    assert [(u.target, u.status) for u in memory.units()] == [
        ("The situation is serious.", "edited")
    ]
    assert doc.confirm(0)
    assert [u.status for u in memory.units()] == ["confirmed"]
    assert doc.reset_to_machine(0, replace_human=True)
    assert list(memory.units()) == []


def test_the_job_counts_memory_segments_as_done(workspace, memory, echo_model):
    document = segment_text(article())
    doc = OpenDocument.create(workspace, document, {})
    job = jobs.start_translation(workspace, doc.doc_id, Engine(echo_model), [])
    assert job.finished.wait(120)
    assert (job.phase, job.done, job.total) == (jobs.DONE, 5, 5)
    stored = workspace.load(doc.doc_id)[0]
    assert [s.status for s in stored.segments].count(MEMORY) == 3
    assert NEW not in [s.status for s in stored.segments]
    fuzzy = next(s for s in stored.segments if s.source == CHANGED)
    assert fuzzy.tm and fuzzy.tm[0].score >= 85


# -- the tm command -------------------------------------------------------------------------------


def test_tm_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(tmp_path / "ws.sqlite3"))
    tmx = tmp_path / "Desk 2024.tmx"
    write_tmx(tmx, [*TMX_UNITS, ("Nur Deutsch.", "")])
    assert main(["tm", "import", str(tmx)]) == 0
    out, err = capsys.readouterr()
    assert '4 units imported into the memory "Desk 2024", 1 skipped' in out
    assert "line 9: the unit has no English (en) text" in err
    assert main(["tm", "import", str(tmx)]) == 1
    assert "exists already" in capsys.readouterr().err
    assert main(["tm", "import", str(tmx), "--name", "desk", "--replace"]) == 0
    capsys.readouterr()
    assert main(["tm", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f'"Desk 2024"\ttmx\t4 units  from "{tmx.name}"',
        f'"desk"\ttmx\t4 units  from "{tmx.name}"',
    ]
    assert main(["tm", "search", "nordirak", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {h["source"] for h in hits} == {TMX_UNITS[1][0], TMX_UNITS[3][0]}
    assert main(["tm", "search", "northern Iraq since 2015"]) == 0
    assert "de: Die Bundeswehr ist seit 2015" in capsys.readouterr().out
    out_file = tmp_path / "all.tmx"
    assert main(["tm", "export", str(out_file), "--memory", "desk"]) == 0
    assert "4 units written" in capsys.readouterr().out
    assert out_file.read_bytes().count(b"<tu ") == 4
    assert main(["tm", "export", str(out_file)]) == 1  # never overwrites
    assert main(["tm", "import", str(tmp_path / "missing.tmx")]) == 1
    assert "Cannot read" in capsys.readouterr().err


def test_translate_without_a_usable_workspace_still_translates(
    echo_model, tmp_path, monkeypatch, capsys
):
    broken = tmp_path / "not-a-workspace.sqlite3"
    broken.write_bytes(b"this is not SQLite" * 100)
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(broken))
    source = tmp_path / "article.txt"
    source.write_text("Die Lage ist ernst.", encoding="utf-8")
    assert main(["translate", str(source), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert out == "Die Lage ist ernst." and "without the translation memory" in err
    assert broken.read_bytes() == b"this is not SQLite" * 100


def test_formatting_tags_of_a_memory_segment_are_kept(workspace, echo_model):
    from workbench.tags import InlineTag, tag_flags

    memory = TranslationMemory(workspace)
    sentence = "Das sagte Jens Stoltenberg am Montag in Brüssel."
    memory.add_memory(
        "desk", [NewUnit(sentence, "Jens Stoltenberg said so in Brussels on Monday.")]
    )
    document = segment_text(sentence)
    start = sentence.index("Jens")
    segment = document.segments[0]
    segment.source_tags = [
        InlineTag(1, "b", start, start + len("Jens Stoltenberg")),
        InlineTag(2, "i", sentence.index("Montag"), sentence.index("Montag") + 6),
    ]
    translate_document(document, Engine(echo_model), memory=MemoryLookup(memory))
    placed = {t.id: (segment.target[t.start : t.end], t.state) for t in segment.target_tags}
    assert placed[1] == ("Jens Stoltenberg", "")  # a name the English keeps: around it
    assert placed[2] == ("", "unplaced")  # no alignment without the model: kept, flagged
    assert [f.code for f in tag_flags(segment)] == ["tag-unplaced"]
