"""HTML for one segment: glossary hits marked in the German, target terms in the English.

Contract: every piece of article or glossary text is passed through `html.escape` before it
is put into HTML (so a term like `<img src=x onerror=...>` shows as text); the only markup is
ours: `<mark class="wb-hit wb-STATUS" title="...">`, `<span class="wb-flag">`. Pure
functions, no Streamlit: the callers hand the result to `st.markdown(unsafe_allow_html=True)`.
"""

from __future__ import annotations

import re
from html import escape

from workbench.document import (
    HIT_CHOSEN,
    HIT_EDITED,
    HIT_FORCED,
    HIT_MISSING,
    HIT_OK,
    HIT_REPAIRED,
    Segment,
    TermHit,
)

HIT_LABELS = {
    HIT_OK: "found in the machine translation",
    HIT_CHOSEN: "taken from an alternative translation",
    HIT_REPAIRED: "repaired: translation re-decoded with the term",
    HIT_FORCED: "forced: the term replaced the aligned words",
    HIT_EDITED: "in the English you wrote",
    HIT_MISSING: "missing from the English",
}
_COLOURS = {
    HIT_OK: "#d4edda",
    HIT_CHOSEN: "#d1ecf1",
    HIT_REPAIRED: "#fff3cd",
    HIT_FORCED: "#ffd8a8",
    HIT_EDITED: "#e2e3f3",
    HIT_MISSING: "#f8d7da",
}
STYLE = (
    "<style>"
    + "".join(
        f"mark.wb-{status}{{background:{colour};padding:0 2px;border-radius:3px}}"
        for status, colour in _COLOURS.items()
    )
    + "mark.wb-target{background:#e2e3f3;padding:0 2px;border-radius:3px}"
    ".wb-flag{background:#f8d7da;color:#721c24;border-radius:8px;padding:1px 6px;"
    "margin-right:4px;font-size:0.8em}</style>"
)


def hit_title(hit: TermHit) -> str:
    where = f" [{hit.glossary}]" if hit.glossary else ""
    note = f" - {hit.note}" if hit.note else ""
    confidence = " (inside a compound)" if hit.confidence == "compound" else ""
    return (
        f"{hit.term_source} -> {hit.term_target}{where}: "
        f"{HIT_LABELS.get(hit.status, hit.status)}{confidence}{note}"
    )


def source_html(segment: Segment) -> str:
    """The German with each hit in a <mark> whose tooltip names entry and status."""
    pieces, position = [], 0
    for hit in sorted(segment.hits, key=lambda h: h.start):
        if hit.start < position:  # overlapping hits cannot both be marked
            continue
        pieces.append(escape(segment.source[position : hit.start]))
        pieces.append(
            f'<mark class="wb-hit wb-{escape(hit.status)}" title="{escape(hit_title(hit))}">'
            f"{escape(segment.source[hit.start : hit.end])}</mark>"
        )
        position = hit.end
    pieces.append(escape(segment.source[position:]))
    return "".join(pieces)


def target_html(segment: Segment, text: str | None = None) -> str:
    """The English (default: the segment's target) with the glossary targets marked."""
    text = segment.target if text is None else text
    spans = []
    for hit in segment.hits:
        if not hit.term_target.strip():
            continue
        for match in re.finditer(re.escape(hit.term_target), text, flags=re.IGNORECASE):
            spans.append((match.start(), match.end(), hit))
    pieces, position = [], 0
    for start, end, hit in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < position:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(
            f'<mark class="wb-target" title="{escape(hit_title(hit))}">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def flags_html(segment: Segment, labels: dict[str, str]) -> str:
    return "".join(
        f'<span class="wb-flag" title="{escape(flag.message)}">'
        f"{escape(labels.get(flag.code, flag.code))}</span>"
        for flag in segment.flags
    )


LEGEND_NAMES = {
    HIT_OK: "found by the model",
    HIT_CHOSEN: "from an alternative",
    HIT_REPAIRED: "repaired",
    HIT_FORCED: "forced in",
    HIT_EDITED: "in your English",
    HIT_MISSING: "missing",
}


def legend_html() -> str:
    """The colours of glossary hits, one chip each (the full explanation on hover)."""
    chips = "".join(
        f'<mark class="wb-hit wb-{status}" title="{escape(HIT_LABELS[status])}">'
        f"{escape(name)}</mark> "
        for status, name in LEGEND_NAMES.items()
    )
    return f'{STYLE}<div class="wb-legend"><span>Glossary terms:</span> {chips}</div>'
