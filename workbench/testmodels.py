"""Genuine Argos Translate packages built offline, for tests, benchmarks and demos.

Contract:
- `build_echo_package(out_path, size="tiny"|"base")` writes a real `.argosmodel`: a zip holding
  ONE top-level folder (`translate-de_en-echo/`, or `translate-de_en-echo_base/` for "base")
  with `metadata.json` (de -> en, German -> English, type "translate"), `sentencepiece.model`
  and `model/` (a CTranslate2 model folder). There is no sentence-splitter folder (no minisbd,
  no stanza): callers segment the text themselves.
- The echo model's CTranslate2 transformer is wired by hand to COPY its input tokens: decoding
  position i emits source token i, and the source </s> (added by the model config) ends the
  output. So `translate_batch([pieces])` gives back `pieces` exactly, with beam 1 or 4; unknown
  pieces come out as `<unk>` unless `replace_unknowns=True`, which copies their source text.
  With a forced `target_prefix` of k tokens the model ignores WHAT the prefix says and continues
  copying from source position k (the copy is by position, not by content): source
  "Die Terrormiliz Islam|ischer ..." with prefix "The terrorist militia" gives
  "The terrorist militia|ischer ...". A prefix exactly as long as the source is followed by
  </s>; a longer prefix gets a deterministic but meaningless tail (some later source tokens,
  then </s>). `num_hypotheses` > 1 gives the copy first
  and far less likely alternatives after it; `return_attention=True` returns the last decoder
  layer's head 0, which puts almost all weight of output position i on source position i.
- size "tiny": d_model 256, 2 heads, 2+2 layers, float32, ~1000-piece vocabulary (fast tests).
  size "base": transformer-base cost (6+6 layers, d_model 512, ffn 2048, vocabulary padded to
  32000 pieces, int8) for benchmarks of realistic speed.
- `build_random_package(out_path, seed=0)`: same layout, small model with random weights:
  deterministic nonsense for a given seed, usually running to max_decoding_length.
- The SentencePiece model (bpe, unk 0 / bos 1 / eos 2, no pad) is trained in memory on
  `testmodels_corpus.txt` (German news-style sentences and their English glossary renderings),
  so English glossary terms can be forced into the output with the same tokenizer.
- Everything is deterministic; nothing is printed; nothing happens at import time.
  CLI: `python -m workbench.testmodels echo|random OUT.argosmodel [--size base] [--seed N]`.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CORPUS_FILE = Path(__file__).with_name("testmodels_corpus.txt")
MAX_POSITIONS = 1024  # CTranslate2's default max_input_length: longer input is cut anyway


@dataclass(frozen=True)
class EchoSize:
    """Dimensions of an echo model: d_model = 2 * token_dims + position_dims."""

    layers: tuple[int, int]
    token_dims: int
    position_dims: int
    heads: int
    ffn: int
    vocab_size: int  # vocabulary padded to this many pieces (0: the tokenizer's own size)
    quantization: str | None
    folder: str

    @property
    def d_model(self) -> int:
        return 2 * self.token_dims + self.position_dims


ECHO_SIZES = {
    "tiny": EchoSize((2, 2), 96, 64, 2, 512, 0, None, "translate-de_en-echo"),
    "base": EchoSize((6, 6), 224, 64, 2, 2048, 32000, "int8", "translate-de_en-echo_base"),
}

# Gains of the copy circuit (see _wire_copy_head). The query gain makes attention on the
# matching position nearly one-hot; the others only need to make the copied token win clearly.
QUERY_GAIN = 4.0
COPY_GAIN = 8.0
PROJECTION_GAIN = 10.0


class PackageBuildError(ValueError):
    """Bad arguments to a package builder (unknown size, unwritable path...)."""


# ---------------------------------------------------------------- tokenizer


def corpus_sentences() -> list[str]:
    """The training sentences: non-empty lines of testmodels_corpus.txt that are not # comments."""
    lines = CORPUS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def tokenizer_model_bytes() -> bytes:
    """A SentencePiece BPE model trained in memory on the corpus (cached: training is ~0.2 s)."""
    import sentencepiece as spm

    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus_sentences()),
        model_writer=writer,
        vocab_size=1000,
        model_type="bpe",
        character_coverage=1.0,
        hard_vocab_limit=False,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    return writer.getvalue()


