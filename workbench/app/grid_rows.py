"""The data the editor grid draws: one page of segment rows, as plain JSON.

Contract (no Streamlit here: tested directly):
- `page_rows(doc, indexes, active)` gives, for each segment index, what its row shows:
  number, id, paragraph boundary and style, the German as HTML with glossary hits marked
  (`highlight.source_html`: every piece of article and glossary text escaped), the English, the
  machine translation when the English differs, status, flags with their labels and messages,
  and the glossary terms the English needs. A segment with formatting tags shows its German
  with tag markers (⟨1⟩…⟨/1⟩) under the highlighted German, and its English with markers
  (`tags.marked_target`): the person moves or keeps them; `save_target` reads them back. The `active` row (where the cursor is) also
  carries its alternatives (each with the terms it would break and its differences from the
  English, as escaped HTML) and its history (newest first).
- Every string that reaches the grid's HTML is escaped here or by the grid itself (the grid
  only ever sets user text through `textContent` / `value`; `*_html` fields are built here).
"""

from __future__ import annotations

from html import escape

from workbench.app.components.highlight import HIT_LABELS, source_html
from workbench.document import Paragraph, Segment
from workbench.editing import OpenDocument
from workbench.quality import FLAG_LABELS
from workbench.tags import marked_target, with_markers

STATUS_LABELS = {
    "new": "not translated yet",
    "translated": "machine translation",
    "edited": "edited",
    "confirmed": "confirmed",
    "memory": "from the translation memory",
}
STATUS_SHORT = {
    "new": "new",
    "translated": "MT",
    "edited": "edited",
    "confirmed": "confirmed",
    "memory": "memory",
}
PARAGRAPH_LABELS = {
    "title": "Title",
    "quote": "Quote",
    "list-item": "List item",
    "table-cell": "Table cell",
    "header": "Page header",
    "footer": "Page footer",
    **{f"heading{n}": f"Heading {n}" for n in range(1, 7)},
}


def page_rows(doc: OpenDocument, indexes: list[int], active: int | None) -> list[dict]:
    paragraphs = {p.index: p for p in doc.document.paragraphs}
    segments = doc.document.segments
    rows = []
    for index in indexes:
        segment = segments[index]
        first = index == 0 or segments[index - 1].paragraph != segment.paragraph
        row = _row(segment, paragraphs.get(segment.paragraph), first)
        if index == active:
            row["alternatives"] = _alternatives(doc, index)
            row["history"] = _history(doc, index)
        if index in doc.conflicts:
            conflict = doc.conflicts[index]
            row["conflict"] = {"theirs": conflict.stored_target, "status": conflict.stored_status}
        rows.append(row)
    return rows


def _row(segment: Segment, paragraph: Paragraph | None, first_of_paragraph: bool) -> dict:
    style = paragraph.style if paragraph else "body"
    return {
        "index": segment.index,
        "id": segment.id,
        "n": segment.index + 1,
        "para_start": first_of_paragraph,
        "para_label": PARAGRAPH_LABELS.get(style, "") if first_of_paragraph else "",
        "source_html": source_html(segment) + _tags_html(segment),
        "source": segment.source,
        "target": marked_target(segment),
        "machine": segment.machine if segment.machine != segment.target else "",
        "status": segment.status,
        "status_label": STATUS_LABELS.get(segment.status, segment.status),
        "status_short": STATUS_SHORT.get(segment.status, segment.status),
        "flags": _flags(segment),
        "terms": [
            {
                "source": hit.matched,
                "target": hit.term_target,
                "status": hit.status,
                "label": HIT_LABELS.get(hit.status, hit.status),
            }
            for hit in segment.hits
        ],
        "alternative_count": len(segment.alternatives),
    }


def _tags_html(segment: Segment) -> str:
    """The German once more with its formatting tags as markers, under the highlighted German
    (the English box shows the same markers, which the person moves with the words)."""
    if not segment.source_tags:
        return ""
    marked = escape(with_markers(segment.source, segment.source_tags))
    kinds = ", ".join(
        escape(f"{t.id}: {t.kind}" + (f" {t.attrs['href']}" if t.attrs.get("href") else ""))
        for t in segment.source_tags
    )
    return f'<div class="wb-tags" title="{kinds}">{marked}</div>'


def _flags(segment: Segment) -> list[dict]:
    """One chip per flag code (with a count when it repeats), all messages in its title."""
    grouped: dict[str, list[str]] = {}
    for flag in segment.flags:
        grouped.setdefault(flag.code, []).append(flag.message)
    return [
        {
            "code": code,
            "label": FLAG_LABELS.get(code, code)
            + (f" ×{len(messages)}" if len(messages) > 1 else ""),
            "message": "\n".join(messages),
        }
        for code, messages in grouped.items()
    ]


def _alternatives(doc: OpenDocument, index: int) -> list[dict]:
    return [
        {
            "n": alt.number,
            "text": alt.text,
            "breaks": alt.breaks,
            "diff_html": " ".join(_diff_piece(kind, words) for kind, words in alt.diff),
        }
        for alt in doc.alternatives(index)
    ]


def _diff_piece(kind: str, words: str) -> str:
    if kind == "same":
        return escape(words)
    tag = "ins" if kind == "new" else "del"
    return f"<{tag}>{escape(words)}</{tag}>"


def _history(doc: OpenDocument, index: int) -> list[dict]:
    return [
        {
            "text": entry.target,
            "status": entry.status,
            "action": entry.action or entry.reason,
            "when": entry.replaced_at.astimezone().strftime("%d %b %H:%M:%S"),
            "revision": entry.revision,
            "replaced_at": entry.replaced_at.isoformat(),
        }
        for entry in doc.history(index)[:10]
    ]
