"""Memory page: the translation memories of the workspace: list, import a TMX file (upload up
to the server's limit, or a path on the server for bigger ones), export as TMX, delete (asks
first), concordance search, and the memory settings (fuzzy threshold, repetitions).

Every name, file name and problem is shown as text (md_text, dataframe cells); a workspace or
file that cannot be used is explained, never shown as a traceback.
State keys: `tm-upload`, `tm-path`, `tm-name`, `tm-replace`, `tm-import`, `tm-export-*`,
`tm-delete-*`, `tm-delete-sure-*`, `tm-page-search`, `tm-threshold`, `tm-propagate`.
"""

import io
from functools import partial
from pathlib import Path

import streamlit as st

from workbench.app import state
from workbench.app.components.document_list import workspace_problem
from workbench.app.components.memory_panel import concordance
from workbench.app.safe_text import md_text
from workbench.documents.naming import download_name
from workbench.memory import (
    WORKSPACE_MEMORY,
    TmxError,
    TranslationMemory,
    import_tmx_file,
    import_tmx_stream,
)
from workbench.memory.lookup import DEFAULT_THRESHOLD, propagate_setting, threshold_setting
from workbench.memory.store import format_date
from workbench.memory.tmx import MAX_TMX_BYTES, write_tmx
from workbench.settings import SERVER_UPLOAD_LIMIT, SettingsError, upload_limit_mb, write_setting
from workbench.workspace import WorkspaceError

st.title("Translation memory")
st.caption(
    f"Every confirmed or edited segment is kept in the memory “{WORKSPACE_MEMORY}”; imported "
    "TMX files are memories of their own. Before the model, every segment is looked up: the "
    "same German fills it from memory, similar German is offered beside the machine translation."
)
try:
    memory = TranslationMemory(state.workspace())
    memories = memory.memories()
except WorkspaceError as problem:
    workspace_problem(problem)
    st.stop()


def _units(count: int) -> str:
    return f"{count:,} unit" + ("" if count == 1 else "s")


def _tmx_bytes(name: str) -> bytes:
    out = io.BytesIO()
    write_tmx(memory.units(name), out)
    return out.getvalue()


def import_report(report) -> None:
    st.success(
        f"{report.units} units imported into {md_text(st.session_state.get('tm-name') or '')}"
        + (f", {report.skipped} skipped." if report.skipped else ".")
    )
    if report.problems:
        st.text("\n".join(report.problems))
    if report.unlisted:
        st.caption(f"...and {report.unlisted} more units skipped.")


if memories:
    st.dataframe(
        [
            {
                "memory": m.name,
                "kind": "your segments" if m.kind == "workspace" else "imported TMX",
                "units": m.units,
                "file": m.origin,
                "since": format_date(m.created),
            }
            for m in memories
        ],
        hide_index=True,
    )
else:
    st.info("The memory is empty: confirm segments in the editor, or import a TMX file below.")

with st.expander("Import a TMX file (TMX 1.1 to 1.4b, from OmegaT, Trados, memoQ, MateCat...)"):
    upload = st.file_uploader(
        f"TMX file (up to {SERVER_UPLOAD_LIMIT // 1024**2} MB here; bigger files by path below)",
        type=["tmx", "xml"],
        key="tm-upload",
        max_upload_size=upload_limit_mb(SERVER_UPLOAD_LIMIT),
    )
    path_text = st.text_input(
        f"...or the path of a TMX file on the server (up to {MAX_TMX_BYTES // 1024**2} MB)",
        key="tm-path",
    )
    default = Path(upload.name).stem if upload is not None else Path(path_text.strip()).stem
    if st.session_state.get("tm-name-for") != default:  # a new file proposes its own name
        st.session_state["tm-name"] = default
        st.session_state["tm-name-for"] = default
    st.text_input("Memory name", key="tm-name")
    replace = st.checkbox("Replace a memory of the same name", key="tm-replace")
    if st.button("Import", key="tm-import", disabled=upload is None and not path_text.strip()):
        name = st.session_state.get("tm-name", "")
        try:
            with st.spinner("Importing..."):
                if upload is not None:
                    data = upload.getvalue()
                    if len(data) > SERVER_UPLOAD_LIMIT:
                        raise TmxError(
                            f"{upload.name} is {len(data) / 1024**2:.1f} MB; give its path on "
                            "the server instead."
                        )
                    report = import_tmx_stream(
                        memory, io.BytesIO(data), upload.name, name, replace=replace
                    )
                else:
                    report = import_tmx_file(
                        memory, Path(path_text.strip()).expanduser(), name, replace=replace
                    )
        except (TmxError, WorkspaceError) as problem:
            st.error(md_text(problem))
        else:
            import_report(report)

for info in memories:
    with st.expander(f"{md_text(info.name)}: {_units(info.units)}"):
        st.download_button(
            "Download as TMX 1.4b",
            data=partial(_tmx_bytes, info.name),
            file_name=download_name(info.name, "tmx"),
            mime="application/x-tmx+xml",
            key=f"tm-export-{info.name}",
            on_click="ignore",
        )
        sure = st.checkbox(
            f"Yes, delete the memory {md_text(info.name)} and its {_units(info.units)}",
            key=f"tm-delete-sure-{info.name}",
        )
        if st.button("Delete", key=f"tm-delete-{info.name}", disabled=not sure):
            try:
                memory.delete_memory(info.name)
            except WorkspaceError as problem:
                st.error(md_text(problem))
            else:
                st.rerun()


st.subheader("Search")
concordance(memory.workspace, key="tm-page-search")

st.subheader("Settings")
threshold = st.number_input(
    f"Show fuzzy matches from (%; default {DEFAULT_THRESHOLD})",
    min_value=50,
    max_value=100,
    value=threshold_setting(),
    key="tm-threshold",
)
propagate = st.checkbox(
    "Confirming a segment fills its repetitions in the document (else they are offered)",
    value=propagate_setting(),
    key="tm-propagate",
)
if (threshold, propagate) != (threshold_setting(), propagate_setting()):
    try:
        write_setting("memory_threshold", int(threshold))
        write_setting("memory_propagate", bool(propagate))
    except SettingsError as problem:
        st.error(md_text(problem))
    else:
        st.success("Saved; new translations use these settings.")
