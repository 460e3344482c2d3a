"""Tests for workbench.testmodels: genuine offline Argos packages (echo and random models)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import ctranslate2
import numpy as np
import pytest
import sentencepiece as spm

from workbench import testmodels

# German sentences the echo model must copy exactly. Not from the training corpus; the last
# ones hold characters the tokenizer has never seen (copied only with replace_unknowns).
SENTENCES = [
    "Die NATO-Verteidigungsminister trafen sich am 31. Oktober in Brüssel.",
    "„Wir werden 95,5 Mio. Euro investieren“, sagte Jürgen Müller-Lüdenscheidt.",
    'Der Sprecher sagte: "Die Peschmerga-Einheiten sind gut ausgebildet."',
    "Die Terrormiliz Islamischer Staat (IS) verübte 2014 Anschläge im Nordirak.",
    "Bündnis, Bundeswehr und Bundestag – alle äußerten sich über Größe und Maß.",
    "Am 1. Januar 2026 übernimmt Generalleutnant Weiß das Kommando in Koblenz.",
    "Łódź, Ελλάδα und Kraków liegen außerhalb des Vokabulars: ŋ, Ж, 東京.",
    " ".join(["Die Soldaten kehrten nach 17 Monaten aus dem Einsatz in Erbil zurück."] * 4),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("packages")
    return {
        "echo": testmodels.build_echo_package(folder / "echo.argosmodel"),
        "random": testmodels.build_random_package(folder / "random.argosmodel", seed=3),
        "random_again": testmodels.build_random_package(folder / "random2.argosmodel", seed=3),
        "random_other": testmodels.build_random_package(folder / "random3.argosmodel", seed=4),
    }


def _open(path: Path, where: Path) -> tuple[ctranslate2.Translator, spm.SentencePieceProcessor]:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(where)
    (package,) = where.iterdir()
    tokenizer = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    return ctranslate2.Translator(str(package / "model"), device="cpu"), tokenizer


@pytest.fixture(scope="module")
def echo(built, tmp_path_factory):
    return _open(built["echo"], tmp_path_factory.mktemp("echo"))


@pytest.mark.parametrize(
    "kind, folder, description",
    [("echo", "translate-de_en-echo", "echo"), ("random", "translate-de_en-random", "random")],
)
def test_zip_layout_and_metadata(built, kind, folder, description):
    with zipfile.ZipFile(built[kind]) as archive:
        names = set(archive.namelist())
        meta = json.loads(archive.read(f"{folder}/metadata.json"))
    assert {name.split("/")[0] for name in names} == {folder}
    for part in (
        "metadata.json",
        "sentencepiece.model",
        "model/model.bin",
        "model/config.json",
        "model/shared_vocabulary.json",
    ):
        assert f"{folder}/{part}" in names
    assert not any(part in name for name in names for part in ("minisbd", "stanza", "spacy"))
    assert (meta["from_code"], meta["to_code"], meta["from_name"], meta["to_name"]) == (
        "de",
        "en",
        "German",
        "English",
    )
    assert meta["type"] == "translate" and meta["package_version"] and meta["argos_version"]
    assert description in meta["description"]


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_echo_copies_exactly(echo, sentence, beam):
    translator, tokenizer = echo
    pieces = tokenizer.encode(sentence, out_type=str)
    result = translator.translate_batch([pieces], beam_size=beam, replace_unknowns=True)
    assert result[0].hypotheses[0] == pieces
    assert tokenizer.decode_pieces(result[0].hypotheses[0]) == sentence


def test_echo_copies_a_batch_of_sentences_at_once(echo):
    translator, tokenizer = echo
    batch = [tokenizer.encode(sentence, out_type=str) for sentence in SENTENCES]
    results = translator.translate_batch(
        batch, beam_size=4, replace_unknowns=True, max_batch_size=256, batch_type="tokens"
    )
    assert [result.hypotheses[0] for result in results] == batch


def test_unknown_pieces_come_out_as_unk_without_replace_unknowns(echo):
    translator, tokenizer = echo
    pieces = tokenizer.encode("Die Stadt Łódź", out_type=str)
    output = translator.translate_batch([pieces])[0].hypotheses[0]
    assert "<unk>" in output and "Łódź" not in tokenizer.decode_pieces(output)


@pytest.mark.parametrize(
    "prefix, expected",
    [
        ("The terrorist militia", "The terrorist militia|ischer Staat greift an."),
        ("The", "The |Terrormiliz Islamischer Staat greift an."),
        # cut to the source's length: the source </s> comes next, so nothing follows
        ("The terrorist militia Islamic State attacks the town of Mosul again today", None),
    ],
)
def test_target_prefix_continues_copying_from_its_position(echo, prefix, expected):
    translator, tokenizer = echo
    source = tokenizer.encode("Die Terrormiliz Islamischer Staat greift an.", out_type=str)
    forced = tokenizer.encode(prefix, out_type=str)
    if expected is None:
        assert len(forced) > len(source)
        forced = forced[: len(source)]
    output = translator.translate_batch([source], target_prefix=[forced], beam_size=4)[0]
    tokens = output.hypotheses[0]
    assert tokens[: len(forced)] == forced
    assert tokens[len(forced) :] == source[len(forced) :]
    if expected is not None:
        assert tokenizer.decode_pieces(tokens) == expected.replace("|", "")


def test_n_best_scores_and_attention(echo):
    translator, tokenizer = echo
    pieces = tokenizer.encode(SENTENCES[1], out_type=str)
    result = translator.translate_batch(
        [pieces], beam_size=4, num_hypotheses=3, return_scores=True, return_attention=True
    )[0]
    assert len(result.hypotheses) == 3 and result.hypotheses[0] == pieces
    assert result.hypotheses[1] != pieces
    assert result.scores[0] > -0.01 and result.scores[0] > result.scores[1] >= result.scores[2]
    attention = np.array(result.attention[0])
    assert attention.shape[0] == len(pieces)
    assert list(attention.argmax(axis=1)) == list(range(len(pieces)))
    assert attention.max(axis=1).min() > 0.9


def test_random_package_runs_and_is_deterministic(built, tmp_path):
    outputs = {}
    for kind in ("random", "random_again", "random_other"):
        translator, tokenizer = _open(built[kind], tmp_path / kind)
        pieces = tokenizer.encode(SENTENCES[0], out_type=str)
        result = translator.translate_batch([pieces], beam_size=2, max_decoding_length=12)
        outputs[kind] = result[0].hypotheses[0]
    assert 0 < len(outputs["random"]) <= 12
    assert outputs["random"] == outputs["random_again"]
    assert outputs["random"] != outputs["random_other"]


def test_base_echo_has_benchmark_size_and_copies(tmp_path):
    path = testmodels.build_echo_package(tmp_path / "base.argosmodel", size="base")
    translator, tokenizer = _open(path, tmp_path / "base")
    (package,) = (tmp_path / "base").iterdir()
    vocabulary = json.loads((package / "model" / "shared_vocabulary.json").read_text("utf-8"))
    assert package.name == "translate-de_en-echo_base" and len(vocabulary) == 32000
    batch = [tokenizer.encode(sentence, out_type=str) for sentence in SENTENCES]
    results = translator.translate_batch(batch, beam_size=4, replace_unknowns=True)
    assert [result.hypotheses[0] for result in results] == batch


INSTALL_CHECK = """
import sys
from pathlib import Path
from argostranslate import package
package.install_from_path(Path(sys.argv[1]))
(installed,) = package.get_installed_packages()
print(installed.from_code, installed.to_code, installed.package_path.name)
print(" ".join(installed.tokenizer.encode("Die NATO")))
"""


def test_argostranslate_installs_the_package(built, tmp_path):
    env = dict(os.environ)
    for name in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    done = subprocess.run(
        [sys.executable, "-c", INSTALL_CHECK, str(built["echo"])],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["de en translate-de_en-echo", "▁Die ▁NATO"]
    installed = tmp_path / "argos_packages_dir" / "translate-de_en-echo"
    assert (installed / "model" / "model.bin").is_file()


def test_cli_writes_the_package_and_prints_its_path(tmp_path, capsys):
    out = tmp_path / "cli" / "random.argosmodel"
    assert testmodels.main(["random", str(out), "--seed", "5"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert zipfile.is_zipfile(out)


def test_unknown_size_is_a_clear_error(tmp_path):
    with pytest.raises(testmodels.PackageBuildError, match="unknown echo size 'huge'"):
        testmodels.build_echo_package(tmp_path / "x.argosmodel", size="huge")
