"""Documents page: list, reopen, rename, delete; search by name and text; the model of each
document; a workspace that cannot be used is explained, never a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from app_helpers import MAIN, doc_id_of, grid_row, new_app, open_doc, translate

from workbench.app.safe_text import md_text
from workbench.segmenting import segment_text
from workbench.workspace import Workspace, default_workspace_path


def documents_page(at):
    at.run()
    at.switch_page("views/documents.py").run()
    assert not at.exception, at.exception
    return at


def shown(at) -> str:
    """Everything the page wrote as Markdown, as the reader sees it (escapes removed)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(t.value) for t in at.get("text")]
    return "\n".join(parts).replace("\\", "")


def save(name: str, text: str, meta: dict | None = None) -> str:
    workspace = Workspace(default_workspace_path())
    return workspace.save_document(segment_text(text, name=name), meta=meta or {}).id


def test_documents_page_lists_reopens_and_deletes(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    assert open_doc(at).save_target(0, "An edit.")
    at.switch_page("views/documents.py").run()
    text = shown(at)
    assert "Die Terrormiliz griff am Montag" in text and "1 of 3 edited" in text
    assert "Model: translate-de_en-echo" in text

    other = documents_page(new_app())
    other.button(key=f"open-{doc_id}").click().run()
    assert grid_row(other, 0)["target"] == "An edit."

    at.button(key=f"delete-{doc_id}").click().run()
    at.button(key=f"really-delete-{doc_id}").click().run()
    assert Workspace(default_workspace_path()).list_documents() == []
    assert any("Deleted" in s.value for s in at.success)


def test_a_document_without_a_recorded_model_says_so(app):
    save("Alt", "Ein Satz.")
    assert "Model: not recorded" in shown(documents_page(app))


def test_rename_a_document(app):
    doc_id = save("Entwurf", "Ein Satz.", {"model": "m"})
    at = documents_page(app)
    at.button(key=f"rename-{doc_id}").click().run()
    at.text_input(key=f"rename-name-{doc_id}").input("Bundeswehr: Einsatz im Norden").run()
    at.button(key=f"rename-save-{doc_id}").click().run()
    assert not at.exception, at.exception
    assert Workspace(default_workspace_path()).record(doc_id).name == (
        "Bundeswehr: Einsatz im Norden"
    )
    assert any(md_text("Bundeswehr: Einsatz im Norden") in s.value for s in at.success)
    assert f"rename-name-{doc_id}" not in [t.key for t in at.text_input]  # the form closed


def test_an_empty_name_is_refused_and_the_old_one_kept(app):
    doc_id = save("Entwurf", "Ein Satz.")
    at = documents_page(app)
    at.button(key=f"rename-{doc_id}").click().run()
    at.text_input(key=f"rename-name-{doc_id}").input("   ").run()
    at.button(key=f"rename-save-{doc_id}").click().run()
    assert any("cannot be empty" in e.value for e in at.error)
    assert Workspace(default_workspace_path()).record(doc_id).name == "Entwurf"


@pytest.mark.parametrize(
    "query, found, where",
    [
        ("lagebericht", ["Lagebericht Nord"], "Name"),
        ("KABINETT", ["Sitzung"], "German"),
        ("strasse", ["Verkehr"], "German"),  # case folding: ß is ss
        ("cabinet met", ["Sitzung"], "English"),
        ("Dörfer", ["Lagebericht Nord", "Verkehr"], "German"),
        ("nichts davon", [], None),
    ],
)
def test_search_by_name_and_text(app, query, found, where):
    workspace = Workspace(default_workspace_path())
    sitzung = save("Sitzung", "Das Kabinett beriet am Abend.")
    workspace.update_segment(
        sitzung, 0, target="The cabinet met.", status="edited", expected_revision=1
    )
    save("Lagebericht Nord", "Die Miliz griff Dörfer an.")
    save("Verkehr", "Die Straße zu den Dörfern ist gesperrt.")
    at = documents_page(app)
    at.text_input(key="doc-search").input(query).run()
    names = [m.value for m in at.markdown if m.value.startswith("**")]
    assert sorted(n.strip("*").replace("\\", "") for n in names) == sorted(found)
    if where:
        assert f"{where}:" in shown(at)
    assert f"{len(found)} documents contain" in shown(at)


def test_search_input_is_text_not_markdown(app):
    save("Preis", "Es kostet 5 $ und 6 $.")
    at = documents_page(app)
    at.text_input(key="doc-search").input("5 $ und 6 $").run()
    assert md_text("5 $ und 6 $") in " ".join(c.value for c in at.caption)


def _damaged(path: Path) -> None:
    workspace = Workspace(path)
    for number in range(20):
        workspace.save_document(segment_text("Ein Satz über Dinge. " * 40 + str(number)))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    for extra in path.parent.glob(path.name + "-*"):  # the write-ahead log: cut off too
        extra.unlink()


@pytest.mark.parametrize(
    "make_file, message",
    [
        (lambda p: p.write_text("Dies ist keine Datenbank.\n" * 200), "not an SQLite database"),
        (_damaged, "is damaged"),
    ],
)
def test_a_workspace_that_cannot_be_read_is_explained(app, workspace_file, make_file, message):
    make_file(workspace_file)
    before = workspace_file.read_bytes()
    at = documents_page(app)
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert message in errors and str(workspace_file) in errors
    assert workspace_file.read_bytes() == before


PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.run()
at.switch_page("views/documents.py").run()
print(json.dumps({"errors": [e.value for e in at.error], "exception": [str(e.value) for e in at.exception]}))
"""


def test_a_read_only_workspace_is_explained(workspace_file, glossary_folder, packages_dir):
    """Run in a process of its own that file permissions apply to (root ignores them)."""
    Workspace(workspace_file).save_document(segment_text("Ein Satz."))
    workspace_file.chmod(0o444)
    workspace_file.parent.chmod(0o555)
    command = [sys.executable, "-c", PROBE, str(MAIN)]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    finally:
        workspace_file.parent.chmod(0o755)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["exception"] == []
    errors = " ".join(result["errors"]).replace("\\", "")
    assert "is read-only" in errors and str(workspace_file) in errors
