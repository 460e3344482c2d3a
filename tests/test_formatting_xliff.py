"""XLIFF 1.2 carries formatting tags as <g>/<x> (<bx>/<ex> for crossing ones), which
translate-toolkit reads as placeables, and they come back on re-import (issue 14)."""

from __future__ import annotations

from test_formatting_html import PAGE
from translate.storage import xliff as tk_xliff
from translate.storage.placeables import xliff as tk_placeables

from workbench import pipeline
from workbench.document import Paragraph
from workbench.documents import apply_bilingual, export_document, read_document
from workbench.engine import Engine
from workbench.tags import InlineTag, current_target_tags, segment_tagged_blocks, set_target


def _placeables(elem) -> list[tuple[str, str]]:
    return [
        (type(e).__name__, e.id)
        for e in elem.depth_first()
        if isinstance(e, (tk_placeables.G, tk_placeables.X, tk_placeables.Bx, tk_placeables.Ex))
    ]


def test_xliff_of_the_article_has_tags_as_placeables_and_reimports_unchanged(echo_model):
    document = read_document(PAGE.encode("utf-8"), "bahn.html")
    pipeline.translate_document(document, Engine(echo_model))
    data = export_document(document, "xlf")
    units = tk_xliff.xlifffile.parsestring(data).units
    assert len(units) == len(document.segments)
    for unit, segment in zip(units, document.segments, strict=True):
        source = _placeables(unit.rich_source[0])
        assert len(source) == len(segment.source_tags)
        assert _placeables(unit.rich_target[0]) == source  # echo: the same tags, same places
        assert unit.source == segment.source  # the text itself is unchanged
    assert ("G", "1") in _placeables(units[1].rich_source[0])
    assert ("X", "3") in _placeables(units[3].rich_source[0])

    before = [
        (s.target, [(t.id, t.start, t.end) for t in s.target_tags]) for s in document.segments
    ]
    report = apply_bilingual(document, data, "bahn.xlf")
    assert report.changed == [] and report.unchanged == len(document.segments)
    after = [(s.target, [(t.id, t.start, t.end) for t in s.target_tags]) for s in document.segments]
    assert after == before


def test_xliff_edited_in_a_cat_tool_moves_the_tags(echo_model):
    document = read_document(PAGE.encode("utf-8"), "bahn.html")
    pipeline.translate_document(document, Engine(echo_model))
    data = export_document(document, "xlf").decode("utf-8")
    old = 'Die Regierung hat <g id="1" ctype="bold">einen neuen Plan</g> vorgestellt.</target>'
    new = 'The government presented <g id="1" ctype="bold">a new plan</g>.</target>'
    assert old in data
    report = apply_bilingual(document, data.replace(old, new).encode("utf-8"), "bahn.xlf")
    segment = document.segments[1]
    assert report.changed == [1]
    assert segment.target == "The government presented a new plan."
    (tag,) = current_target_tags(segment)
    assert segment.target[tag.start : tag.end] == "a new plan"


def test_crossing_tags_travel_as_bx_ex_and_come_back():
    text = "Eins zwei drei vier"
    crossing = [InlineTag(0, "b", 0, 8), InlineTag(0, "i", 5, 14)]  # "Eins zwei" / "zwei drei"
    document = segment_tagged_blocks([(Paragraph(0), text, crossing)], "x")
    segment = document.segments[0]
    set_target(segment, "⟨1⟩One ⟨2⟩two⟨/1⟩ three⟨/2⟩ four")
    data = export_document(document, "xlf")
    unit = tk_xliff.xlifffile.parsestring(data).units[0]
    kinds = [kind for kind, _ in _placeables(unit.rich_target[0])]
    assert kinds.count("Bx") == 2 and kinds.count("Ex") == 2
    report = apply_bilingual(document, data, "x.xlf")
    assert report.changed == [] and report.unchanged == 1


def test_bilingual_csv_shows_markers_and_reads_moved_ones_back(echo_model):
    import csv
    import io

    document = read_document(PAGE.encode("utf-8"), "bahn.html")
    pipeline.translate_document(document, Engine(echo_model))
    data = export_document(document, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert rows[2][2] == "Die Regierung hat ⟨1⟩einen neuen Plan⟨/1⟩ vorgestellt."
    assert rows[2][4] == rows[2][2]  # the echo package: the same English, the same tags
    assert apply_bilingual(document, data.encode("utf-8"), "bahn.csv").changed == []
    rows[2][4] = "The government presented ⟨1⟩a new plan⟨/1⟩."
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    report = apply_bilingual(document, out.getvalue().encode("utf-8"), "bahn.csv")
    segment = document.segments[1]
    assert report.changed == [1] and segment.target == "The government presented a new plan."
    (tag,) = current_target_tags(segment)
    assert segment.target[tag.start : tag.end] == "a new plan"


def test_xliff_with_bpt_ept_from_another_tool_keeps_code_out_of_the_text(echo_model):
    document = read_document(PAGE.encode("utf-8"), "bahn.html")
    pipeline.translate_document(document, Engine(echo_model))
    data = export_document(document, "xlf").decode("utf-8")
    old = 'Die Regierung hat <g id="1" ctype="bold">einen neuen Plan</g> vorgestellt.</target>'
    new = (
        'The government presented <bpt id="1">&lt;b&gt;</bpt>a new plan<ept id="1">&lt;/b&gt;</ept>'
        '<ph id="7">&lt;br/&gt;</ph>.</target>'
    )
    report = apply_bilingual(document, data.replace(old, new).encode("utf-8"), "omegat.xlf")
    segment = document.segments[1]
    assert report.changed == [1] and segment.target == "The government presented a new plan."
    (tag,) = current_target_tags(segment)
    assert segment.target[tag.start : tag.end] == "a new plan"
