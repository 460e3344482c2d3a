"""Inline formatting (bold, italic, links...) as tags over a segment's plain text.

Contract:
- A segment's `source` and `target` stay plain text: the model, glossary matching and forcing,
  number checks, the translation memory and find/replace never see markup. Formatting lives
  beside the text in `Segment.source_tags` / `Segment.target_tags`: a list of `InlineTag`
  spans {id, kind, start, end, attrs, state} over that text (character offsets, end exclusive).
  kind is one of `KINDS` (b, i, u, sup, sub, a, span, code); attrs keep what the format needs
  to write the tag again (a link's href, an HTML element's original start tag). Ids count from
  1 within a segment; the target tag with id n is the English place of source tag n.
  A zero-width tag (start == end: an empty element, an image in a link) stays a point.
  Line breaks inside a paragraph (Word's w:br, HTML's <br>) are "\\n" in the text itself.
- `Segment.machine_tags` are the tags as placed on the machine's English: going back to it
  (reset, undo) brings them back.
- `Segment.tags_on` is the English the target tags were placed on. When the target changes
  by any other route (find/replace, undo, an edited file brought back), `current_target_tags`
  maps the tags through the difference between the two texts (difflib), so a tag keeps
  covering the words it covered; a tag whose words were deleted shrinks to a point.
- Markers: `with_markers(text, tags)` shows tags as ⟨1⟩…⟨/1⟩ (a point as ⟨1/⟩), for the editor,
  the bilingual CSV/XLSX and anywhere a person reads or types tags. `parse_markers(text,
  source_tags)` reads such text back: (plain text, tags); a marker without its partner gives a
  tag with state "unbalanced" (kept, running to the end or from the start); unknown numbers
  are left in the text as they are. Round trip: parse(with_markers(t, tags)) == (t, tags).
- `place_tags(...)` carries source tags to the English. A tag over the whole sentence stays
  over the whole translation; a tag whose German words (with a capital or a digit: a name, a
  number) stand unchanged exactly once in the English goes around them; otherwise a word
  alignment decides (the engine's attention: each English token is aligned to the German
  token it attends to most) and the tag goes around the English words aligned to the German
  words it covered (the hull of them). When no English word is aligned, or
  the token words do not match the text, the tag is kept as a point at the end of the sentence
  with state "unplaced". Nothing is ever dropped: every source tag has a target tag.
- `carry(segment, candidate, engine)` does that after translation; the English under a code
  tag is then the German code again (inline code is never translated).
- `tag_flags(segment)`: tag-missing (a source tag has no target tag: a person deleted its
  markers), tag-unbalanced, tag-unplaced; see workbench.quality.
- `segment_tagged_blocks(blocks, name)`: `segmenting.segment_blocks` for blocks that carry
  tags; each block's tags are cut at sentence boundaries and given to the segments (a tag over
  two sentences becomes one tag in each). `paragraph_tags(document, side)` puts them back
  together per paragraph, merging the pieces of a tag cut at a sentence boundary.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.document import Document, Flag, Paragraph, Segment

KINDS = ("b", "i", "u", "sup", "sub", "a", "span", "code")
PLACED, UNPLACED, UNBALANCED = "", "unplaced", "unbalanced"
OPEN, CLOSE = "\u27e8", "\u27e9"  # ⟨ ⟩: never typed in news text, easy to read
_MARKER = re.compile(rf"{OPEN}(/?)(\d+)(/?){CLOSE}")
_WORD = re.compile(r"\S+")


@dataclass
class InlineTag:
    id: int
    kind: str
    start: int
    end: int
    attrs: dict[str, str] = field(default_factory=dict)
    state: str = PLACED

    def same_markup(self, other: InlineTag) -> bool:
        return self.kind == other.kind and self.attrs == other.attrs

    def moved(self, start: int, end: int, **changes) -> InlineTag:
        return InlineTag(
            changes.get("id", self.id),
            self.kind,
            start,
            end,
            dict(self.attrs),
            changes.get("state", self.state),
        )


def tags_from_json(items) -> list[InlineTag]:
    return [t if isinstance(t, InlineTag) else InlineTag(**t) for t in items or []]


# ---------------------------------------------------------------- markers


def with_markers(text: str, tags: list[InlineTag]) -> str:
    """Text with ⟨n⟩…⟨/n⟩ around each tag's words (outer tags open first, close last)."""
    if not tags:
        return text
    events: dict[int, list[tuple[int, int, int, str]]] = {}
    for tag in tags:
        start = min(max(tag.start, 0), len(text))
        end = min(max(tag.end, start), len(text))
        if start == end:
            events.setdefault(start, []).append((1, 0, tag.id, f"{OPEN}{tag.id}/{CLOSE}"))
            continue
        # at one position: closings first (inner before outer), then points, then openings
        # (outer before inner), so nested tags stay nested; of two tags over the same words
        # the lower number is the outer one
        events.setdefault(end, []).append((0, end - start, -tag.id, f"{OPEN}/{tag.id}{CLOSE}"))
        events.setdefault(start, []).append((2, start - end, tag.id, f"{OPEN}{tag.id}{CLOSE}"))
    out, last = [], 0
    for position in sorted(events):
        out.append(text[last:position])
        out.extend(marker for *_, marker in sorted(events[position], key=lambda e: e[:3]))
        last = position
    out.append(text[last:])
    return "".join(out)


