"""Joining two segments into one, and splitting one into two (when segmentation got it wrong).

Contract (pure functions on a Document's segment list; nothing is stored or translated here,
`workbench.editing.OpenDocument.join` / `split` do that):
- `join(segments, index)` -> (new segment list, the joined segment). Segment `index` and the
  next one must belong to the same paragraph. The joined segment keeps the first one's `id`
  (its history and revisions go on); its German is both Germans with the space between them,
  its gap the second one's gap. If either was a person's work, the joined English is their
  two English texts joined with a space and the status is "edited" (never lost); otherwise it
  is "new", to be translated again as one sentence.
- `split(segments, index, at)` -> (new segment list, the two pieces). `at` is a character
  offset into the German; the cut moves to the nearest space (never inside a word), and both
  pieces must keep some German. The first piece keeps the `id` (and a person's English, still
  "edited", for the person to divide); the second gets a new id and status "new".
- Formatting tags go with their words (workbench.tags.join_tags / split_tags).
- Positions (`index`) are renumbered in both; every other segment is unchanged.
- Bad requests raise `ValueError` with a message for people.
"""

from __future__ import annotations

import dataclasses
import re

from workbench import tags
from workbench.document import EDITED, NEW, Segment
from workbench.workspace_schema import new_segment_id

_SPACE = re.compile(r"\s+")


def join(segments: list[Segment], index: int) -> tuple[list[Segment], Segment]:
    if not 0 <= index < len(segments) - 1:
        raise ValueError(f"Segment {index + 1} has no next segment to join with.")
    first, second = segments[index], segments[index + 1]
    if first.paragraph != second.paragraph:
        raise ValueError(
            f"Segments {index + 1} and {index + 2} are in different paragraphs; only segments "
            "of one paragraph can be joined."
        )
    human = first.edited or second.edited
    joined = Segment(
        index=index,
        paragraph=first.paragraph,
        source=first.source + first.gap + second.source,
        gap=second.gap,
        target=" ".join(t for t in (first.target.strip(), second.target.strip()) if t)
        if human
        else "",
        status=EDITED if human else NEW,
        id=first.id,
    )
    tags.join_tags(joined, first, second)
    return _renumbered([*segments[:index], joined, *segments[index + 2 :]]), joined


def split(segments: list[Segment], index: int, at: int) -> tuple[list[Segment], list[Segment]]:
    if not 0 <= index < len(segments):
        raise ValueError(f"There is no segment {index + 1}.")
    segment = segments[index]
    cut = _nearest_space(segment.source, at)
    if cut is None:
        raise ValueError(
            f"Segment {index + 1} cannot be split there: choose a place between two words."
        )
    start, end = cut
    human = segment.edited
    first = Segment(
        index=index,
        paragraph=segment.paragraph,
        source=segment.source[:start],
        gap=segment.source[start:end],
        target=segment.target if human else "",
        status=EDITED if human else NEW,
        id=segment.id,
    )
    second = Segment(
        index=index + 1,
        paragraph=segment.paragraph,
        source=segment.source[end:],
        gap=segment.gap,
        id=new_segment_id(),
    )
    tags.split_tags(segment, first, second, start, end)
    pieces = [first, second]
    return _renumbered([*segments[:index], *pieces, *segments[index + 1 :]]), pieces


def _nearest_space(text: str, at: int) -> tuple[int, int] | None:
    """The whitespace run nearest to `at` that has German on both sides: (start, end)."""
    runs = [m.span() for m in _SPACE.finditer(text) if m.start() > 0 and m.end() < len(text)]
    if not runs:
        return None
    return min(runs, key=lambda span: min(abs(at - span[0]), abs(at - span[1])))


def _renumbered(segments: list[Segment]) -> list[Segment]:
    return [
        s if s.index == position else dataclasses.replace(s, index=position)
        for position, s in enumerate(segments)
    ]
