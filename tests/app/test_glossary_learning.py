"""Glossaries page: entry statistics and glossary rows proposed from people's edits."""

from app_helpers import plain

from workbench.document import CONFIRMED, EDITED, TRANSLATED, Document, Paragraph, Segment, TermHit
from workbench.glossary.files import read_glossary
from workbench.workspace import Workspace

CHANGED = [  # (German, model's English, the person's English)
    ("Der Anschlag in Kabul.", "The stop in Kabul.", "The attack in Kabul."),
    ("Nach dem Anschlag.", "After the stop.", "After the attack."),
    ("Zwei Anschläge <b>heute</b>.", "Two stops <b>today</b>.", "Two attacks <b>today</b>."),
]


def fill(workspace_file) -> None:
    ws = Workspace(workspace_file)
    for number, (source, machine, target) in enumerate(CHANGED):
        hit = TermHit(0, 3, "Die", "Terrormiliz", "terrorist militia", glossary="news-de-en")
        hit.status = "forced"
        segments = [
            Segment(0, 0, source, machine=machine, target=target, status=EDITED),
            Segment(
                1,
                0,
                "Die Terrormiliz.",
                machine="The terrorist militia.",
                target="The terrorist militia.",
                status=TRANSLATED,
                hits=[hit],
            ),
        ]
        if number == 2:
            segments[0].status = CONFIRMED
        ws.save_document(Document(f"Bericht {number}", segments, [Paragraph(0)]))


def open_page(app):
    app.run()
    app.switch_page("views/glossaries.py").run()
    assert not app.exception, app.exception
    return app


def test_entry_statistics_table(app, workspace_file):
    fill(workspace_file)
    at = open_page(app)
    (table,) = [d.value for d in at.dataframe if "German" in d.value.columns]
    row = table[table["German"] == "Terrormiliz"].iloc[0]
    assert (row["Hits"], row["Documents"], row["Forced"], row["By the model"]) == (3, 3, 3, 0)
    assert "always forced" in row["Advice"]


def test_a_proposal_is_shown_with_its_evidence_and_accepted(app, workspace_file, glossary_folder):
    fill(workspace_file)
    at = open_page(app)
    text = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert "Anschlag" in text and "attack" in text and "3 segments in 3 documents" in text
    assert "<b>" not in text  # document text is escaped
    at.button(key="proposal-accept-0").click().run()
    assert not at.exception, at.exception
    terms = {t.source: t for t in read_glossary(glossary_folder / "news-de-en.csv").terms}
    assert (terms["Anschlag"].target, terms["Anschlag"].forbidden) == ("attack", ["stop"])
    assert any("is in news-de-en.csv now" in plain(s.value) for s in at.success)
    assert not _has(at, "proposal-accept-0")  # the glossary says it now: no proposal left


def test_a_dismissed_proposal_stays_away(app, workspace_file, glossary_folder):
    fill(workspace_file)
    at = open_page(app)
    before = (glossary_folder / "news-de-en.csv").read_bytes()
    at.button(key="proposal-dismiss-0").click().run()
    assert not _has(at, "proposal-accept-0")
    assert (glossary_folder / "news-de-en.csv").read_bytes() == before
    at = open_page(app)
    assert not _has(at, "proposal-accept-0")


def _has(at, key: str) -> bool:
    return any(b.key == key for b in at.button)
