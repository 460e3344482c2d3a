"""The translation memory's parts: normalisation and scores, storage, TMX in and out."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing

import pytest
from translate.storage import tmx as toolkit_tmx

from workbench.document import CONFIRMED, EDITED, TRANSLATED
from workbench.memory import TmxError, TranslationMemory, import_tmx_file, import_tmx_stream
from workbench.memory.store import NewUnit
from workbench.memory.text import normalise, number_differences, scores, word_diff
from workbench.memory.tmx import write_tmx
from workbench.segmenting import segment_text
from workbench.workspace import Workspace, WorkspaceError

STOLTENBERG = (
    "NATO-Generalsekretär Jens Stoltenberg sagte am Montag in Brüssel, das Bündnis stehe "
    "geschlossen hinter der Ukraine."
)
BUNDESWEHR = "Die Bundeswehr ist seit 2015 im Nordirak im Einsatz."


def tmx_file(units: str, version: str = "1.4", doctype: str = "") -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' + (doctype + "\n" if doctype else "")
    return (
        head + f'<tmx version="{version}">\n<header srclang="de-DE" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="test" creationtool="test" '
        'creationtoolversion="1"/>\n<body>\n' + units + "\n</body>\n</tmx>\n"
    ).encode("utf-8")


def tu(de: str, en: str, lang_attr: str = "xml:lang") -> str:
    return (
        f'<tu><tuv {lang_attr}="de-DE"><seg>{de}</seg></tuv>'
        f'<tuv {lang_attr}="en-GB"><seg>{en}</seg></tuv></tu>'
    )


@pytest.fixture
def memory(tmp_path):
    return TranslationMemory(Workspace(tmp_path / "ws.sqlite3"))


# -- text ----------------------------------------------------------------------------------------


def test_normalise_whitespace_and_typographic_quotes():
    assert (
        normalise(" „Wir   stehen\u00a0zusammen“,\n sagte er. ")
        == '"Wir stehen zusammen", sagte er.'
    )
    assert normalise("‚Nein‘ – sagt er’s") == "'Nein' – sagt er's"
    assert normalise("Die Lage") != normalise("die Lage")  # case counts for an exact match


def test_scores_are_omegat_token_similarity():
    one_word = STOLTENBERG.replace("Montag", "Dienstag")
    found = scores(STOLTENBERG, one_word)
    assert found.words == found.full == 100 * (15 - 1) // 15  # 15 tokens, one different
    # another number: the words agree, the full score (numbers counted) does not
    other_year = scores(BUNDESWEHR, BUNDESWEHR.replace("2015", "2016"))
    assert (other_year.words, other_year.full) == (100, 100 * 8 // 9)
    assert number_differences(BUNDESWEHR, BUNDESWEHR.replace("2015", "2016")) == ["2015", "2016"]
    # an inflected form: the lemmas agree, the words do not
    inflected = scores("Das Bündnis schickt Soldaten.", "Des Bündnisses schickt Soldaten.")
    assert inflected.lemmas > inflected.words


def test_word_diff_marks_the_changed_word():
    diff = word_diff(STOLTENBERG, STOLTENBERG.replace("Montag", "Dienstag"))
    assert ("gone", "Montag") in diff and ("new", "Dienstag") in diff
    assert " ".join(t for k, t in diff if k != "gone") == STOLTENBERG.replace("Montag", "Dienstag")


# -- storage -------------------------------------------------------------------------------------


def test_record_keeps_one_unit_per_segment_and_follows_it(memory):
    document = segment_text(f"{STOLTENBERG} {BUNDESWEHR}")
    document.name = "Nordirak"
    for i, segment in enumerate(document.segments):
        segment.id = f"s{i}"
    segment = document.segments[1]
    segment.target, segment.status = "The Bundeswehr has been in northern Iraq since 2015.", EDITED
    memory.record("doc1", document, 1)
    segment.target = "The Bundeswehr has been deployed in northern Iraq since 2015."
    memory.record("doc1", document, 1)
    assert len(memory.search("been deployed")) == 1 and memory.search("been in") == []
    segment.status = CONFIRMED
    memory.record("doc1", document, 1)
    units = list(memory.units())
    assert [(u.target, u.status, u.document) for u in units] == [
        (segment.target, CONFIRMED, "Nordirak")
    ]
    assert units[0].prev_norm == normalise(STOLTENBERG) and units[0].next_norm == ""
    assert memory.memories()[0].name == "workspace"
    segment.status = TRANSLATED  # back to machine text: no longer a person's work
    memory.record("doc1", document, 1)
    assert list(memory.units()) == []


def test_exact_lookup_prefers_confirmed_and_newest(memory):
    memory.add_memory("old", [NewUnit(BUNDESWEHR, "old English", changed="2020-01-01T00:00:00")])
    memory.add_memory("new", [NewUnit(BUNDESWEHR, "new English", changed="2024-01-01T00:00:00")])
    found = memory.exact([normalise("Die  Bundeswehr ist seit 2015 im Nordirak im Einsatz. ")])
    assert [u.target for u in found[normalise(BUNDESWEHR)]] == ["new English", "old English"]


def test_fuzzy_finds_a_one_word_change_among_many(memory):
    filler = [
        NewUnit(f"Die Regierung in Berlin berät am Tag {n} über den Haushalt.", f"Day {n}.")
        for n in range(2000)
    ]
    memory.add_memory("news", [*filler, NewUnit(STOLTENBERG, "Stoltenberg said.")])
    found = memory.fuzzy(STOLTENBERG.replace("Montag", "Dienstag"))
    assert [(s.score, u.target) for s, u in found] == [(93, "Stoltenberg said.")]
    assert memory.fuzzy("Ganz etwas anderes steht hier geschrieben.") == []
    # the threshold is a setting: a two-word change is found at 75 but not at 90
    two = STOLTENBERG.replace("Montag", "Dienstag").replace("Brüssel", "Berlin")
    assert memory.fuzzy(two, threshold=75) and not memory.fuzzy(two, threshold=90)


def test_concordance_search_in_german_and_english(memory):
    memory.add_memory(
        "news",
        [
            NewUnit(BUNDESWEHR, "The Bundeswehr has been in northern Iraq since 2015.", "A"),
            NewUnit(STOLTENBERG, "Stoltenberg said the alliance stood united.", "B"),
        ],
    )
    assert [u.document for u in memory.search("nordirak")] == ["A"]
    assert [u.document for u in memory.search("alliance stood")] == ["B"]
    assert memory.search("stood alliance") == []  # a phrase, in its order
    assert memory.search('"; DROP TABLE memory_units; --') == []
    assert memory.search("") == []


def test_memory_names(memory):
    memory.add_memory("news", [NewUnit(BUNDESWEHR, "x")])
    with pytest.raises(WorkspaceError, match="exists already"):
        memory.add_memory("news", [NewUnit(BUNDESWEHR, "y")])
    with pytest.raises(WorkspaceError, match="own confirmed segments"):
        memory.add_memory("workspace", [])
    memory.add_memory("news", [NewUnit(BUNDESWEHR, "y")], replace=True)
    assert [(m.name, m.units) for m in memory.memories()] == [("news", 1)]
    assert [u.target for u in memory.units("news")] == ["y"]
    memory.delete_memory("news")
    assert memory.memories() == []


# -- TMX -----------------------------------------------------------------------------------------


def test_tmx_import_with_doctype_inline_codes_and_versions(memory):
    data = tmx_file(
        tu(
            BUNDESWEHR,
            'The <bpt i="1">&lt;b&gt;</bpt>Bundeswehr<ept i="1">&lt;/b&gt;</ept> is there.',
        )
        + "\n"
        + tu("Er sagte: <hi>Nein</hi>.", 'He said: "No".'),
        doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    )
    report = import_tmx_stream(memory, io.BytesIO(data), "cat.tmx", "cat")
    assert (report.units, report.skipped) == (2, 0)
    assert [u.target for u in memory.units()] == ["The Bundeswehr is there.", 'He said: "No".']
    assert [u.source for u in memory.units()][1] == "Er sagte: Nein."
    # TMX 1.1 names the language with `lang`
    old = tmx_file(tu(STOLTENBERG, "Stoltenberg said.", "lang"), version="1.1")
    assert import_tmx_stream(memory, io.BytesIO(old), "old.tmx", "old").units == 1


def test_tmx_bad_units_are_reported_with_their_line_and_skipped(memory):
    units = "\n".join(
        [
            tu(BUNDESWEHR, "Good."),
            '<tu><tuv xml:lang="de"><seg>Nur Deutsch.</seg></tuv></tu>',
            '<tu><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu>',
            tu("Zu lang " * 2000, "Too long."),
            tu(STOLTENBERG, "Also good."),
        ]
    )
    report = import_tmx_stream(memory, io.BytesIO(tmx_file(units)), "mixed.tmx", "mixed")
    assert (report.units, report.skipped) == (2, 3)
    assert report.problems == [
        "mixed.tmx line 6: the unit has no English (en) text; skipped.",
        "mixed.tmx line 7: the unit has no German (de) text; skipped.",
        "mixed.tmx line 8: a text of the unit is longer than 10000 characters; skipped.",
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<tmx><body><tu><tuv xml:lang='de'><seg>&b;</seg></tuv></tu></body></tmx>",
            "declares XML entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<tmx><body/></tmx>",
            "declares XML entities",
        ),
        (b"<xliff><file/></xliff>", "not a TMX file"),
        (b"<tmx><body><tu></body></tmx>", "not well-formed XML .*line 1"),
        (b"", "is empty"),
    ],
)
def test_tmx_files_that_are_refused_import_nothing(memory, data, message):
    with pytest.raises(TmxError, match=message):
        import_tmx_stream(memory, io.BytesIO(data), "bad.tmx", "bad")
    assert memory.memories() == []


def test_tmx_size_cap_is_its_own(memory, tmp_path):
    data = tmx_file("\n".join(tu(f"Satz {n}.", f"Sentence {n}.") for n in range(2000)))
    with pytest.raises(TmxError, match="larger than 0 MB"):
        import_tmx_stream(memory, io.BytesIO(data), "big.tmx", "big", max_bytes=len(data) - 1)
    assert memory.memories() == []
    path = tmp_path / "big.tmx"
    path.write_bytes(data)
    assert import_tmx_file(memory, path).units == 2000  # under the real cap
    assert memory.memories()[0].name == "big"


def test_tmx_export_reads_back_here_and_in_translate_toolkit(memory):
    memory.add_memory(
        "news",
        [
            NewUnit(BUNDESWEHR, "The Bundeswehr <b> & co\x0b.", "Artikel 1", prev_source="Vorher."),
            NewUnit(STOLTENBERG, "Stoltenberg said.", "Artikel 2"),
        ],
    )
    out = io.BytesIO()
    assert write_tmx(memory.units(), out) == 2
    store = toolkit_tmx.tmxfile(io.BytesIO(out.getvalue()))
    assert [(u.source, u.target) for u in store.units] == [
        (BUNDESWEHR, "The Bundeswehr <b> & co\n."),
        (STOLTENBERG, "Stoltenberg said."),
    ]
    report = import_tmx_stream(memory, io.BytesIO(out.getvalue()), "export.tmx", "again")
    again = list(memory.units("again"))
    assert report.units == 2
    assert [(u.document, u.prev_norm) for u in again] == [
        ("Artikel 1", "Vorher."),
        ("Artikel 2", ""),
    ]


def test_a_migrated_workspace_has_a_working_memory(tmp_path):
    from test_workspace_schema import write_schema_1_file

    path = tmp_path / "old.sqlite3"
    write_schema_1_file(path)
    memory = TranslationMemory(Workspace(path))  # migrated 1 -> 4
    with closing(sqlite3.connect(path)) as conn:
        triggers = {
            n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    with closing(sqlite3.connect(tmp_path / "new.sqlite3")) as conn:
        Workspace(tmp_path / "new.sqlite3")
        fresh = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert triggers == fresh == {"memory_units_ai", "memory_units_ad", "memory_units_au"}
    memory.add_memory("news", [NewUnit(BUNDESWEHR, "The Bundeswehr is in northern Iraq.")])
    assert [u.target for u in memory.search("Nordirak")] == ["The Bundeswehr is in northern Iraq."]
    memory.delete_memory("news")
    assert memory.search("Nordirak") == []  # the index follows deletions
