"""Hostile and broken inputs: every one is refused with a DocumentError (or a glossary Problem)
that names the file; none may raise anything else. The hostile files are generated here, in
memory, rather than committed as binaries."""

from __future__ import annotations

import csv
import io
import random
import struct
import time
import warnings
import zipfile

import docx
import openpyxl
import pytest

from workbench.document import TRANSLATED
from workbench.documents import (
    DocumentError,
    apply_bilingual,
    export_document,
    glossary_from_tbx,
    read_document,
    safety,
)
from workbench.segmenting import segment_text
from workbench.testzips import Member, members_of, zip_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
EXTERNAL = '<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def junk(size: int = 4096) -> bytes:  # the same junk every run
    return random.Random(7).randbytes(size)


def word_file() -> bytes:
    word = docx.Document()
    word.add_paragraph("Ein harmloser Satz.")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, drop: str = "") -> bytes:
    """A copy of the zip `data` with members replaced, added or dropped."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name != drop and name not in replace:
                target.writestr(name, source.read(name))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


def word_xml(doctype: str, body_text: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W}"><w:body>'
        f"<w:p><w:r><w:t>{body_text}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def zip_bomb(megabytes: int) -> bytes:
    return rezip(word_file(), {"word/media/bomb.bin": b"\0" * (megabytes * 1024 * 1024)})


def lying_directory() -> bytes:
    """A 30 MB document.xml whose zip headers claim 1000 bytes, to slip past the size checks."""
    data = bytearray(word_with(b'<?xml version="1.0"?>' + b" " * (30 * 1024 * 1024) + b"<x/>"))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
    entry = bytes(data).find(b"PK\x01\x02")  # central directory entries, until ours
    while bytes(data[entry + 46 : entry + 46 + 17]) != b"word/document.xml":
        entry = bytes(data).find(b"PK\x01\x02", entry + 1)
    struct.pack_into("<I", data, entry + 24, 1000)  # central directory: uncompressed size
    return bytes(data)


def part_twice() -> bytes:
    """word/document.xml twice: which one would python-docx read?"""
    return _appended(word_file(), "word/document.xml", word_xml("", "Zweiter Text"))


def _appended(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO(data)
    with warnings.catch_warnings(), zipfile.ZipFile(out, "a") as archive:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate: that is the point
        archive.writestr(name, content)
    return out.getvalue()


def lying_workbook() -> bytes:
    """An .xlsx whose xl/workbook.xml claims 1000 bytes and inflates to 50 MB."""
    book = openpyxl.Workbook()
    out = io.BytesIO()
    book.save(out)
    members = [m for m in members_of(out.getvalue()) if m.name != "xl/workbook.xml"]
    return zip_bytes([*members, Member.lying("xl/workbook.xml", 50 << 20)])


def damaged_deflate() -> bytes:
    data = bytearray(rezip(word_file(), {"word/document.xml": word_xml("", "Satz " * 2000)}))
    start = bytes(data).find(b"word/document.xml") + 40  # inside the compressed bytes
    data[start : start + 64] = b"\xff" * 64
    return bytes(data)


def word_with(document_xml: bytes) -> bytes:
    return rezip(word_file(), {"word/document.xml": document_xml})


def page(doctype: str, text: str) -> bytes:
    return f"{doctype}<html><body><p>{text}</p></body></html>".encode()


def case(filename: str, build, message: str, name: str):
    return pytest.param(filename, build, message, id=name)


HOSTILE_DOCUMENTS = [
    case("zufall.docx", junk, "not a zip archive", "random-bytes-as-docx"),
    case("halb.docx", lambda: word_file()[:3000], "not a zip archive", "truncated-docx"),
    case(
        "leer.docx",
        lambda: rezip(word_file(), drop="word/document.xml"),
        "no word/document.xml",
        "zip-no-document",
    ),
    case("bombe.docx", lambda: zip_bomb(60), "more than the limit", "zip-bomb-total-size"),
    case("dicht.docx", lambda: zip_bomb(4), "zip bombs", "zip-bomb-ratio"),
    case("luege.docx", lying_directory, "more than the 1000 bytes", "zip-bomb-lying-directory"),
    case(
        "lol.docx", lambda: word_with(word_xml(LAUGHS, "&lol9;")), "entities", "billion-laughs-docx"
    ),
    case(
        "xxe.docx",
        lambda: word_with(word_xml(EXTERNAL, "&xxe;")),
        "entities",
        "external-entity-docx",
    ),
    case(
        "kaputt.docx", lambda: word_with(b"<w:document><w:body>"), "damaged", "malformed-xml-docx"
    ),
    case("crc.docx", damaged_deflate, "crc.docx", "damaged-deflate-docx"),
    case("doppelt.docx", part_twice, "word/document.xml appears twice", "part-twice-docx"),
    case(
        "typen.docx",
        lambda: rezip(word_file(), drop="[Content_Types].xml"),
        "python-docx could not",
        "no-types",
    ),
    case("lol.html", lambda: page(LAUGHS, "&lol9;"), "entities", "billion-laughs-html"),
    case("xxe.html", lambda: page(EXTERNAL, "&xxe;"), "entities", "external-entity-html"),
    case("leer.txt", lambda: b"", "empty", "empty-txt"),
    case("leer.docx", lambda: b"", "empty", "empty-docx"),
    case("leer.html", lambda: b"", "empty", "empty-html"),
    case(
        "riesig.txt",
        lambda: b"a" * (20 * 1024 * 1024),
        "more than the limit of 10.0 MB",
        "oversized-20MB",
    ),
    case("binaer.txt", junk, "does not look like text", "binary-junk-as-txt"),
    case(
        "nul.md", lambda: b"Text\x00mit\x00Nullbytes", "does not look like text", "nul-bytes-as-md"
    ),
    case("binaer.html", junk, "does not look like a web page", "binary-junk-as-html"),
    case("leer2.txt", lambda: b"  \n\n\t ", "no text to translate", "whitespace-only"),
    case(
        "leer.html",
        lambda: b"<html><script>x()</script></html>",
        "no text to translate",
        "html-without-text",
    ),
    case("bild.exe", junk, "cannot be read", "unsupported-extension"),
    case(
        "tief.html",
        lambda: b"<div>" * 5000 + b"Tief" + b"</div>" * 5000,
        "too deeply",
        "deeply-nested-html",
    ),
    case(
        "tief.docx",
        lambda: word_with(word_xml("", "<w:r>" * 5000 + "</w:r>" * 5000)),
        "could not read",
        "deep-docx",
    ),
]


@pytest.mark.parametrize("filename, build, message", HOSTILE_DOCUMENTS)
def test_hostile_documents_are_refused_with_a_clear_message(filename, build, message):
    started = time.perf_counter()
    with pytest.raises(DocumentError) as error:
        read_document(build(), filename)
    assert filename in str(error.value)
    assert message in str(error.value)
    assert time.perf_counter() - started < 5  # refused quickly, nothing was expanded


def test_size_caps_are_configurable(monkeypatch):
    monkeypatch.setattr(safety, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(
        DocumentError, match=r"klein\.txt: the file is 0\.0 MB, more than the limit"
    ):
        read_document(b"Ein Satz. " * 200, "klein.txt")
    monkeypatch.setattr(safety, "MAX_DOCUMENT_BYTES", 10**7)
    monkeypatch.setattr(safety, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(DocumentError, match=r"gross\.docx: unpacked, this file would take"):
        read_document(word_file(), "gross.docx")


def _hostile_xliff(doctype: str, text: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="x" source-language="de" target-language="en" datatype="plaintext"><body>'
        f'<trans-unit id="1"><source>Ein Satz.</source><target>{text}</target></trans-unit>'
        "</body></file></xliff>"
    ).encode()


XLIFF_2 = b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>'
HOSTILE_BILINGUAL = [
    case("lol.xlf", lambda: _hostile_xliff(LAUGHS, "&lol9;"), "entities", "billion-laughs-xliff"),
    case(
        "xxe.xliff", lambda: _hostile_xliff(EXTERNAL, "&xxe;"), "entities", "external-entity-xliff"
    ),
    case(
        "kaputt.xlf", lambda: b"<xliff version='1.2'><file>", "not a well-formed", "malformed-xliff"
    ),
    case("zwei.xlf", lambda: XLIFF_2, "not an XLIFF 1.2", "xliff-2"),
    case("zufall.xlsx", junk, "not a zip archive", "random-bytes-as-xlsx"),
    case("wort.xlsx", word_file, "no xl/workbook.xml", "docx-renamed-xlsx"),
    case("luege.xlsx", lying_workbook, "more than the 1000 bytes", "zip-bomb-lying-xlsx"),
    case("binaer.csv", junk, "does not look like text", "binary-junk-as-csv"),
    case("leer.csv", lambda: b"", "empty", "empty-csv"),
    case(
        "fremd.csv",
        lambda: b"Name,Wert\nA,1\n",
        "missing: segment, source, final translation",
        "foreign-columns",
    ),
    case("tabelle.ods", lambda: b"x", "cannot bring back", "unsupported-bilingual"),
]


@pytest.mark.parametrize("filename, build, message", HOSTILE_BILINGUAL)
def test_hostile_bilingual_files_are_refused_and_change_nothing(filename, build, message):
    document = segment_text("Ein Satz.", "x.txt")
    document.segments[0].target, document.segments[0].status = "One sentence.", TRANSLATED
    with pytest.raises(DocumentError) as error:
        apply_bilingual(document, build(), filename)
    assert filename in str(error.value) and message in str(error.value)
    assert (document.segments[0].target, document.segments[0].status) == (
        "One sentence.",
        TRANSLATED,
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (
            f"{LAUGHS}<martif><text><body><termEntry><note>&lol9;</note></termEntry></body></text></martif>",
            "entities",
        ),
        (
            f"{EXTERNAL}<martif><text><body><termEntry><note>&xxe;</note></termEntry></body></text></martif>",
            "entities",
        ),
        ("<martif><text>", "well-formed"),
        ("", "empty"),
        ("<xliff version='1.2'/>", "not a TBX file"),
    ],
)
def test_hostile_tbx_gives_problems_not_exceptions(data, message):
    glossary = glossary_from_tbx(data.encode(), "boese.tbx")
    assert glossary.terms == []
    assert len(glossary.problems) == 1 and message in glossary.problems[0].message
    assert glossary.problems[0].file == "boese.tbx" and glossary.has_errors


FORMULAS = [
    '=HYPERLINK("http://example.invalid","klick")',
    "+49 30 123456",
    "-5 Grad",
    "@SUMME(A1)",
    "\t=1+1",
    "\r=1+1",
    "'=schon zitiert",
    "''+zweimal",
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_cells_are_neutralised_and_restored(fmt):
    document = segment_text("\n\n".join(f"Absatz {n}" for n in range(len(FORMULAS))), "formeln.txt")
    for segment, formula in zip(document.segments, FORMULAS, strict=True):
        segment.source = segment.machine = segment.target = formula
        segment.status = TRANSLATED
    data = export_document(document, fmt)
    if fmt == "csv":
        cells = [
            c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row
        ]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    report = apply_bilingual(document, data, "formeln." + fmt)
    assert report.changed == [] and report.problems == []
    assert report.unchanged == len(FORMULAS)
    assert [s.target for s in document.segments] == FORMULAS
