"""Reading zip members that may lie about their size: bounded memory and bounded output.

Python's zipfile trusts the sizes in the zip directory only halfway: `ZipFile.read()` inflates a
whole member in one call (up to 2 GB of memory for a 1 MB deflate stream) before cutting it to
the size the directory states, and a bzip2 or lzma member inflates without any limit. Office
files (.docx, .xlsx) and Argos packages (.argosmodel) are hostile input here, so their members
are read with this module instead.

Contract:
- `member_chunks(fp, info, chunk_size)` yields the bytes of one member of the zip open on the
  seekable binary file `fp` (`info` from `ZipFile(fp).infolist()`), in pieces of at most
  `chunk_size` bytes, inflating a bounded amount at a time. It raises `ZipMemberError` as soon
  as the member inflates past the size the zip directory states (so at most that size plus one
  chunk is ever produced, whatever the data holds), and when it is shorter, fails its CRC check,
  is encrypted, or uses a compression method other than stored or deflate (the only ones Office
  and Argos write).
- `read_member(fp, info, limit)` returns a small member whole; `ZipMemberError` if the
  directory states more than `limit` bytes.
- `ZipMemberError`'s message names the member and says what is wrong; callers add the file name
  and wrap it in their own error type. Nothing happens at import.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

CHUNK_SIZE = 1 << 20
# The local file header (zip APPNOTE 4.3.7): signature, versions, flags, method, time, date,
# crc, sizes, then the lengths of the name and the extra field that precede the data.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED = 0x1


class ZipMemberError(Exception):
    """A member that cannot be read safely; the message names it."""


def _data_offset(fp: BinaryIO, info: zipfile.ZipInfo) -> int:
    fp.seek(info.header_offset)
    header = fp.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise ZipMemberError(f"the part {info.filename} is damaged (no local header)")
    fields = _LOCAL_HEADER.unpack(header)
    return info.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11]


def _raw_chunks(fp: BinaryIO, info: zipfile.ZipInfo, chunk_size: int) -> Iterator[bytes]:
    fp.seek(_data_offset(fp, info))
    left = info.compress_size
    while left > 0:
        raw = fp.read(min(chunk_size, left))
        if not raw:
            raise ZipMemberError(f"the part {info.filename} is cut short (damaged file)")
        left -= len(raw)
        yield raw


def _inflated(raw: Iterator[bytes], info: zipfile.ZipInfo, chunk_size: int) -> Iterator[bytes]:
    if info.compress_type == zipfile.ZIP_STORED:
        yield from raw
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for data in raw:
            while data and not inflater.eof:
                # max_length bounds what one call may produce: the rest waits in the tail
                yield inflater.decompress(data, chunk_size)
                data = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error as error:
        raise ZipMemberError(f"the part {info.filename} is damaged ({error})") from None
    if not inflater.eof:
        raise ZipMemberError(f"the part {info.filename} is cut short (damaged file)")


def member_chunks(
    fp: BinaryIO, info: zipfile.ZipInfo, chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    if info.flag_bits & _ENCRYPTED:
        raise ZipMemberError(f"the part {info.filename} is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ZipMemberError(
            f"the part {info.filename} uses a compression method ({info.compress_type}) "
            "other than deflate"
        )
    total, crc = 0, 0
    for chunk in _inflated(_raw_chunks(fp, info, chunk_size), info, chunk_size):
        total += len(chunk)
        if total > info.file_size:
            raise ZipMemberError(
                f"the part {info.filename} unpacks to more than the {info.file_size} bytes its "
                "zip directory states (a zip bomb)"
            )
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if total != info.file_size or crc != info.CRC:
        raise ZipMemberError(f"the part {info.filename} is damaged (size or checksum mismatch)")


def read_member(fp: BinaryIO, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise ZipMemberError(
            f"the part {info.filename} is {info.file_size} bytes, more than the {limit} allowed"
        )
    return b"".join(member_chunks(fp, info))
