"""Shared helpers for the AppTest tests (imported by conftest and the test modules)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

MAIN = Path(__file__).resolve().parents[2] / "workbench" / "app" / "main.py"
STARTER = "source,target,note\nTerrormiliz,terrorist militia,\nBundeswehr,German armed forces,\n"
ARTICLE = (
    "Die Terrormiliz griff am Montag mehrere Dörfer an.\n\n"
    "Die Bundeswehr schickt 500 Soldaten in den Norden. Das Kabinett stimmte zu.\n"
)


def new_app() -> AppTest:
    return AppTest.from_file(str(MAIN), default_timeout=60)


def translate(at: AppTest, text: str = ARTICLE) -> AppTest:
    at.run()
    at.text_area(key="input-text").set_value(text)
    at.button(key="translate").click().run()
    assert not at.exception, at.exception
    return at


def doc_id_of(at: AppTest) -> str:
    value = at.query_params["doc"]
    return value[0] if isinstance(value, list) else value


def target_area(at: AppTest, index: int):
    return at.text_area(key=f"tgt-{doc_id_of(at)}-{index}")


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)
