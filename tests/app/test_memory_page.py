"""The Memory page (import, list, export, search, settings) and the editor's memory panel
(matches with the German difference highlighted and escaped, repetitions, concordance)."""

from __future__ import annotations

from app_helpers import doc_id_of, open_doc, translate

from workbench.app.components.memory_panel import match_html
from workbench.document import EDITED, MEMORY, MemoryMatch
from workbench.memory import TranslationMemory
from workbench.memory.store import NewUnit
from workbench.settings import read_settings
from workbench.workspace import Workspace

KNOWN = "Die Bundeswehr schickt 500 Soldaten in den Norden."
TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    '<tmx version="1.4"><header srclang="de" datatype="plaintext" segtype="sentence" '
    'adminlang="en" o-tmf="t" creationtool="t" creationtoolversion="1"/><body>\n'
    f'<tu><tuv xml:lang="de"><seg>{KNOWN}</seg></tuv>'
    '<tuv xml:lang="en"><seg>The Bundeswehr sends 500 soldiers north.</seg></tuv></tu>\n'
    '<tu><tuv xml:lang="de"><seg>Nur Deutsch &lt;b&gt;.</seg></tuv></tu>\n'
    "</body></tmx>\n"
).encode()


def memory_page(app):
    app.run()
    return app.switch_page("views/memory.py").run()


def test_import_list_search_and_export(app, workspace_file):
    at = memory_page(app)
    assert not at.exception
    assert any("memory is empty" in i.value for i in at.info)
    at.file_uploader(key="tm-upload").set_value(("Desk $x$.tmx", TMX, "application/xml")).run()
    assert at.text_input(key="tm-name").value == "Desk $x$"
    at.button(key="tm-import").click().run()
    assert not at.exception, at.exception
    assert "1 units imported into Desk \\$x\\$, 1 skipped." in at.success[0].value
    assert "Desk $x$.tmx line 5: the unit has no English (en) text; skipped." in at.text[0].value
    at.run()
    table = at.dataframe[0].value
    assert list(table["memory"]) == ["Desk $x$"] and list(table["units"]) == [1]
    at.text_input(key="tm-page-search").set_value("soldiers north").run()
    hits = at.dataframe[1].value
    assert list(hits["German"]) == [KNOWN]
    # the same name again is refused without "replace", with a message, not a traceback
    at.button(key="tm-import").click().run()
    assert "exists already" in at.error[0].value and not at.exception
    assert [b.label for b in at.get("download_button")] == ["Download as TMX 1.4b"]


def test_hostile_tmx_is_refused_on_the_page(app, workspace_file):
    at = memory_page(app)
    bomb = b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "x">]><tmx><body/></tmx>'
    at.file_uploader(key="tm-upload").set_value(("bomb.tmx", bomb, "application/xml")).run()
    at.button(key="tm-import").click().run()
    assert not at.exception
    assert "declares XML entities" in at.error[0].value
    assert TranslationMemory(Workspace(workspace_file)).memories() == []


def test_settings_are_saved(app, workspace_file):
    at = memory_page(app)
    at.number_input(key="tm-threshold").set_value(85).run()
    at.checkbox(key="tm-propagate").check().run()
    assert not at.exception
    assert read_settings()["memory_threshold"] == 85 and read_settings()["memory_propagate"]


def test_match_html_highlights_the_changed_word_and_escapes_everything():
    match = MemoryMatch(
        90,
        "Die <b>Bundeswehr</b> schickt 500 Soldaten.",
        "The <script>alert(1)</script> sends 500 soldiers.",
        "desk & co",
        "fuzzy",
        "Artikel <1>",
        ["500", "600"],
    )
    html = match_html("Die <b>Bundeswehr</b> schickt 600 Soldaten.", match)
    assert "<ins" in html and ">600</ins>" in html and ">500</del>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Bundeswehr" not in html and "&lt;b&gt;Bundeswehr&lt;/b&gt;" in html
    assert "desk &amp; co · Artikel &lt;1&gt;" in html
    assert "numbers differ: 500, 600" in html


def test_editor_fills_from_memory_and_offers_fuzzy_matches(app_with_model, workspace_file):
    memory = TranslationMemory(Workspace(workspace_file))
    memory.add_memory(
        "desk",
        [
            NewUnit(KNOWN, "The Bundeswehr sends 500 soldiers north."),
            NewUnit(
                "Die Terrormiliz griff am Dienstag mehrere Dörfer an.",
                "The terrorist militia attacked several villages on Tuesday.",
            ),
        ],
    )
    at = translate(app_with_model)
    doc = open_doc(at)
    statuses = [s.status for s in doc.document.segments]
    assert statuses[1] == MEMORY and doc.segment(1).target.startswith("The Bundeswehr sends")
    fuzzy = doc.segment(0)
    assert fuzzy.tm and fuzzy.tm[0].score >= 75
    # the panel of the segment with the cursor: the match with its German diff, and "use it"
    at.session_state[f"editor-session-{doc.doc_id}"].move_focus(0)
    at.run()
    html = "".join(h.proto.body for h in at.get("html"))
    assert "<ins" in html and "Montag" in html and "Dienstag" in html
    use = next(b for b in at.button if b.key == "tm-use-0-0")
    use.click().run()
    assert not at.exception, at.exception
    stored = Workspace(workspace_file).load(doc_id_of(at))[0]
    assert stored.segments[0].target.startswith("The terrorist militia attacked")
    assert stored.segments[0].status == EDITED


def test_delete_asks_first(app, workspace_file):
    TranslationMemory(Workspace(workspace_file)).add_memory("old desk", [NewUnit(KNOWN, "x")])
    at = memory_page(app)
    delete = next(b for b in at.button if b.key == "tm-delete-old desk")
    assert delete.disabled
    at.checkbox(key="tm-delete-sure-old desk").check().run()
    next(b for b in at.button if b.key == "tm-delete-old desk").click().run()
    assert not at.exception
    assert TranslationMemory(Workspace(workspace_file)).memories() == []


def test_repetitions_button_in_the_editor(app_with_model, workspace_file):
    at = translate(app_with_model, "Die Lage ist ernst. Das Kabinett tagt. Die Lage ist ernst.\n")
    doc = open_doc(at)
    assert doc.confirm(0, "The situation is serious.")
    at.session_state[f"editor-session-{doc.doc_id}"].move_focus(0)
    at.run()
    assert any("The same German is in segment(s) 3." in c.value for c in at.caption)
    next(b for b in at.button if b.key == "tm-propagate-0").click().run()
    assert not at.exception, at.exception
    stored = Workspace(workspace_file).load(doc_id_of(at))[0]
    assert (stored.segments[2].target, stored.segments[2].status) == (
        "The situation is serious.",
        MEMORY,
    )
