"""Shared helpers for the AppTest tests (imported by conftest and the test modules)."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from workbench import jobs

MAIN = Path(__file__).resolve().parents[2] / "workbench" / "app" / "main.py"
STARTER = "source,target,note\nTerrormiliz,terrorist militia,\nBundeswehr,German armed forces,\n"
ARTICLE = (
    "Die Terrormiliz griff am Montag mehrere Dörfer an.\n\n"
    "Die Bundeswehr schickt 500 Soldaten in den Norden. Das Kabinett stimmte zu.\n"
)


def new_app() -> AppTest:
    return AppTest.from_file(str(MAIN), default_timeout=60)


def translate(at: AppTest, text: str = ARTICLE) -> AppTest:
    """Paste, click Translate, wait for the background translation, show the result."""
    at.run()
    at.text_area(key="input-text").set_value(text)
    at.button(key="translate").click().run()
    assert not at.exception, at.exception
    job = jobs.job_for(doc_id_of(at))
    assert job is not None and job.finished.wait(120), "the translation did not finish"
    assert not job.error, job.error
    at.run()
    assert not at.exception, at.exception
    return at


def doc_id_of(at: AppTest) -> str:
    value = at.query_params["doc"]
    return value[0] if isinstance(value, list) else value


def grid_data(at: AppTest) -> dict:
    """What the editor grid was given to draw (AppTest cannot run the grid's script)."""
    grids = [e for e in at.get("bidi_component") if e.proto.component_name == "workbench_grid"]
    assert len(grids) == 1, "no editor grid on the page"
    return json.loads(grids[0].proto.json)


def grid_row(at: AppTest, index: int) -> dict:
    return next(r for r in grid_data(at)["rows"] if r["index"] == index)


def open_doc(at: AppTest):
    """The session's open document: what the grid's events are applied to."""
    return at.session_state["wb_open_document"]


def header_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def plain(markdown: str) -> str:
    """What a person reads of Markdown made by safe_text.md_text (escapes dropped)."""
    return markdown.replace("\\", "").replace("\u2060", "")
