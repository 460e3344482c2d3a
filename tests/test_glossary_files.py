"""Glossary files: reading what users bring, saving safely, safe file names."""

from __future__ import annotations

import codecs
import csv
import io
import os
from pathlib import Path

import pytest

from workbench.glossary.files import (
    BACKUP_FOLDER,
    BACKUPS_KEPT,
    FORMULA_START,
    GlossaryConflict,
    glossary_to_csv_bytes,
    list_glossaries,
    parse_glossary,
    read_glossary,
    safe_glossary_path,
    save_glossary,
)
from workbench.glossary.model import ERROR, WARNING, Glossary, Term

STARTER = Path(__file__).parent.parent / "glossaries" / "news-de-en.csv"


def pairs(glossary: Glossary) -> list[tuple[str, str]]:
    return [(t.source, t.target) for t in glossary.terms]


# ---------------------------------------------------------------- reading: formats

FORMATS = [
    # (case id, bytes, expected (source, target) pairs, encoding, separator, header?)
    (
        "utf8-comma",
        "source,target\nBündnis,alliance\n".encode(),
        [("Bündnis", "alliance")],
        "utf-8",
        ",",
        True,
    ),
    (
        "utf8-bom",
        codecs.BOM_UTF8 + "source,target\nBündnis,alliance\n".encode(),
        [("Bündnis", "alliance")],
        "utf-8-sig",
        ",",
        True,
    ),
    (
        "cp1252-semicolon-german-excel",
        "Quelle;Ziel;Anmerkung\r\nAußenminister;foreign minister;Büro\r\nMilitärschule;military "
        "school;\r\n".encode("cp1252"),
        [("Außenminister", "foreign minister"), ("Militärschule", "military school")],
        "cp1252",
        ";",
        True,
    ),
    (
        "tab",
        b"Deutsch\tEnglisch\nNordirak\tnorthern Iraq\n",
        [("Nordirak", "northern Iraq")],
        "utf-8",
        "\t",
        True,
    ),
    (
        "no-header-two-columns",
        b"NATO,NATO\nGipfel,summit\n",
        [("NATO", "NATO"), ("Gipfel", "summit")],
        "utf-8",
        ",",
        False,
    ),
    (
        "no-header-semicolon-notes-with-commas",
        "Anschlag;attack;Bombe, Schüsse\nGipfel;summit;Treffen, Konferenz\n".encode(),
        [("Anschlag", "attack"), ("Gipfel", "summit")],
        "utf-8",
        ";",
        False,
    ),
    (
        "comma-notes-with-semicolons",
        b'Anschlag,attack,"vgl. Terroranschlag; Attentat"\nGipfel,summit,Treffen; Konferenz\n',
        [("Anschlag", "attack"), ("Gipfel", "summit")],
        "utf-8",
        ",",
        False,
    ),
    (
        "cat-tool-headers",
        b"Source Term,Target Term,Comment\nMandat,mandate,x\n",
        [("Mandat", "mandate")],
        "utf-8",
        ",",
        True,
    ),
    (
        "language-code-headers",
        b"de-DE;en-GB\nKalifat;caliphate\n",
        [("Kalifat", "caliphate")],
        "utf-8",
        ";",
        True,
    ),
    (
        "utf16-excel-unicode-text",
        "Quelle\tZiel\nBündnis\talliance\n".encode("utf-16"),
        [("Bündnis", "alliance")],
        "utf-16",
        "\t",
        True,
    ),
    (
        "utf16-le-without-bom",
        "Quelle\tZiel\nBündnis\talliance\n".encode("utf-16-le"),
        [("Bündnis", "alliance")],
        "utf-16-le",
        "\t",
        True,
    ),
    (
        "utf16-be-without-bom",
        "Quelle;Ziel\r\nAußenamt;foreign office\r\n".encode("utf-16-be"),
        [("Außenamt", "foreign office")],
        "utf-16-be",
        ";",
        True,
    ),
    (
        "mac-roman",
        "Quelle;Ziel\nBündnis;alliance\nAußenamt;foreign office\n".encode("mac_roman"),
        [("Bündnis", "alliance"), ("Außenamt", "foreign office")],
        "mac_roman",
        ";",
        True,
    ),
    (
        "term-row-that-looks-like-a-header-word",
        b"Ziel;goal\nQuelle;source\n",
        [("Ziel", "goal"), ("Quelle", "source")],
        "utf-8",
        ";",
        False,
    ),
]


