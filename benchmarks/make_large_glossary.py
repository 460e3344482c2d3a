"""Generator of a large, realistic glossary CSV for scale tests and benchmarks.

German news terms the way a big newsroom glossary grows: closed compounds built from news
stems ("Grenzschutzbehörde", "Verteidigungsministerium", "Sicherheitsratsbeschluss"), their
bases as terms of their own (so "Sicherheitsrat" starts "Sicherheitsratsbeschluss", the prefix
clash the reader warns about), hyphenated ones ("NATO-Gipfel", "EU-Kommission"), two-word names
("Auswärtiges Amt", "Europäische Kommission"), acronyms kept as they are, notes with commas and
quotes, accepted variants and forbidden renderings. Deterministic for a given seed.

`large_glossary_csv(rows, seed)` returns the bytes (our saving format: UTF-8 with BOM, `,`,
CRLF). Run: `.venv/bin/python benchmarks/make_large_glossary.py OUT.csv [--rows N] [--seed N]`.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import random
from collections.abc import Iterator
from pathlib import Path

# (form inside a compound, English, the word on its own or "" when it is no term)
MODIFIERS = [
    ("Grenz", "border", "Grenze"),
    ("Friedens", "peace", "Frieden"),
    ("Kriegs", "war", "Krieg"),
    ("Regierungs", "government", "Regierung"),
    ("Armee", "army", "Armee"),
    ("Luftwaffen", "air force", "Luftwaffe"),
    ("Marine", "navy", "Marine"),
    ("Polizei", "police", "Polizei"),
    ("Flüchtlings", "refugee", "Flüchtling"),
    ("Hilfs", "aid", "Hilfe"),
    ("Waffen", "arms", "Waffe"),
    ("Sicherheits", "security", "Sicherheit"),
    ("Verteidigungs", "defence", "Verteidigung"),
    ("Außen", "foreign", ""),
    ("Innen", "interior", ""),
    ("Justiz", "justice", "Justiz"),
    ("Wirtschafts", "economic", "Wirtschaft"),
    ("Finanz", "finance", ""),
    ("Handels", "trade", "Handel"),
    ("Energie", "energy", "Energie"),
    ("Gas", "gas", "Gas"),
    ("Wahl", "election", "Wahl"),
    ("Partei", "party", "Partei"),
    ("Parlaments", "parliament", "Parlament"),
    ("Staats", "state", "Staat"),
    ("Landes", "regional", ""),
    ("Stadt", "city", "Stadt"),
    ("Bundes", "federal", ""),
    ("Klima", "climate", "Klima"),
    ("Gesundheits", "health", "Gesundheit"),
    ("Bildungs", "education", "Bildung"),
    ("Umwelt", "environment", "Umwelt"),
    ("Terror", "terror", "Terror"),
    ("Geheimdienst", "intelligence", "Geheimdienst"),
    ("Menschenrechts", "human rights", ""),
    ("Migrations", "migration", "Migration"),
    ("Sanktions", "sanctions", ""),
    ("Atom", "nuclear", ""),
    ("Raketen", "missile", "Rakete"),
    ("Zoll", "customs", "Zoll"),
]
# (second part, English, usable as a term on its own)
HEADS = [
    ("minister", "minister", True),
    ("ministerium", "ministry", True),
    ("politik", "policy", True),
    ("rat", "council", True),
    ("konferenz", "conference", True),
    ("gipfel", "summit", True),
    ("abkommen", "agreement", True),
    ("einsatz", "operation", True),
    ("behörde", "authority", True),
    ("gesetz", "law", True),
    ("reform", "reform", True),
    ("krise", "crisis", True),
    ("debatte", "debate", True),
    ("beauftragter", "commissioner", True),
    ("ausschuss", "committee", True),
    ("haushalt", "budget", True),
    ("streit", "dispute", True),
    ("verhandlungen", "talks", True),
    ("schutz", "protection", True),
    ("experte", "expert", True),
    ("sprecher", "spokesman", True),
    ("chef", "chief", True),
    ("lage", "situation", True),
    ("bericht", "report", True),
]
# (third part, English) after a compound whose head takes a linking -s ("Sicherheitsrats...")
TAILS = [
    ("beschluss", "decision"),
    ("sitzung", "meeting"),
    ("vorsitz", "presidency"),
    ("mitglied", "member"),
    ("entwurf", "draft"),
    ("bericht", "report"),
    ("sprecherin", "spokeswoman"),
    ("kreise", "sources"),
    ("vorlage", "proposal"),
    ("termin", "date"),
    ("leitung", "leadership"),
    ("tagung", "session"),
    ("wahl", "election"),
    ("mandat", "mandate"),
    ("beratung", "consultation"),
    ("erklärung", "statement"),
]
LINK_S = {"rat", "einsatz", "gesetz", "haushalt", "streit", "schutz", "bericht"}
ACRONYMS = ["NATO", "EU", "UN", "OSZE", "IAEA", "WHO", "G7", "G20", "BND", "BKA", "UNHCR", "IWF"]
PLACES = ["Kiew", "Moskau", "Brüssel", "Berlin", "Bagdad", "Erbil", "Damaskus", "Ankara", "Paris"]
NOTES = [
    "",
    "",
    "",
    "British spelling, house style.",
    'Capitalised before a name: "Minister Anna Muster".',
    "Check context, e.g. party, not government.",
    "Plural in English, singular in German; see style guide, section 4.",
    "Second mention: short form.",
]


def _compounds(rng: random.Random) -> Iterator[tuple[str, str, str]]:
    """(source, target, kind): the words on their own first, then ever longer compounds, each
    level shuffled (deterministically)."""
    for _, english, word in MODIFIERS:
        if word:
            yield word, english, "base"
    for head, english, alone in HEADS:
        if alone:
            yield head.capitalize(), english, "base"
    levels: list[list[tuple[str, str]]] = [[], [], []]
    for modifier, m_english, _ in MODIFIERS:
        for head, h_english, _ in HEADS:
            link = "s" if head in LINK_S else ""
            levels[0].append((modifier + head, f"{m_english} {h_english}"))
            for second, s_english, _ in MODIFIERS:
                if second != modifier:
                    levels[1].append(
                        (modifier + second.lower() + head, f"{m_english} {s_english} {h_english}")
                    )
            for tail, t_english in TAILS:
                levels[2].append(
                    (modifier + head + link + tail, f"{m_english} {h_english} {t_english}")
                )
    for level, kind in zip(levels, ("compound", "compound", "long"), strict=True):
        rng.shuffle(level)
        for source, target in level:
            yield source, target, kind
    for _ in range(1_000_000):  # four-part compounds, drawn at random (about 600,000 exist)
        (modifier, m_english, _), (second, s_english, _) = rng.sample(MODIFIERS, 2)
        head, h_english, _ = rng.choice(HEADS)
        tail, t_english = rng.choice(TAILS)
        link = "s" if head in LINK_S else ""
        source = modifier + second.lower() + head + link + tail
        yield source, f"{m_english} {s_english} {h_english} {t_english}", "long"


def _names(rng: random.Random) -> Iterator[tuple[str, str, str]]:
    for acronym in ACRONYMS:
        yield acronym, acronym, "acronym"
        for head, english, _ in HEADS:
            yield f"{acronym}-{head.capitalize()}", f"{acronym} {english}", "hyphen"
    for place in PLACES:
        for head, english, _ in HEADS:
            yield f"{place}er {head.capitalize()}", f"{place} {english}", "name"


def _row(rng: random.Random, source: str, target: str, kind: str) -> list[str]:
    variants = forbidden = ""
    if rng.random() < 0.2:
        variants = f"{target}s|the {target}"
    if rng.random() < 0.1:
        forbidden = source if kind in ("compound", "long") else target.lower()
    keep = "yes" if kind == "acronym" else ""
    case = "yes" if kind == "acronym" and rng.random() < 0.5 else ""
    return [source, target, rng.choice(NOTES), variants, forbidden, case, keep]


def large_glossary_csv(rows: int = 100_000, seed: int = 7) -> bytes:
    """`rows` distinct terms as glossary CSV bytes (fewer if the stems run out)."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["source", "target", "note", "variants", "forbidden", "case_sensitive", "keep"])
    seen: set[str] = set()
    for source, target, kind in itertools.chain(_names(rng), _compounds(rng)):
        if len(seen) >= rows:
            break
        if source.lower() in seen:
            continue
        seen.add(source.lower())
        writer.writerow(_row(rng, source, target, kind))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    data = large_glossary_csv(args.rows, args.seed)
    args.out.write_bytes(data)
    rows = data.count(b"\n") - 1
    print(f"{args.out}: {rows:,} rows, {len(data):,} bytes")


if __name__ == "__main__":
    main()