def strip_markers(text: str, keep: Collection[int] = ()) -> str:
    """The text without tag markers (but those of the tag numbers in `keep`)."""
    return _MARKER.sub(lambda m: m.group() if int(m.group(2)) in keep else "", text)


def has_markers(text: str) -> bool:
    return bool(_MARKER.search(text))


def parse_markers(text: str, source_tags: list[InlineTag]) -> tuple[str, list[InlineTag]]:
    """(plain text, tags) from text with markers; kinds and attrs come from the source tags
    of the same number. Markers with a number no source tag has stay in the text."""
    known = {t.id: t for t in source_tags}
    plain: list[str] = []
    length = 0
    opened: dict[int, int] = {}
    found: list[InlineTag] = []
    last = 0
    for match in _MARKER.finditer(text):
        closing, number, point = match.group(1) == "/", int(match.group(2)), match.group(3) == "/"
        if number not in known or (closing and point):
            continue
        piece = text[last : match.start()]
        plain.append(piece)
        length += len(piece)
        last = match.end()
        template = known[number]
        if point:
            found.append(template.moved(length, length, state=PLACED))
        elif not closing:
            if number in opened:  # opened twice: the first one has no end
                found.append(template.moved(opened[number], length, state=UNBALANCED))
            opened[number] = length
        elif number in opened:
            found.append(template.moved(opened.pop(number), length, state=PLACED))
        else:  # a closing marker without its opening
            found.append(template.moved(0, length, state=UNBALANCED))
    plain.append(text[last:])
    result = "".join(plain)
    for number, start in opened.items():
        found.append(known[number].moved(start, len(result), state=UNBALANCED))
    found.sort(key=lambda t: (t.start, -t.end, t.id))
    return result, found


# ---------------------------------------------------------------- following edits


_PIECE = re.compile(r"\s+|\w+|[^\w\s]")


def _pieces(text: str) -> tuple[list[str], list[int]]:
    found = [(m.group(), m.start()) for m in _PIECE.finditer(text)]
    return [p for p, _ in found], [o for _, o in found] + [len(text)]


def remap(tags: list[InlineTag], old: str, new: str) -> list[InlineTag]:
    """Tags on `old` moved onto `new`: each keeps the words it covered as far as they stay
    (a word-level difference, so a replaced word is covered by its replacement)."""
    if old == new or not tags:
        return [t.moved(t.start, t.end) for t in tags]
    old_pieces, old_at = _pieces(old)
    new_pieces, new_at = _pieces(new)
    opcodes = difflib.SequenceMatcher(None, old_pieces, new_pieces, autojunk=False).get_opcodes()

    def position(offset: int, is_end: bool) -> int:
        for kind, i1, i2, j1, j2 in opcodes:
            a, b = old_at[i1], old_at[i2]
            if a <= offset < b or (offset == b and (is_end or i2 == len(old_pieces))):
                if kind == "equal":
                    # same pieces: the same place inside them
                    k = i1
                    while k + 1 < i2 and old_at[k + 1] <= offset - (1 if is_end else 0):
                        k += 1
                    return new_at[j1 + (k - i1)] + (offset - old_at[k])
                return new_at[j2] if is_end else new_at[j1]
        return len(new)

    moved = []
    for tag in tags:
        start = position(tag.start, False)
        end = position(tag.end, True) if tag.end > tag.start else start
        moved.append(tag.moved(start, max(start, end)))
    return moved


def current_target_tags(segment: Segment) -> list[InlineTag]:
    """The target tags as they fit `segment.target` now (see the module contract)."""
    tags = tags_from_json(segment.target_tags)
    if not tags:
        return []
    return remap(tags, segment.tags_on, segment.target)


