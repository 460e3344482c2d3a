"""HTML of a segment: hits marked with tooltips, everything from articles and glossaries escaped."""

import pytest

from workbench.app.components.highlight import flags_html, source_html, target_html
from workbench.document import Flag, Segment, TermHit

XSS = "<img src=x onerror=alert(1)>"


def segment(source, target, *hits, flags=()):
    return Segment(
        index=0,
        paragraph=0,
        source=source,
        target=target,
        machine=target,
        hits=list(hits),
        flags=list(flags),
    )


def hit(source, start, end, target, status="repaired", note=""):
    return TermHit(
        start, end, source[start:end], source[start:end], target, "news", status=status, note=note
    )


@pytest.mark.parametrize(
    "seg, expected, forbidden",
    [
        (
            segment(
                "Die Terrormiliz kam.",
                "The terrorist militia came.",
                hit("Die Terrormiliz kam.", 4, 15, "terrorist militia"),
            ),
            '<mark class="wb-hit wb-repaired" title="Terrormiliz -&gt; terrorist militia [news]: '
            'repaired: translation re-decoded with the term">Terrormiliz</mark>',
            None,
        ),
        (
            segment(f"Text {XSS} hier.", "x"),
            "Text &lt;img src=x onerror=alert(1)&gt; hier.",
            "<img",
        ),
        (
            segment("Die Terrormiliz kam.", "x", hit("Die Terrormiliz kam.", 4, 15, XSS, note=XSS)),
            "&lt;img src=x onerror=alert(1)&gt;",
            "<img",
        ),
    ],
)
def test_source_html(seg, expected, forbidden):
    html = source_html(seg)
    assert expected in html
    if forbidden:
        assert forbidden not in html


@pytest.mark.parametrize(
    "target, term, expected",
    [
        (
            "The terrorist militia came.",
            "terrorist militia",
            'The <mark class="wb-target" title="Terrormiliz -&gt; terrorist militia [news]: repaired: '
            'translation re-decoded with the term">terrorist militia</mark> came.',
        ),
        (f"The {XSS} came.", XSS, "&lt;img src=x onerror=alert(1)&gt;</mark>"),
        ("Nothing here.", "terrorist militia", "Nothing here."),
    ],
)
def test_target_html(target, term, expected):
    seg = segment("Die Terrormiliz kam.", target, hit("Die Terrormiliz kam.", 4, 15, term))
    html = target_html(seg)
    assert expected in html and "<img" not in html


def test_flags_are_short_labels_with_escaped_messages():
    seg = segment("a", "b", flags=[Flag("number-mismatch", f"500 vs {XSS}")])
    html = flags_html(seg, {"number-mismatch": "Numbers differ"})
    assert ">Numbers differ</span>" in html and "<img" not in html