def vocabulary(model_bytes: bytes, pad_to: int = 0) -> list[str]:
    """The tokenizer's pieces in id order (ids 0/1/2 = <unk>/<s>/</s>, as CTranslate2 expects),
    padded with never-produced `<pad_N>` pieces up to `pad_to` entries."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=model_bytes)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    pieces += [f"<pad_{i}>" for i in range(len(pieces), pad_to)]
    return pieces


# ---------------------------------------------------------------- echo model


def _position_codes(rng: np.random.Generator, dims: int) -> np.ndarray:
    """[MAX_POSITIONS, dims] unit vectors: sinusoids of random frequencies, so that the dot
    product of two positions peaks sharply (1.0) where they are equal."""
    freqs = rng.uniform(0.3, np.pi, size=dims // 2)
    angles = np.arange(MAX_POSITIONS)[:, None] * freqs[None, :]
    codes = np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
    return (codes / np.sqrt(dims // 2)).astype(np.float32)


def _unit_rows(rng: np.random.Generator, rows: int, dims: int) -> np.ndarray:
    codes = rng.standard_normal((rows, dims))
    return (codes / np.linalg.norm(codes, axis=1, keepdims=True)).astype(np.float32)


def _norm(layer_norm, d: int) -> None:
    layer_norm.gamma = np.ones(d, np.float32)
    layer_norm.beta = np.zeros(d, np.float32)


def _zero_layer(layer, d: int, ffn: int, cross: bool) -> None:
    """Self-attention, cross-attention and FFN that add nothing to the residual stream."""
    _norm(layer.self_attention.layer_norm, d)
    layer.self_attention.linear[0].weight = np.zeros((3 * d, d), np.float32)
    layer.self_attention.linear[1].weight = np.zeros((d, d), np.float32)
    if cross:
        _norm(layer.attention.layer_norm, d)
        layer.attention.linear[0].weight = np.zeros((d, d), np.float32)
        layer.attention.linear[1].weight = np.zeros((2 * d, d), np.float32)
        layer.attention.linear[2].weight = np.zeros((d, d), np.float32)
    _norm(layer.ffn.layer_norm, d)
    layer.ffn.linear_0.weight = np.zeros((ffn, d), np.float32)
    layer.ffn.linear_1.weight = np.zeros((d, ffn), np.float32)


def _wire_copy_head(attention, size: EchoSize) -> None:
    """Cross-attention head 0: query and key read the position block, the value reads the token
    block, and the output writes the looked-up token code into the copy channel.
    Residual layout: [token code | position code | copy channel]."""
    d, t, p = size.d_model, size.token_dims, size.position_dims
    query, key_value, out = (linear.weight for linear in attention.linear)
    for k in range(p):
        query[k, t + k] = QUERY_GAIN  # head 0 = the first d/heads output rows
        key_value[k, t + k] = 1.0
    for k in range(t):
        key_value[d + k, k] = 1.0  # the second half of linear[1] is the value projection
        out[t + p + k, k] = COPY_GAIN


def echo_spec(pieces: list[str], size: EchoSize):
    """A CTranslate2 TransformerSpec whose decoder copies the source token at its own position."""
    import ctranslate2

    rng = np.random.default_rng(20240531)
    d, t, p = size.d_model, size.token_dims, size.position_dims
    if d // size.heads < max(t, p):
        raise PackageBuildError(f"head size {d // size.heads} is smaller than max({t}, {p})")
    spec = ctranslate2.specs.TransformerSpec.from_config(size.layers, size.heads)
    spec.config.add_source_eos = True  # the copied </s> ends the output
    codes = _unit_rows(rng, len(pieces), t)
    embeddings = np.zeros((len(pieces), d), np.float32)
    embeddings[:, :t] = codes / np.sqrt(d)  # CTranslate2 scales embeddings by sqrt(d)
    positions = np.zeros((MAX_POSITIONS, d), np.float32)
    positions[:, t : t + p] = _position_codes(rng, p)
    for side in (spec.encoder, spec.decoder):
        side.position_encodings.encodings = positions
        _norm(side.layer_norm, d)
        for layer in side.layer:
            _zero_layer(layer, d, size.ffn, cross=side is spec.decoder)
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings.copy()
    _wire_copy_head(spec.decoder.layer[-1].attention, size)
    projection = np.zeros((len(pieces), d), np.float32)
    projection[:, t + p :] = PROJECTION_GAIN * codes
    spec.decoder.projection.weight = projection
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    return spec


# ---------------------------------------------------------------- random model


def random_spec(pieces: list[str], seed: int, d: int = 64, heads: int = 2, ffn: int = 128):
    """A small TransformerSpec (2+2 layers) whose every weight is seeded Gaussian noise."""
    import ctranslate2

    rng = np.random.default_rng(seed)
    spec = ctranslate2.specs.TransformerSpec.from_config((2, 2), heads)

    def noise(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)

    for side in (spec.encoder, spec.decoder):
        _norm(side.layer_norm, d)
        for layer in side.layer:
            _zero_layer(layer, d, ffn, cross=side is spec.decoder)
            layer.self_attention.linear[0].weight = noise(3 * d, d)
            layer.self_attention.linear[1].weight = noise(d, d)
            layer.ffn.linear_0.weight = noise(ffn, d)
            layer.ffn.linear_1.weight = noise(d, ffn)
            if side is spec.decoder:
                for i, rows in enumerate((d, 2 * d, d)):
                    layer.attention.linear[i].weight = noise(rows, d)
    spec.encoder.embeddings[0].weight = noise(len(pieces), d)
    spec.decoder.embeddings.weight = noise(len(pieces), d)
    spec.decoder.projection.weight = noise(len(pieces), d)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    return spec


# ---------------------------------------------------------------- packages


def metadata(package_version: str, description: str) -> dict:
    """metadata.json of a de -> en test package."""
    return {
        "package_version": package_version,
        "argos_version": "1.0",
        "from_code": "de",
        "from_name": "German",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "links": [],
        "description": description,
    }


def build_package_dir(folder: Path, spec, meta: dict, quantization: str | None = None) -> Path:
    """Write an unzipped package folder: metadata.json, sentencepiece.model, model/."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (folder / "sentencepiece.model").write_bytes(tokenizer_model_bytes())
    spec.validate()
    spec.optimize(quantization=quantization)
    (folder / "model").mkdir()
    spec.save(str(folder / "model"))
    return folder


