"""Inline tags: markers both ways, following edits, placement through attention, flags."""

from __future__ import annotations

from workbench.document import Paragraph, Segment
from workbench.tags import (
    UNBALANCED,
    UNPLACED,
    InlineTag,
    current_target_tags,
    paragraph_tags,
    parse_markers,
    place_tags,
    remap,
    segment_tagged_blocks,
    set_target,
    tag_flags,
    with_markers,
)


def _tag(id, kind, start, end, **attrs):
    return InlineTag(id, kind, start, end, dict(attrs))


def _covered(text, tags):
    return [(t.id, text[t.start : t.end]) for t in tags]


def test_markers_round_trip_with_nesting_points_and_attributes():
    text = "Die Regierung hat heute entschieden."
    tags = [
        _tag(1, "b", 4, 13),
        _tag(2, "a", 0, 13, href="https://example.org/?a=1&b=2"),
        _tag(3, "i", 18, 23),
        _tag(4, "span", 36, 36),
    ]
    marked = with_markers(text, tags)
    assert marked == "⟨2⟩Die ⟨1⟩Regierung⟨/1⟩⟨/2⟩ hat ⟨3⟩heute⟨/3⟩ entschieden.⟨4/⟩"
    plain, back = parse_markers(marked, tags)
    assert plain == text
    assert sorted((t.id, t.start, t.end, t.attrs) for t in back) == sorted(
        (t.id, t.start, t.end, t.attrs) for t in tags
    )


def test_unbalanced_and_unknown_markers():
    source = [_tag(1, "b", 0, 3), _tag(2, "i", 4, 7)]
    plain, tags = parse_markers("⟨1⟩The man⟨9⟩ ⟨/2⟩came", source)
    assert plain == "The man⟨9⟩ came"  # an unknown number stays as typed
    states = {t.id: t.state for t in tags}
    assert states == {1: UNBALANCED, 2: UNBALANCED}


def test_tags_follow_an_edit_made_without_markers():
    old = "The government decided today."
    tags = [_tag(1, "b", 4, 14), _tag(2, "i", 23, 28)]
    new = "Yesterday the government decided."
    moved = remap(tags, old, new)
    assert _covered(new, moved)[0] == (1, "government")
    assert moved[1].start == moved[1].end  # "today" was deleted: the tag shrinks to a point


def test_set_target_reads_markers_and_flags_missing_and_unbalanced_tags():
    segment = Segment(0, 0, "Die Regierung entschied.", target="The government decided.")
    segment.source_tags = [_tag(1, "b", 4, 13)]
    segment.target_tags = [_tag(1, "b", 4, 14)]
    segment.tags_on = segment.target
    assert tag_flags(segment) == []
    set_target(segment, "The cabinet decided.")  # typed without markers: the tag follows
    assert _covered(segment.target, current_target_tags(segment)) == [(1, "cabinet")]
    assert tag_flags(segment) == []
    set_target(segment, "The government ⟨1⟩decided.")
    assert segment.target == "The government decided."
    assert [f.code for f in tag_flags(segment)] == ["tag-unbalanced"]
    segment.target_tags = []
    assert [f.code for f in tag_flags(segment)] == ["tag-missing"]


def _identity(n):
    return [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]


def test_placement_follows_reordering_attention():
    # "Gestern hat die Regierung entschieden" -> "Yesterday the government decided"
    source = "Gestern hat die Regierung entschieden"
    src_tokens = ["▁Gestern", "▁hat", "▁die", "▁Regierung", "▁entschieden"]
    target = "The government decided yesterday"
    tgt_tokens = ["▁The", "▁govern", "ment", "▁decided", "▁yesterday"]
    attention = [
        [0.0, 0.1, 0.8, 0.1, 0.0],  # The -> die
        [0.0, 0.0, 0.1, 0.9, 0.0],  # govern -> Regierung
        [0.0, 0.0, 0.0, 0.9, 0.1],  # ment -> Regierung
        [0.0, 0.4, 0.0, 0.0, 0.6],  # decided -> entschieden
        [0.9, 0.0, 0.0, 0.1, 0.0],  # yesterday -> Gestern
    ]
    tags = [_tag(1, "i", 0, 7), _tag(2, "b", 12, 25), _tag(3, "a", 26, 37, href="x")]
    placed = place_tags(source, tags, src_tokens, target, tgt_tokens, attention)
    assert _covered(target, placed) == [
        (1, "yesterday"),
        (2, "The government"),
        (3, "decided"),
    ]
    assert all(t.state == "" for t in placed)


