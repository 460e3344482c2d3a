"""Benchmark: what refusing a hostile zip costs (memory and disk), per file type.

Builds, in a temporary folder, files of about 1-4 MB whose members inflate to gigabytes:
  - .docx and .xlsx whose zip directory claims a 1000-byte part that inflates to 1 GiB (read
    once, and three at once as three simultaneous uploads would be),
  - an .argosmodel whose model.bin claims 1000 bytes and inflates to 3.9 GiB,
  - an .argosmodel without metadata.json whose 3.9 GiB member is stated honestly,
  - a genuine .docx and the genuine echo .argosmodel, for comparison.
Each is read in a fresh child process the way the app reads it (`workbench.testzips.measure`);
the table shows the outcome, the time, the child's peak resident memory and the bytes it wrote.
Run: `.venv/bin/python benchmarks/bench_hostile.py [--gib 3.9]`.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

import docx  # noqa: E402

from workbench.document import TRANSLATED  # noqa: E402
from workbench.documents import export_document  # noqa: E402
from workbench.segmenting import segment_text  # noqa: E402
from workbench.testmodels import build_echo_package  # noqa: E402
from workbench.testzips import Member, measure, members_of, zip_bytes  # noqa: E402

GIB = 1 << 30


def word() -> bytes:
    document = docx.Document()
    document.add_paragraph("Ein harmloser Satz.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workbook() -> bytes:
    document = segment_text("Ein Satz.", "x.txt")
    document.segments[0].target, document.segments[0].status = "A sentence.", TRANSLATED
    return export_document(document, "xlsx")


def replaced(data: bytes, name: str, member: Member) -> bytes:
    return zip_bytes([*(m for m in members_of(data) if m.name != name), member])


def cases(folder: Path, model_bytes: int) -> list[tuple[str, str, Path, int]]:
    """(label, kind, file, copies read at once)"""
    echo = build_echo_package(folder / "echo.argosmodel")
    top = members_of(echo.read_bytes())[0].name.split("/")[0]
    files = {
        "genuine.docx": word(),
        "lying.docx": replaced(word(), "word/document.xml", Member.lying("word/document.xml", GIB)),
        "lying.xlsx": replaced(workbook(), "xl/workbook.xml", Member.lying("xl/workbook.xml", GIB)),
        "lying.argosmodel": replaced(
            echo.read_bytes(),
            f"{top}/model/model.bin",
            Member.lying(f"{top}/model/model.bin", model_bytes),
        ),
        "no-metadata.argosmodel": replaced(
            echo.read_bytes(),
            f"{top}/metadata.json",
            Member.zeros(f"{top}/model/weights.bin", model_bytes),
        ),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [
        ("genuine .docx", "docx", folder / "genuine.docx", 1),
        ("lying .docx (1 GiB part)", "docx", folder / "lying.docx", 1),
        ("lying .docx, 3 at once", "docx", folder / "lying.docx", 3),
        ("lying .xlsx (1 GiB part)", "xlsx", folder / "lying.xlsx", 1),
        ("lying .xlsx, 3 at once", "xlsx", folder / "lying.xlsx", 3),
        ("genuine echo .argosmodel", "argosmodel", echo, 1),
        ("lying model.bin .argosmodel", "argosmodel", folder / "lying.argosmodel", 1),
        ("no metadata, honest sizes", "argosmodel", folder / "no-metadata.argosmodel", 1),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gib", type=float, default=3.9, help="inflated size of model members")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        rows = cases(Path(tmp), int(args.gib * GIB))
        print(
            f"{'file':34} {'size':>8} {'outcome':>14} {'time':>7} {'peak RSS':>10} {'written':>10}"
        )
        for label, kind, path, copies in rows:
            result = measure(kind, path, copies)
            print(
                f"{label:34} {path.stat().st_size / 1024**2:6.1f}MB {result['outcome']:>14} "
                f"{result['seconds']:6.2f}s {result['peak_rss_mb']:8.0f}MB "
                f"{result['written_mb']:8.1f}MB"
            )
            if result["message"]:
                print(f"    {result['message'][:150]}")


if __name__ == "__main__":
    main()
