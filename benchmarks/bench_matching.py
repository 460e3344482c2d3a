"""Benchmark: building a TermIndex and finding terms in a long German article.

Generates a 5,000-entry glossary (closed compounds such as "Grenzpolizei" and two-word names
such as "Europäische Kommission", built from German stems with English glosses) plus the
starter glossary glossaries/news-de-en.csv, and a 10,000-word German article from sentence
templates that use the terms in inflected forms ("der Grenzverträge", "des Bündnisses").
Times the one-off load of simplemma's German dictionary (once per process), then, with the
word lookups cold (first run) and warm (cached):
  - index build,
  - find_hits over the whole article at once,
  - find_hits sentence by sentence (how the pipeline calls it).
Run: `.venv/bin/python benchmarks/bench_matching.py [--entries N] [--words N] [--seed N]`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from workbench.glossary import matching  # noqa: E402
from workbench.glossary.files import read_glossary  # noqa: E402
from workbench.glossary.matching import TermIndex, find_hits  # noqa: E402
from workbench.glossary.model import Term  # noqa: E402

# (form inside a compound, English)
MODIFIERS = [
    ("Grenz", "border"),
    ("Friedens", "peace"),
    ("Kriegs", "war"),
    ("Regierungs", "government"),
    ("Armee", "army"),
    ("Luftwaffen", "air force"),
    ("Marine", "navy"),
    ("Polizei", "police"),
    ("Flüchtlings", "refugee"),
    ("Hilfs", "aid"),
    ("Waffen", "arms"),
    ("Sicherheits", "security"),
    ("Verteidigungs", "defence"),
    ("Außen", "foreign"),
    ("Innen", "interior"),
    ("Justiz", "justice"),
    ("Wirtschafts", "economic"),
    ("Finanz", "finance"),
    ("Handels", "trade"),
    ("Energie", "energy"),
    ("Gas", "gas"),
    ("Öl", "oil"),
    ("Wahl", "election"),
    ("Partei", "party"),
    ("Parlaments", "parliament"),
    ("Staats", "state"),
    ("Landes", "state"),
    ("Stadt", "city"),
    ("Provinz", "provincial"),
    ("Grenzschutz", "border guard"),
    ("Küsten", "coast"),
    ("Gesundheits", "health"),
    ("Bildungs", "education"),
    ("Umwelt", "environment"),
    ("Klima", "climate"),
    ("Menschenrechts", "human rights"),
    ("Geheimdienst", "intelligence"),
    ("Spionage", "espionage"),
    ("Rüstungs", "defence industry"),
    ("Nachschub", "supply"),
    ("Ausbildungs", "training"),
    ("Einsatz", "operations"),
    ("Kampf", "combat"),
    ("Minen", "mine"),
    ("Raketen", "missile"),
    ("Panzer", "tank"),
    ("Drohnen", "drone"),
    ("Cyber", "cyber"),
    ("Terror", "terror"),
    ("Milizen", "militia"),
    ("Rebellen", "rebel"),
    ("Oppositions", "opposition"),
    ("Koalitions", "coalition"),
    ("Bündnis", "alliance"),
    ("Kommando", "command"),
    ("Stabs", "staff"),
    ("Sanitäts", "medical"),
    ("Logistik", "logistics"),
    ("Versorgungs", "supply"),
    ("Wiederaufbau", "reconstruction"),
    ("Evakuierungs", "evacuation"),
    ("Blauhelm", "peacekeeping"),
    ("Nato", "NATO"),
    ("Reservisten", "reservist"),
]
# (head, English, inflected forms seen in text)
HEADS = [
    ("Vertrag", "treaty", ["Vertrag", "Vertrages", "Verträge", "Verträgen"]),
    ("Minister", "minister", ["Minister", "Ministers", "Ministern"]),
    ("Ministerium", "ministry", ["Ministerium", "Ministeriums", "Ministerien"]),
    ("Behörde", "authority", ["Behörde", "Behörden"]),
    ("Einheit", "unit", ["Einheit", "Einheiten"]),
    ("Truppe", "force", ["Truppe", "Truppen"]),
    ("Mission", "mission", ["Mission", "Missionen"]),
    ("Konferenz", "conference", ["Konferenz", "Konferenzen"]),
    ("Gipfel", "summit", ["Gipfel", "Gipfels"]),
    ("Abkommen", "agreement", ["Abkommen", "Abkommens"]),
    ("Gesetz", "law", ["Gesetz", "Gesetzes", "Gesetze"]),
    ("Politik", "policy", ["Politik"]),
    ("Experte", "expert", ["Experte", "Experten"]),
    ("Sprecher", "spokesman", ["Sprecher", "Sprechers"]),
    ("Ausschuss", "committee", ["Ausschuss", "Ausschusses", "Ausschüsse"]),
    ("Bericht", "report", ["Bericht", "Berichts", "Berichte"]),
    ("Lager", "camp", ["Lager", "Lagers"]),
    ("Zone", "zone", ["Zone", "Zonen"]),
    ("Krise", "crisis", ["Krise", "Krisen"]),
    ("Hilfe", "aid", ["Hilfe", "Hilfen"]),
    ("Budget", "budget", ["Budget", "Budgets"]),
    ("Plan", "plan", ["Plan", "Plans", "Pläne"]),
    ("Reform", "reform", ["Reform", "Reformen"]),
    ("Debatte", "debate", ["Debatte", "Debatten"]),
    ("Kontrolle", "control", ["Kontrolle", "Kontrollen"]),
    ("System", "system", ["System", "Systems", "Systeme"]),
    ("Stützpunkt", "base", ["Stützpunkt", "Stützpunkts", "Stützpunkte"]),
    ("Offizier", "officer", ["Offizier", "Offiziers", "Offiziere"]),
    ("Beamte", "official", ["Beamte", "Beamten"]),
    ("Strategie", "strategy", ["Strategie", "Strategien"]),
    ("Grenze", "border", ["Grenze", "Grenzen"]),
    ("Flotte", "fleet", ["Flotte", "Flotten"]),
    ("Übung", "exercise", ["Übung", "Übungen"]),
    ("Abteilung", "department", ["Abteilung", "Abteilungen"]),
    ("Verband", "association", ["Verband", "Verbandes", "Verbände"]),
    ("Führung", "leadership", ["Führung"]),
    ("Gruppe", "group", ["Gruppe", "Gruppen"]),
    ("Abkommen", "accord", ["Abkommen"]),
    ("Beratung", "consultation", ["Beratung", "Beratungen"]),
    ("Gespräch", "talk", ["Gespräch", "Gesprächs", "Gespräche"]),
    ("Initiative", "initiative", ["Initiative", "Initiativen"]),
    ("Rat", "council", ["Rat", "Rates", "Räte"]),
    ("Fonds", "fund", ["Fonds"]),
    ("Netz", "network", ["Netz", "Netzes", "Netze"]),
    ("Posten", "post", ["Posten", "Postens"]),
    ("Anlage", "facility", ["Anlage", "Anlagen"]),
    ("Amt", "office", ["Amt", "Amtes", "Ämter"]),
    ("Zentrum", "centre", ["Zentrum", "Zentrums", "Zentren"]),
    ("Kommission", "commission", ["Kommission", "Kommissionen"]),
    ("Agentur", "agency", ["Agentur", "Agenturen"]),
]
# (adjective before a feminine/plural noun, its -en form, English)
ADJECTIVES = [
    ("Europäische", "Europäischen", "European"),
    ("Deutsche", "Deutschen", "German"),
    ("Französische", "Französischen", "French"),
    ("Britische", "Britischen", "British"),
    ("Irakische", "Irakischen", "Iraqi"),
    ("Syrische", "Syrischen", "Syrian"),
    ("Kurdische", "Kurdischen", "Kurdish"),
    ("Türkische", "Türkischen", "Turkish"),
    ("Russische", "Russischen", "Russian"),
    ("Ukrainische", "Ukrainischen", "Ukrainian"),
    ("Polnische", "Polnischen", "Polish"),
    ("Amerikanische", "Amerikanischen", "American"),
    ("Internationale", "Internationalen", "International"),
    ("Nationale", "Nationalen", "National"),
    ("Zentrale", "Zentralen", "Central"),
    ("Regionale", "Regionalen", "Regional"),
    ("Gemeinsame", "Gemeinsamen", "Joint"),
    ("Ständige", "Ständigen", "Permanent"),
    ("Militärische", "Militärischen", "Military"),
    ("Zivile", "Zivilen", "Civilian"),
    ("Oberste", "Obersten", "Supreme"),
    ("Vorläufige", "Vorläufigen", "Provisional"),
    ("Afrikanische", "Afrikanischen", "African"),
    ("Arabische", "Arabischen", "Arab"),
    ("Iranische", "Iranischen", "Iranian"),
    ("Israelische", "Israelischen", "Israeli"),
    ("Libanesische", "Libanesischen", "Lebanese"),
    ("Jordanische", "Jordanischen", "Jordanian"),
    ("Baltische", "Baltischen", "Baltic"),
    ("Nordische", "Nordischen", "Nordic"),
    ("Östliche", "Östlichen", "Eastern"),
    ("Westliche", "Westlichen", "Western"),
    ("Südliche", "Südlichen", "Southern"),
    ("Nördliche", "Nördlichen", "Northern"),
    ("Kanadische", "Kanadischen", "Canadian"),
    ("Italienische", "Italienischen", "Italian"),
    ("Spanische", "Spanischen", "Spanish"),
    ("Niederländische", "Niederländischen", "Dutch"),
    ("Belgische", "Belgischen", "Belgian"),
    ("Dänische", "Dänischen", "Danish"),
]
FILLER_SUBJECTS = [
    "Die Regierung",
    "Ein Sprecher",
    "Die Opposition",
    "Der Minister",
    "Beobachter vor Ort",
    "Die Nachrichtenagentur",
    "Diplomaten",
    "Die Kommandeure",
]
FILLER_VERBS = [
    "kündigte an",
    "bestätigte",
    "kritisierte",
    "begrüßte",
    "forderte",
    "lehnte ab",
    "prüft derzeit",
    "verschob",
]
TIMES = [
    "am Montag",
    "am Dienstagabend",
    "in der vergangenen Woche",
    "nach Angaben aus Berlin",
    "am Rande der Konferenz",
    "nach langen Verhandlungen",
    "überraschend",
    "erneut",
]
PLACES = [
    "in Erbil",
    "in Berlin",
    "in Brüssel",
    "im Nordirak",
    "an der Grenze",
    "in Mossul",
    "in der Hauptstadt",
    "vor Ort",
]


def make_glossary(count: int, rng: random.Random) -> list[Term]:
    """Compounds modifier+head, then adjective+head names, up to `count` unique sources."""
    terms: dict[str, Term] = {}
    pairs = [(m, h) for m in MODIFIERS for h in HEADS]
    rng.shuffle(pairs)
    for (mod, mod_en), (head, head_en, _) in pairs:
        terms.setdefault(mod + head.lower(), Term(mod + head.lower(), f"{mod_en} {head_en}"))
    for adjective, _, adjective_en in ADJECTIVES:
        for head, head_en, _ in HEADS:
            source = f"{adjective} {head}"
            terms.setdefault(source, Term(source, f"{adjective_en} {head_en.title()}"))
    return list(terms.values())[:count]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text.startswith(("Die ", "Der ", "Ein ")) else text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def make_article(words: int, starter: list[str], rng: random.Random) -> str:
    """Sentences from templates until `words` words; paragraphs of 4-7 sentences."""
    sentences: list[str] = []
    total = 0
    while total < words:
        mod, _ = rng.choice(MODIFIERS)
        _, _, forms = rng.choice(HEADS)
        adjective = rng.choice(ADJECTIVES)[1]
        head_forms = rng.choice(HEADS)[2]
        sentence = rng.choice(
            [
                f"{rng.choice(FILLER_SUBJECTS)} {rng.choice(FILLER_VERBS)} {rng.choice(TIMES)} die "
                f"{mod}{rng.choice(forms).lower()} {rng.choice(PLACES)}.",
                f"Nach Angaben der {adjective} {head_forms[-1]} {rng.choice(FILLER_VERBS)} "
                f"{_lower_first(rng.choice(FILLER_SUBJECTS))} {rng.choice(TIMES)} den Plan.",
                f"„Wir stehen zu unseren Zusagen“, sagte ein Vertreter {rng.choice(PLACES)} mit "
                f"Blick auf {rng.choice(starter)} und die {mod}{rng.choice(forms).lower()}.",
                f"{_upper_first(rng.choice(TIMES))} hieß es, {rng.choice(starter)} werde "
                f"{rng.choice(PLACES)} weiter eine wichtige Rolle spielen.",
            ]
        )
        sentences.append(sentence)
        total += len(sentence.split())
    paragraphs, i = [], 0
    while i < len(sentences):
        n = rng.randint(4, 7)
        paragraphs.append(" ".join(sentences[i : i + n]))
        i += n
    return "\n\n".join(paragraphs)


def _clock(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--words", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    starter = read_glossary(HERE.parent / "glossaries" / "news-de-en.csv")
    generated = make_glossary(args.entries, rng)
    starter_words = [
        "die Bundeswehr",
        "das Bündnis",
        "der NATO-Generalsekretär",
        "die Peschmerga-Kämpfer",
        "der Islamische Staat",
        "die Terrormilizen",
        "der Waffenstillstand",
        "die Bundeswehrsoldaten",
        "der Sicherheitsrat",
    ]
    article = make_article(args.words, starter_words, rng)
    sentences = [s for p in article.split("\n\n") for s in p.split(". ")]
    entries = [("generated", t) for t in generated] + [(starter.name, t) for t in starter.terms]
    print(f"glossary: {len(generated)} generated + {len(starter.terms)} starter terms")
    print(
        f"article: {len(article.split())} words, {len(article)} characters, "
        f"{len(sentences)} sentences"
    )
    _, load = _clock(matching.lemma_key, "Wörterbuch")
    print(f"simplemma German dictionary load (once per process): {load * 1000:.0f} ms")
    for run in ("cold", "warm"):
        if run == "cold":
            matching.lemma_key.cache_clear()
            matching.word_keys.cache_clear()
        index, build = _clock(TermIndex, entries)
        hits, whole = _clock(find_hits, article, index)
        _, per_sentence = _clock(lambda index=index: [find_hits(s, index) for s in sentences])
        compound = sum(1 for h in hits if h.confidence == "compound")
        print(
            f"{run:>5}: index build {build * 1000:7.1f} ms | find_hits whole article "
            f"{whole * 1000:7.1f} ms | per sentence {per_sentence * 1000:7.1f} ms | "
            f"{len(hits)} hits ({compound} compound)"
        )


if __name__ == "__main__":
    main()
