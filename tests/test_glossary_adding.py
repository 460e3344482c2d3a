"""Adding a term never destroys a row: an existing entry is returned, not replaced; updating
it keeps its note, variants, forbidden renderings and place; every other line keeps its bytes."""

from __future__ import annotations

import codecs
import multiprocessing
import shutil
import threading
from pathlib import Path

import pytest

from workbench.glossary.adding import (
    AS_FORBIDDEN,
    AS_VARIANT,
    GlossaryEditRefused,
    add_term,
    find_existing,
    update_term,
)
from workbench.glossary.files import GlossaryConflict, read_glossary, save_glossary
from workbench.glossary.model import Glossary, Term

STARTER = Path(__file__).parent.parent / "glossaries" / "news-de-en.csv"
FORK = multiprocessing.get_context("fork")


@pytest.fixture
def starter(tmp_path) -> Path:
    path = tmp_path / "news-de-en.csv"
    shutil.copy(STARTER, path)
    return path


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def entry(path: Path, source: str) -> Term:
    return next(t for t in read_glossary(path).terms if t.source == source)


# ---------------------------------------------------------------- the starter glossary


def test_adding_an_existing_source_writes_nothing_and_returns_the_entry(starter):
    before = starter.read_bytes()
    result = add_term(starter, Term("Peschmerga", "Peshmerga"))
    assert not result.added and starter.read_bytes() == before
    existing = result.existing
    assert existing is not None
    assert (existing.source, existing.target, existing.line) == ("Peschmerga", "Peshmerga", 7)
    assert existing.note.startswith("Kurdish forces") and existing.forbidden == ["Peschmerga"]
    assert result.glossary.signature == read_glossary(starter).signature


@pytest.mark.parametrize(
    "typed, found",
    [
        ("Peschmerga", "Peschmerga"),
        ("peschmerga", "Peschmerga"),
        ("PESCHMERGA", "Peschmerga"),
        ("Peschmergas", "Peschmerga"),
        ("  Peschmerga ", "Peschmerga"),
        ("Terror-Miliz", "Terrormiliz"),
        ("Islamischen Staat", "Islamischer Staat"),
        ("Bündnisses", "Bündnis"),
        ("Kurdenmiliz", None),
        ("Bundeskanzlerin", "Bundeskanzlerin"),  # its own entry, not Bundeskanzler's
        ("Staat", None),
    ],
)
def test_variant_spellings_find_the_existing_entry(typed, found):
    existing = find_existing(read_glossary(STARTER), typed.strip())
    assert (existing.source if existing else None) == found


@pytest.mark.parametrize(
    "old_target, variants, forbidden",
    [
        (AS_VARIANT, ["Peshmerga"], ["Peschmerga"]),
        (AS_FORBIDDEN, [], ["Peschmerga", "Peshmerga"]),
    ],
)
def test_updating_keeps_note_variants_forbidden_line_and_every_other_line(
    starter, old_target, variants, forbidden
):
    before = lines_of(starter)
    shown = add_term(starter, Term("peschmerga", "Pêşmerge")).existing
    assert shown is not None
    glossary = update_term(starter, shown, "Pêşmerge", old_target)
    updated = entry(starter, "Peschmerga")
    assert (updated.target, updated.variants, updated.forbidden) == (
        "Pêşmerge",
        variants,
        forbidden,
    )
    assert updated.note == shown.note and updated.line == shown.line == 7
    after = lines_of(starter)
    assert len(after) == len(before)
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [6]
    assert not glossary.problems and glossary.signature == read_glossary(starter).signature


def test_promoting_a_variant_of_a_keep_term(starter):
    shown = entry(starter, "Bundeswehr")
    update_term(starter, shown, "German armed forces", AS_VARIANT)
    updated = entry(starter, "Bundeswehr")
    assert updated.target == "German armed forces" and not updated.keep
    assert updated.variants == ["German military", "German army", "Bundeswehr"]
    assert updated.note == shown.note and updated.line == shown.line


def test_updating_to_the_same_target_changes_nothing(starter):
    before = starter.read_bytes()
    update_term(starter, entry(starter, "Kalifat"), "caliphate", AS_FORBIDDEN)
    assert starter.read_bytes() == before


def test_adding_a_new_term_appends_one_row_and_keeps_every_byte_before(starter):
    before = starter.read_bytes()
    result = add_term(starter, Term("Kurdenmiliz", "Kurdish militia", "Nordirak"))
    assert result.added and result.existing is None
    data = starter.read_bytes()
    assert data.startswith(before)
    assert data[len(before) :] == b"Kurdenmiliz,Kurdish militia,Nordirak,,,,,\r\n"
    assert result.glossary.terms[-1].source == "Kurdenmiliz"
    assert [p.name for p in (starter.parent / ".backups").iterdir()]  # the old one is kept


def test_an_update_based_on_a_stale_entry_is_a_conflict(starter):
    shown = entry(starter, "Peschmerga")
    someone = read_glossary(starter)
    next(t for t in someone.terms if t.source == "Peschmerga").note = "changed by someone"
    save_glossary(someone)
    before = starter.read_bytes()
    with pytest.raises(GlossaryConflict, match="changed since it was shown"):
        update_term(starter, shown, "Pesh Merga", AS_VARIANT)
    assert starter.read_bytes() == before


