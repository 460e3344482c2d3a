"""Glossary exchange as TBX: our export read by translate-toolkit's TBX reader, other tools' TBX
(v2 with a DOCTYPE, v3, ntig) read by ours."""

from __future__ import annotations

import pytest
from translate.storage import tbx as tk_tbx

from workbench.documents import glossary_from_tbx, glossary_to_tbx
from workbench.glossary.model import Glossary, Term

TERMS = [
    Term(
        "Bundeskanzler",
        "Federal Chancellor",
        note="Amt, nicht Person",
        variants=["Chancellor"],
        forbidden=["Federal Chancellor of Germany"],
    ),
    Term("Bundeswehr", "Bundeswehr", keep=True, note="nicht übersetzen"),
    Term("IS", "Islamic State", case_sensitive=True, forbidden=["ISIS", "ISIL"]),
    Term(
        "Ampel", "traffic-light coalition", case_sensitive=False, note='<Koalition> & "Farben"\x0b'
    ),
]


def test_export_is_read_by_translate_toolkit():
    data = glossary_to_tbx(Glossary("politik", list(TERMS)))
    store = tk_tbx.tbxfile.parsestring(data, sourcelanguage="de", targetlanguage="en")
    assert len(store.units) == len(TERMS)
    for unit, term in zip(store.units, TERMS, strict=True):
        assert [t.text for t in unit.get_source_terms()] == [term.source]
        english = unit.get_target_terms("en")
        assert [t.text for t in english] == [term.target, *term.variants, *term.forbidden]
        assert [t.deprecated for t in english] == [False] * (1 + len(term.variants)) + [True] * len(
            term.forbidden
        )
    assert "Amt, nicht Person" in store.units[0].getnotes()
    assert '<Koalition> & "Farben"' in store.units[3].getnotes()


def test_export_then_import_keeps_every_column():
    back = glossary_from_tbx(glossary_to_tbx(Glossary("politik", list(TERMS))), "politik.tbx")
    assert back.problems == []
    columns = [
        (t.source, t.target, t.note, t.variants, t.forbidden, t.case_sensitive, t.keep)
        for t in back.terms
    ]
    assert columns == [
        (
            t.source,
            t.target,
            t.note.replace("\x0b", "").strip(),
            t.variants,
            t.forbidden,
            t.case_sensitive,
            t.keep,
        )
        for t in TERMS
    ]
    assert all(t.line > 0 for t in back.terms)


TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
<text><body>
<termEntry id="a">
  <descrip type="subjectField">Politik</descrip>
  <langSet xml:lang="de-DE"><tig><term>Bürgergeld</term></tig><tig><term>Grundsicherung</term></tig></langSet>
  <langSet xml:lang="en-GB"><ntig><termGrp><term>citizen's income</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
    <tig><term>basic income support</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
  </langSet>
  <langSet xml:lang="fr"><tig><term>revenu citoyen</term></tig></langSet>
</termEntry>
<termEntry id="b"><langSet xml:lang="en"><tig><term>only English</term></tig></langSet></termEntry>
<termEntry id="c"><langSet xml:lang="de"><tig><term>nur Deutsch</term></tig></langSet></termEntry>
</body></text></martif>
"""

TBX_V3 = """<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="de" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body><conceptEntry id="c1"><note>Verkehr</note>
  <langSec xml:lang="de"><termSec><term>Tempolimit</term></termSec></langSec>
  <langSec xml:lang="en"><termSec><term>speed limit</term></termSec>
    <termSec><term>speed restriction</term></termSec></langSec>
</conceptEntry></body></text></tbx>
"""


def test_tbx_v2_from_other_tools_with_doctype_synonyms_and_problems():
    glossary = glossary_from_tbx(TBX_V2.encode(), "fremd.tbx")
    assert [(t.source, t.target, t.forbidden) for t in glossary.terms] == [
        ("Bürgergeld", "citizen's income", ["basic income support"]),
        ("Grundsicherung", "citizen's income", ["basic income support"]),
    ]
    line = {
        entry: n
        for n, text in enumerate(TBX_V2.splitlines(), 1)
        for entry in "bc"
        if f'id="{entry}"' in text
    }
    assert [(p.line, p.message) for p in glossary.problems] == [
        (line["b"], "entry without a German (de) term; skipped"),
        (line["c"], "'nur Deutsch' has no English (en) term; skipped"),
    ]


def test_tbx_v3_concept_entries():
    glossary = glossary_from_tbx(TBX_V3.encode(), "v3.tbx")
    assert glossary.problems == []
    term = glossary.terms[0]
    assert (term.source, term.target, term.variants) == (
        "Tempolimit",
        "speed limit",
        ["speed restriction"],
    )
    assert term.note == "Verkehr"


@pytest.mark.parametrize("terms", [[], [Term("Maut", "toll")]])
def test_small_glossaries_round_trip(terms):
    back = glossary_from_tbx(glossary_to_tbx(Glossary("klein", terms)), "klein.tbx")
    assert [(t.source, t.target) for t in back.terms] == [(t.source, t.target) for t in terms]


# ---------------------------------------------------------------- workbench glossary convert

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)
ENTRY = "<martif><text><body><termEntry><note>{}</note></termEntry></body></text></martif>"
HOSTILE = [
    # (case id, file name, bytes, words in the reason)
    ("billion-laughs", "boese.tbx", (LAUGHS + ENTRY.format("&lol9;")).encode(), "entities"),
    (
        "external-entity",
        "boese.tbx",
        ('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + ENTRY.format("&x;")).encode(),
        "entities",
    ),
    ("not-well-formed", "boese.tbx", b"<martif><text>", "well-formed"),
    ("not-tbx", "boese.tbx", b"<xliff version='1.2'/>", "not a TBX file"),
    ("no-entries", "leer.tbx", b"<martif><text><body/></text></martif>", "holds no terms"),
    ("binary-csv", "boese.csv", bytes(range(256)) * 8, "binary"),
    ("only-a-header-csv", "leer.csv", b"source,target\n", "holds no terms"),
]


@pytest.mark.parametrize("name, data, words", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_convert_writes_nothing_when_no_term_can_be_read(tmp_path, capsys, name, data, words):
    from workbench.cli import main

    source = tmp_path / name
    source.write_bytes(data)
    target = tmp_path / ("out.csv" if name.endswith(".tbx") else "out.tbx")
    assert main(["glossary", "convert", str(source), str(target)]) == 1
    error = capsys.readouterr().err
    assert f"{source}: " in error and words in error and "nothing was written" in error
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temp file either


def test_tbx_without_entries_says_so():
    glossary = glossary_from_tbx(b"<martif><text><body/></text></martif>", "leer.tbx")
    assert [(p.line, p.severity) for p in glossary.problems] == [(0, "warning")]
    assert "no term entries" in glossary.problems[0].message


def test_write_new_file_never_overwrites(tmp_path):
    from workbench.glossary.files import write_new_file

    path = write_new_file(tmp_path / "a.tbx", b"first")
    with pytest.raises(FileExistsError):
        write_new_file(path, b"second")
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["a.tbx"]