def marked_target(segment: Segment) -> str:
    """The English with its tags as markers (plain when the source has no tags)."""
    if not segment.source_tags:
        return segment.target
    return with_markers(segment.target, current_target_tags(segment))


def set_target(segment: Segment, text: str, *, markers: bool | None = None) -> None:
    """A new English for the segment. With `markers` (the text of the editor's box, which
    always shows them) the markers are the tags: a tag without markers is missing. Without
    (find/replace, undo, a machine text) the tags follow the words; None reads markers when
    the text has some."""
    if markers is None:
        markers = has_markers(text)
    if segment.source_tags and markers:
        plain, tags = parse_markers(text, tags_from_json(segment.source_tags))
        segment.target, segment.target_tags, segment.tags_on = plain, tags, plain
        return
    if text == segment.machine and segment.machine_tags:  # back to the machine's English
        segment.target_tags = [
            t.moved(t.start, t.end) for t in tags_from_json(segment.machine_tags)
        ]
    elif segment.target_tags:
        segment.target_tags = remap(tags_from_json(segment.target_tags), segment.tags_on, text)
    segment.target = segment.tags_on = text


# ---------------------------------------------------------------- placement


def _token_words(tokens: list[str]) -> list[list[int]]:
    """Token indexes grouped into words: a SentencePiece "▁" starts a word; a lone "▁" (before
    punctuation such as „) belongs to the word after it."""
    words: list[list[int]] = []
    pending: list[int] = []
    for i, token in enumerate(tokens):
        if not token.strip("\u2581"):
            pending.append(i)
        elif token.startswith("\u2581") or pending or not words:
            words.append([*pending, i])
            pending = []
        else:
            words[-1].append(i)
    if pending and words:
        words[-1].extend(pending)
    return words


def _spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _unplaced(tags: list[InlineTag], length: int) -> list[InlineTag]:
    return [t.moved(length, length, state=UNPLACED) for t in tags]


def place_tags(
    source: str,
    source_tags: list[InlineTag],
    source_tokens: list[str],
    target: str,
    target_tokens: list[str],
    attention: list[list[float]] | None,
) -> list[InlineTag]:
    """The source tags placed on the English (see the module contract)."""
    tags = tags_from_json(source_tags)
    if not tags:
        return []
    source_words, target_words = _spans(source), _spans(target)
    source_groups, target_groups = _token_words(source_tokens), _token_words(target_tokens)
    if not target_words:
        return [t.moved(0, 0) for t in tags]
    aligned: list[set[int]] | None = None  # per English word: the German words it aligns to
    if (
        attention
        and len(source_groups) == len(source_words)
        and len(target_groups) == len(target_words)
    ):
        token_word = {i: w for w, group in enumerate(source_groups) for i in group}
        aligned = []
        for group in target_groups:
            links = set()
            for i in group:
                row = attention[i] if i < len(attention) else []
                scores = [row[j] if j < len(row) else -1.0 for j in range(len(source_tokens))]
                if scores and max(scores) > 0:
                    links.add(token_word[scores.index(max(scores))])
            aligned.append(links)
    placed = []
    for tag in tags:
        covered = [
            w
            for w, (a, b) in enumerate(source_words)
            if a < tag.end and b > tag.start and tag.end > tag.start
        ]
        whole = tag.end > tag.start and len(covered) == len(source_words)
        if whole:
            placed.append(tag.moved(0, len(target)))
            continue
        same = _same_words(source[tag.start : tag.end], target)
        if same is not None:  # a name, number or address the English has unchanged, once
            placed.append(tag.moved(*same))
            continue
        if aligned is None:
            placed.extend(_unplaced([tag], len(target)))
            continue
        if tag.end == tag.start:
            after = sum(1 for a, b in source_words if b <= tag.start)
            if after == 0:
                placed.append(tag.moved(0, 0))
            elif after == len(source_words):
                placed.append(tag.moved(len(target), len(target)))
            else:
                hits = [t for t, links in enumerate(aligned) if after in links]
                if hits:
                    position = target_words[min(hits)][0]
                    placed.append(tag.moved(position, position))
                else:
                    placed.extend(_unplaced([tag], len(target)))
            continue
        hits = [t for t, links in enumerate(aligned) if links & set(covered)]
        if not hits:
            placed.extend(_unplaced([tag], len(target)))
            continue
        hits = _cluster(hits, len(covered))
        start, end = target_words[min(hits)][0], target_words[max(hits)][1]
        words_start, words_end = source_words[covered[0]][0], source_words[covered[-1]][1]
        if target[start:end] == source[words_start:words_end]:
            # the same words in the English ("m2", a name): the tag covers the same characters
            # of them ("2" of "m2"), not the whole words
            inner_start = start + max(tag.start - words_start, 0)
            inner_end = end - max(words_end - tag.end, 0)
            placed.append(tag.moved(inner_start, max(inner_end, inner_start)))
            continue
        placed.append(tag.moved(*_trimmed(source[tag.start : tag.end], target, start, end)))
    return placed


