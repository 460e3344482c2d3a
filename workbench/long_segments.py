"""Segments longer than the model can take: split, translated in pieces, rejoined, flagged.

Contract:
- `position_limit(model_dir)` is the number of positions the model has: declared in the
  model's `config.json` (`max_source_positions`, `max_position_embeddings`, `n_positions`),
  else the rows of its learned position encodings in `model.bin` (read from the file's header,
  without loading the weights), else `DEFAULT_POSITIONS` (1024: where CTranslate2 cuts input
  by default). A file that cannot be read gives the default, never an error.
- `piece_limit(engine)` is the most source tokens one piece may have: its English may run to
  `2 x source tokens + 10` tokens (`workbench.engine.decoding_limit`) after the package's
  target prefix, and the decoder has no more positions than the encoder, so a piece stays
  within both sides of the model.
- `split_source(text, fits)` cuts a text into character spans that each satisfy `fits`, at the
  best boundary the text offers: sentence ends, then semicolons, colons and dashes, then
  commas, then before a conjunction, then between words, and only as a last resort inside a
  word (the longest prefix that fits). Whitespace between pieces is left out of them.
  `split_long` asks for as few pieces as the limit needs, of about equal size (the smallest
  budget from an equal share up that gives that many), so no piece is a short tail without
  context.
- `split_long(segments, engine) -> (work, rejoin)`: `work` is `segments` with each over-long
  segment replaced by its pieces (new Segment objects with the same index and paragraph, the
  glossary hits that fall inside them, the formatting tags over them); the caller translates `work` as usual and then calls
  `rejoin()`, which writes back into each long segment: the pieces' English joined by a space
  (nothing where the cut was inside a word), the token-weighted mean score, no alternatives
  (pieces' alternatives do not combine into whole ones), the pieces' hits at their places in
  the whole source, their formatting tags in the joined English (a tag cut over two pieces
  is one again), "cut-off" if a piece was cut off, and the `split` flag naming the number
  of pieces. Segments that fit pass through untouched (a stale `split` flag is dropped). One
  long segment never fails the article.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise
from math import ceil
from pathlib import Path

from workbench import quality, tags
from workbench.document import ORIGIN_MT, TRANSLATED, Flag, Segment
from workbench.engine import engine_key

DEFAULT_POSITIONS = 1024  # CTranslate2's default max_input_length
BALANCE = (1.0, 1.05, 1.1, 1.2, 1.35)  # over an equal share, tried in turn (see _balanced_spans)
_CONFIG_KEYS = ("max_source_positions", "max_position_embeddings", "n_positions")
_ENCODINGS = re.compile(r"(encoder|decoder)/position_encodings/encodings$")

# Boundaries, best first. Each pattern matches the whitespace where a piece may end.
_BOUNDARIES = [
    re.compile(r"(?<=[.!?…])[\"'»«“”‘’)\]]*\s+"),  # sentence ends the segmenter kept together
    re.compile(r"(?<=[;:])\s+|\s+[–—-]\s+"),
    re.compile(r"(?<=,)\s+"),
    re.compile(
        r"\s+(?=(?:und|oder|aber|denn|sondern|doch|weil|dass|als|wenn|ob|während|nachdem"
        r"|bevor|obwohl|damit|sowie|wobei|wie|wo|was|die|der|das)\b)"
    ),
    re.compile(r"\s+"),
]


def position_limit(model_dir: Path) -> int:
    """Positions the model declares (see the module docstring)."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    if isinstance(config, dict):
        for key in _CONFIG_KEYS:
            value = config.get(key)
            if isinstance(value, int) and value > 0:
                return value
    rows = _encoding_rows(model_dir / "model.bin")
    return min(rows) if rows else DEFAULT_POSITIONS


