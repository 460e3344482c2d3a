"""Zip members that lie about their size: read in bounded chunks, refused as soon as they pass
what the zip directory states, and cheap to refuse (peak memory and bytes written measured in a
child process)."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
import pytest

from workbench.document import TRANSLATED
from workbench.documents import export_document
from workbench.safezip import ZipMemberError, member_chunks, read_member
from workbench.segmenting import segment_text
from workbench.testzips import Member, measure, members_of, zip_bytes

TEXT = "Ein Satz über die NATO. " * 400


def _zipfile_archive(method: int, flag_bits: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("a.txt", TEXT)
    data = bytearray(out.getvalue())
    if flag_bits:  # mark the member encrypted in its local header and directory entry
        data[6] |= flag_bits
        entry = data.find(b"PK\x01\x02")
        data[entry + 8] |= flag_bits
    return bytes(data)


def _short() -> bytes:
    """The directory claims 5000 zero bytes; the data holds 500."""
    return zip_bytes(
        [Member("a.txt", Member.zeros("a.txt", 500).raw, zlib.crc32(bytes(5000)), 5000)]
    )


def _bad_crc() -> bytes:
    member = Member.honest("a.txt", TEXT.encode())
    return zip_bytes([Member("a.txt", member.raw, member.crc ^ 1, member.size)])


MEMBERS = [
    pytest.param(lambda: _zipfile_archive(zipfile.ZIP_DEFLATED), None, id="deflate"),
    pytest.param(lambda: _zipfile_archive(zipfile.ZIP_STORED), None, id="stored"),
    pytest.param(lambda: zip_bytes([Member.honest("a.txt", TEXT.encode())]), None, id="by-hand"),
    pytest.param(
        lambda: zip_bytes([Member.lying("a.txt", 50 << 20, 1000)]),
        "unpacks to more than the 1000 bytes its zip directory states",
        id="lying",
    ),
    pytest.param(_short, "damaged", id="cut-short"),
    pytest.param(_bad_crc, "checksum", id="bad-crc"),
    pytest.param(lambda: _zipfile_archive(zipfile.ZIP_BZIP2), "other than deflate", id="bzip2"),
    pytest.param(lambda: _zipfile_archive(zipfile.ZIP_LZMA), "other than deflate", id="lzma"),
    pytest.param(
        lambda: _zipfile_archive(zipfile.ZIP_DEFLATED, flag_bits=1), "encrypted", id="encrypted"
    ),
]


@pytest.mark.parametrize("build, problem", MEMBERS)
def test_members_are_read_in_bounded_chunks_or_refused(build, problem):
    source = io.BytesIO(build())
    info = zipfile.ZipFile(source).infolist()[0]
    chunks: list[bytes] = []
    if problem is None:
        chunks = list(member_chunks(source, info, chunk_size=4096))
        assert b"".join(chunks).decode() == TEXT
        assert max(len(c) for c in chunks) <= 4096
        return
    with pytest.raises(ZipMemberError, match=problem) as error:
        for chunk in member_chunks(source, info, chunk_size=4096):
            chunks.append(chunk)
    assert "a.txt" in str(error.value)
    assert sum(len(c) for c in chunks) <= max(info.file_size, 4096)  # never past the claim


def test_read_member_refuses_a_member_stated_larger_than_the_limit():
    source = io.BytesIO(zip_bytes([Member.honest("meta.json", b"{}" * 600)]))
    info = zipfile.ZipFile(source).infolist()[0]
    assert read_member(source, info, 1200) == b"{}" * 600
    with pytest.raises(ZipMemberError, match="1200 bytes, more than the 1000 allowed"):
        read_member(source, info, 1000)


# -- the whole read, measured in a child process ---------------------------------------------

INFLATED = 1 << 30  # a 1 GiB member in a ~1 MB file
MAX_PEAK_MB = 300


def _word() -> bytes:
    word = docx.Document()
    word.add_paragraph("Ein harmloser Satz.")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _workbook() -> bytes:
    document = segment_text("Ein Satz.", "x.txt")
    document.segments[0].target, document.segments[0].status = "A sentence.", TRANSLATED
    return export_document(document, "xlsx")


def _with_lying(data: bytes, name: str) -> bytes:
    members = [m for m in members_of(data) if m.name != name]
    return zip_bytes([*members, Member.lying(name, INFLATED)])


@pytest.mark.parametrize(
    "kind, build, part",
    [
        pytest.param("docx", _word, "word/document.xml", id="docx"),
        pytest.param("xlsx", _workbook, "xl/workbook.xml", id="xlsx"),
    ],
)
def test_a_lying_office_file_is_refused_within_bounded_memory(kind, build, part, tmp_path):
    path = tmp_path / f"luege.{kind}"
    path.write_bytes(_with_lying(build(), part))
    assert path.stat().st_size < 1.5 * 1024**2
    result = measure(kind, path)
    assert 0 < result["peak_rss_mb"] < MAX_PEAK_MB, result
    assert result["outcome"] == "DocumentError"
    assert f"luege.{kind}: the part {part} unpacks to more than the 1000 bytes" in result["message"]


@pytest.mark.parametrize(
    "case, message",
    [
        ("lying model.bin", "model/model.bin unpacks to more than the 1000 bytes"),
        ("no metadata, honest 1 GiB member", "no metadata.json in the package"),
    ],
)
def test_a_hostile_package_writes_nothing_beyond_what_it_states(
    case, message, package_files, tmp_path
):
    members = members_of(package_files["echo"].read_bytes())
    top = members[0].name.split("/")[0]
    if case == "lying model.bin":
        members = [m for m in members if not m.name.endswith("model.bin")]
        members.append(Member.lying(f"{top}/model/model.bin", INFLATED))
    else:
        members = [m for m in members if not m.name.endswith("metadata.json")]
        members.append(Member.zeros(f"{top}/model/weights.bin", INFLATED))
    path = tmp_path / "boese.argosmodel"
    path.write_bytes(zip_bytes(members))
    result = measure("argosmodel", path)
    assert result["outcome"] == "ModelError" and message in result["message"]
    assert 0 <= result["written_mb"] < 2, result  # the package itself unpacks to ~6.5 MB
    assert result["peak_rss_mb"] < MAX_PEAK_MB, result