@pytest.mark.parametrize(
    "term, words",
    [
        (Term("und", "and"), "common German word"),
        (Term("Kurdenmiliz", ""), "no target"),
        (Term("", "summit"), "no source"),
    ],
)
def test_a_term_that_would_not_load_is_refused_and_nothing_written(starter, term, words):
    before = starter.read_bytes()
    with pytest.raises(ValueError, match=words):
        add_term(starter, term)
    assert starter.read_bytes() == before


def test_adding_to_a_missing_glossary_creates_it(tmp_path):
    result = add_term(tmp_path / "neu.csv", Term("Gipfel", "summit"))
    assert result.added and [t.source for t in read_glossary(tmp_path / "neu.csv").terms] == [
        "Gipfel"
    ]


# ---------------------------------------------------------------- other people's files


def test_semicolon_cp1252_file_gets_a_column_and_keeps_its_bytes(tmp_path):
    path = tmp_path / "team.csv"
    original = "Begriff;Übersetzung;Kommentar\r\nAußenminister;foreign minister;ja\r\n"
    original += "Gipfel;summit;\r\n"
    path.write_bytes(original.encode("cp1252"))
    assert add_term(path, Term("Bündnis", "alliance")).added
    update_term(path, entry(path, "Gipfel"), "summit meeting", AS_VARIANT)
    lines = path.read_bytes().decode("cp1252").splitlines(keepends=True)
    assert lines == [
        "Begriff;Übersetzung;Kommentar;variants\r\n",
        "Außenminister;foreign minister;ja\r\n",
        "Gipfel;summit meeting;;summit\r\n",
        "Bündnis;alliance;\r\n",
    ]
    assert entry(path, "Gipfel").variants == ["summit"]


def test_a_file_without_header_gets_one_and_wide_rows_keep_their_meaning(tmp_path):
    path = tmp_path / "google.csv"
    original = b"NATO,NATO\nGipfel,summit,Treffen,old column\nMandat,mandate\n"
    path.write_bytes(original)
    update_term(path, entry(path, "Mandat"), "mandate of parliament", AS_FORBIDDEN)
    assert path.read_bytes().splitlines(keepends=True) == [
        b"source,target,note,,forbidden\n",
        b"NATO,NATO\n",
        b"Gipfel,summit,Treffen,old column\n",
        b"Mandat,mandate of parliament,,,mandate\n",
    ]
    glossary = read_glossary(path)
    assert [(t.source, t.forbidden) for t in glossary.terms] == [
        ("NATO", []),
        ("Gipfel", []),
        ("Mandat", ["mandate"]),
    ]


def test_a_mixed_encoding_file_keeps_its_cp1252_line_bytes(tmp_path):
    path = tmp_path / "mixed.csv"
    original = "source,target\nBündnis,alliance\n".encode() + "Außenamt,foreign office\n".encode(
        "cp1252"
    )
    path.write_bytes(original)
    assert add_term(path, Term("Übung", "exercise")).added
    assert path.read_bytes() == original + "Übung,exercise\n".encode()


def test_utf16_file_is_rewritten_whole_when_nothing_is_lost(tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes("Quelle\tZiel\nBündnis\talliance\n".encode("utf-16"))
    assert add_term(path, Term("Gipfel", "summit")).added
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert [t.source for t in read_glossary(path).terms] == ["Bündnis", "Gipfel"]


def test_a_term_the_encoding_cannot_hold_rewrites_the_file_in_utf8(tmp_path):
    path = tmp_path / "team.csv"
    path.write_bytes("Quelle;Ziel\r\nAußenamt;foreign office\r\n".encode("cp1252"))
    assert add_term(path, Term("Łódź", "Lodz")).added
    assert [t.source for t in read_glossary(path).terms] == ["Außenamt", "Łódź"]
    assert read_glossary(path).detected["encoding"] == "utf-8-sig"


def test_a_rewrite_that_would_drop_rows_is_refused(tmp_path):
    path = tmp_path / "unicode.csv"
    original = "Quelle\tZiel\nBündnis\talliance\nund\tand\n".encode("utf-16")
    path.write_bytes(original)
    with pytest.raises(GlossaryEditRefused, match=r"rows that were not loaded \(line 3\)"):
        add_term(path, Term("Gipfel", "summit"))
    assert path.read_bytes() == original


# ---------------------------------------------------------------- concurrent adds


def _add_many(path: str, worker: int, count: int) -> None:
    for i in range(count):
        add_term(path, Term(f"Begriff{worker}x{i}", f"term {worker} {i}"))


@pytest.mark.parametrize("kind", ["processes", "threads"])
def test_concurrent_adds_all_land(starter, kind):
    make = FORK.Process if kind == "processes" else threading.Thread
    workers = [make(target=_add_many, args=(str(starter), w, 10)) for w in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    sources = {t.source for t in read_glossary(starter).terms}
    assert {f"Begriff{w}x{i}" for w in range(3) for i in range(10)} <= sources
    assert "Peschmerga" in sources


@pytest.mark.parametrize(
    "typed, found",
    [("Häuser", "Haus"), ("Mutter", "Mütter"), ("Ärzten", "Arzt"), ("Staaten", "Staat")],
)
def test_lemmas_that_change_umlauts_still_find_the_entry(typed, found):
    glossary = Glossary("g", terms=[Term(s, "x") for s in ("Haus", "Mütter", "Arzt", "Staat")])
    existing = find_existing(glossary, typed)
    assert (existing.source if existing else None) == found
