"""Benchmark: searching the workspace by name and text (the Documents page's search box).

Fills a workspace in a temporary folder with N documents of M segments each (German article
sentences with an English target), then times `find_documents` for a word found in every
document, a word found in one, and a word found nowhere; and, for comparison, loading every
document with `Workspace.load` and searching in Python (what the search avoids).
Run: `.venv/bin/python benchmarks/bench_search.py [--documents N] [--segments M]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from workbench.document_search import find_documents  # noqa: E402
from workbench.segmenting import segment_text  # noqa: E402
from workbench.workspace import Workspace  # noqa: E402

SENTENCE = "Die Bundeswehr schickt {n} Soldaten in den Norden, das Kabinett stimmte am Abend zu."


def fill(workspace: Workspace, documents: int, segments: int) -> None:
    for number in range(documents):
        text = " ".join(SENTENCE.format(n=number * 1000 + i) for i in range(segments))
        document = segment_text(text, name=f"Meldung {number}")
        for segment in document.segments:
            segment.target, segment.status = f"The Bundeswehr sends troops ({number}).", "edited"
        workspace.save_document(document)


def timed(label: str, run) -> None:
    start = time.perf_counter()
    found = run()
    print(f"  {label:<44} {time.perf_counter() - start:6.3f} s  ({len(found)} documents)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--segments", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder) / "workspace.sqlite3")
        fill(workspace, args.documents, args.segments)
        print(f"{args.documents} documents x {args.segments} segments:")
        timed(
            "find_documents, word in every document", lambda: find_documents(workspace, "kabinett")
        )
        timed("find_documents, word in one document", lambda: find_documents(workspace, "(7)"))
        timed("find_documents, word nowhere", lambda: find_documents(workspace, "Strasse"))

        def load_all() -> list:
            found = []
            for record in workspace.list_documents():
                document, _ = workspace.load(record.id)
                if any("strasse" in s.source.casefold() for s in document.segments):
                    found.append(record.id)
            return found

        timed("Workspace.load of every document (comparison)", load_all)


if __name__ == "__main__":
    main()
