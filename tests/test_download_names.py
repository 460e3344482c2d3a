"""Download file names: short, safe, still recognisable."""

import pytest

from workbench.documents.naming import MAX_STEM, download_name


@pytest.mark.parametrize(
    "name, fmt, expected",
    [
        ("bericht.docx", "docx", "bericht-en.docx"),
        (
            'Erst kürzlich hat der "Islamische Staat" wieder mit Anschlägen im Irak gedroht.',
            "txt",
            "Erst-kürzlich-hat-der-Islamische-Staat-en.txt",
        ),
        ("../../etc/passwd", "csv", "etc-passwd-en.csv"),
        ("a/b\\c:d*e?f<g>h|i", "md", "a-b-c-d-e-f-g-h-i-en.md"),
        (".hidden", "txt", "hidden-en.txt"),
        ("Zeile\neins\x00", "txt", "Zeile-eins-en.txt"),
        ("   ", "xlf", "translation-en.xlf"),
        ("???", "tmx", "translation-en.tmx"),
        ("CON", "txt", "translation-CON-en.txt"),
        ("Bundeswehr_Einsatz 2024.html", "html", "Bundeswehr-Einsatz-2024-en.html"),
    ],
)
def test_download_names(name, fmt, expected):
    assert download_name(name, fmt) == expected


def test_long_names_are_cut_at_a_word():
    name = download_name("Wort " * 30, "docx")
    stem = name.removesuffix("-en.docx")
    assert len(stem) <= MAX_STEM and not stem.endswith("-") and stem.endswith("Wort")