@pytest.mark.parametrize(
    "data, expected, encoding, separator, header",
    [case[1:] for case in FORMATS],
    ids=[case[0] for case in FORMATS],
)
def test_reads_formats(data, expected, encoding, separator, header):
    glossary = parse_glossary(data, "upload.csv")
    assert pairs(glossary) == expected
    assert not glossary.has_errors, glossary.problems
    assert glossary.detected["encoding"] == encoding
    assert glossary.detected["separator"] == separator
    assert glossary.detected["header"] is header


def test_header_mapping_is_recorded_and_optional_columns_read():
    data = (
        "Begriff;Übersetzung;Kommentar;Varianten;Verboten;Groß/Kleinschreibung;DNT\n"
        "Verteidigungsminister;defence minister;Stil;defense minister| Minister of Defence;"
        "Defence Secretary;nein;\nBundeswehr;;;German armed forces;;;ja\n"
    ).encode()
    glossary = parse_glossary(data, "team.csv")
    assert glossary.detected["columns"]["Begriff"] == "source"
    assert glossary.detected["columns"]["DNT"] == "keep"
    minister, army = glossary.terms
    assert minister.variants == ["defense minister", "Minister of Defence"]
    assert minister.forbidden == ["Defence Secretary"]
    assert minister.case_sensitive is False and minister.note == "Stil"
    assert army.keep and army.target == "Bundeswehr" and army.case_sensitive is None
    assert glossary.name == "team" and not glossary.problems


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_quoted_fields_with_line_breaks_keep_physical_line_numbers(newline):
    data = (
        (
            "source,target,note\n"
            'Bündnis,alliance,"first line\nsecond line"\n'
            'Gipfel,summit,"a, b"\n'
            ",missing source,\n"
        )
        .replace("\n", newline)
        .encode()
    )
    glossary = parse_glossary(data, "q.csv")
    assert [(t.source, t.line) for t in glossary.terms] == [("Bündnis", 2), ("Gipfel", 4)]
    assert glossary.terms[0].note == f"first line{newline}second line"
    assert [(p.line, p.severity) for p in glossary.problems] == [(5, ERROR)]


def test_stray_quote_swallowing_rows_is_reported():
    lines = ["source,target,note", 'Bündnis,alliance,"unclosed']
    lines += [f"Wort{i},word{i}," for i in range(6)]
    glossary = parse_glossary("\n".join(lines).encode(), "q.csv")
    assert any("stray quotation mark" in p.message and p.line == 2 for p in glossary.problems)


# ---------------------------------------------------------------- reading: problems

