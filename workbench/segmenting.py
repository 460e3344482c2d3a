"""Split German text into paragraphs and segments (sentences or lines).

Contract:
- `segment_text(text, name)` -> `Document`. Paragraphs are blocks separated by blank lines;
  inside a paragraph every line is kept as a line (headlines, bylines, list items, verse),
  except hard-wrapped lines (text copied from a PDF or an e-mail): a line that does not end a
  sentence is joined with the next one when the next one continues it (see `_continues`).
  Every (joined) line is split into sentences with pysbd's German rules (which handle "Dr.",
  "z. B.", "u. a.", "31. Oktober" and "95,5 Mio. Euro"); a sentence that runs over a hard
  line break keeps that line break in its `source`.
- `segment_blocks(blocks, name)` -> `Document` for importers that already know the blocks
  (docx paragraphs, HTML block elements): each (Paragraph, text) is one paragraph; blocks are
  joined with "\\n\\n" in `Document.source_text()`.
- Round trip: `document.source_text()` gives back the input, character for character, with one
  normalisation: line endings "\\r\\n" and "\\r" become "\\n". Whitespace between segments is kept
  in `Segment.gap`, whitespace before the first segment in `Document.lead`; segments themselves
  never start or end with whitespace.
- One-line paragraphs that do not end like a sentence and are short (headlines, subheads) get the
  style "heading"; everything else "body".
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from workbench.document import Document, Paragraph, Segment

_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?:;…\"'“”‘’»«)\]]\s*$")
_LIST_ITEM = re.compile(r"\s*(?:[-–—•*·▪►]\s|\d{1,3}[.)]\s)")
_MID_SENTENCE = re.compile(r"[,\-–(„‚/&]\s*$")  # a line cut off after these goes on
HEADING_MAX_WORDS = 14
WRAP_MIN_WIDTH = 40  # lines broken at 60 or 72 characters are wrapped text; headlines are not
WRAP_FILL = 0.7  # a wrapped line fills at least this share of the block's longest line


# pysbd keeps the text being split on the segmenter object, so two threads (two browser
# sessions) splitting at once get each other's spans: one segmenter, one caller at a time.
_SEGMENTER_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _segmenter():
    # Built on first use, not at import: pysbd compiles many rules.
    import pysbd

    return pysbd.Segmenter(language="de", clean=False, char_span=True)


def split_sentences(line: str) -> list[tuple[str, str]]:
    """Split one line (no newlines) into (sentence, whitespace after it) pairs that tile it."""
    stripped = line.strip()
    if not stripped:
        return []
    with _SEGMENTER_LOCK:
        spans = _segmenter().segment(stripped)
    pieces: list[tuple[str, str]] = []
    pos = 0
    for span in spans:
        if span.start != pos:  # pysbd lost or reordered text: keep the line whole
            return [(stripped, "")]
        sentence = span.sent.rstrip()
        pieces.append((sentence, span.sent[len(sentence) :]))
        pos = span.end
    if pos != len(stripped) or not pieces:
        return [(stripped, "")]
    return [(s, g) for s, g in pieces if s] or [(stripped, "")]


def _guess_style(text: str) -> str:
    if "\n" in text.strip():
        return "body"
    words = text.split()
    if len(words) <= HEADING_MAX_WORDS and not _SENTENCE_END.search(text):
        return "heading"
    return "body"


def _continues(line: str, following: str, wrapped_block: bool, width: int) -> bool:
    """Is `following` the rest of the sentence that `line` breaks off (a hard wrap)?"""
    if not line.strip() or not following.strip() or _SENTENCE_END.search(line):
        return False
    if _LIST_ITEM.match(following):
        return False
    start = following.lstrip()[:1]
    if _MID_SENTENCE.search(line) or start.islower():
        return True
    return wrapped_block and len(line.rstrip()) >= WRAP_FILL * width


def _logical_lines(text: str) -> list[str]:
    """The paragraph's lines (each with its own "\n"), hard-wrapped ones joined back."""
    lines = re.split(r"(?<=\n)", text)
    lengths = [len(line.rstrip()) for line in lines]
    width = max(lengths, default=0)
    long_lines = sum(1 for n in lengths if n >= WRAP_FILL * width)
    wrapped_block = width >= WRAP_MIN_WIDTH and long_lines >= 2
    joined: list[str] = []
    for i, line in enumerate(lines):
        if joined and _continues(lines[i - 1], line, wrapped_block, width):
            joined[-1] += line
        else:
            joined.append(line)
    return joined


def _sentences(line: str) -> list[tuple[str, str]]:
    """`split_sentences` for a line that may hold hard line breaks: they count as spaces for
    finding sentence ends and stay in the text."""
    flat = line.replace("\n", " ")
    pieces, position = [], len(flat) - len(flat.lstrip())
    for sentence, gap in split_sentences(flat):
        pieces.append(
            (
                line[position : position + len(sentence)],
                line[position + len(sentence) : position + len(sentence) + len(gap)],
            )
        )
        position += len(sentence) + len(gap)
    return pieces


def _segment_paragraph(text: str, paragraph: int, first_index: int) -> list[Segment]:
    """Segments of one paragraph; the last segment's gap holds the paragraph's trailing space."""
    segments: list[Segment] = []
    for line in _logical_lines(text):
        body = line.rstrip("\n")
        leading = body[: len(body) - len(body.lstrip())]
        if segments and leading:
            segments[-1].gap += leading
        pieces = _sentences(body)
        for sentence, gap in pieces:
            segments.append(
                Segment(
                    index=first_index + len(segments), paragraph=paragraph, source=sentence, gap=gap
                )
            )
        trailing_ws = body[len(body.rstrip()) :] if pieces else body
        if segments:
            if pieces:
                segments[-1].gap = segments[-1].gap + trailing_ws[len(segments[-1].gap) :]
            segments[-1].gap += line[len(body) :]
    return segments


def segment_text(text: str, name: str = "article") -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lead = text[: len(text) - len(text.lstrip())]
    body = text[len(lead) :]
    segments: list[Segment] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    for match in [*_BLANK_LINES.finditer(body), None]:
        end = match.start() if match else len(body)
        block = body[pos:end]
        if block.strip():
            paragraph = len(paragraphs)
            paragraphs.append(Paragraph(index=paragraph, style=_guess_style(block)))
            segments.extend(_segment_paragraph(block, paragraph, len(segments)))
        if match:
            if segments:
                segments[-1].gap += match.group()
            pos = match.end()
    _check_round_trip(lead + body, lead, segments)
    return Document(name=name, segments=segments, paragraphs=paragraphs, lead=lead)


def segment_blocks(blocks: list[tuple[Paragraph, str]], name: str = "document") -> Document:
    """Blocks from an importer; empty blocks are dropped, paragraph indexes renumbered."""
    segments: list[Segment] = []
    paragraphs: list[Paragraph] = []
    for paragraph, text in blocks:
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            continue
        if segments:
            segments[-1].gap = segments[-1].gap.rstrip("\n") + "\n\n"
        index = len(paragraphs)
        paragraph.index = index
        paragraphs.append(paragraph)
        segments.extend(_segment_paragraph(text, index, len(segments)))
    return Document(name=name, segments=segments, paragraphs=paragraphs)


def _check_round_trip(text: str, lead: str, segments: list[Segment]) -> None:
    joined = lead + "".join(s.source + s.gap for s in segments)
    if joined != text:  # a bug here would silently lose the user's words: fail loudly
        raise AssertionError("segmentation lost text; please report this article")
