"""Segmentation of German articles: sentences, lines, paragraphs, exact round trip."""

import pytest

from workbench.document import Paragraph
from workbench.segmenting import segment_blocks, segment_text

SENTENCES = [
    (
        "Dr. Müller kam am 31. Oktober nach Berlin. Er blieb.",
        ["Dr. Müller kam am 31. Oktober nach Berlin.", "Er blieb."],
    ),
    (
        "Es fehlen z. B. 95,5 Mio. Euro. Das sagte er.",
        ["Es fehlen z. B. 95,5 Mio. Euro.", "Das sagte er."],
    ),
    ("Dabei waren u. a. die Grünen. Wer noch?", ["Dabei waren u. a. die Grünen.", "Wer noch?"]),
    (
        "Die Zahl stieg auf 1.000,5 Tonnen. Dann fiel sie.",
        ["Die Zahl stieg auf 1.000,5 Tonnen.", "Dann fiel sie."],
    ),
    (
        '"Wir helfen", sagte sie. "Sofort!" Dann ging sie.',
        ['"Wir helfen", sagte sie.', '"Sofort!"', "Dann ging sie."],
    ),
    ("Von Anna Berger, ARD-Studio Brüssel", ["Von Anna Berger, ARD-Studio Brüssel"]),
    ("Am 3. Oktober 1990 war es so weit.", ["Am 3. Oktober 1990 war es so weit."]),
]


@pytest.mark.parametrize("text,expected", SENTENCES)
def test_sentences(text, expected):
    document = segment_text(text)
    assert [s.source for s in document.segments] == expected


ROUND_TRIPS = [
    "Titel\n\nErster Satz. Zweiter Satz.\n\nDritter Absatz.\n",
    "  Einrückung vorne.\n\n\n\nViele Leerzeilen.  \n",
    "Zeile eins\nZeile zwei\nZeile drei.",
    "Windows\r\nZeilen.\r\n\r\nNeuer Absatz.",
    "\n\n",
    "",
    "Nur ein Wort",
    "Satz eins.   Satz zwei mit Leerzeichen.\t\n \n Absatz mit Einrückung.",
]


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_round_trip(text):
    document = segment_text(text)
    normalised = text.replace("\r\n", "\n")
    assert document.source_text() == normalised
    for segment in document.segments:
        assert segment.source == segment.source.strip() and segment.source


def test_paragraphs_and_styles():
    text = "Schlagzeile ohne Punkt\n\nVon Anna Berger, ARD-Studio Brüssel\n\nDer erste Satz. Der zweite Satz.\n\nZwischentitel hier\n\nNoch ein Satz."
    document = segment_text(text)
    assert [s.paragraph for s in document.segments] == [0, 1, 2, 2, 3, 4]
    assert [p.style for p in document.paragraphs] == [
        "heading",
        "heading",
        "body",
        "heading",
        "body",
    ]
    assert [s.gap for s in document.segments] == ["\n\n", "\n\n", " ", "\n\n", "\n\n", ""]
    for i, segment in enumerate(document.segments):
        assert segment.index == i


def test_target_text_keeps_layout():
    document = segment_text("Eins. Zwei.\n\nDrei.\n")
    for segment in document.segments:
        segment.target = segment.source.upper()
    assert document.target_text() == "EINS. ZWEI.\n\nDREI.\n"


def test_segment_blocks_from_an_importer():
    blocks = [
        (Paragraph(0, "title"), "Titel"),
        (Paragraph(0, "body"), "  "),
        (Paragraph(0, "body"), "Satz eins. Satz zwei."),
    ]
    document = segment_blocks(blocks, "x.docx")
    assert [p.style for p in document.paragraphs] == ["title", "body"]
    assert [p.index for p in document.paragraphs] == [0, 1]
    assert document.source_text() == "Titel\n\nSatz eins. Satz zwei."
    assert [(s.paragraph, s.source) for s in document.segments] == [
        (0, "Titel"),
        (1, "Satz eins."),
        (1, "Satz zwei."),
    ]