def _encoding_rows(path: Path) -> list[int]:
    """Rows of each learned position-encoding table in a CTranslate2 model.bin (binary
    version 4 and later: name, rank, shape, dtype, byte count, data per variable)."""
    rows: list[int] = []
    try:
        with path.open("rb") as model:

            def read(fmt: str):
                size = struct.calcsize(fmt)
                data = model.read(size)
                if len(data) != size:
                    raise ValueError("truncated model.bin")
                return struct.unpack("<" + fmt, data)

            def string() -> str:
                (length,) = read("H")
                return model.read(length).rstrip(b"\0").decode("utf-8", "replace")

            (version,) = read("I")
            if version < 4:
                return []
            string()  # spec name
            read("I")  # revision
            (count,) = read("I")
            for _ in range(count):
                name = string()
                (rank,) = read("B")
                shape = read("I" * rank) if rank else ()
                read("B")  # dtype
                (size,) = read("I")
                model.seek(size, 1)
                if _ENCODINGS.search(name) and shape:
                    rows.append(int(shape[0]))
    except (OSError, ValueError, struct.error):
        return []
    return rows


_limits: dict[str, int] = {}


def piece_limit(engine) -> int:
    """Most source tokens a piece may have for this engine's model (module docstring)."""
    key = engine_key(engine.model)  # a package updated in place may declare another limit
    if key not in _limits:
        positions = position_limit(engine.model.path / "model")
        lead = len(engine._prefix_tokens()) + 1  # target prefix and the start token
        # English up to 2n + 10 tokens after the lead; the source n tokens plus </s>
        _limits[key] = max(1, min(positions - 1, (positions - lead - 10) // 2))
    return _limits[key]


def split_source(text: str, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Character spans of `text`, each satisfying `fits` (module docstring)."""
    start, end = _trim(text, 0, len(text))
    if start == end:
        return [(0, len(text))]
    return _split(text, start, end, 0, fits)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split(text: str, start: int, end: int, level: int, fits) -> list[tuple[int, int]]:
    if fits(text[start:end]):
        return [(start, end)]
    if level == len(_BOUNDARIES):
        return _split_inside_word(text, start, end, fits)
    atoms, position = [], start
    for gap in _BOUNDARIES[level].finditer(text, start, end):
        if gap.start() > position:
            atoms.append((position, gap.start()))
        position = gap.end()
    if position < end:
        atoms.append((position, end))
    if len(atoms) < 2:
        return _split(text, start, end, level + 1, fits)
    pieces: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for atom in atoms:
        if current and fits(text[current[0] : atom[1]]):
            current = (current[0], atom[1])
            continue
        if current:
            pieces.append(current)
            current = None
        if fits(text[atom[0] : atom[1]]):
            current = atom
        else:
            pieces += _split(text, atom[0], atom[1], level + 1, fits)
    if current:
        pieces.append(current)
    return pieces


def _split_inside_word(text: str, start: int, end: int, fits) -> list[tuple[int, int]]:
    """The longest prefixes that fit (binary search), for text without any usable boundary."""
    pieces = []
    while start < end:
        low, high = start + 1, end
        while low < high:
            middle = (low + high + 1) // 2
            if fits(text[start:middle]):
                low = middle
            else:
                high = middle - 1
        pieces.append((start, low))
        start = low
    return pieces


def split_long(segments: Sequence[Segment], engine) -> tuple[list[Segment], Callable[[], None]]:
    """Over-long segments replaced by their pieces, and how to put them back (module
    docstring)."""
    limit = piece_limit(engine)
    work: list[Segment] = []
    split: list[tuple[Segment, list[Segment], list[int], list[str]]] = []
    for segment in segments:
        segment.flags = [f for f in segment.flags if f.code != quality.SPLIT]
        tokens = len(engine.tokenize(segment.source))
        if tokens <= limit:
            work.append(segment)
            continue
        spans = _balanced_spans(segment.source, tokens, limit, engine)
        pieces = [
            _piece(segment, a, b, piece_tags)
            for (a, b), piece_tags in zip(spans, _tags_for(segment, spans), strict=True)
        ]
        joints = [" " if a > b else "" for (_, b), (a, _) in pairwise(spans)]
        split.append((segment, pieces, [a for a, _ in spans], joints))
        work += pieces

    def rejoin() -> None:
        for segment, pieces, offsets, joints in split:
            _rejoin(segment, pieces, offsets, joints, engine, limit)

    return work, rejoin


def _balanced_spans(text: str, tokens: int, limit: int, engine) -> list[tuple[int, int]]:
    """As few pieces as the limit needs, of about equal size: the smallest budget from an equal
    share up that splits into that many at good boundaries (never over the limit)."""
    needed = ceil(tokens / limit)
    share = tokens / needed
    for factor in BALANCE:
        budget = min(limit, ceil(share * factor))
        spans = split_source(text, _fits(engine, budget))
        if len(spans) <= needed or budget == limit:
            return spans
    return split_source(text, _fits(engine, limit))


def _fits(engine, budget: int) -> Callable[[str], bool]:
    return lambda text: len(engine.tokenize(text)) <= budget


def _piece(segment: Segment, start: int, end: int, source_tags: list) -> Segment:
    hits = [
        replace(h, start=h.start - start, end=h.end - start)
        for h in segment.hits
        if h.start >= start and h.end <= end
    ]
    piece = Segment(segment.index, segment.paragraph, segment.source[start:end], hits=hits)
    piece.source_tags = source_tags
    return piece


def _tags_for(segment: Segment, spans: list[tuple[int, int]]) -> list[list]:
    """Each piece's formatting tags, in its own offsets: a tag over a cut is in both pieces
    (same id, put together again by `_rejoin`); a point tag goes to the piece it is in or
    just after."""
    pieces: list[list] = [[] for _ in spans]
    for tag in tags.tags_from_json(segment.source_tags):
        for number, (start, end) in enumerate(spans):
            if tag.start == tag.end:
                if tag.start <= end or number == len(spans) - 1:
                    point = min(max(tag.start, start), end) - start
                    pieces[number].append(tag.moved(point, point))
                    break
            elif tag.start < end and tag.end > start:
                pieces[number].append(
                    tag.moved(max(tag.start, start) - start, min(tag.end, end) - start)
                )
    return pieces


def _joined_tags(pieces: list[Segment], offsets: list[int]) -> list:
    """The pieces' English tags in the joined English; a tag cut over pieces becomes one
    again (the hull of its placed parts)."""
    merged: dict[int, tags.InlineTag] = {}
    for piece, offset in zip(pieces, offsets, strict=True):
        for tag in tags.tags_from_json(piece.target_tags):
            moved = tag.moved(tag.start + offset, tag.end + offset)
            before = merged.get(tag.id)
            if before is None or (before.state and not moved.state):
                merged[tag.id] = moved
            elif not before.state and not moved.state:
                merged[tag.id] = before.moved(
                    min(before.start, moved.start), max(before.end, moved.end)
                )
    return sorted(merged.values(), key=lambda t: t.id)


def _rejoin(segment, pieces, offsets, joints, engine, limit: int) -> None:
    english, english_offsets = pieces[0].target, [0]
    for joint, piece in zip(joints, pieces[1:], strict=True):
        english += joint
        english_offsets.append(len(english))
        english += piece.target
    segment.machine = segment.target = segment.tags_on = english
    segment.target_tags = _joined_tags(pieces, english_offsets) if segment.source_tags else []
    segment.machine_tags = [t.moved(t.start, t.end) for t in segment.target_tags]
    sizes = [max(1, len(engine.tokenize(p.source))) for p in pieces]
    scores = [p.score if p.score is not None else 0.0 for p in pieces]
    segment.score = sum(s * n for s, n in zip(scores, sizes, strict=True)) / sum(sizes)
    segment.alternatives = []
    segment.status, segment.origin = TRANSLATED, ORIGIN_MT
    segment.hits = [
        replace(h, start=h.start + offset, end=h.end + offset)
        for piece, offset in zip(pieces, offsets, strict=True)
        for h in piece.hits
    ]
    cut_off = [f for p in pieces for f in p.flags if f.code == quality.CUT_OFF][:1]
    tokens = len(engine.tokenize(segment.source))
    segment.flags = [f for f in segment.flags if f.code not in (quality.CUT_OFF, quality.SPLIT)]
    segment.flags += cut_off
    segment.flags.append(
        Flag(
            quality.SPLIT,
            f"Too long for the model in one piece ({tokens} tokens, at most {limit}): "
            f"translated in {len(pieces)} pieces split at clause or word boundaries, then "
            "joined. Check the English where the pieces meet.",
        )
    )