PROBLEMS = [
    # (case id, rows after the header, expected (line, severity, words in message), loaded sources)
    ("empty-source", ",alliance", [(2, ERROR, "no source term")], []),
    ("empty-target", "Bündnis,", [(2, ERROR, "no target")], []),
    ("keep-without-target", "Bundestag,,,,,,yes", [], ["Bundestag"]),
    (
        "keep-with-other-target",
        "Bundestag,parliament,,,,,yes",
        [(2, WARNING, "keep=yes")],
        ["Bundestag"],
    ),
    (
        "duplicate-different-target",
        "Gipfel,summit\nGipfel,peak",
        [(3, ERROR, "already on line 2")],
        ["Gipfel"],
    ),
    (
        "duplicate-same-target",
        "Gipfel,summit\nGipfel,summit",
        [(3, WARNING, "already on line 2")],
        ["Gipfel", "Gipfel"],
    ),
    ("stopword", "die,the\nund,and", [(2, ERROR, "common German word"), (3, ERROR, "common")], []),
    ("single-letter", "A,a", [(2, ERROR, "too short")], []),
    ("two-letters", "Ei,egg", [(2, WARNING, "very short")], ["Ei"]),
    ("acronym-two-letters-ok", "IS,IS", [], ["IS"]),
    ("formula", "=HYPERLINK(1),x", [(2, WARNING, "formula")], ["=HYPERLINK(1)"]),
    ("our-apostrophe-removed", "'-stämmig,-born", [(2, WARNING, "formula")], ["-stämmig"]),
    ("other-apostrophe-kept", "'s-Hertogenbosch,Den Bosch", [], ["'s-Hertogenbosch"]),
    (
        "prefix-clash",
        "Gipfel,summit\nGipfeltreffen,summit meeting",
        [(3, WARNING, "beginning of 'Gipfeltreffen'")],
        ["Gipfel", "Gipfeltreffen"],
    ),
    (
        "inflected-form-is-no-clash",
        "Bundeskanzler,chancellor\nBundeskanzlerin,chancellor",
        [],
        ["Bundeskanzler", "Bundeskanzlerin"],
    ),
    ("bad-yes-no", "Gipfel,summit,,,,vielleicht", [(2, WARNING, "not yes or no")], ["Gipfel"]),
    (
        "good-rows-still-load",
        "Gipfel,summit\n,x\nMandat,mandate",
        [(3, ERROR, "no source")],
        ["Gipfel", "Mandat"],
    ),
    ("whitespace-stripped-only", "  Bündnis  ,  the  alliance ", [], ["Bündnis"]),
]


@pytest.mark.parametrize(
    "rows, expected, loaded", [c[1:] for c in PROBLEMS], ids=[c[0] for c in PROBLEMS]
)
def test_problems_per_row(rows, expected, loaded):
    data = ("source,target,note,variants,forbidden,case_sensitive,keep\n" + rows + "\n").encode()
    glossary = parse_glossary(data, "g.csv")
    assert [t.source for t in glossary.terms] == loaded
    assert len(glossary.problems) == len(expected), glossary.problems
    for problem, (line, severity, words) in zip(glossary.problems, expected, strict=True):
        assert (problem.line, problem.severity) == (line, severity)
        assert words in problem.message and problem.file == "g.csv"
        assert str(problem).startswith(f"g.csv:{line}: {severity}:")


def test_whitespace_inside_cells_is_kept():
    glossary = parse_glossary(b"source,target\n  B\xc3\xbcndnis  ,  the  alliance \n", "g.csv")
    assert glossary.terms[0].target == "the  alliance"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"  \r\n\n", "empty"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"PK\x03\x04" + b"\x00" * 50, "Excel workbook"),
        (b"just one column\nanother\n", "only one column"),
    ],
)
def test_unusable_files_give_a_clear_problem(data, words):
    glossary = parse_glossary(data, "bad.csv")
    assert not glossary.terms
    assert glossary.problems and words in glossary.problems[0].message
    assert glossary.has_errors


@pytest.mark.parametrize(
    "data, words",
    [
        (b"source,target\n", "only a header"),
        (b"Mandat,mandate\nGipfel,summit,,extra\n", "after the third"),
        (b"source,target,Owner\nGipfel,summit,Anna\n", "column 'Owner' is not used"),
    ],
)
def test_warnings_about_the_whole_file(data, words):
    glossary = parse_glossary(data, "w.csv")
    assert [p.severity for p in glossary.problems] == [WARNING]
    assert words in glossary.problems[0].message


@pytest.mark.parametrize("text", ["Euro;euro;100 €", "Bündnis;alliance;Kürzel … usw."])
def test_cp1252_with_euro_or_ellipsis_is_not_taken_for_mac_roman(text):
    glossary = parse_glossary(text.encode("cp1252"), "w.csv")
    assert glossary.detected["encoding"] == "cp1252"
    assert glossary.terms[0].note == text.split(";")[2]


