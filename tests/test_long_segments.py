"""A segment longer than the model can take is translated in pieces and flagged; the article
never fails for it (issue 9, defect 6)."""

import json

import pytest

from workbench import long_segments
from workbench.cli import main
from workbench.document import EDITED
from workbench.engine import Engine
from workbench.glossary.model import Glossary, Term
from workbench.pipeline import refresh_flags, translate_document
from workbench.segmenting import segment_text

CLAUSE = "die Bundeswehr hat am Montag in Berlin mit dem Aufbau einer neuen Schule begonnen"


def _long_sentence(words: int) -> str:
    """One German sentence of about `words` words, clauses joined by commas and "und"."""
    clauses, count = [], 0
    while count < words:
        clauses.append(CLAUSE)
        count += len(CLAUSE.split())
    return "Die NATO meldet, " + ", und ".join(clauses) + "."


def test_echo_model_fails_on_600_words_in_one_piece(echo_model):
    """The defect itself: the model has no positions past 1024 (so the split is needed)."""
    engine = Engine(echo_model)
    with pytest.raises(RuntimeError, match="position"):
        engine.translate([_long_sentence(600)])


def test_600_word_segment_is_translated_in_pieces_and_flagged(echo_model):
    text = "Kurz vorab.\n\n" + _long_sentence(600) + "\n\nDanach geht es weiter."
    glossary = Glossary("house", terms=[Term("NATO", "NATO", keep=True)])
    document = translate_document(segment_text(text), Engine(echo_model), [glossary])
    long = max(document.segments, key=lambda s: len(s.source))
    # the echo model copies: the joined English is the German, space for space
    assert long.target == long.machine == long.source
    assert [f.code for f in long.flags if f.code == "split"] == ["split"]
    message = next(f.message for f in long.flags if f.code == "split")
    assert "pieces" in message and "at most 506" in message
    assert long.hits and all(long.source[h.start : h.end] == h.matched for h in long.hits)
    others = [s for s in document.segments if s is not long]
    assert all(s.target == s.source for s in others)
    assert not [f for s in others for f in s.flags if f.code in ("split", "cut-off")]


def test_split_flag_stays_while_the_english_is_the_machines(echo_model):
    document = translate_document(segment_text(_long_sentence(600)), Engine(echo_model))
    segment = document.segments[0]
    refresh_flags(document)
    assert "split" in [f.code for f in segment.flags]
    segment.target, segment.status = "A person's English.", EDITED
    refresh_flags(document)
    assert "split" not in [f.code for f in segment.flags]


def test_limit_declared_in_the_model_config_is_used(echo_model):
    config_path = echo_model.path / "model" / "config.json"
    config = json.loads(config_path.read_text())
    config["max_position_embeddings"] = 128
    config_path.write_text(json.dumps(config))
    assert long_segments.position_limit(echo_model.path / "model") == 128
    long_segments._limits.clear()
    try:
        engine = Engine(echo_model)
        limit = long_segments.piece_limit(engine)
        assert limit == (128 - 2 - 10) // 2
        text = _long_sentence(60)
        assert len(engine.tokenize(text)) > limit
        document = translate_document(segment_text(text), engine)
        segment = document.segments[0]
        assert segment.target == segment.source
        assert "split" in [f.code for f in segment.flags]
    finally:
        long_segments._limits.clear()


def test_limit_from_learned_encodings_in_model_bin_or_the_default(echo_model, tmp_path):
    assert long_segments.position_limit(echo_model.path / "model") == 1024  # model.bin rows
    (tmp_path / "model.bin").write_bytes(b"\x06\x00\x00\x00garbage")
    (tmp_path / "config.json").write_text("not json")
    assert long_segments.position_limit(tmp_path) == long_segments.DEFAULT_POSITIONS


def _fits(limit):
    return lambda text: len(text.split()) <= limit


def test_split_prefers_clause_boundaries_over_words():
    text = "eins zwei drei, vier fünf sechs; sieben acht neun zehn elf zwölf"
    spans = long_segments.split_source(text, _fits(4))
    pieces = [text[a:b] for a, b in spans]
    assert pieces == ["eins zwei drei,", "vier fünf sechs;", "sieben acht neun zehn", "elf zwölf"]


def test_split_inside_a_word_only_when_nothing_else_is_left():
    text = "x" * 50
    spans = long_segments.split_source(text, lambda t: len(t) <= 16)
    assert [b - a for a, b in spans] == [16, 16, 16, 2]
    assert "".join(text[a:b] for a, b in spans) == text


def test_cli_translates_an_article_with_a_600_word_sentence(echo_model, tmp_path, capsys):
    article = tmp_path / "lang.txt"
    article.write_text("Titel\n\n" + _long_sentence(600) + "\n", encoding="utf-8")
    assert main(["translate", str(article), "--json", "--quiet"]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    assert any("split" in [f["code"] for f in s["flags"]] for s in segments)


def test_terms_suggest_lists_candidates_of_a_600_word_sentence(echo_model, tmp_path, capsys):
    article = tmp_path / "lang.txt"
    text = "Die OSZE tagt in Wien.\n\n" + _long_sentence(600).replace("Berlin", "Seefernaufklärung")
    article.write_text(text + "\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("source,target\n", encoding="utf-8")
    assert main(["terms", "suggest", str(article), "--glossary", str(empty), "--json"]) == 0
    out = capsys.readouterr().out
    assert "OSZE" in out


def test_formatting_tags_of_a_long_segment_are_carried_through_the_pieces(echo_model):
    from workbench.tags import InlineTag

    document = segment_text(_long_sentence(600))
    segment = document.segments[0]
    source = segment.source
    near_end = source.rindex("Berlin")
    segment.source_tags = [
        InlineTag(1, "b", 4, 8),  # "NATO" in the first piece
        InlineTag(2, "i", near_end, near_end + len("Berlin")),  # in the last piece
        InlineTag(3, "a", 0, len(source), {"href": "https://example.org"}),  # over every cut
    ]
    translate_document(document, Engine(echo_model))
    assert "split" in [f.code for f in segment.flags]
    placed = {t.id: segment.target[t.start : t.end] for t in segment.target_tags}
    # the echo model copies, so each tag covers the same words in the English
    assert placed == {1: "NATO", 2: "Berlin", 3: segment.target}
    assert segment.tags_on == segment.target
    assert all(t.state == "" for t in segment.target_tags)


def test_pieces_are_of_about_equal_size(echo_model):
    engine = Engine(echo_model)
    document = segment_text(_long_sentence(600))
    work, _ = long_segments.split_long(document.segments, engine)
    sizes = [len(engine.tokenize(piece.source)) for piece in work]
    assert len(sizes) >= 3 and max(sizes) <= 506
    assert min(sizes) >= 0.6 * max(sizes), sizes  # no short tail
