"""The offline translation engine: an installed Argos package driven through CTranslate2.

Contract:
- `Engine(model)` wraps one installed Argos package (`workbench.models.InstalledModel`). Its
  CTranslate2 Translator is loaded on first use, once, under a lock; after that the engine is
  never mutated, so one engine is safely shared by every thread and every user of the app.
  `engine_for(model)` returns the process-wide engine of a package (never loaded twice).
- `translate(sources)` translates a list of segments (sentences) in batched `translate_batch`
  calls, sorted by length so batches carry little padding, with the package's own tokenizer and
  target_prefix. It returns, per segment and in input order, a `Translation`: the best
  candidate, its score, and the n-best `candidates` (best first).
- Decoding limits, chosen on purpose: input is never cut (`max_input_length=0`, CTranslate2 cuts
  at 1024 tokens by default); the output may be up to `2 * source tokens + 10` tokens. A
  candidate that reaches that limit without ending is marked `cut_off` (almost always a
  repetition loop); the engine then decodes that segment again with a repetition penalty and
  keeps the new result when it ends properly. What stays cut off is flagged by
  `workbench.quality`.
- `continue_from(source, prefix)` re-decodes one segment with a forced English prefix (used to
  repair glossary terms), optionally banning token sequences; `continue_many(requests)` does
  the same for many `Continuation`s in as few batched calls as possible, with results identical
  to one call each (identical requests decoded once; one batch per set of banned sequences,
  since CTranslate2 bans per call; each request keeps its own length limit, and one that reaches
  it inside a batch is decoded again alone). `score(sources, targets)` scores
  given translations. Neither touches the network: no MiniSBD, stanza or spaCy is used, because
  segmentation is ours (`workbench.segmenting`).
- Detokenising keeps underscores (argostranslate's own decode turns "_" into spaces).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from workbench.models import InstalledModel

BEAM_SIZE = 4
NUM_CANDIDATES = 4
LENGTH_PENALTY = 0.2  # what argostranslate uses: keeps output identical to Argos for a package
BATCH_TOKENS = 1024  # source tokens per translate_batch call: progress is reported per call
# Decoded results kept per engine: a glossary change re-enforces segments translated before
# without decoding them again. About 25 KB per segment with attention: some 1,300 segments.
RESULT_MEMORY_BYTES = 32 * 1024 * 1024

Progress = Callable[[int, int], None]  # (segments done, segments total)


@dataclass
class Candidate:
    text: str
    tokens: list[str]
    score: float
    cut_off: bool = False
    attention: list[list[float]] | None = None  # [target token][source token]


@dataclass(frozen=True)
class Continuation:
    """A request to decode `source` again with its English forced to start with `prefix`
    (tokens), never producing any of the `banned` token sequences."""

    source: str
    prefix: tuple[str, ...]
    banned: tuple[tuple[str, ...], ...] = ()


@dataclass
class Translation:
    source: str
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate:
        return self.candidates[0]

    @property
    def text(self) -> str:
        return self.best.text

    @property
    def score(self) -> float:
        return self.best.score


class Engine:
    def __init__(
        self,
        model: InstalledModel,
        *,
        inter_threads: int | None = None,
        intra_threads: int = 1,
        memory_bytes: int = RESULT_MEMORY_BYTES,
    ):
        self.model = model
        # One decoding thread per core, each single-threaded: a batch is split into that many
        # sub-batches decoded in parallel (measured faster than intra-op threads on 2 cores),
        # and concurrent users of the app do not queue behind each other.
        inter_threads = inter_threads or max(1, min(4, os.cpu_count() or 1))
        self._threads = (inter_threads, intra_threads)
        self._lock = threading.Lock()
        self._translator = None
        self._package = None
        self._results = ResultMemory(memory_bytes)

    # -- loading -------------------------------------------------------------------------
    def _load(self):
        with self._lock:
            if self._translator is None:
                import ctranslate2
                from argostranslate.package import Package

                package = Package(self.model.path)
                inter, intra = self._threads
                self._translator = ctranslate2.Translator(
                    str(self.model.path / "model"),
                    device="cpu",
                    inter_threads=inter,
                    intra_threads=intra,
                )
                self._package = package
        return self._translator, self._package

    @property
    def loaded(self) -> bool:
        return self._translator is not None

    # -- tokens ----------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[str]:
        _, package = self._load()
        return package.tokenizer.encode(text)

    def detokenize(self, tokens: Sequence[str]) -> str:
        _, package = self._load()
        tokenizer = package.tokenizer
        if hasattr(tokenizer, "lazy_processor"):  # SentencePiece: keep "_" (Argos drops it)
            text = tokenizer.lazy_processor().decode_pieces(list(tokens)).replace("\u2581", " ")
        else:
            text = tokenizer.decode(list(tokens))
        return text[1:] if text.startswith(" ") else text

    def _prefix_tokens(self) -> list[str]:
        _, package = self._load()
        return [package.target_prefix] if package.target_prefix else []

    # -- translating -------------------------------------------------------------------------
    def translate(
        self,
        sources: Sequence[str],
        *,
        beam_size: int = BEAM_SIZE,
        num_candidates: int = NUM_CANDIDATES,
        with_attention: bool = False,
        progress: Progress | None = None,
        batch_tokens: int = BATCH_TOKENS,
    ) -> list[Translation]:
        beam_size = max(beam_size, num_candidates)
        results: list[Translation | None] = [
            self._results.translation(s, beam_size, num_candidates, with_attention) for s in sources
        ]
        missing = [i for i, r in enumerate(results) if r is None]
        tokenized = {i: self.tokenize(sources[i]) for i in missing}
        done = len(sources) - len(missing)
        if progress and done:
            progress(done, len(sources))
        batches = _length_sorted_batches([tokenized[i] for i in missing], batch_tokens)
        for batch in ([missing[k] for k in b] for b in batches):
            outputs = self._decode(
                [tokenized[i] for i in batch],
                beam_size=beam_size,
                num_candidates=num_candidates,
                with_attention=with_attention,
            )
            for i, candidates in zip(batch, outputs, strict=True):
                results[i] = Translation(sources[i], candidates)
            done += len(batch)
            if progress:
                progress(done, len(sources))
        for i in missing:
            translation = results[i]
            assert translation is not None
            self._retry_cut_off(translation, tokenized[i], beam_size)
            self._results.keep_translation(translation, beam_size, num_candidates)
        return [r for r in results if r is not None]

    def continue_from(
        self,
        source: str,
        prefix: str | Sequence[str],
        *,
        banned: Sequence[Sequence[str]] = (),
        beam_size: int = BEAM_SIZE,
        num_candidates: int = 1,
        with_attention: bool = False,
    ) -> list[Candidate]:
        """Candidates for `source` whose English starts with `prefix` (text or tokens)."""
        prefix_tokens = self.tokenize(prefix) if isinstance(prefix, str) else list(prefix)
        return self._decode(
            [self.tokenize(source)],
            beam_size=max(beam_size, num_candidates),
            num_candidates=num_candidates,
            with_attention=with_attention,
            prefixes=[prefix_tokens],
            banned=banned,
        )[0]

    def continue_many(
        self,
        requests: Sequence[Continuation],
        *,
        beam_size: int = BEAM_SIZE,
        with_attention: bool = False,
    ) -> list[Candidate]:
        """The best candidate of each request, exactly as `continue_from` gives it one at a
        time, in as few decoding calls as possible: identical requests are decoded once, and
        the requests of each distinct set of banned sequences (CTranslate2 bans per call, not
        per example) form one batch; all batches are submitted at once, so every decoding
        thread has work."""
        if not requests:
            return []
        found: dict[Continuation, Candidate] = {}
        for request in dict.fromkeys(requests):
            kept = self._results.continuation(request, beam_size, with_attention)
            if kept is not None:
                found[request] = kept
        unique = [r for r in dict.fromkeys(requests) if r not in found]
        if not unique:  # every one decoded before: nothing to submit
            return [found[request] for request in requests]
        groups: dict[tuple, list[Continuation]] = {}
        for request in unique:
            groups.setdefault(request.banned, []).append(request)
        # Each decoding thread gets an equal share of all the groups' tokens: a big group is
        # split between threads, small groups run side by side rather than split up.
        share = _sub_batch_tokens([self.tokenize(r.source) for r in unique], self._threads[0])
        pending = [
            (group, self._submit(group, share, beam_size=beam_size, with_attention=with_attention))
            for group in groups.values()
        ]
        lead = len(self._prefix_tokens())
        for group, (futures, limits) in pending:
            for request, future, limit in zip(group, futures, limits, strict=True):
                result = future.result()
                if len(result.hypotheses[0]) >= limit:
                    # Reached its own limit inside a batch allowed to go further: decode it
                    # alone, so it stops (and is judged cut off) exactly where it would alone.
                    found[request] = self._decode(
                        [self.tokenize(request.source)],
                        beam_size=beam_size,
                        num_candidates=1,
                        with_attention=with_attention,
                        prefixes=[list(request.prefix)],
                        banned=request.banned,
                    )[0][0]
                else:
                    found[request] = self._candidates(result, lead, limit)[0]
                self._results.keep_continuation(request, beam_size, found[request])
        return [found[request] for request in requests]

    def _submit(
        self, group: Sequence[Continuation], share: int, *, beam_size: int, with_attention: bool
    ):
        """Start one asynchronous batch; returns its futures and each request's own limit."""
        translator, _ = self._load()
        lead = self._prefix_tokens()
        batch = [self.tokenize(request.source) for request in group]
        prefixes = [lead + list(request.prefix) for request in group]
        limits = [
            max(decoding_limit(len(tokens)), len(prefix) + 10)
            for tokens, prefix in zip(batch, prefixes, strict=True)
        ]
        kwargs = self._options(batch, beam_size, 1, with_attention, max(limits))
        kwargs["max_batch_size"] = share  # at least the longest request of all groups
        kwargs["target_prefix"] = prefixes
        if group[0].banned:
            kwargs["suppress_sequences"] = [list(b) for b in group[0].banned]
        return translator.translate_batch(batch, asynchronous=True, **kwargs), limits

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """Average log-probability per token of each given translation."""
        translator, _ = self._load()
        lead = self._prefix_tokens()
        results = translator.score_batch(
            [self.tokenize(s) for s in sources],
            [lead + self.tokenize(t) for t in targets],
            max_input_length=0,
        )
        return [
            sum(r.log_probs[len(lead) :]) / max(1, len(r.log_probs) - len(lead)) for r in results
        ]

    def _decode(
        self,
        batch: list[list[str]],
        *,
        beam_size: int,
        num_candidates: int,
        with_attention: bool = False,
        prefixes: list[list[str]] | None = None,
        banned: Sequence[Sequence[str]] = (),
        **options,
    ) -> list[list[Candidate]]:
        translator, _ = self._load()
        lead = self._prefix_tokens()
        target_prefix = [lead + (prefixes[i] if prefixes else []) for i in range(len(batch))]
        limit = decoding_limit(max(len(tokens) for tokens in batch))
        limit = max(limit, max(len(p) for p in target_prefix) + 10)
        kwargs = self._options(batch, beam_size, num_candidates, with_attention, limit)
        kwargs.update(options)
        if any(target_prefix):
            kwargs["target_prefix"] = target_prefix
        if banned:
            kwargs["suppress_sequences"] = [list(b) for b in banned]
        results = translator.translate_batch(batch, **kwargs)
        return [self._candidates(r, len(lead), limit) for r in results]

    def _options(
        self, batch, beam_size: int, num_candidates: int, with_attention: bool, limit: int
    ) -> dict:
        return dict(
            beam_size=beam_size,
            num_hypotheses=num_candidates,
            length_penalty=LENGTH_PENALTY,
            max_input_length=0,
            max_decoding_length=limit,
            replace_unknowns=True,
            return_scores=True,
            return_attention=with_attention,
            max_batch_size=_sub_batch_tokens(batch, self._threads[0]),
            batch_type="tokens",
        )

    def _candidates(self, result, lead: int, limit: int) -> list[Candidate]:
        candidates = []
        for n, tokens in enumerate(result.hypotheses):
            attention = result.attention[n][lead:] if result.attention else None
            candidates.append(
                Candidate(
                    text=self.detokenize(tokens[lead:]),
                    tokens=list(tokens[lead:]),
                    score=float(result.scores[n]) if result.scores else 0.0,
                    cut_off=len(tokens) >= limit,
                    attention=attention,
                )
            )
        return candidates

    def _retry_cut_off(self, translation: Translation, tokens: list[str], beam_size: int) -> None:
        if not translation.best.cut_off:
            return
        retry = self._decode(
            [tokens],
            beam_size=beam_size,
            num_candidates=1,
            repetition_penalty=1.3,
            no_repeat_ngram_size=4,
        )[0]
        if not retry[0].cut_off:
            translation.candidates.insert(0, retry[0])

    def forget(self) -> None:
        """Drop the results kept in memory (benchmarks measure decoding with this)."""
        self._results.clear()


