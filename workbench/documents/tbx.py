"""Glossary exchange with terminology tools: TBX (TBX-Basic, TBX v2 "martif" style).

Contract:
- `glossary_to_tbx(glossary)` -> bytes. One <termEntry id="t<n>"> per term, with the term's note
  as <note>, a German <langSet xml:lang="de"> holding the source term and an English
  <langSet xml:lang="en"> holding: the target (administrativeStatus preferredTerm-admn-sts),
  each accepted variant (admittedTerm-admn-sts) and each forbidden rendering
  (deprecatedTerm-admn-sts). Workbench-only columns travel as custom term notes on the German
  term: x-doNotTranslate (keep) and x-caseSensitive (when not automatic). Text is XML-safe.
- `glossary_from_tbx(data, name)` -> Glossary. Reads TBX v2 (martif/termEntry/langSet/tig or
  ntig) and TBX v3 (tbx/conceptEntry/langSec/termSec), namespaced or not. Per entry: every
  German term (xml:lang de, de-DE, de-AT...) becomes a Term; the English preferred term (else
  the first not deprecated) is its target, other admitted English terms are variants,
  deprecated/superseded ones forbidden; notes at any level are joined into Term.note.
  An entry without a German term, or without an English term (unless do-not-translate), is a
  Problem (error, line of the entry) and skipped. A file that cannot be read (not XML, entity
  tricks, too big, not TBX) gives a Glossary with no terms and one Problem at line 0: never an
  exception. A TBX file without any entry gives a warning at line 0.
"""

from __future__ import annotations

from lxml import etree

from workbench.documents.safety import DocumentError
from workbench.documents.xmlsafe import local_name, parse_xml, to_bytes, xml_text
from workbench.glossary.model import ERROR, WARNING, Glossary, Problem, Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_FORBIDDEN_STATUSES = {
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "deprecated",
    "superseded",
}
_TERM_CONTAINERS = {"tig", "ntig", "termSec"}


def _tig(lang_set, text: str, notes: dict[str, str]) -> None:
    tig = etree.SubElement(lang_set, "tig")
    etree.SubElement(tig, "term").text = xml_text(text)
    for kind, value in notes.items():
        etree.SubElement(tig, "termNote", type=kind).text = value


def _lang_set(entry, lang: str):
    lang_set = etree.SubElement(entry, "langSet")
    lang_set.set(XML_LANG, lang)
    return lang_set


def _entry(body, number: int, term: Term) -> None:
    entry = etree.SubElement(body, "termEntry", id=f"t{number}")
    if term.note:
        etree.SubElement(entry, "note").text = xml_text(term.note)
    german = {}
    if term.keep:
        german["x-doNotTranslate"] = "yes"
    if term.case_sensitive is not None:
        german["x-caseSensitive"] = "yes" if term.case_sensitive else "no"
    _tig(_lang_set(entry, "de"), term.source, german)
    english = _lang_set(entry, "en")
    _tig(english, term.target or term.source, {"administrativeStatus": PREFERRED})
    for variant in term.variants:
        _tig(english, variant, {"administrativeStatus": ADMITTED})
    for forbidden in term.forbidden:
        _tig(english, forbidden, {"administrativeStatus": DEPRECATED})


def glossary_to_tbx(glossary: Glossary) -> bytes:
    root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, "de")
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    title = etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title")
    title.text = xml_text(glossary.name)
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = "Exported by workbench"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, start=1):
        _entry(body, number, term)
    return to_bytes(root)


def _children(element, names: set[str]):
    return [c for c in element.iter() if local_name(c) in names]


def _term_info(container) -> tuple[str, dict[str, str]]:
    """(term text, {termNote type: value}) of a tig/ntig/termSec."""
    term = next((e for e in container.iter() if local_name(e) == "term"), None)
    text = " ".join("".join(term.itertext()).split()) if term is not None else ""
    notes = {
        e.get("type", ""): "".join(e.itertext()).strip()
        for e in container.iter()
        if local_name(e) == "termNote"
    }
    return text, notes


def _languages(entry) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    german: list[tuple[str, dict]] = []
    english: list[tuple[str, dict]] = []
    for lang_set in _children(entry, {"langSet", "langSec"}):
        lang = (lang_set.get(XML_LANG) or lang_set.get("lang") or "").lower()
        side = german if lang.startswith("de") else english if lang.startswith("en") else None
        if side is None:
            continue
        for container in _children(lang_set, _TERM_CONTAINERS):
            text, notes = _term_info(container)
            if text:
                side.append((text, notes))
    return german, english


def _terms_of_entry(entry, name: str) -> tuple[list[Term], Problem | None]:
    line = entry.sourceline or 0
    german, english = _languages(entry)
    if not german:
        return [], Problem(name, line, "entry without a German (de) term; skipped", ERROR)
    allowed = [
        t
        for t, n in english
        if n.get("administrativeStatus", "").lower() not in _FORBIDDEN_STATUSES
    ]
    forbidden = [
        t for t, n in english if n.get("administrativeStatus", "").lower() in _FORBIDDEN_STATUSES
    ]
    preferred = [
        t for t, n in english if n.get("administrativeStatus", "").lower() == PREFERRED.lower()
    ]
    notes = [
        " ".join("".join(e.itertext()).split()) for e in entry.iter() if local_name(e) == "note"
    ]
    note = "; ".join(dict.fromkeys(n for n in notes if n))
    terms = []
    for source, source_notes in german:
        keep = source_notes.get("x-doNotTranslate", "").lower() == "yes"
        target = (preferred or allowed or ([source] if keep else [""]))[0]
        if not target:
            return [], Problem(name, line, f"'{source}' has no English (en) term; skipped", ERROR)
        case = source_notes.get("x-caseSensitive", "").lower()
        terms.append(
            Term(
                source=source,
                target=target,
                note=note,
                variants=[t for t in allowed if t != target],
                forbidden=forbidden,
                case_sensitive={"yes": True, "no": False}.get(case),
                keep=keep,
                line=line,
            )
        )
    return terms, None


def glossary_from_tbx(data: bytes, name: str) -> Glossary:
    glossary = Glossary(name=name)
    try:
        root = parse_xml(data, name, "TBX file")
    except DocumentError as error:
        message = str(error).removeprefix(f"{name}: ")  # Problem names the file already
        glossary.problems.append(Problem(name, 0, message, ERROR))
        return glossary
    if local_name(root) not in ("martif", "tbx"):
        message = f"this is not a TBX file (root element <{local_name(root)}>, expected <martif> or <tbx>)."
        glossary.problems.append(Problem(name, 0, message, ERROR))
        return glossary
    entries = _children(root, {"termEntry", "conceptEntry"})
    for entry in entries:
        terms, problem = _terms_of_entry(entry, name)
        glossary.terms.extend(terms)
        if problem:
            glossary.problems.append(problem)
    if not entries:
        message = "the file holds no term entries (<termEntry> or <conceptEntry>)"
        glossary.problems.append(Problem(name, 0, message, WARNING))
    return glossary
