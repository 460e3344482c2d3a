"""Terms written with symbols ("C++", "K.O.", ".NET") are replaced whole in the English: no
stray characters such as "CPP++" or "knockout." mid-sentence (issue 9, defect 11)."""

import pytest

from workbench.engine import Engine
from workbench.glossary.matching import TermIndex, find_hits
from workbench.glossary.model import Glossary, Term
from workbench.pipeline import translate_document
from workbench.segmenting import segment_text

TERMS = [
    Term("C++", "CPP"),
    Term("K.O.", "knockout"),
    Term("U.S.A.", "USA"),
    Term(".NET", "dotnet"),
    Term("AT&T", "ATT"),
]


@pytest.mark.parametrize(
    "german, matched",
    [
        ("Er programmiert in C++ seit Jahren.", "C++"),
        ("Er schreibt C++.", "C++"),
        ("Der Sieg durch K.O. kam schnell.", "K.O."),
        ("Er gewann durch K.O.", "K.O"),  # the full stop ends the sentence as well
        ('Er sagte: "Sieg durch K.O."', "K.O"),
        ("Er kam aus den U.S.A. zurück.", "U.S.A."),
        ("Sie nutzen .NET im Büro.", ".NET"),
        ("Die Firma AT&T wächst.", "AT&T"),
        ("Er programmiert in C seit Jahren.", None),  # "C" alone is not C++
        ("Er kam aus den USA zurück.", None),  # nor "USA" the term "U.S.A."
        ("Sie nutzen NET im Büro.", None),
    ],
)
def test_hit_spans_cover_the_terms_symbols(german, matched):
    hits = find_hits(german, TermIndex(TERMS))
    if matched is None:
        assert hits == []
        return
    assert [h.matched for h in hits] == [matched]
    assert all(german[h.start : h.end] == h.matched for h in hits)


@pytest.mark.parametrize(
    "german, english",
    [
        ("Er programmiert in C++ seit Jahren.", "Er programmiert in CPP seit Jahren."),
        ("Er schreibt C++.", "Er schreibt CPP."),
        ("Der Sieg durch K.O. kam schnell.", "Der Sieg durch knockout kam schnell."),
        ("Er gewann durch K.O.", "Er gewann durch knockout."),
        ("Er kam aus den U.S.A. zurück.", "Er kam aus den USA zurück."),
    ],
)
def test_forced_terms_leave_no_stray_characters(echo_model, german, english):
    """The echo model copies the German, so each term is forced over its aligned span."""
    document = translate_document(
        segment_text(german), Engine(echo_model), [Glossary("g", terms=list(TERMS))]
    )
    assert [s.target for s in document.segments] == [english]
