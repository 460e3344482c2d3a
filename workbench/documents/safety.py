"""Guards for untrusted files: the error people see, size caps, and zip (docx/xlsx) checks.

Contract:
- `DocumentError` is the one exception this package raises for a file it cannot read or write.
  Its message names the file, says what is wrong and what to do; callers show it as it is.
- `check_size(data, filename)` refuses empty files and files over `MAX_DOCUMENT_BYTES`.
  The caps are module constants read at call time, so an app (or a test) can change them.
- `checked_office_file(data, filename, required, kind)` -> bytes: an Office file (a zip) made
  safe to hand to python-docx or openpyxl, which open the zip themselves and would trust it.
  First its directory is checked: it must hold `required` (e.g. "word/document.xml"), at most
  `MAX_ZIP_MEMBERS` members, at most `MAX_UNZIPPED_BYTES` in total once unpacked, and no member
  may expand more than `MAX_COMPRESSION_RATIO` times (zip bombs). Then every member is inflated
  in bounded chunks (`workbench.safezip`): a member that inflates past the size the directory
  states is refused as soon as it does, so memory stays bounded whatever the data holds. The
  members are re-packed, uncompressed, into a new zip in memory with honest sizes; that copy is
  what is returned, after `refuse_xml_doctypes` has checked it.
- `refuse_xml_doctypes(archive, filename)` checks every XML part of an Office file: Word and
  Excel never write a DOCTYPE, so any DTD (billion laughs, external entities) is refused.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections import Counter
from typing import BinaryIO

import defusedxml
import defusedxml.ElementTree as defused_tree

from workbench.safezip import ZipMemberError, member_chunks

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # a long article is ~50 kB; 10 MB allows images in docx
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # real document.xml files compress 5-30 times
RATIO_CHECK_FROM_BYTES = 1024 * 1024  # tiny members may compress absurdly well: ignore them
MAX_ZIP_MEMBERS = 5000


class DocumentError(Exception):
    """A file that cannot be read or written; the message is meant for the translator."""


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(data: bytes, filename: str) -> None:
    if not data:
        raise DocumentError(
            f"{filename}: the file is empty. Choose the file again or check that it was saved."
        )
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"{filename}: the file is {megabytes(len(data))}, more than the limit of "
            f"{megabytes(MAX_DOCUMENT_BYTES)}. Split it into smaller files, or save it without images."
        )


def _directory(data: bytes, filename: str, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DocumentError(
            f"{filename}: this is not a {kind}: it is not a zip archive as Office files are. "
            f"Open it in its program and save it again as {kind}."
        ) from None


def _check_directory(archive: zipfile.ZipFile, filename: str, required: str, kind: str) -> None:
    """What the zip directory claims must be plausible; the data is checked against it later."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise DocumentError(
            f"{filename}: the archive holds {len(members)} files, too many for a {kind}."
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise DocumentError(
            f"{filename}: unpacked, this file would take {megabytes(total)}, more than the limit of "
            f"{megabytes(MAX_UNZIPPED_BYTES)} (a zip bomb or a document full of images). "
            "Save it again without images or split it."
        )
    for member in members:
        if (
            member.file_size > RATIO_CHECK_FROM_BYTES
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise DocumentError(
                f"{filename}: the part {member.filename} expands {member.file_size // max(member.compress_size, 1)} "
                f"times when unpacked, which only zip bombs do. The file was not opened."
            )
    names = archive.namelist()
    twice = sorted(name for name, count in Counter(names).items() if count > 1)
    if twice:
        raise DocumentError(
            f"{filename}: the part {twice[0]} appears twice in the archive, which Office never "
            "writes. The file was not opened; open it in its program and save it again."
        )
    if required not in names:
        raise DocumentError(
            f"{filename}: this zip archive has no {required}, so it is not a {kind}. "
            f"Open it in its program and save it again as {kind}."
        )


def _repacked(archive: zipfile.ZipFile, source: BinaryIO, filename: str) -> bytes:
    """Every member inflated in bounded chunks and stored again under its true size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
        for member in archive.infolist():
            info = zipfile.ZipInfo(member.filename, member.date_time)
            if member.is_dir():
                clean.writestr(info, b"")
                continue
            try:
                with clean.open(info, "w") as target:
                    for chunk in member_chunks(source, member):
                        target.write(chunk)
            except ZipMemberError as error:
                raise DocumentError(
                    f"{filename}: {error}. The file was not opened; open it in its program "
                    "and save it again."
                ) from None
    return out.getvalue()


def checked_office_file(data: bytes, filename: str, required: str, kind: str) -> bytes:
    """A clean copy of the Office file `data`. `kind` is for messages, e.g. "Word document (.docx)"."""
    source = io.BytesIO(data)
    archive = _directory(data, filename, kind)
    _check_directory(archive, filename, required, kind)
    clean = _repacked(archive, source, filename)
    refuse_xml_doctypes(zipfile.ZipFile(io.BytesIO(clean)), filename)
    return clean


def refuse_xml_doctypes(archive: zipfile.ZipFile, filename: str) -> None:
    for member in archive.infolist():
        if not member.filename.endswith((".xml", ".rels")):
            continue
        try:
            defused_tree.fromstring(archive.read(member), forbid_dtd=True)
        except defusedxml.DefusedXmlException:
            raise DocumentError(
                f"{filename}: the part {member.filename} declares a DTD or XML entities, which Office "
                "never writes (a billion-laughs or external-entity attack). The file was not opened."
            ) from None
        except defused_tree.ParseError as error:
            raise DocumentError(
                f"{filename}: the part {member.filename} is damaged ({error}). "
                "Open the file in its program and save it again."
            ) from None
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            RuntimeError,
            zlib.error,
            NotImplementedError,
        ):
            raise DocumentError(
                f"{filename}: the part {member.filename} cannot be unpacked (damaged or encrypted file). "
                "Open the file in its program and save it again without a password."
            ) from None