def test_read_missing_file_is_a_problem_not_a_traceback(tmp_path):
    glossary = read_glossary(tmp_path / "nope.csv")
    assert glossary.problems[0].file == "nope.csv" and "cannot read" in glossary.problems[0].message


def test_starter_glossary_loads_cleanly():
    glossary = read_glossary(STARTER)
    assert not glossary.problems
    assert len(glossary.terms) >= 35
    by_source = {t.source: t for t in glossary.terms}
    assert by_source["NATO"].keep and by_source["Bundeswehr"].keep
    assert by_source["NATO-Generalsekretär"].target == "NATO Secretary General"
    assert "defense minister" in by_source["Verteidigungsminister"].variants


# ---------------------------------------------------------------- saving


def make_glossary() -> Glossary:
    return Glossary(
        "news",
        terms=[
            Term("Bündnis", "alliance", "NATO, usually"),
            Term("-stämmig", "=born", "starts like a formula", variants=["+x", "y"]),
            Term("NATO", "NATO", keep=True, forbidden=["Nato"], case_sensitive=True),
            Term("Gipfel", "summit", 'line\nbreak "quoted"', case_sensitive=False),
        ],
    )


def test_csv_bytes_round_trip_and_neutralise_formulas():
    original = make_glossary()
    data = glossary_to_csv_bytes(original)
    assert data.startswith(codecs.BOM_UTF8)
    header = b"source,target,note,variants,forbidden,case_sensitive,keep,plural"
    assert data.splitlines()[0] == codecs.BOM_UTF8 + header
    assert b"'-st\xc3\xa4mmig,'=born" in data and b"'+x|y" in data
    again = parse_glossary(data, "news.csv")
    assert not again.problems
    assert [
        (t.source, t.target, t.note, t.variants, t.forbidden, t.case_sensitive, t.keep)
        for t in again.terms
    ] == [
        (t.source, t.target, t.note, t.variants, t.forbidden, t.case_sensitive, t.keep)
        for t in original.terms
    ]


def test_save_is_atomic_and_updates_signature(tmp_path):
    glossary = make_glossary()
    path = save_glossary(glossary, tmp_path / "news.csv")
    assert path == tmp_path / "news.csv" and glossary.path == path
    assert read_glossary(path).signature == glossary.signature
    # no temp file left; the hidden lock file stays (removing it would race with waiters)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".news.csv.lock", "news.csv"]
    assert oct(path.stat().st_mode & 0o777) == "0o644"


def test_failed_write_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    glossary = make_glossary()
    path = save_glossary(glossary, tmp_path / "news.csv")
    before = path.read_bytes()
    glossary.terms.append(Term("Mandat", "mandate"))

    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_glossary(glossary)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_backups_are_capped_and_not_listed(tmp_path):
    glossary = make_glossary()
    save_glossary(glossary, tmp_path / "news.csv")
    for i in range(BACKUPS_KEPT + 3):
        glossary.terms.append(Term(f"Wort{i}", f"word{i}"))
        save_glossary(glossary)
    backups = sorted((tmp_path / BACKUP_FOLDER).iterdir())
    assert len(backups) == BACKUPS_KEPT
    assert all(b.name.startswith("news.csv.") for b in backups)
    # the newest backup is the version before the last save
    assert len(read_glossary(backups[-1]).terms) == len(glossary.terms) - 1
    assert list_glossaries(tmp_path) == [tmp_path / "news.csv"]


def test_conflict_refused_then_forced(tmp_path):
    path = tmp_path / "news.csv"
    save_glossary(make_glossary(), path)
    mine, theirs = read_glossary(path), read_glossary(path)
    theirs.terms.append(Term("Mandat", "mandate"))
    save_glossary(theirs)
    mine.terms.append(Term("Kalifat", "caliphate"))
    with pytest.raises(GlossaryConflict, match=r"changed on disk since you loaded it.*reload"):
        save_glossary(mine)
    assert "Mandat" in [t.source for t in read_glossary(path).terms]  # theirs is untouched
    save_glossary(mine, force=True)
    assert "Kalifat" in [t.source for t in read_glossary(path).terms]


