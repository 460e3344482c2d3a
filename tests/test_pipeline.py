"""Translating documents with glossaries: every hit ends honoured or flagged, nothing lost."""

import re

import pytest

from workbench.document import EDITED, HIT_STATUSES
from workbench.engine import Engine
from workbench.glossary.model import Glossary, Term
from workbench.pipeline import Terminology, apply_glossaries, recheck_segment, translate_document
from workbench.segmenting import segment_text

ARTICLE = """Die NATO schickt Ausbilder in den Nordirak

Von Anna Berger, Studio Brüssel

Die Terrormiliz Islamischer Staat bleibt eine Gefahr. Die Kämpfer des Islamischen Staates haben sich zurückgezogen. Der NATO-Generalsekretär lobte die Peschmerga-Kämpfer am 31. Oktober.

Das Bündnis will 500 Soldaten schicken. Auch die Bundeswehr beteiligt sich mit 95,5 Mio. Euro. Der Verteidigungsminister sagte, die Terror-Milizen seien geschwächt.

Einige Bündnispartner zögern noch. Der IS ist nicht besiegt, sagt die NATO.
"""

TERMS = [
    Term("NATO", "NATO", keep=True),
    Term("NATO-Generalsekretär", "NATO Secretary General"),
    Term("Generalsekretär", "Secretary General"),
    Term("Peschmerga", "Peshmerga"),
    Term("Islamischer Staat", "Islamic State"),
    Term("IS", "IS", keep=True),
    Term("Bundeswehr", "Bundeswehr", keep=True),
    Term("Terrormiliz", "terrorist militia"),
    Term("Verteidigungsminister", "defence minister", variants=["defense minister"]),
    Term("Bündnis", "alliance"),
    Term("Nordirak", "northern Iraq"),
]


@pytest.fixture
def glossary():
    return Glossary("house", terms=[Term(**vars(t)) for t in TERMS])


def _strip_terms(segment) -> str:
    """The English with every term (plural or possessive as the German asks) put back to the
    German it stands for."""
    text = segment.target
    for hit in sorted(segment.hits, key=lambda h: h.start, reverse=True):
        form = re.escape(hit.term_target) + r"(?:s|es|['’]s?)?(?!\w)"
        text = re.sub(form, hit.matched.replace("\\", r"\\"), text, count=1)
    return text


def test_echo_every_hit_ends_honoured_and_nothing_else_changes(echo_model, glossary):
    document = translate_document(segment_text(ARTICLE), Engine(echo_model), [glossary])
    hits = [h for s in document.segments for h in s.hits]
    assert len(hits) >= 14
    statuses = {h.status for h in hits}
    assert statuses <= set(HIT_STATUSES) - {"missing"}, [
        (h.matched, h.status) for h in hits if h.status == "missing"
    ]
    assert {"ok", "forced"} <= statuses
    for segment in document.segments:
        for hit in segment.hits:
            assert (
                hit.term_target in segment.target.replace("-", " ")
                or hit.term_target in segment.target
            )
        # the echo model copies German: outside the terms, the English must be the German
        assert re.sub(r"[-\s]", "", _strip_terms(segment)) == re.sub(r"[-\s]", "", segment.source)
        assert not any(f.code == "term-missing" for f in segment.flags)
    assert document.target_text().count("\n\n") == document.source_text().count("\n\n")


def test_hits_know_their_place_and_entry(echo_model, glossary):
    document = translate_document(segment_text(ARTICLE), Engine(echo_model), [glossary])
    by_term = {(h.matched, h.term_source, h.confidence) for s in document.segments for h in s.hits}
    assert ("Islamischen Staates", "Islamischer Staat", "exact") in by_term
    assert ("Peschmerga", "Peschmerga", "exact") in by_term
    assert ("NATO-Generalsekretär", "NATO-Generalsekretär", "exact") in by_term
    assert ("Terror-Milizen", "Terrormiliz", "exact") in by_term
    assert ("Bündnis", "Bündnis", "compound") in by_term
    for segment in document.segments:
        for hit in segment.hits:
            assert segment.source[hit.start : hit.end] == hit.matched


def test_random_model_terms_present_or_flagged_missing(random_model, glossary):
    document = translate_document(segment_text(ARTICLE), Engine(random_model), [glossary])
    for segment in document.segments:
        for hit in segment.hits:
            assert hit.status in HIT_STATUSES
            present = hit.term_target.lower() in segment.target.lower()
            assert present or hit.status == "missing"
            if hit.status == "missing":
                assert any(f.code == "term-missing" for f in segment.flags)


def test_model_first_prefers_an_alternative_that_honours_the_term(echo_model):
    # The echo model's first choice copies "Irak"; with the German as an accepted variant the
    # first choice already honours the term: status ok, no repair.
    glossary = Glossary("g", terms=[Term("Irak", "Iraq", variants=["Irak"])])
    document = translate_document(
        segment_text("Die Soldaten fliegen in den Irak."), Engine(echo_model), [glossary]
    )
    assert [h.status for h in document.segments[0].hits] == ["ok"]
    assert document.segments[0].target == "Die Soldaten fliegen in den Irak."


