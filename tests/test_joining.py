"""Joining and splitting segments: the German stays whole, ids stay, a person's English stays."""

from __future__ import annotations

import pytest

from workbench.document import EDITED, NEW, TRANSLATED
from workbench.joining import join, split
from workbench.segmenting import segment_text

TEXT = "Dr. Müller kam. Er blieb bis zum Abend. Dann ging er.\n\nNeuer Absatz."


def segments(edited: frozenset[int] | set[int] = frozenset()):
    document = segment_text(TEXT)
    for s in document.segments:
        s.id = f"id{s.index}"
        s.machine = s.target = f"EN {s.source}"
        s.status = EDITED if s.index in edited else TRANSLATED
    return document


def test_join_keeps_the_german_the_first_id_and_renumbers():
    document = segments()
    before = document.source_text()
    joined_list, joined = join(document.segments, 1)
    assert joined.source == "Er blieb bis zum Abend. Dann ging er."
    assert (joined.id, joined.status, joined.target) == ("id1", NEW, "")
    assert [s.index for s in joined_list] == list(range(len(joined_list)))
    assert [s.id for s in joined_list] == ["id0", "id1", "id3"]
    assert "".join(s.source + s.gap for s in joined_list) == before


@pytest.mark.parametrize("edited", [{1}, {2}, {1, 2}])
def test_join_never_drops_a_persons_english(edited):
    _, joined = join(segments(edited).segments, 1)
    assert joined.status == EDITED
    assert joined.target == "EN Er blieb bis zum Abend. EN Dann ging er."


@pytest.mark.parametrize(
    "index, message",
    [(2, "different paragraphs"), (4, "no next segment"), (-1, "no next segment")],
)
def test_join_refuses_what_cannot_be_joined(index, message):
    with pytest.raises(ValueError, match=message):
        join(segments().segments, index)


@pytest.mark.parametrize(
    "at, first, second",
    [
        (8, "Er blieb", "bis zum Abend."),  # exactly at the space
        (11, "Er blieb bis", "zum Abend."),  # inside "bis": the nearest space
        (2, "Er", "blieb bis zum Abend."),
    ],
)
def test_split_cuts_at_the_nearest_space(at, first, second):
    document = segments()
    before = document.source_text()
    new_list, (a, b) = split(document.segments, 1, at)
    assert (a.source, b.source) == (first, second)
    assert (a.id, a.status) == ("id1", NEW) and b.id not in {"id0", "id1", "id2"}
    assert "".join(s.source + s.gap for s in new_list) == before
    assert [s.index for s in new_list] == list(range(5))


def test_split_keeps_a_persons_english_on_the_first_piece():
    _, (a, b) = split(segments({1}).segments, 1, 8)
    assert (a.status, a.target) == (EDITED, "EN Er blieb bis zum Abend.")
    assert (b.status, b.target) == (NEW, "")


def test_split_needs_a_place_between_two_words():
    with pytest.raises(ValueError, match="between two words"):
        split(segment_text("Einwort").segments, 0, 3)
