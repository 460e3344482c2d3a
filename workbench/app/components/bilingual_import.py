"""Bring back a bilingual file reviewed elsewhere (.csv, .xlsx, .xlf) into the open document.

Upload -> preview (what would change, and the rows that cannot be applied, with their row or
line numbers) -> "Apply" writes exactly the changed segments (`OpenDocument.apply_reviewed`).
Nothing is written before "Apply"; a file that cannot be read gets its message, never a
traceback. State keys (per document ID): `review-gen-ID` (bumped after applying, so the
uploader starts empty), the uploader `review-upload-ID-GEN`, `review-apply-ID`, and
`review-result-ID` (the outcome shown once after applying).
"""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd
import streamlit as st

from workbench.app import state
from workbench.app.safe_text import md_text
from workbench.document import Document
from workbench.documents import BILINGUAL_EXTENSIONS, DocumentError, ImportReport
from workbench.editing import OpenDocument
from workbench.glossary.model import ERROR
from workbench.settings import MAX_ARTICLE_UPLOAD
from workbench.workspace import WorkspaceError


def _key(kind: str, doc_id: str) -> str:
    return f"review-{kind}-{doc_id}"


def problem_lines(report: ImportReport) -> list[tuple[str, str]]:
    """(severity, message) per row that was not applied, naming its row (table) or line (XLIFF)."""
    where = "line" if PurePath(report.filename).suffix.lower() in (".xlf", ".xliff") else "row"
    return [
        (p.severity, f"{where} {p.line}: {p.message}" if p.line else p.message)
        for p in report.problems
    ]


def _on_apply(data: bytes, filename: str) -> None:
    doc = state.current_open_document()
    if doc is None:  # the document was closed in the meantime
        return
    result = _key("result", doc.doc_id)
    try:
        report = doc.apply_reviewed(data, filename)
    except (DocumentError, WorkspaceError) as problem:
        st.session_state[result] = ("error", str(problem))
        return
    conflicts = [i + 1 for i in report.changed if i in doc.conflicts]
    written = len(report.changed) - len(conflicts)
    message = f"{filename}: {written} segment(s) updated."
    if conflicts:
        st.session_state[result] = (
            "warning",
            message
            + " Segments "
            + ", ".join(map(str, conflicts))
            + " were changed in another tab meanwhile: nothing was overwritten, "
            "choose a version in those rows.",
        )
    else:
        st.session_state[result] = ("success", message)
    gen = _key("gen", doc.doc_id)
    st.session_state[gen] = st.session_state.get(gen, 0) + 1


def _show_result(doc_id: str) -> None:
    outcome = st.session_state.pop(_key("result", doc_id), None)
    if outcome:
        kind, message = outcome
        {"error": st.error, "warning": st.warning, "success": st.success}[kind](md_text(message))


def _preview(doc: OpenDocument, report: ImportReport, reviewed: Document) -> None:
    st.markdown(md_text(report.summary()))
    for severity, message in problem_lines(report):
        (st.error if severity == ERROR else st.warning)(md_text(message))
    if report.changed:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "segment": i + 1,
                        "current English": doc.segment(i).target,
                        "reviewed English": reviewed.segments[i].target,
                    }
                    for i in report.changed
                ]
            ),
            hide_index=True,
        )


def reviewed_import(doc: OpenDocument) -> None:
    """Uploader, preview and Apply button for the open document `doc`."""
    _show_result(doc.doc_id)
    gen = st.session_state.get(_key("gen", doc.doc_id), 0)
    upload = st.file_uploader(
        "Reviewed bilingual file, as exported here (" + ", ".join(BILINGUAL_EXTENSIONS) + ")",
        type=[e.lstrip(".") for e in BILINGUAL_EXTENSIONS],
        key=f"{_key('upload', doc.doc_id)}-{gen}",
    )
    if upload is None:
        return
    data = upload.getvalue()
    if len(data) > MAX_ARTICLE_UPLOAD:
        st.error(
            f"{md_text(upload.name)} is {len(data) / 1024**2:.1f} MB; files up to "
            f"{MAX_ARTICLE_UPLOAD // 1024**2} MB can be brought back."
        )
        return
    try:
        reviewed, report = doc.preview_reviewed(data, upload.name)
    except DocumentError as problem:
        st.error(md_text(problem))
        return
    _preview(doc, report, reviewed)
    st.button(
        f"Apply {len(report.changed)} change(s)",
        key=_key("apply", doc.doc_id),
        type="primary",
        disabled=not report.changed,
        on_click=_on_apply,
        args=(data, upload.name),
    )