def _cluster(hits: list[int], covered: int) -> list[int]:
    """The English words for a tag: all aligned ones, unless they are spread far wider than
    the German words (a stray alignment would format half the sentence); then the largest
    run of neighbouring ones."""
    if max(hits) - min(hits) + 1 <= 2 * covered + 2:
        return hits
    runs: list[list[int]] = []
    for hit in sorted(hits):
        if runs and hit - runs[-1][-1] <= 2:
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return max(runs, key=len)


def _same_words(covered: str, target: str) -> tuple[int, int] | None:
    """Where the German words of a tag stand unchanged in the English (names, numbers,
    addresses: "Anna Schmidt", "12 Mio."), if exactly once and as whole words."""
    covered = covered.strip()
    if len(covered) < 3 or not any(ch.isupper() or ch.isdigit() for ch in covered):
        return None
    found = [
        m.start()
        for m in re.finditer(re.escape(covered), target)
        if (m.start() == 0 or not target[m.start() - 1].isalnum())
        and (m.end() == len(target) or not target[m.end()].isalnum())
    ]
    return (found[0], found[0] + len(covered)) if len(found) == 1 else None


_PUNCTUATION = ".,;:!?…\"'“”„‚‘’»«()[]"


def _trimmed(covered: str, target: str, start: int, end: int) -> tuple[int, int]:
    """Punctuation at the edges of the English words stays outside the tag when the German
    tag did not cover punctuation there ("Bericht." with only "Bericht" bold)."""
    if covered[-1:] not in _PUNCTUATION:
        while end - 1 > start and target[end - 1] in _PUNCTUATION:
            end -= 1
    if covered[:1] not in _PUNCTUATION:
        while start + 1 < end and target[start] in _PUNCTUATION:
            start += 1
    return start, end


# ---------------------------------------------------------------- flags


def tag_flags(segment: Segment) -> list[Flag]:
    from workbench.document import Flag

    source = tags_from_json(segment.source_tags)
    if not source or not segment.target.strip():
        return []
    target = current_target_tags(segment)
    flags = []
    present = {t.id for t in target}
    missing = [t for t in source if t.id not in present]
    if missing:
        names = ", ".join(f"{OPEN}{t.id}{CLOSE} ({t.kind})" for t in missing)
        flags.append(Flag("tag-missing", f"Formatting tag {names} is not in the English."))
    broken = [t for t in target if t.state == UNBALANCED]
    if broken:
        names = ", ".join(f"{OPEN}{t.id}{CLOSE}" for t in broken)
        flags.append(
            Flag(
                "tag-unbalanced",
                f"Tag {names} is opened without being closed (or closed without being opened).",
            )
        )
    unplaced = [t for t in target if t.state == UNPLACED]
    if unplaced:
        names = ", ".join(f"{OPEN}{t.id}{CLOSE} ({t.kind})" for t in unplaced)
        flags.append(
            Flag(
                "tag-unplaced",
                f"Tag {names} could not be matched to English words and was put at the end: "
                "move it to the right words.",
            )
        )
    return flags


# ---------------------------------------------------------------- blocks and paragraphs


def clean_block(text: str, tags: list[InlineTag]) -> tuple[str, list[InlineTag]]:
    """Line endings normalised and outer whitespace stripped, as `segment_blocks` does, with
    the tags moved along."""
    positions: list[int] = []  # old offset -> new offset
    out: list[str] = []
    i = 0
    while i < len(text):
        positions.append(len(out))
        if text[i] == "\r":
            out.append("\n")
            if text[i + 1 : i + 2] == "\n":
                positions.append(len(out) - 1)
                i += 1
        else:
            out.append(text[i])
        i += 1
    positions.append(len(out))
    flat = "".join(out)
    lead = len(flat) - len(flat.lstrip())
    stripped = flat.strip()

    def pos(offset: int) -> int:
        p = positions[min(max(offset, 0), len(positions) - 1)] - lead
        return min(max(p, 0), len(stripped))

    return stripped, [t.moved(pos(t.start), pos(t.end)) for t in tags]


