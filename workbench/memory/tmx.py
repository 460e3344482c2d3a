"""TMX files as CAT tools write them (1.1 to 1.4b), read as a stream; memories written as TMX 1.4b.

Contract:
- `read_tmx(stream, filename, report)` yields a `NewUnit` per good translation unit, parsing
  the file in chunks (expat through defusedxml): a 100,000-unit file never sits in memory as a
  tree. A DOCTYPE naming the TMX DTD is normal and allowed; the DTD is never loaded. Entity
  declarations and external entities are refused (`TmxError`, nothing imported), as are files
  over `max_bytes` (default `MAX_TMX_BYTES`), files that are not TMX and XML that is not
  well-formed (the message names the line).
- German is the `tuv` whose language (`xml:lang`, or `lang` in TMX 1.1) is de or de-XX, English
  en or en-XX, in any case. Inline codes (`bpt`, `ept`, `ph`, `it`, `ut`) are formatting of the
  tool that wrote the file and are left out; the text of `hi` and `sub` is kept. A unit without
  German or English, with empty or overlong (`MAX_SEGMENT_CHARS`) text is skipped and reported
  in `report.problems` as "FILE line N: ...", the first `MAX_PROBLEMS` of them word for word,
  the rest counted.
- `x-document`, `x-prev` and `x-next` props (written by `write_tmx`) give a unit its document
  and neighbours; `changedate` (else `creationdate`) its date.
- `write_tmx(units, out, source_lang="de", target_lang="en")` writes TMX 1.4b to a binary
  stream, one unit at a time (lxml's incremental writer); all text made XML-safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser
from lxml import etree

from workbench.documents.tmx import tmx_date, tool_version
from workbench.documents.xmlsafe import xml_text
from workbench.memory.store import NewUnit, Unit

MB = 1024 * 1024
MAX_TMX_BYTES = 200 * MB  # a 100,000-unit memory is about 40 MB
MAX_SEGMENT_CHARS = 10_000
MAX_PROBLEMS = 50
CHUNK = 256 * 1024
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}


class TmxError(Exception):
    """The file cannot be imported at all; the message names it and says why."""


@dataclass
class TmxReport:
    filename: str
    units: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.skipped += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{self.filename} line {line}: {message}; skipped.")

    @property
    def unlisted(self) -> int:
        """Problems beyond the ones listed."""
        return self.skipped - len(self.problems)


class _Units:
    """expat callbacks (TreeBuilder's interface) that collect translation units."""

    def __init__(self, report: TmxReport, source_lang: str, target_lang: str):
        self.report, self.source_lang, self.target_lang = report, source_lang, target_lang
        self.parser: DefusedXMLParser | None = None
        self.done: list[NewUnit] = []
        self.root_seen = False
        self._reset()

    def _reset(self) -> None:
        self.line = 0
        self.texts: dict[str, str] = {}
        self.props: dict[str, str] = {}
        self.date = ""
        self.lang = ""
        self.seg: list[str] | None = None
        self.prop: tuple[str, list[str]] | None = None
        self.code_depth = 0
        self.in_tu = False

    def _line(self) -> int:
        return self.parser.parser.CurrentLineNumber if self.parser is not None else 0

    def start(self, tag: str, attrs: dict) -> None:
        name = tag.rsplit("}", 1)[-1]
        if not self.root_seen:
            self.root_seen = True
            if name != "tmx":
                raise TmxError(
                    f"{self.report.filename} is not a TMX file (its root element is <{name}>)."
                )
        if name == "tu":
            self._reset()
            self.in_tu, self.line = True, self._line()
            self.date = attrs.get("changedate") or attrs.get("creationdate") or ""
        elif not self.in_tu:
            return
        elif name == "tuv":
            self.lang = (attrs.get(XML_LANG) or attrs.get("lang") or "").lower()
        elif name == "seg":
            self.seg = []
        elif name == "prop":
            self.prop = (attrs.get("type", ""), [])
        elif name in _INLINE_CODES and self.seg is not None:
            self.code_depth += 1

    def data(self, text: str) -> None:
        if self.seg is not None and not self.code_depth:
            self.seg.append(text)
        elif self.prop is not None:
            self.prop[1].append(text)

    def end(self, tag: str) -> None:
        name = tag.rsplit("}", 1)[-1]
        if not self.in_tu:
            return
        if name in _INLINE_CODES and self.seg is not None:
            self.code_depth -= 1
        elif name == "seg" and self.seg is not None:
            language = self.lang.split("-")[0].split("_")[0]
            self.texts.setdefault(language, "".join(self.seg))
            self.seg = None
        elif name == "prop" and self.prop is not None:
            self.props[self.prop[0]] = "".join(self.prop[1])
            self.prop = None
        elif name == "tu":
            self._finish()
            self.in_tu = False

    def _finish(self) -> None:
        source = self.texts.get(self.source_lang, "").strip()
        target = self.texts.get(self.target_lang, "").strip()
        if not source or not target:
            missing = "German" if not source else "English"
            code = self.source_lang if not source else self.target_lang
            self.report.problem(self.line, f"the unit has no {missing} ({code}) text")
            return
        if max(len(source), len(target)) > MAX_SEGMENT_CHARS:
            self.report.problem(
                self.line, f"a text of the unit is longer than {MAX_SEGMENT_CHARS} characters"
            )
            return
        self.report.units += 1
        self.done.append(
            NewUnit(
                source,
                target,
                document=self.props.get("x-document", ""),
                changed=_iso(self.date),
                prev_source=self.props.get("x-prev", ""),
                next_source=self.props.get("x-next", ""),
            )
        )

    def close(self) -> None:
        return None


def read_tmx(
    stream: IO[bytes],
    filename: str,
    report: TmxReport,
    *,
    source_lang: str = "de",
    target_lang: str = "en",
    max_bytes: int = MAX_TMX_BYTES,
) -> Iterator[NewUnit]:
    units = _Units(report, source_lang, target_lang)
    parser = DefusedXMLParser(
        target=units, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    units.parser = parser
    read = 0
    try:
        while chunk := stream.read(CHUNK):
            read += len(chunk)
            if read > max_bytes:
                raise TmxError(
                    f"{filename} is larger than {max_bytes // MB} MB, the limit for memory "
                    "files; split it in your CAT tool (or export one project at a time)."
                )
            parser.feed(chunk)
            yield from units.done
            units.done.clear()
        if read == 0:
            raise TmxError(f"{filename} is empty.")
        parser.close()
        yield from units.done
        units.done.clear()
    except defusedxml.DefusedXmlException:
        raise TmxError(
            f"{filename} declares XML entities (a billion-laughs or external-entity attack, or "
            "a file from an unusual tool). Nothing was imported; export it again from your CAT "
            "tool."
        ) from None
    except SyntaxError as error:  # expat's ParseError, with the line in its message
        raise TmxError(
            f"{filename} is not well-formed XML ({error}). Nothing was imported."
        ) from None
    if not units.root_seen:
        raise TmxError(f"{filename} is not a TMX file.")


def write_tmx(
    units: Iterable[Unit], out: IO[bytes], *, source_lang: str = "de", target_lang: str = "en"
) -> int:
    """Write the units as TMX 1.4b; returns how many."""
    count = 0
    now = tmx_date(datetime.now(UTC))
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write(
                etree.Element(
                    "header",
                    creationtool="workbench",
                    creationtoolversion=tool_version(),
                    datatype="plaintext",
                    segtype="sentence",
                    adminlang="en",
                    srclang=source_lang,
                    creationdate=now,
                    **{"o-tmf": "workbench"},
                )
            )
            with xf.element("body"):
                for unit in units:
                    xf.write(_tu(unit, source_lang, target_lang))
                    count += 1
    return count


def _tu(unit: Unit, source_lang: str, target_lang: str):
    date = _tmx_date(unit.changed)
    tu = etree.Element("tu", tuid=str(unit.id), changedate=date)
    for kind, value in (
        ("x-document", unit.document),
        ("x-prev", unit.prev_norm),
        ("x-next", unit.next_norm),
    ):
        if value:
            etree.SubElement(tu, "prop", type=kind).text = xml_text(value)
    for lang, text in ((source_lang, unit.source), (target_lang, unit.target)):
        tuv = etree.SubElement(tu, "tuv")
        tuv.set(XML_LANG, lang)
        etree.SubElement(tuv, "seg").text = xml_text(text)
    return tu


def _iso(tmx: str) -> str:
    """TMX's "YYYYMMDDThhmmssZ" as ISO 8601; "" when absent or not a date."""
    try:
        return datetime.strptime(tmx, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat()
    except ValueError:
        return ""


def _tmx_date(iso: str) -> str:
    try:
        return tmx_date(datetime.fromisoformat(iso))
    except ValueError:
        return tmx_date(datetime.now(UTC))
