"""Split German text into paragraphs and segments (sentences or lines).

Contract:
- `segment_text(text, name)` -> `Document`. Paragraphs are blocks separated by blank lines;
  inside a paragraph every line is kept as a line (headlines, bylines, list items, verse), and
  every line is split into sentences with pysbd's German rules (which handle "Dr.", "z. B.",
  "u. a.", "31. Oktober" and "95,5 Mio. Euro").
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
from functools import lru_cache

from workbench.document import Document, Paragraph, Segment

_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?:;…\"'“”‘’»«)\]]\s*$")
HEADING_MAX_WORDS = 14


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


def _segment_paragraph(text: str, paragraph: int, first_index: int) -> list[Segment]:
    """Segments of one paragraph; the last segment's gap holds the paragraph's trailing space."""
    segments: list[Segment] = []
    for line in re.split(r"(?<=\n)", text):
        body = line.rstrip("\n")
        leading = body[: len(body) - len(body.lstrip())]
        if segments and leading:
            segments[-1].gap += leading
        pieces = split_sentences(body)
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
