"""Large glossaries: the prefix-clash check reports exactly what the old quadratic loop did.

Speed figures are in benchmarks/bench_glossary_check.py (100,000 rows); here the output of the
linear check is compared with the old algorithm, kept below as the reference.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from workbench.glossary.files import parse_glossary
from workbench.glossary.model import WARNING, Problem, Term
from workbench.glossary.reading import _INFLECTION_ENDINGS, _warn_prefix_clashes

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_large_glossary", BENCHMARKS / "make_large_glossary.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_prefix_clashes(terms: list[Term], name: str) -> list[Problem]:
    """The check as it was before it was made linear (a copy of the old code)."""
    problems = []
    ordered = sorted(terms, key=lambda t: t.source.lower())
    for i, short in enumerate(ordered):
        if short.source.isupper():
            continue
        prefix = short.source.lower()
        for long in ordered[i + 1 :]:
            rest = long.source.lower()[len(prefix) :]
            if not long.source.lower().startswith(prefix):
                break
            if rest and rest[0].isalpha() and rest not in _INFLECTION_ENDINGS and len(rest) >= 4:
                problems.append(
                    Problem(
                        name,
                        long.line,
                        f"'{short.source}' (line {short.line}) "
                        f"is the beginning of '{long.source}'; where both fit, "
                        "the longer term wins",
                        WARNING,
                    )
                )
    return problems


def linear_prefix_clashes(terms: list[Term], name: str) -> list[Problem]:
    problems: list[Problem] = []
    _warn_prefix_clashes(terms, name, problems)
    return problems


EDGE_CASES = [
    # sources that stress the sort order and the run boundaries
    "Gipfel",
    "gipfel",
    "Gipfeltreffen",
    "GIPFELTREFFEN",
    "Gipfel-Treffen",
    "Gipfelin",
    "Gipfeln",
    "Gipfelkonferenz",
    "Gipfelx",
    "IS",
    "ISAF",
    "Islam",
    "Islamismus",
    "Islamischer Staat",
    "Islamischer Staat Irak",
    "Bund",
    "Bundeswehr",
    "Bundeswehrsoldat",
    "Bundeswehrsoldatin",
    "Bundeswehrsoldatinnen",
    "Außen",
    "Außenamt",
    "außenpolitik",
    "Zoll",
    "Zoll2024",
    "Zoll 2024",
]


def test_generated_glossary_is_large_realistic_and_deterministic():
    make = _generator()
    data = make.large_glossary_csv(2_000)
    assert data == make.large_glossary_csv(2_000)
    glossary = parse_glossary(data, "large.csv")
    assert len(glossary.terms) == 2_000 and not glossary.has_errors
    sources = {t.source for t in glossary.terms}
    assert {"NATO", "NATO-Gipfel", "Sicherheit", "Rat"} <= sources
    assert any("is the beginning of" in p.message for p in glossary.problems)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_linear_check_reports_what_the_old_check_did(seed):
    terms = parse_glossary(_generator().large_glossary_csv(20_000), "large.csv").terms
    rng = random.Random(seed)
    sample = rng.sample(terms, 4_000) + [
        Term(source, "x", line=20_002 + i) for i, source in enumerate(EDGE_CASES)
    ]
    rng.shuffle(sample)
    expected = reference_prefix_clashes(sample, "large.csv")
    assert len(expected) > 100  # the sample really has clashes to report
    assert linear_prefix_clashes(sample, "large.csv") == expected


@pytest.mark.parametrize(
    "sources, clashes",
    [
        (["Gipfel", "Gipfeltreffen"], [("Gipfel", "Gipfeltreffen")]),
        (["Gipfeltreffen", "Gipfel"], [("Gipfel", "Gipfeltreffen")]),
        (
            ["gipfel", "Gipfeltreffen", "Gipfel"],
            [("gipfel", "Gipfeltreffen")] * 1 + [("Gipfel", "Gipfeltreffen")],
        ),
        (["Bundeskanzler", "Bundeskanzlerin", "Bundeskanzlerinnen"], []),
        (["IS", "ISAF-Truppe"], []),
        (["Rat", "Rats", "Ratssitzung"], [("Rat", "Ratssitzung"), ("Rats", "Ratssitzung")]),
        (["Bund", "Bündnis"], []),
        (["Zoll", "Zoll 2024", "Zollamt", "Zollbehörde"], [("Zoll", "Zollbehörde")]),
    ],
)
def test_prefix_clash_cases(sources, clashes):
    terms = [Term(source, "x", line=i + 2) for i, source in enumerate(sources)]
    found = linear_prefix_clashes(terms, "g.csv")
    assert found == reference_prefix_clashes(terms, "g.csv")
    pairs = [tuple(p.message.split("'")[1:4:2]) for p in found]
    assert pairs == clashes
