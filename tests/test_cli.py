"""The command line, run as a user would: files in, text/JSON out, exit codes, messages."""

import json
import subprocess
import sys

import pytest

from workbench.cli import main

ARTICLE = """Die NATO hilft im Irak

Von Anna Berger, Studio Brüssel

Der NATO-Generalsekretär besuchte am 31. Oktober die Peschmerga-Kämpfer. Die Bundeswehr bleibt.
Eine zweite Zeile im selben Absatz.

Das Bündnis zahlt 95,5 Mio. Euro.
"""

GLOSSARY = "source;target;note\nPeschmerga;Peshmerga;\nBündnis;alliance;\nNATO-Generalsekretär;NATO Secretary General;\n"


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "artikel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_translate_with_echo_returns_the_german_unchanged(echo_model, article, capsys):
    assert main(["translate", str(article)]) == 0
    assert capsys.readouterr().out == ARTICLE


def test_translate_json_segments(echo_model, article, capsys):
    assert main(["translate", str(article), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    segments = payload["segments"]
    assert [s["index"] for s in segments] == list(range(len(segments)))
    assert {"index", "paragraph", "source", "target", "score", "hits", "flags"} <= set(segments[0])
    assert all(s["source"] == s["target"] for s in segments)
    assert [s["paragraph"] for s in segments] == [0, 1, 2, 2, 2, 3]


def test_translate_with_glossary_reports_hits(echo_model, article, tmp_path, capsys):
    glossary = tmp_path / "house.csv"
    glossary.write_bytes(GLOSSARY.encode("cp1252"))
    assert main(["translate", str(article), "--json", "--glossary", str(glossary)]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    hits = [h for s in segments for h in s["hits"]]
    assert {h["term_source"] for h in hits} == {"Peschmerga", "Bündnis", "NATO-Generalsekretär"}
    for segment in segments:
        for hit in segment["hits"]:
            assert hit["status"] in ("ok", "chosen-from-alternatives", "repaired", "forced")
            assert hit["term_target"] in segment["target"]
            assert segment["source"][hit["start"] : hit["end"]] == hit["matched"]
    assert any(f["code"] == "untranslated" for s in segments for f in s["flags"])


def test_translate_writes_output_by_extension(echo_model, article, tmp_path, capsys):
    out = tmp_path / "english.txt"
    assert main(["translate", str(article), "-o", str(out), "--quiet"]) == 0
    assert out.read_text(encoding="utf-8") == ARTICLE
    docx = tmp_path / "english.docx"
    assert main(["translate", str(article), "-o", str(docx), "--quiet"]) == 0
    import docx as python_docx

    texts = [p.text for p in python_docx.Document(str(docx)).paragraphs if p.text]
    assert texts[0] == "Die NATO hilft im Irak"
    assert main(["translate", str(article), "-o", str(tmp_path / "x.pdf")]) == 1
    assert "unknown output format" in capsys.readouterr().err


def test_no_model_exit_2_with_advice(packages_dir, article, capsys):
    assert main(["translate", str(article)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "workbench models install" in err and "workbench models download" in err


@pytest.mark.parametrize(
    "argv,code,message",
    [
        (["translate", "missing.txt"], 1, "cannot read missing.txt"),
        (["models", "install", "nothing.argosmodel"], 1, "no such file"),
        (["models", "remove", "nope"], 1, "No installed model named 'nope'"),
        (["glossary", "check", "nothing.csv"], 1, "no such glossary file"),
    ],
)
def test_problems_are_one_line_messages(
    packages_dir, argv, code, message, capsys, monkeypatch, tmp_path
):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_models_install_list_remove(packages_dir, package_files, capsys):
    assert main(["models", "install", str(package_files["echo"])]) == 0
    assert "Installed German -> English" in capsys.readouterr().out
    assert main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert "* translate-de_en-echo\tde->en" in listing
    assert main(["models", "remove", "translate-de_en-echo"]) == 0
    main(["models", "list"])
    assert "(none)" in capsys.readouterr().out


def test_models_download_offline(packages_dir, monkeypatch, capsys):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    assert main(["models", "download", "de", "en"]) == 1
    assert "offline" in capsys.readouterr().err


def test_glossary_check(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(GLOSSARY, encoding="utf-8")
    assert main(["glossary", "check", str(good)]) == 0
    assert "3 terms, 0 problems" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "source,target\nNATO,NATO\n,leer\nBündnis,alliance\nBündnis,coalition\n", encoding="utf-8"
    )
    assert main(["glossary", "check", str(bad), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert [t["source"] for t in payload["terms"]] == ["NATO", "Bündnis"]
    assert {p["line"] for p in payload["problems"] if p["severity"] == "error"} == {3, 5}


def test_progress_bar_on_stderr_for_long_articles(echo_model, tmp_path):
    long_article = tmp_path / "lang.txt"
    long_article.write_text(
        " ".join(f"Satz Nummer {i} ist hier." for i in range(40)), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "translate", str(long_article)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert "Translating" in result.stderr and "40/40" in result.stderr
    assert result.stdout.startswith("Satz Nummer 0 ist hier.")


@pytest.mark.parametrize("suffix", ["xlf", "xliff", "tmx", "csv", "xlsx", "md"])
def test_translate_output_formats(echo_model, article, tmp_path, suffix):
    out = tmp_path / f"english.{suffix}"
    assert main(["translate", str(article), "-o", str(out), "--quiet"]) == 0
    assert out.stat().st_size > 0
    if suffix in ("xlf", "xliff"):
        from translate.storage import xliff

        units = [u for u in xliff.xlifffile.parsefile(str(out)).units if u.source]
        assert len(units) == 6 and units[0].target == "Die NATO hilft im Irak"


def test_glossary_convert_csv_to_tbx_and_back(tmp_path, capsys):
    csv_file = tmp_path / "house.csv"
    csv_file.write_text(GLOSSARY + "Nato;NATO;acronym\n", encoding="utf-8")
    tbx_file = tmp_path / "house.tbx"
    assert main(["glossary", "convert", str(csv_file), str(tbx_file)]) == 0
    from translate.storage import tbx

    units = [u for u in tbx.tbxfile.parsefile(str(tbx_file)).units]
    assert {u.source for u in units} >= {"Peschmerga", "Bündnis", "NATO-Generalsekretär"}
    back = tmp_path / "back.csv"
    assert main(["glossary", "convert", str(tbx_file), str(back)]) == 0
    from workbench.glossary.files import read_glossary

    terms = {t.source: t.target for t in read_glossary(back).terms}
    assert terms["Peschmerga"] == "Peshmerga" and terms["Bündnis"] == "alliance"
    capsys.readouterr()
    assert main(["glossary", "convert", str(csv_file), str(tbx_file)]) == 1
    assert "exists already" in capsys.readouterr().err
    assert main(["glossary", "convert", str(csv_file), str(tmp_path / "x.xlsx")]) == 1


def test_a_closed_pipe_is_not_a_traceback(tmp_path):
    glossary = tmp_path / "g.csv"
    glossary.write_text(
        "source,target\n" + "".join(f"Begriff{n},term{n}\n" for n in range(3000)),
        encoding="utf-8",
    )
    done = subprocess.run(
        f"{sys.executable} -m workbench.cli glossary check {glossary} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.startswith(str(glossary)) and "Traceback" not in done.stderr
