"""The document a translator works on: paragraphs, segments, terms found, flags.

Contract:
- A `Document` is a list of `Segment`s (sentences or lines) and a list of `Paragraph`s (layout
  blocks: body text, headings, table cells...). Every segment names its paragraph by index.
- `Segment.gap` is the exact text between this segment and the next one in the original
  (" " inside a paragraph, "\n\n" between paragraphs, "" at the end of a document unless the
  original ended in whitespace). `Document.lead` is any whitespace before the first segment.
  So `document.source_text()` gives back the original text, and `target_text()` gives the
  translation in the same layout.
- `Segment.machine` is what the engine (with glossary enforcement) produced; `Segment.target`
  is the translation as it stands, which the editor may have changed. `status` says which.
- `to_dict` / `from_dict` round-trip everything through plain JSON types (workspace store,
  `workbench translate --json`).

Nothing here touches files, models or Streamlit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from workbench.tags import InlineTag, tags_from_json

# Segment statuses, in the order work moves through them.
NEW = "new"  # not translated yet
TRANSLATED = "translated"  # machine translation, untouched by a person
MEMORY = "memory"  # filled from the translation memory (an exact or context match): human work
EDITED = "edited"  # a person changed the target
CONFIRMED = "confirmed"  # a person approved the target
STATUSES = (NEW, TRANSLATED, MEMORY, EDITED, CONFIRMED)
HUMAN_STATUSES = (MEMORY, EDITED, CONFIRMED)  # text a person wrote: never replaced by the machine

# Where a segment's English came from (`Segment.origin`).
ORIGIN_MT = "mt"  # the model
ORIGIN_TM_EXACT = "tm-exact"  # the memory: same German ("TM 100%")
ORIGIN_TM_CONTEXT = "tm-context"  # the memory: same German and neighbours ("TM 101%")

# Hit statuses: how the target term got into the English (see workbench.glossary.enforcing).
HIT_OK = "ok"  # the first-choice translation already honoured the term
HIT_CHOSEN = "chosen-from-alternatives"  # an n-best alternative honoured it
HIT_REPAIRED = "repaired"  # re-decoded with the term forced as a prefix
HIT_FORCED = "forced"  # the aligned span was replaced by the term
HIT_EDITED = "edited"  # a person's English has the term
HIT_MISSING = "missing"  # the term is not in the English
HIT_STATUSES = (HIT_OK, HIT_CHOSEN, HIT_REPAIRED, HIT_FORCED, HIT_EDITED, HIT_MISSING)


@dataclass
class Paragraph:
    """A layout block of the source. style: body | title | heading1..heading6 | quote |
    list-item | table-cell | header | footer. `table`, `row`, `col` locate a table cell (docx),
    else None. `block` numbers the block in the importer's walk of the original file, empty
    blocks included, so an export from the original finds its place again."""

    index: int
    style: str = "body"
    table: int | None = None
    row: int | None = None
    col: int | None = None
    block: int | None = None  # its place among the original file's blocks (docx, html export)


@dataclass
class TermHit:
    """One occurrence of a glossary term in a segment's source.

    start/end: character span in `Segment.source`; matched: the source text there.
    confidence: "exact" (word or hyphenated compound) or "compound" (inside a closed compound
    such as "Bundeswehrsoldaten": lower confidence).
    status: how the segment's current English meets the term (HIT_STATUSES): the machine's
    statuses while the English is the machine's, "edited" or "missing" once a person changed
    it. machine_status: how the machine's English got it, kept when a person edits (for
    glossary statistics); empty until the English is first checked after translation."""

    start: int
    end: int
    matched: str
    term_source: str
    term_target: str
    glossary: str = ""
    confidence: str = "exact"
    status: str = HIT_MISSING
    note: str = ""
    machine_status: str = ""


@dataclass
class Flag:
    """A quality problem in a segment. code is stable (for filters and exports), message is for
    people. Codes: term-missing, term-forbidden, number-mismatch, untranslated, length-ratio,
    repetition, term-inconsistent, cut-off, split."""

    code: str
    message: str


@dataclass
class MemoryMatch:
    """A translation-memory unit offered for a segment (workbench.memory). score: 0-100
    (OmegaT-like, on word tokens with numbers and tags), 101 for a context match. kind:
    "context", "exact", "fuzzy", or "previous-version" (the sentence's German in an earlier
    version of the same article). numbers: numbers of one German and not the other."""

    score: int
    source: str
    target: str
    memory: str
    kind: str = "fuzzy"
    document: str = ""
    numbers: list[str] = field(default_factory=list)


@dataclass
class Segment:
    """One sentence or line. `index` is its position in the document; `id` its identity,
    given by the workspace when the document is first stored, which stays when segments are
    joined or split and their positions change."""

    index: int
    paragraph: int
    source: str
    gap: str = ""
    machine: str = ""
    target: str = ""
    status: str = NEW
    score: float | None = None
    alternatives: list[str] = field(default_factory=list)
    hits: list[TermHit] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    id: str = ""
    # inline formatting (workbench.tags): spans over `source` and over `tags_on`, the English
    # the target tags were placed on (they follow `target` when it changes)
    source_tags: list[InlineTag] = field(default_factory=list)
    target_tags: list[InlineTag] = field(default_factory=list)
    tags_on: str = ""
    machine_tags: list[InlineTag] = field(default_factory=list)  # placed on `machine`
    origin: str = ""  # ORIGIN_* once translated ("" before, and for documents stored earlier)
    tm: list[MemoryMatch] = field(default_factory=list)  # memory matches, best first

    @property
    def edited(self) -> bool:
        """Human work: written, confirmed, or filled from memory (never machine output)."""
        return self.status in HUMAN_STATUSES


@dataclass
class Document:
    name: str
    segments: list[Segment]
    paragraphs: list[Paragraph]
    lead: str = ""
    source_lang: str = "de"
    target_lang: str = "en"

    def source_text(self) -> str:
        return self.lead + "".join(s.source + s.gap for s in self.segments)

    def target_text(self) -> str:
        return self.lead + "".join(s.target + s.gap for s in self.segments)

    def paragraph_texts(self, side: str = "target") -> list[tuple[Paragraph, str]]:
        """Each paragraph with its text (segments joined with their inner gaps), for exports
        that rebuild block structure (docx, md, html)."""
        parts: dict[int, list[str]] = {p.index: [] for p in self.paragraphs}
        by_paragraph: dict[int, list[Segment]] = {}
        for seg in self.segments:
            by_paragraph.setdefault(seg.paragraph, []).append(seg)
        for index, segs in by_paragraph.items():
            pieces = []
            for i, seg in enumerate(segs):
                pieces.append(getattr(seg, side))
                if i < len(segs) - 1:
                    pieces.append(seg.gap)
            parts[index] = ["".join(pieces)]
        return [(p, "".join(parts.get(p.index, []))) for p in self.paragraphs]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        segments = [
            Segment(
                **{
                    **s,
                    "hits": [TermHit(**h) for h in s.get("hits", [])],
                    "flags": [Flag(**f) for f in s.get("flags", [])],
                    "source_tags": tags_from_json(s.get("source_tags")),
                    "target_tags": tags_from_json(s.get("target_tags")),
                    "machine_tags": tags_from_json(s.get("machine_tags")),
                    "tm": [MemoryMatch(**m) for m in s.get("tm", [])],
                }
            )
            for s in data["segments"]
        ]
        paragraphs = [Paragraph(**p) for p in data["paragraphs"]]
        rest = {k: v for k, v in data.items() if k not in ("segments", "paragraphs")}
        return cls(segments=segments, paragraphs=paragraphs, **rest)