class ResultMemory:
    """Decoded results by what determines them (source, prefix, banned sequences, beam,
    candidates): decoding is deterministic, so a result found here is the one decoding would
    give. Least recently used entries go first once `max_bytes` is reached; attention is kept
    as float32 arrays. Thread-safe; hands out fresh objects (callers may change them)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[tuple[_Kept, ...], int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def translation(
        self, source: str, beam_size: int, num_candidates: int, with_attention: bool
    ) -> Translation | None:
        kept = self._get(("translate", source, beam_size, num_candidates), with_attention)
        return (
            None
            if kept is None
            else Translation(source, [k.candidate(with_attention) for k in kept])
        )

    def keep_translation(self, translation: Translation, beam_size: int, num_candidates: int):
        key = ("translate", translation.source, beam_size, num_candidates)
        self._put(key, translation.candidates)

    def continuation(
        self, request: Continuation, beam_size: int, with_attention: bool
    ) -> Candidate | None:
        kept = self._get(("continue", request, beam_size), with_attention)
        return None if kept is None else kept[0].candidate(with_attention)

    def keep_continuation(self, request: Continuation, beam_size: int, candidate: Candidate):
        self._put(("continue", request, beam_size), [candidate])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _get(self, key: tuple, with_attention: bool) -> tuple[_Kept, ...] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            kept, _ = entry
            if with_attention and any(k.attention is None for k in kept):
                return None  # decoded without attention: not enough for this caller
            self._entries.move_to_end(key)
            return kept

    def _put(self, key: tuple, candidates: Sequence[Candidate]) -> None:
        if self.max_bytes <= 0:
            return
        kept = tuple(_Kept.of(c) for c in candidates)
        size = 200 + sum(k.size for k in kept)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (kept, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped


@dataclass(frozen=True)
class _Kept:
    text: str
    tokens: tuple[str, ...]
    score: float
    cut_off: bool
    attention: Any  # numpy float32 [target token, source token] or None

    @classmethod
    def of(cls, candidate: Candidate) -> _Kept:
        import numpy as np

        attention = candidate.attention
        return cls(
            candidate.text,
            tuple(candidate.tokens),
            candidate.score,
            candidate.cut_off,
            None if attention is None else np.asarray(attention, dtype=np.float32),
        )

    @property
    def size(self) -> int:
        attention = 0 if self.attention is None else self.attention.nbytes
        return 100 + 2 * len(self.text) + 60 * len(self.tokens) + attention

    def candidate(self, with_attention: bool) -> Candidate:
        attention = self.attention if with_attention else None
        return Candidate(
            text=self.text,
            tokens=list(self.tokens),
            score=self.score,
            cut_off=self.cut_off,
            attention=None if attention is None else attention.tolist(),
        )


def _sub_batch_tokens(batch: list[list[str]], threads: int) -> int:
    """Tokens per sub-batch so that CTranslate2 gives every decoding thread a share."""
    total = sum(len(tokens) + 1 for tokens in batch)
    longest = max(len(tokens) + 1 for tokens in batch)
    return max(longest, ceil(total / threads))


def decoding_limit(source_tokens: int) -> int:
    """Longest English we allow for a source of this many tokens: generous, never cutting a
    real translation (German->English is rarely longer than 1.5x in tokens)."""
    return ceil(source_tokens * 2) + 10


def _length_sorted_batches(tokenized: list[list[str]], budget: int) -> list[list[int]]:
    """Indexes grouped into batches of similar length, each within `budget` source tokens."""
    order = sorted(range(len(tokenized)), key=lambda i: len(tokenized[i]))
    batches: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i in order:
        length = len(tokenized[i]) + 1
        if current and size + length > budget:
            batches.append(current)
            current, size = [], 0
        current.append(i)
        size += length
    if current:
        batches.append(current)
    return batches


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine_key(model: InstalledModel) -> str:
    """One engine per installed package version: a package updated in place (same folder,
    new model) gets a new engine, never the old one from memory."""
    try:
        stamp = (model.path / "model" / "model.bin").stat().st_mtime_ns
    except OSError:
        stamp = 0
    return f"{model.path.resolve()}|{model.version}|{stamp}"


def engine_for(model: InstalledModel) -> Engine:
    """The one engine of this package in this process (created on first request)."""
    key = engine_key(model)
    with _engines_lock:
        if key not in _engines:
            _engines[key] = Engine(model)
        return _engines[key]