def test_repair_keeps_the_rest_of_the_sentence(echo_model):
    glossary = Glossary("g", terms=[Term("Irak", "Iraq")])
    document = translate_document(
        segment_text("Die Soldaten fliegen morgen in den Irak zurück."),
        Engine(echo_model),
        [glossary],
    )
    segment = document.segments[0]
    assert segment.target == "Die Soldaten fliegen morgen in den Iraq zurück."
    assert segment.hits[0].status in ("repaired", "forced")


def test_forbidden_rendering_is_replaced(echo_model):
    glossary = Glossary("g", terms=[Term("Bündnis", "alliance", forbidden=["Bündnis"])])
    document = translate_document(segment_text("Das Bündnis tagt."), Engine(echo_model), [glossary])
    assert document.segments[0].target == "Das alliance tagt."


def test_edited_segments_are_never_overwritten(echo_model, glossary):
    engine = Engine(echo_model)
    document = translate_document(segment_text(ARTICLE), engine, [])
    edited = document.segments[3]
    edited.target, edited.status = "My own English about the IS.", EDITED
    changed = apply_glossaries(document, engine, [glossary])
    assert edited.index not in changed
    assert edited.target == "My own English about the IS."
    assert edited.hits and all(h.status == "missing" for h in edited.hits if h.term_source != "IS")
    assert changed and all(document.segments[i].hits for i in changed)
    again = apply_glossaries(document, engine, [glossary])
    assert again == []  # nothing changed in the glossary: nothing translated again


def test_adding_a_term_updates_only_affected_segments(echo_model, glossary):
    engine = Engine(echo_model)
    document = translate_document(segment_text(ARTICLE), engine, [glossary])
    before = [s.target for s in document.segments]
    glossary.terms.append(Term("Soldaten", "soldiers"))
    changed = apply_glossaries(document, engine, [glossary])
    assert changed and all("Soldaten" in document.segments[i].source for i in changed)
    for segment, old in zip(document.segments, before, strict=True):
        if segment.index not in changed:
            assert segment.target == old
        else:
            assert "soldiers" in segment.target


def test_recheck_after_an_edit(echo_model, glossary):
    terminology = Terminology([glossary])
    document = translate_document(
        segment_text("Das Bündnis tagt."), Engine(echo_model), terminology
    )
    segment = document.segments[0]
    segment.target, segment.status = "The Alliance meets.", EDITED
    recheck_segment(segment, terminology)
    assert [h.status for h in segment.hits] != ["missing"]
    segment.target = "The pact meets."
    recheck_segment(segment, terminology)
    assert [h.status for h in segment.hits] == ["missing"]


def test_repairs_are_decoded_together_with_the_same_results(echo_model, glossary):
    """Every segment's repairs go into one decoding batch per round, and the English and
    statuses are exactly those of enforcing one segment at a time."""
    from workbench.glossary.enforcing import enforce_terms

    engine = Engine(echo_model)
    terminology = Terminology([glossary])
    calls = []
    many = engine.continue_many

    def counted(requests, **options):
        calls.append(len(requests))
        return many(requests, **options)

    engine.continue_many = counted  # type: ignore[method-assign]
    document = translate_document(segment_text(ARTICLE), engine, terminology)
    repaired = [h for s in document.segments for h in s.hits if h.status == "repaired"]
    assert repaired and len(calls) <= max(len(s.hits) for s in document.segments)
    assert sum(calls) > len(calls)  # several segments' repairs in one call

    engine = Engine(echo_model, memory_bytes=0)  # nothing kept: every repair decoded alone
    fresh = segment_text(ARTICLE)
    translations = engine.translate([s.source for s in fresh.segments], with_attention=True)
    for segment, translation, batched in zip(
        fresh.segments, translations, document.segments, strict=True
    ):
        hits = terminology.hits(segment.source)
        english = enforce_terms(hits, [terminology.term(h) for h in hits], translation, engine)
        assert english == batched.target
        assert [h.status for h in hits] == [h.status for h in batched.hits]


def test_articles_translated_again_and_in_threads_at_once_come_out_the_same(echo_model):
    """One engine serves every session and keeps what it decoded: an article translated a
    second time (its repairs known) and articles translated in threads at once (the shared
    engine, segmenter, taggers and dictionaries) come out exactly as the first time alone."""
    import threading
    from pathlib import Path

    from workbench.glossary.files import read_glossary

    root = Path(__file__).resolve().parents[1]
    glossaries = [read_glossary(root / "glossaries" / "news-de-en.csv")]
    seed = (root / "benchmarks" / "seed_article_de.txt").read_text(encoding="utf-8")
    texts = [ARTICLE, seed, ARTICLE.replace("500", "700"), seed.replace("Peschmerga", "Kurden")]
    engine = Engine(echo_model)

    def outcome(text: str) -> list[tuple]:
        document = translate_document(segment_text(text), engine, glossaries)
        return [
            (s.source, s.target, [(h.term_source, h.status) for h in s.hits], s.flags)
            for s in document.segments
        ]

    alone = [outcome(text) for text in texts]
    assert sum(h[1] == "repaired" for s in alone[0] for h in s[2]) >= 3  # repairs were made
    assert [outcome(text) for text in texts] == alone  # from what the engine kept
    engine = Engine(echo_model)  # and afresh, in threads
    together: list[list[tuple] | BaseException] = [[] for _ in texts]

    def run(n: int) -> None:
        try:
            together[n] = outcome(texts[n])
        except BaseException as problem:  # reported by the assertion below
            together[n] = problem

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert together == alone