def test_new_glossary_does_not_overwrite_existing_file(tmp_path):
    save_glossary(make_glossary(), tmp_path / "news.csv")
    with pytest.raises(GlossaryConflict, match="already exists"):
        save_glossary(Glossary("news", terms=[Term("Gipfel", "summit")]), tmp_path / "news.csv")


def test_save_without_path_is_a_clear_error():
    with pytest.raises(ValueError, match="no file yet"):
        save_glossary(Glossary("draft"))


def test_list_glossaries(tmp_path):
    for name in ("b.csv", "a.csv", ".hidden.csv", "notes.txt", ".a.csv.123.tmp"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub.csv").mkdir()
    assert list_glossaries(tmp_path) == [tmp_path / "a.csv", tmp_path / "b.csv"]
    assert list_glossaries(tmp_path / "missing") == []


@pytest.mark.parametrize(
    "name, expected",
    [
        ("news-de-en.csv", "news-de-en.csv"),
        ("News DE EN", "News DE EN.csv"),
        ("Glossar_Bündnis.CSV", "Glossar_Bündnis.csv"),
        ("  team.csv  ", "team.csv"),
    ],
)
def test_safe_glossary_path_accepts(tmp_path, name, expected):
    assert safe_glossary_path(tmp_path, name) == tmp_path / expected


@pytest.mark.parametrize(
    "name, words",
    [
        ("../evil.csv", "folder separator"),
        ("/etc/x", "folder separator"),
        ("a/b.csv", "folder separator"),
        ("C:\\Users\\x.csv", "folder separator"),
        ("..", "'..'"),
        (".backups", "starts with '.'"),
        ("", "empty"),
        ("evil<script>.csv", "characters"),
        ("x" * 120, "longer than"),
        ("CON.csv", "reserved"),
        ("news\x00.csv", "forbidden character (the control character U+0000)"),
        ("a\x00/b.csv", "forbidden character"),
        ("news\n.csv", "forbidden character (the control character U+000A)"),
    ],
)
def test_safe_glossary_path_refuses(tmp_path, name, words):
    with pytest.raises(ValueError, match="cannot be used as a glossary file name") as error:
        safe_glossary_path(tmp_path, name)
    assert words in str(error.value)
    assert str(error.value).isprintable()  # a NUL or line break is shown escaped


# ---------------------------------------------------------------- encodings said, never silent

ENCODING_GUESSES = [
    # (case id, bytes, encoding, words in the warning, warning line, sources read)
    (
        "cp1252-excel-csv",
        "Quelle;Ziel\r\nNATO;NATO\r\nAußenminister;foreign minister\r\n".encode("cp1252"),
        "cp1252",
        "read as Windows-1252",
        3,
        ["NATO", "Außenminister"],
    ),
    (
        "mac-roman",
        "Quelle;Ziel\nBündnis;alliance\nAußenamt;foreign office\n".encode("mac_roman"),
        "mac_roman",
        "read as Mac Roman",
        2,
        ["Bündnis", "Außenamt"],
    ),
    (
        "utf8-with-one-cp1252-line",
        "source,target\nBündnis,alliance\nMilitärbündnis,military alliance\n".encode()
        + "Außenminister,foreign minister\n".encode("cp1252")
        + "Übung,exercise\n".encode(),
        "utf-8",
        "UTF-8 except line(s) 4",
        4,
        ["Bündnis", "Militärbündnis", "Außenminister", "Übung"],
    ),
]


@pytest.mark.parametrize(
    "data, encoding, words, line, sources",
    [case[1:] for case in ENCODING_GUESSES],
    ids=[case[0] for case in ENCODING_GUESSES],
)
def test_an_assumed_encoding_is_said_in_detected_and_as_a_warning(
    data, encoding, words, line, sources
):
    glossary = parse_glossary(data, "team.csv")
    assert [t.source for t in glossary.terms] == sources  # no mojibake ("BÃ¼ndnis")
    assert glossary.detected["encoding"] == encoding
    assert glossary.detected["encoding_assumed"] is True
    warnings = [p for p in glossary.problems if "encoding" in p.message or "UTF-8" in p.message]
    assert len(warnings) == 1 and warnings[0].severity == WARNING
    assert words in warnings[0].message and warnings[0].line == line
    assert str(warnings[0]).startswith(f"team.csv:{line}: warning:")


def test_mixed_file_records_the_lines_read_as_cp1252():
    data = "source,target\nBündnis,alliance\n".encode() + "Außenamt,foreign office\n".encode(
        "cp1252"
    )
    assert parse_glossary(data, "m.csv").detected["cp1252_lines"] == [3]


@pytest.mark.parametrize(
    "data",
    [
        "source,target\nBündnis,alliance\n".encode(),
        codecs.BOM_UTF8 + "source,target\nBündnis,alliance\n".encode(),
        "Quelle\tZiel\nBündnis\talliance\n".encode("utf-16"),
        "Quelle\tZiel\nBündnis\talliance\n".encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-le"],
)
def test_a_proven_encoding_gives_no_warning(data):
    glossary = parse_glossary(data, "g.csv")
    assert glossary.detected["encoding_assumed"] is False
    assert not glossary.problems


def test_broken_utf16_is_read_with_a_warning_naming_the_line():
    data = "Quelle\tZiel\nBündnis\talliance\nKalifat\tcaliphate\n".encode("utf-16-le")
    broken = data[:-6] + b"\x00\xdc" + data[-4:]  # a lone low surrogate on line 3
    glossary = parse_glossary(broken, "u.csv")
    assert glossary.detected["encoding"] == "utf-16-le"
    assert [t.source for t in glossary.terms][:1] == ["Bündnis"]
    assert any(
        p.severity == WARNING and "invalid character" in p.message and p.line == 3
        for p in glossary.problems
    )


# ---------------------------------------------------------------- formula cells round-trip

FORMULA_PAYLOADS = [
    "=",
    "+",
    "-",
    "@",
    "\t=1+1",
    "\r=cmd",
    "'",
    "=cmd|' /C calc'!A0",
    "+49 30 1234",
    "-5%",
    "@SUM(A1:A2)",
    "'quoted",
    "'+49 30 1234",
    "'=1+1",
    "''two apostrophes",
    "=1\r=2",
]


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS, ids=repr)
def test_formula_payloads_round_trip_exactly_and_are_neutralised(tmp_path, payload):
    # `|` separates list items, and items are stripped like cells: such payloads stay out of lists
    listed = [payload] if "|" not in payload and payload == payload.strip() else []
    original = Glossary(
        "f",
        terms=[
            Term("Begriff", payload, payload, variants=listed, forbidden=listed),
            Term("Gipfel", "summit", payload),
        ],
    )
    path = save_glossary(original, tmp_path / "f.csv")
    again = read_glossary(path)
    fields = ("source", "target", "note", "variants", "forbidden", "case_sensitive", "keep")
    assert [[getattr(t, f) for f in fields] for t in again.terms] == [
        [getattr(t, f) for f in fields] for t in original.terms
    ]
    assert not again.has_errors
    text = path.read_bytes().decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]  # spreadsheets show text


def test_a_line_break_in_source_or_target_loads_with_a_warning():
    data = b'source,target\n"Bundes\rwehr",Bundeswehr\nGipfel,"sum\nmit"\n'
    glossary = parse_glossary(data, "g.csv")
    assert [(t.source, t.target) for t in glossary.terms] == [
        ("Bundes\rwehr", "Bundeswehr"),
        ("Gipfel", "sum\nmit"),
    ]
    assert [(p.line, p.severity) for p in glossary.problems] == [(2, WARNING), (4, WARNING)]
    assert all("line break" in p.message for p in glossary.problems)
