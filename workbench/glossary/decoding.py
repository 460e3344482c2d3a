"""Glossary bytes -> text: which encoding a file has, and saying so when it is a guess.

Contract:
- `decode_glossary(data) -> Decoded` or ValueError with a message for the user (empty file, too
  big, an Excel workbook, binary data). Never raises anything else.
- Decided in this order: UTF-16 with a BOM (Excel "Unicode text"); UTF-16 without a BOM (many
  NUL bytes at odd positions = little-endian, at even positions = big-endian); UTF-8 with or
  without a BOM; a file that is UTF-8 except for a few lines (two files pasted together) keeps
  its UTF-8 lines and reads only the other lines as Windows-1252; else the whole file is
  Windows-1252 (Excel "CSV" in Western Europe), or Mac Roman when the bytes only make sense that
  way, else charset-normalizer's best guess.
- Whatever the bytes do not prove is said: `Decoded.warning` is a message for the user naming
  the encoding assumed (and `warning_line` the first line concerned) whenever the file is not
  valid UTF-8 or UTF-16, so mojibake is never silent. Bytes that fit no encoding become U+FFFD
  and are counted in the warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

MAX_BYTES = 20_000_000  # a glossary is text; anything bigger is a wrong file
UTF16_SAMPLE = 4096  # bytes looked at to recognise UTF-16 without a BOM
UTF16_NUL_SHARE = 0.3  # share of NUL bytes at the odd (or even) positions that means UTF-16

_NAMES = {
    "cp1252": "Windows-1252 (cp1252, Excel's 'CSV' format in Western Europe)",
    "mac_roman": "Mac Roman (old Mac Excel)",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_UMLAUT_IN_WORD = re.compile(r"(?<=[A-Za-z])[äöüÄÖÜß]|[äöüÄÖÜß](?=[a-z])")


@dataclass
class Decoded:
    text: str
    encoding: str  # a Python codec name; for a mixed file the encoding of most lines
    warning: str | None = None
    warning_line: int = 0
    fallback_lines: tuple[int, ...] = ()  # lines of a UTF-8 file that were read as cp1252


def decode_glossary(data: bytes) -> Decoded:
    if not data.strip():
        raise ValueError("the file is empty")
    if len(data) > MAX_BYTES:
        raise ValueError(f"the file is {len(data):,} bytes; a glossary CSV should be far smaller")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValueError("this is an Excel workbook, not CSV: in Excel use Save As > CSV UTF-8")
    decoded = _decode(data)
    if "\x00" in decoded.text or len(_CONTROL.findall(decoded.text)) > len(decoded.text) / 100:
        raise ValueError("this does not look like a CSV text file (binary data)")
    return decoded


def _decode(data: bytes) -> Decoded:
    utf16 = _utf16_codec(data)
    if utf16 is not None:
        return _decode_utf16(data, utf16)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    return _eight_bit(data)


def _utf16_codec(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the codec reads the BOM and drops it
    sample = data[: UTF16_SAMPLE - UTF16_SAMPLE % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nul, odd_nul = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nul >= UTF16_NUL_SHARE * pairs and even_nul < odd_nul / 10:
        return "utf-16-le"  # ASCII and Latin letters: low byte first, then a NUL
    if even_nul >= UTF16_NUL_SHARE * pairs and odd_nul < even_nul / 10:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, codec: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError as error:
        text = data.decode(codec, errors="replace")
        line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
        bad = text.count("\ufffd")
        return Decoded(
            text,
            codec,
            f"the file is UTF-16 but has {bad} invalid character(s) from this line on, shown "
            "as '\ufffd'; check those rows, and save the file again from its program",
            line,
        )


def _mostly_utf8(data: bytes) -> Decoded | None:
    """A UTF-8 file with some lines in another encoding: keep the UTF-8 lines as they are."""
    lines = data.splitlines(keepends=True)
    good, bad = [], []
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
        else:
            good.append(number)
    if len(good) < len(bad) or not good:
        return None
    bad_set = set(bad)
    text = "".join(
        line.decode("cp1252", errors="replace") if n in bad_set else line.decode("utf-8")
        for n, line in enumerate(lines, start=1)
    ).removeprefix("\ufeff")
    shown = ", ".join(str(n) for n in bad[:10]) + (" ..." if len(bad) > 10 else "")
    warning = (
        f"the file is UTF-8 except line(s) {shown}: those were read as {_NAMES['cp1252']}. "
        "Check their umlauts, then save the file as UTF-8"
    )
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    return Decoded(text, encoding, warning, bad[0], tuple(bad))


def _eight_bit(data: bytes) -> Decoded:
    first = _first_non_ascii_line(data)
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = "", ""
    if encoding:
        # Old Mac Excel writes Mac Roman, whose umlauts decode as Š š Ÿ € … † in cp1252: pick
        # it only if it puts more umlauts inside words ("BŸndnis" -> "Bündnis").
        mac = data.decode("mac_roman")
        if len(_UMLAUT_IN_WORD.findall(mac)) > len(_UMLAUT_IN_WORD.findall(text)):
            text, encoding = mac, "mac_roman"
    else:
        from charset_normalizer import from_bytes  # only needed for unusual files

        best = from_bytes(data).best()
        if best is None:
            raise ValueError(
                "this does not look like a CSV text file (binary data or an unknown encoding)"
            )
        text, encoding = str(best), best.encoding
    name = _NAMES.get(encoding, f"{encoding} (a guess)")
    warning = (
        f"the file is not UTF-8 (line {first} is the first that is not): it was read as "
        f"{name}. If umlauts look wrong, save it as 'CSV UTF-8' and load it again"
    )
    return Decoded(text, encoding, warning, first)


def _first_non_ascii_line(data: bytes) -> int:
    found = _NON_ASCII.search(data)
    head = data[: found.start() if found else 0]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