def zip_package(folder: Path, out_path: Path) -> Path:
    """Zip `folder` as the single top-level folder of `out_path`."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, Path(folder.name) / path.relative_to(folder))
    return out_path


def _build(out_path: Path, folder_name: str, spec, meta: dict, quantization: str | None) -> Path:
    out_path = Path(out_path)
    try:
        with tempfile.TemporaryDirectory(prefix="argos-testmodel-") as staging:
            folder = build_package_dir(Path(staging) / folder_name, spec, meta, quantization)
            return zip_package(folder, out_path)
    except OSError as error:
        raise PackageBuildError(f"cannot write test package {out_path}: {error}") from error


def build_echo_package(out_path: Path, *, size: str = "tiny") -> Path:
    """Write an echo `.argosmodel` (copies its input) of the given size; return out_path."""
    if size not in ECHO_SIZES:
        raise PackageBuildError(f"unknown echo size {size!r}: choose one of {sorted(ECHO_SIZES)}")
    dims = ECHO_SIZES[size]
    pieces = vocabulary(tokenizer_model_bytes(), pad_to=dims.vocab_size)
    meta = metadata("1.0", f"Test package: {size} echo model that copies German input.")
    return _build(out_path, dims.folder, echo_spec(pieces, dims), meta, dims.quantization)


def build_random_package(out_path: Path, *, seed: int = 0) -> Path:
    """Write a small `.argosmodel` with seeded random weights (nonsense output); return out_path."""
    pieces = vocabulary(tokenizer_model_bytes())
    meta = metadata("1.0", f"Test package: random weights, seed {seed}.")
    return _build(out_path, "translate-de_en-random", random_spec(pieces, seed), meta, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workbench.testmodels",
        description="Build offline test .argosmodel packages.",
    )
    parser.add_argument(
        "kind", choices=["echo", "random"], help="echo: copies its input; random: seeded noise"
    )
    parser.add_argument("out", type=Path, help="the .argosmodel file to write")
    parser.add_argument(
        "--size", choices=sorted(ECHO_SIZES), default="tiny", help="echo model size"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random model")
    args = parser.parse_args(argv)
    try:
        if args.kind == "echo":
            path = build_echo_package(args.out, size=args.size)
        else:
            path = build_random_package(args.out, seed=args.seed)
    except PackageBuildError as error:
        parser.exit(2, f"error: {error}\n")
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