def segment_tagged_blocks(
    blocks: list[tuple[Paragraph, str, list[InlineTag]]], name: str = "document"
) -> Document:
    from workbench.segmenting import segment_blocks

    cleaned = []
    for paragraph, text, tags in blocks:
        text, tags = clean_block(text, tags)
        cleaned.append((paragraph, text, tags))
    document = segment_blocks([(p, text) for p, text, _ in cleaned], name)
    by_paragraph: dict[int, list[Segment]] = {}
    for segment in document.segments:
        by_paragraph.setdefault(segment.paragraph, []).append(segment)
    kept = [(p, tags) for p, text, tags in cleaned if text]
    for paragraph, tags in kept:
        segments = by_paragraph.get(paragraph.index, [])
        _distribute(segments, tags)
    return document


def _distribute(segments: list[Segment], tags: list[InlineTag]) -> None:
    starts, position = [], 0
    for segment in segments:
        starts.append(position)
        position += len(segment.source) + len(segment.gap)
    given: dict[int, list[InlineTag]] = {i: [] for i in range(len(segments))}
    for tag in sorted(tags, key=lambda t: (t.start, -t.end)):
        placed = False
        for n, segment in enumerate(segments):
            a, b = starts[n], starts[n] + len(segment.source)
            start, end = max(tag.start, a), min(tag.end, b)
            if start < end or (tag.start == tag.end and a <= tag.start <= b):
                given[n].append(tag.moved(start - a, end - a if start < end else start - a))
                placed = True
                if tag.start == tag.end:
                    break
        if not placed and segments:  # a tag over whitespace between sentences: keep it
            n = max((i for i in range(len(segments)) if starts[i] <= tag.start), default=0)
            end = len(segments[n].source)
            given[n].append(tag.moved(end, end))
    for n, segment in enumerate(segments):
        own = sorted(given[n], key=lambda t: (t.start, -t.end))
        segment.source_tags = [t.moved(t.start, t.end, id=i + 1) for i, t in enumerate(own)]


def paragraph_tags(document: Document, side: str = "target") -> list[tuple[Paragraph, str, list]]:
    """Each paragraph with its text and its tags over that text, pieces of a tag cut at a
    sentence boundary joined again."""
    by_paragraph: dict[int, list[Segment]] = {}
    for segment in document.segments:
        by_paragraph.setdefault(segment.paragraph, []).append(segment)
    result = []
    for paragraph in document.paragraphs:
        pieces: list[str] = []
        tags: list[InlineTag] = []
        segments = by_paragraph.get(paragraph.index, [])
        length = 0
        for i, segment in enumerate(segments):
            text = segment.source if side == "source" else segment.target
            own = (
                tags_from_json(segment.source_tags)
                if side == "source"
                else current_target_tags(segment)
            )
            for tag in own:
                tags.append(tag.moved(tag.start + length, tag.end + length))
            pieces.append(text)
            length += len(text)
            if i < len(segments) - 1:
                pieces.append(segment.gap)
                length += len(segment.gap)
        result.append((paragraph, "".join(pieces), _joined(tags, "".join(pieces))))
    return result


def _joined(tags: list[InlineTag], text: str) -> list[InlineTag]:
    """Tags with the same markup that meet across whitespace become one again."""
    out: list[InlineTag] = []
    for tag in sorted(tags, key=lambda t: (t.start, -t.end)):
        partner = next(
            (
                o
                for o in out
                if o.same_markup(tag)
                and o.end < tag.start
                and o.end > o.start
                and tag.end > tag.start
                and not text[o.end : tag.start].strip()
            ),
            None,
        )
        if partner is not None:
            partner.end = tag.end
        else:
            out.append(tag.moved(tag.start, tag.end))
    return out


def runs(text: str, tags: list[InlineTag]) -> list[tuple[str, list[InlineTag]]]:
    """The text cut where tags start or end: (piece, tags active over it), points as ("", [tag])
    at their place. For writers that format runs of characters (Word)."""
    cuts = {0, len(text)}
    for tag in tags:
        cuts.update((min(max(tag.start, 0), len(text)), min(max(tag.end, 0), len(text))))
    ordered = sorted(cuts)
    pieces: list[tuple[str, list[InlineTag]]] = []
    for a, b in itertools.pairwise(ordered):
        for tag in tags:
            if tag.start == tag.end == a:
                pieces.append(("", [tag]))
        active = [t for t in tags if t.start <= a and t.end >= b and t.end > t.start]
        pieces.append((text[a:b], active))
    for tag in tags:
        if tag.start == tag.end == len(text) or (not text and tag.start == tag.end):
            pieces.append(("", [tag]))
    return pieces


