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


SIX_SENTENCES = (
    "Die Elbe ist in Dresden über die Ufer getreten. Der Pegel stieg am Dienstag auf "
    "7,45 Meter. Rund 400 Soldaten der Bundeswehr helfen beim Deichbau. Das Technische "
    "Hilfswerk unterstützt die Feuerwehr, die seit Montag im Einsatz ist. Etwa 3.000 "
    "Menschen mussten ihre Wohnungen verlassen. Der Wetterdienst erwartet weiteren Regen."
)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


@pytest.mark.parametrize("width", [60, 72])
def test_a_hard_wrapped_paragraph_gives_one_segment_per_sentence(width):
    wrapped = "Hochwasser in Dresden\n\n" + _wrap(SIX_SENTENCES, width) + "\n"
    assert "\n" in wrapped.split("\n\n")[1]  # really wrapped, mid-sentence too
    document = segment_text(wrapped)
    body = [s for s in document.segments if s.paragraph == 1]
    assert len(body) == 6
    unwrapped = [s.source for s in segment_text(SIX_SENTENCES).segments]
    assert [" ".join(s.source.split()) for s in body] == unwrapped
    assert document.source_text() == wrapped  # the line breaks are kept, exactly


LINES_KEPT = [
    # headline and byline in one block: two lines, not one sentence
    (
        "Hochwasser in Sachsen: Bundeswehr hilft beim Deichbau\nVon Maria Lehmann, MDR-Studio Dresden",
        2,
    ),
    # list items keep their lines
    (
        "Die Forderungen der Verbände lauten im Einzelnen wie folgt und sind\n"
        "- mehr Überschwemmungsflächen an den Flüssen der Region\n"
        "- höhere Deiche in den gefährdeten Ortsteilen der Stadt\n",
        3,
    ),
    # short lines (verse, an address) stay lines
    ("Stadtverwaltung Dresden\nPirnaischer Platz 1\n01067 Dresden", 3),
]


@pytest.mark.parametrize("text, segments", LINES_KEPT)
def test_lines_that_are_not_wrapped_keep_their_own_segments(text, segments):
    document = segment_text(text)
    assert len(document.segments) == segments
    assert document.source_text() == text


def test_the_seed_like_headline_and_byline_stay_segments_of_their_own():
    text = (
        "NATO-Generalsekretär Jens Stoltenberg: Hunderte Soldaten in den Irak\n\n\n\n"
        "Von Kai Küstner, ARD-Studio Brüssel\n\n"
        "Hilfe zur Selbsthilfe ist das, was die NATO im Irak vorhat. Und mehr.\n"
    )
    sources = [s.source for s in segment_text(text).segments]
    assert sources[:2] == [
        "NATO-Generalsekretär Jens Stoltenberg: Hunderte Soldaten in den Irak",
        "Von Kai Küstner, ARD-Studio Brüssel",
    ]


def test_a_line_broken_after_a_comma_or_before_a_small_letter_continues():
    text = "Der Minister sagte,\ndass die Lage ernst sei. Dann ging er.\nDie Presse wartete."
    assert [s.source for s in segment_text(text).segments] == [
        "Der Minister sagte,\ndass die Lage ernst sei.",
        "Dann ging er.",
        "Die Presse wartete.",
    ]


def test_threads_splitting_at_once_get_the_same_segments_as_one_alone():
    """Every browser session segments in its own thread; pysbd keeps state on its segmenter,
    so without the lock sentences ran together ("... am Dienstag. Die Feuerwehr ...")."""
    import threading

    texts = [
        f"Sitzung {n} meldet Hochwasser.\n\nDer Pegel in Ort {n} stieg am Dienstag. Die Feuerwehr "
        f"war im Einsatz. Dr. Müller sagte am 31. Oktober, z. B. seien 95,5 Mio. Euro genug."
        for n in range(8)
    ]
    expected = [[s.source for s in segment_text(t).segments] for t in texts]
    wrong: list[tuple[int, list[str]]] = []

    def split_many(n: int) -> None:
        for _ in range(150):
            got = [s.source for s in segment_text(texts[n]).segments]
            if got != expected[n]:
                wrong.append((n, got))
                return

    threads = [threading.Thread(target=split_many, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(e) == 4 for e in expected)
    assert wrong == []
