"""Many articles in one `workbench translate` call: one model load, one summary, a failing
file reported while the others finish (issue 10, item 4)."""

import io
import json

import docx

from workbench import batch
from workbench.cli import main
from workbench.documents import export_document, read_document
from workbench.engine import Engine
from workbench.segmenting import segment_text

ARTICLES = {
    "eins.txt": "Die NATO hilft im Irak\n\nDas Bündnis zahlt 95,5 Mio. Euro.\n",
    "zwei.md": "# Peschmerga im Nordirak\n\nDie Bundeswehr bildet Kämpfer aus. Sie bleibt.\n",
    "drei.html": "<html><body><h1>Gipfel in Brüssel</h1><p>Die Minister tagen.</p></body></html>",
}


def _docx(text: str) -> bytes:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _write_articles(folder):
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "vier.docx").write_bytes(_docx("Der Verteidigungsminister reist ab.\n\nEnde."))
    return folder


def test_several_articles_one_call_each_written_in_its_format(echo_model, tmp_path, capsys):
    articles = _write_articles(tmp_path / "in")
    out = tmp_path / "out"
    paths = [str(articles / n) for n in (*ARTICLES, "vier.docx")]
    assert main(["translate", *paths, "-o", f"{out}/", "--quiet"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "drei.html",
        "eins.txt",
        "vier.docx",
        "zwei.md",
    ]
    # the echo model copies: each output is its own article's text, nothing from the others
    assert (out / "eins.txt").read_text(encoding="utf-8") == ARTICLES["eins.txt"]
    assert "Peschmerga im Nordirak" in (out / "zwei.md").read_text(encoding="utf-8")
    page = (out / "drei.html").read_text(encoding="utf-8")  # written from the page itself
    assert "<h1>Gipfel in Brüssel</h1>" in page and "<p>Die Minister tagen.</p>" in page
    english = read_document((out / "vier.docx").read_bytes(), "vier.docx").source_text()
    assert "Der Verteidigungsminister reist ab." in english
    summary = capsys.readouterr()
    assert summary.out.count(" -> ") == 4 and "4 of 4 articles translated" in summary.err


def test_a_folder_and_a_failing_file_the_others_still_finish(echo_model, tmp_path, capsys):
    articles = _write_articles(tmp_path / "in")
    (articles / "kaputt.docx").write_bytes(b"PK\x03\x04 not really a word file")
    out = tmp_path / "out"
    missing = tmp_path / "fehlt.txt"
    code = main(["translate", str(articles), str(missing), "-o", str(out), "--json", "--quiet"])
    assert code == 1
    captured = capsys.readouterr()
    files = {f["article"].rsplit("/", 1)[-1]: f for f in json.loads(captured.out)["files"]}
    assert set(files) == {*ARTICLES, "vier.docx", "kaputt.docx", "fehlt.txt"}
    assert files["kaputt.docx"]["error"] and "kaputt.docx" in files["kaputt.docx"]["error"]
    assert files["fehlt.txt"]["error"] and "no such file" in files["fehlt.txt"]["error"]
    good = [f for name, f in files.items() if name not in ("kaputt.docx", "fehlt.txt")]
    assert all(f["error"] is None and f["segments"] > 0 for f in good)
    assert len(list(out.iterdir())) == 4  # nothing written for the failures
    assert "Traceback" not in captured.err and "5 of 6" not in captured.err


def test_to_chooses_one_format_and_same_names_do_not_overwrite(echo_model, tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        (folder / "bericht.txt").write_text(f"Bericht aus {folder.name}.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["translate", str(a / "bericht.txt"), str(b / "bericht.txt"), "-o", f"{out}/"]
    assert main([*args, "--to", "xlf", "--quiet"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["bericht-2.xlf", "bericht.xlf"]
    assert "Bericht aus b." in (out / "bericht-2.xlf").read_text(encoding="utf-8")


def test_several_articles_need_an_output_folder(echo_model, tmp_path, capsys):
    articles = _write_articles(tmp_path / "in")
    assert main(["translate", str(articles / "eins.txt"), str(articles / "zwei.md")]) == 1
    assert "-o OUTDIR/" in capsys.readouterr().err


def test_batched_translation_equals_one_document_at_a_time(echo_model, tmp_path):
    """Flags are each article's own: the same as translating it alone (term-inconsistent
    across articles would otherwise leak)."""
    from workbench.glossary.model import Glossary, Term
    from workbench.pipeline import translate_document

    texts = ["Das Bündnis tagt. Die NATO tagt.", "Das Bündnis schweigt. Die Allianz auch."]
    glossary = Glossary("g", terms=[Term("Bündnis", "alliance"), Term("NATO", "NATO", keep=True)])
    folder = tmp_path / "in"
    folder.mkdir()
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    engine = Engine(echo_model)
    (tmp_path / "out").mkdir()
    results = batch.translate_files(
        batch.article_files([folder]), tmp_path / "out", engine, [glossary], fmt="xlf"
    )
    assert all(r.ok for r in results)
    for n, (text, result) in enumerate(zip(texts, results, strict=True)):
        alone = translate_document(segment_text(text, name=f"{n}.txt"), engine, [glossary])
        assert result.output is not None
        expected = export_document(alone, "xlf")
        assert result.output.read_bytes() == expected


def test_an_article_whose_translation_fails_is_reported_the_others_written(
    echo_model, tmp_path, monkeypatch
):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in [("a.txt", "Erster Satz."), ("b.txt", "KAPUTT hier."), ("c.txt", "Dritter.")]:
        (folder / name).write_text(text, encoding="utf-8")
    engine = Engine(echo_model)
    translate = engine.translate

    def failing(sources, **options):
        if any("KAPUTT" in s for s in sources):
            raise RuntimeError("the model gave up")
        return translate(sources, **options)

    monkeypatch.setattr(engine, "translate", failing)
    out = tmp_path / "out"
    out.mkdir()
    results = batch.translate_files(batch.article_files([folder]), out, engine)
    assert [r.ok for r in results] == [True, False, True]
    assert "b.txt" in results[1].error and "the model gave up" in results[1].error
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "c.txt"]
    assert (out / "a.txt").read_text(encoding="utf-8") == "Erster Satz."


def test_several_articles_take_what_the_translation_memory_knows(
    echo_model, tmp_path, monkeypatch, capsys
):
    from test_memory_workflow import TMX_UNITS, write_tmx

    from workbench.memory import TranslationMemory, import_tmx_file
    from workbench.workspace import Workspace

    workspace = Workspace(tmp_path / "ws.sqlite3")
    write_tmx(tmp_path / "desk.tmx", TMX_UNITS)
    assert import_tmx_file(TranslationMemory(workspace), tmp_path / "desk.tmx").units == 4
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(workspace.path))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{TMX_UNITS[1][0]} Ein neuer Satz.", encoding="utf-8")
    (folder / "b.txt").write_text(f"Noch ein Satz. {TMX_UNITS[2][0]}", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["translate", str(folder), "-o", f"{out}/", "--quiet"]) == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == f"{TMX_UNITS[1][1]} Ein neuer Satz."
    assert (out / "b.txt").read_text(encoding="utf-8") == f"Noch ein Satz. {TMX_UNITS[2][1]}"
    assert main(["translate", str(folder), "-o", f"{out}/", "--quiet", "--no-memory"]) == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == f"{TMX_UNITS[1][0]} Ein neuer Satz."