def test_placement_falls_back_to_the_end_and_keeps_whole_sentence_tags():
    source = "Ein Satz hier"
    tokens = ["▁Ein", "▁Satz", "▁hier"]
    target = "One sentence here"
    tags = [_tag(1, "b", 4, 8), _tag(2, "i", 0, 13)]
    placed = place_tags(source, tags, tokens, target, ["▁One", "▁sentence", "▁here"], None)
    assert placed[0].state == UNPLACED and placed[0].start == placed[0].end == len(target)
    assert _covered(target, [placed[1]]) == [(2, target)]
    # identity attention (the echo package): every tag on its own words
    placed = place_tags(source, tags, tokens, source, tokens, _identity(3))
    assert _covered(source, placed) == [(1, "Satz"), (2, source)]


def test_block_tags_are_cut_at_sentence_boundaries_and_joined_again():
    text = "Er kam. Sie ging nach Hause."
    link = _tag(1, "a", 3, 16, href="https://example.org")  # "kam. Sie ging"
    document = segment_tagged_blocks([(Paragraph(0), text, [link])], "t")
    first, second = document.segments
    assert _covered(first.source, first.source_tags) == [(1, "kam.")]
    assert _covered(second.source, second.source_tags) == [(1, "Sie ging")]
    (_, joined, tags) = paragraph_tags(document, "source")[0]
    assert joined == text and _covered(text, tags) == [(1, "kam. Sie ging")]


def test_join_and_split_keep_every_tag_on_its_words():
    from workbench import joining

    plain = "Er kam heute. Sie ging nach Hause."
    tags = [_tag(0, "b", 7, 12), _tag(0, "i", 23, 33)]
    assert plain[7:12] == "heute" and plain[23:33] == "nach Hause"
    document = segment_tagged_blocks([(Paragraph(0), plain, tags)], "t")
    segments, joined = joining.join(document.segments, 0)
    assert with_markers(joined.source, joined.source_tags) == (
        "Er kam ⟨1⟩heute⟨/1⟩. Sie ging ⟨2⟩nach Hause⟨/2⟩."
    )
    segments, (first, second) = joining.split(segments, 0, 13)
    assert with_markers(first.source, first.source_tags) == "Er kam ⟨1⟩heute⟨/1⟩."
    assert with_markers(second.source, second.source_tags) == "Sie ging ⟨2⟩nach Hause⟨/2⟩."


def test_names_found_unchanged_in_the_english_are_tagged_even_without_alignment():
    source = "Das sagte Anna Schmidt gestern"
    target = "Anna Schmidt said so yesterday"
    tags = [_tag(1, "a", 10, 22, href="/p/schmidt"), _tag(2, "i", 23, 30)]
    placed = place_tags(source, tags, source.split(), target, target.split(), None)
    assert _covered(target, placed) == [(1, "Anna Schmidt"), (2, "")]
    assert placed[1].state == UNPLACED  # "gestern": no alignment, so kept at the end


def test_a_stray_alignment_does_not_format_half_the_sentence():
    source = "Der Minister besuchte gestern die kleine Stadt"
    tokens = [f"▁{w}" for w in source.split()]
    target = "Yesterday the minister visited the small town"
    target_tokens = [f"▁{w}" for w in target.split()]
    links = {0: 3, 1: 0, 2: 1, 3: 2, 4: 4, 5: 5, 6: 6}  # English word -> German word
    attention = [[1.0 if links[t] == s else 0.0 for s in range(7)] for t in range(7)]
    attention[6] = [0.0, 0.6, 0.0, 0.0, 0.0, 0.0, 0.4]  # "town" strays to "Minister"
    bold = [_tag(1, "b", 4, 12)]  # "Minister"
    placed = place_tags(source, bold, tokens, target, target_tokens, attention)
    assert _covered(target, placed) == [(1, "minister")]


def test_two_tags_over_the_same_words_nest():
    tags = [_tag(1, "b", 0, 4), _tag(2, "i", 0, 4)]
    assert with_markers("Wort hier", tags) == "⟨1⟩⟨2⟩Wort⟨/2⟩⟨/1⟩ hier"
    from workbench.documents.webpages import inline_html

    assert inline_html("Wort hier", tags) == "<strong><em>Wort</em></strong> hier"
