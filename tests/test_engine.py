"""The engine on genuine Argos packages built offline (echo copies its input; random babbles)."""

import threading

import pytest

from workbench.engine import Engine, decoding_limit, engine_for

GERMAN = [
    "Die NATO will Hunderte Soldaten in den Irak schicken.",
    "Der NATO-Generalsekretär sprach am 31. Oktober in Brüssel.",
    "„Wir helfen den Peschmerga-Kämpfern“, sagte die Verteidigungsministerin.",
    "Es geht um 95,5 Mio. Euro für die Bundeswehr.",
    "Kurz.",
    "Straße, Größe, Übermut: ÄÖÜ äöü ß.",
    "Die Terror-Milizen des Islamischen Staates wurden zurückgedrängt.",
]


@pytest.mark.parametrize("beam_size", [1, 4])
def test_echo_returns_every_segment_unchanged(echo_model, beam_size):
    results = Engine(echo_model).translate(GERMAN, beam_size=beam_size, num_candidates=1)
    assert [r.source for r in results] == GERMAN  # input order, though batches are length-sorted
    assert [r.text for r in results] == GERMAN


def test_candidates_scores_and_attention(echo_model):
    result = Engine(echo_model).translate(GERMAN[:2], num_candidates=3, with_attention=True)[0]
    assert len(result.candidates) == 3
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert result.score == scores[0]
    attention = result.best.attention
    assert attention is not None
    assert len(attention) == len(result.best.tokens)
    # the echo model attends from output position i to source position i
    assert [max(range(len(row)), key=row.__getitem__) for row in attention[:5]] == [0, 1, 2, 3, 4]


def test_long_sentence_is_not_cut(echo_model):
    engine = Engine(echo_model)
    sentence = (
        " ".join(f"Die NATO schickt {i} Soldaten in den Irak und" for i in range(25)) + " hilft."
    )
    assert len(engine.tokenize(sentence)) > 300  # CTranslate2 stops at 256 output tokens by default
    result = engine.translate([sentence])[0]
    assert result.text == sentence and not result.best.cut_off


def test_progress_reports_every_segment(echo_model):
    seen = []
    Engine(echo_model).translate(
        GERMAN * 5, progress=lambda done, total: seen.append((done, total)), batch_tokens=40
    )
    assert len(seen) > 1
    assert seen[-1] == (35, 35)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_continue_from_forces_the_prefix(echo_model):
    engine = Engine(echo_model)
    candidate = engine.continue_from(
        "Die NATO hilft den Peschmerga.", "Die NATO hilft den Peshmerga"
    )[0]
    assert candidate.text == "Die NATO hilft den Peshmerga."


def test_score_prefers_the_model_output(echo_model):
    engine = Engine(echo_model)
    good, bad = engine.score(["Die NATO hilft."] * 2, ["Die NATO hilft.", "Die Nato hilft nicht."])
    assert good > bad


def test_underscores_survive_detokenising(echo_model):
    text = "Datei neu_2024_final.docx gespeichert."
    assert Engine(echo_model).translate([text])[0].text == text


def test_random_model_runs_to_the_limit_and_is_marked(random_model):
    results = Engine(random_model).translate(["Die NATO hilft.", "Ein Satz."], num_candidates=2)
    assert len(results) == 2
    for result in results:
        assert result.text.strip()
        assert len(result.best.tokens) <= decoding_limit(20)
    first = Engine(random_model).translate(["Die NATO hilft."])[0].text
    assert first == results[0].text  # deterministic


def test_one_engine_per_package_loaded_once_across_threads(echo_model):
    engine = engine_for(echo_model)
    assert engine_for(echo_model) is engine
    outputs = []

    def work(i):
        outputs.append(engine.translate([GERMAN[i % len(GERMAN)]])[0].text)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outputs) == sorted(GERMAN[i % len(GERMAN)] for i in range(6))
    translator = engine._translator
    engine.translate(["Noch einmal."])
    assert engine._translator is translator


def test_a_package_updated_in_place_gets_a_new_engine(echo_model):
    import os

    from workbench.engine import engine_for

    first = engine_for(echo_model)
    assert engine_for(echo_model) is first
    model_bin = echo_model.path / "model" / "model.bin"
    stamp = model_bin.stat().st_mtime_ns
    os.utime(model_bin, ns=(stamp + 10**9, stamp + 10**9))  # the same folder, a new model
    assert engine_for(echo_model) is not first


def test_continue_many_gives_what_continue_from_gives_one_at_a_time(echo_model, random_model):
    from workbench.engine import Continuation

    for model in (echo_model, random_model):
        engine = Engine(model)
        nato = tuple(engine.tokenize("Nato"))
        requests = [
            Continuation("Die NATO hilft den Peschmerga.", tuple(engine.tokenize("The NATO"))),
            Continuation("Das Bündnis tagt.", tuple(engine.tokenize("The alliance")), (nato,)),
            Continuation("Die NATO hilft den Peschmerga.", tuple(engine.tokenize("The NATO"))),
            Continuation("Ein Satz.", ()),
        ]
        batched = engine.continue_many(requests, with_attention=True)
        for request, candidate in zip(requests, batched, strict=True):
            alone = engine.continue_from(
                request.source, list(request.prefix), banned=request.banned, with_attention=True
            )[0]
            assert (candidate.tokens, candidate.cut_off) == (alone.tokens, alone.cut_off)
            assert candidate.attention is not None


def test_results_are_kept_and_given_back_unchanged(echo_model):
    engine = Engine(echo_model)
    first = engine.translate(GERMAN, with_attention=True)
    decoded = []

    def decode(*args, **options):
        decoded.append(args)
        return []

    engine._decode = decode  # type: ignore[method-assign]
    again = engine.translate(GERMAN, with_attention=True)
    assert decoded == []
    assert [[vars(c) for c in t.candidates] for t in again] == [
        [vars(c) for c in t.candidates] for t in first
    ]
    again[0].candidates.clear()  # a caller's change never reaches the kept result
    assert engine.translate(GERMAN[:1])[0].text == first[0].text


def test_repairs_decoded_before_are_given_back_without_decoding(echo_model):
    """Every continuation already kept: the same candidates, and no decoding call (this
    used to raise, and the glossary repairs silently fell back to forcing)."""
    from workbench.engine import Continuation

    engine = Engine(echo_model)
    requests = [
        Continuation("Das Bündnis will 500 Soldaten schicken.", ("▁Das", "▁alliance")),
        Continuation("Die NATO hilft den Peschmerga.", tuple(engine.tokenize("The NATO"))),
    ]
    first = engine.continue_many(requests, with_attention=True)
    engine._submit = None  # type: ignore[assignment, method-assign]  # no decoding now
    again = engine.continue_many(requests, with_attention=True)
    assert [vars(c) for c in again] == [vars(c) for c in first]
    assert engine.continue_many([requests[1]], with_attention=True)[0].text == first[1].text


def test_kept_results_stay_within_their_memory(echo_model):
    engine = Engine(echo_model, memory_bytes=20_000)
    engine.translate(GERMAN, with_attention=True)
    memory = engine._results
    assert 0 < memory._bytes <= 20_000
    assert len(memory._entries) < len(GERMAN)
    engine.forget()
    assert memory._bytes == 0 and not memory._entries