def carry(segment: Segment, candidate, engine) -> None:
    """After translation: the segment's source tags placed on the machine's English
    (`candidate`: the engine's best candidate, with its tokens and attention), then moved
    onto the final English if glossary enforcement changed it."""
    source_tags = tags_from_json(segment.source_tags)
    if not source_tags:
        segment.target_tags, segment.machine_tags, segment.tags_on = [], [], segment.target
        return
    placed = place_tags(
        segment.source,
        source_tags,
        engine.tokenize(segment.source),
        candidate.text,
        list(candidate.tokens),
        candidate.attention,
    )
    segment.target_tags = remap(placed, candidate.text, segment.target)
    segment.tags_on = segment.target
    _verbatim_code(segment, source_tags)


def _verbatim_code(segment: Segment, source_tags: list[InlineTag]) -> None:
    """Inline code is not translated: the English under a placed code tag is the German code
    again (`api.v2`, a command), whatever the model made of it."""
    source = {t.id: segment.source[t.start : t.end] for t in source_tags if t.kind == "code"}
    tags = tags_from_json(segment.target_tags)
    text = segment.target
    for tag in sorted(tags, key=lambda t: -t.start):
        code = source.get(tag.id)
        if code is None or tag.state or tag.end <= tag.start or text[tag.start : tag.end] == code:
            continue
        text = text[: tag.start] + code + text[tag.end :]
        shift = len(code) - (tag.end - tag.start)
        for other in tags:
            if other is tag:
                continue
            if other.start >= tag.end:
                other.start += shift
            if other.end >= tag.end:
                other.end += shift
        tag.end = tag.start + len(code)
    if text != segment.target:
        segment.machine = segment.target = segment.tags_on = text
        segment.target_tags = tags
    segment.machine_tags = [t.moved(t.start, t.end) for t in tags_from_json(segment.target_tags)]


def join_tags(joined: Segment, first: Segment, second: Segment) -> None:
    """Tags of two segments joined into one (workbench.joining): the second's follow the
    first's in the joined German (numbers shifted so they stay distinct), and in the joined
    English when the person's English was kept."""
    shift = max((t.id for t in tags_from_json(first.source_tags)), default=0)
    offset = len(first.source) + len(first.gap)
    joined.source_tags = [
        *tags_from_json(first.source_tags),
        *(
            t.moved(t.start + offset, t.end + offset, id=t.id + shift)
            for t in tags_from_json(second.source_tags)
        ),
    ]
    if joined.target:
        head = first.target.strip()
        lead = len(head) + 1 if head else 0
        joined.target_tags = [
            *(t for t in current_target_tags(first) if t.end <= len(head)),
            *(
                t.moved(t.start + lead, t.end + lead, id=t.id + shift)
                for t in current_target_tags(second)
            ),
        ]
        joined.tags_on = joined.target


def split_tags(whole: Segment, first: Segment, second: Segment, start: int, end: int) -> None:
    """Tags of a segment split at German offsets start..end (the whitespace cut out): each
    piece keeps the tags over its words (a tag over the cut is in both); the person's English,
    kept by the first piece, keeps all its tags."""
    for tag in tags_from_json(whole.source_tags):
        if tag.start < start or (tag.start == tag.end == start):
            first.source_tags.append(tag.moved(tag.start, min(tag.end, start)))
        if tag.end > end or (tag.start == tag.end and tag.start >= end):
            second.source_tags.append(tag.moved(max(tag.start, end) - end, tag.end - end))
    if first.target:
        first.target_tags = current_target_tags(whole)
        first.tags_on = first.target


def check_blocks(document: Document, blocks: dict[int, str], filename: str) -> None:
    """An original file matches its document: every paragraph's German is the text of the
    file's block with its number (whitespace folded). Raises DocumentError otherwise, so a
    wrong or damaged original is never filled with English in the wrong places."""
    from workbench.documents.safety import DocumentError

    for paragraph, text, _ in paragraph_tags(document, "source"):
        if paragraph.block is None:
            continue
        if " ".join(blocks.get(paragraph.block, "").split()) != " ".join(text.split()):
            raise DocumentError(
                f"{filename}: the stored original does not match this document "
                f"(paragraph {paragraph.index + 1} differs)."
            )
