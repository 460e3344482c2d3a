"""A child process for the kill -9 tests of the workspace: edits its segments in a loop, the
way the editor saves a person's typing, and acknowledges each save once the workspace has
returned (the moment the editor shows "saved").

    python edit_child.py WORKSPACE DOC_ID ACK_FILE INDEX [INDEX ...]

Each edit writes "W<index>-<n>" with n one more than the number in the stored text, then
appends "<index> <n>" to ACK_FILE (flushed). It runs until it is killed.
"""

from __future__ import annotations

import os
import sys

from workbench.workspace import Workspace


def main() -> None:
    path, doc_id, ack_path, *indexes = sys.argv[1:]
    workspace = Workspace(path)
    document, _ = workspace.load(doc_id)
    revisions = workspace.segment_revisions(doc_id)
    done = {}
    for index in map(int, indexes):
        target = document.segments[index].target
        done[index] = int(target.split("-")[1]) if target.startswith("W") else 0
    with open(ack_path, "a", encoding="utf-8") as ack:
        while True:
            for index in done:
                done[index] += 1
                revisions[index] = workspace.update_segment(
                    doc_id,
                    index,
                    target=f"W{index}-{done[index]}",
                    status="edited",
                    expected_revision=revisions[index],
                )
                ack.write(f"{index} {done[index]}\n")
                ack.flush()
                os.fsync(ack.fileno())


if __name__ == "__main__":
    main()
