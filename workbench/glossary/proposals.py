"""Glossary proposals learnt from the edits people make.

Contract:
- `find_proposals(workspace, glossaries=(), dismissed=(), min_segments=MIN_SEGMENTS)` reads
  every document of the workspace (through `list_documents()` and `load()`) and compares, in
  each segment a person edited or confirmed, the machine's English with the person's, word by
  word. Where people replaced the same English words X by the same Y (singular and plural
  counted as one) in at least `min_segments` segments (in one or more documents), and the
  German of all those segments shares a content word (same lemma, HanTa), a `Proposal` is made:
  source = that German lemma, target = Y, forbidden = X, with every segment as evidence.
- Proposals already honoured by a glossary (an entry for that German whose target is Y) are
  left out; so are those in `dismissed` (their `key`s, as `dismissed_proposals()` reads them).
  When a glossary has an entry for the German with another target, the proposal names it
  (`existing`): accepting it updates that entry (Y as target, the old target forbidden).
- `dismiss(proposal)` remembers a proposal as dismissed in the settings file.
- Sorted by evidence, most first. Nothing here writes glossaries: accepting goes through the
  safe add-term path (`workbench.glossary.adding`).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workbench.document import CONFIRMED, EDITED
from workbench.glossary.adding import find_existing
from workbench.glossary.agreement import singular_of
from workbench.glossary.model import Glossary
from workbench.glossary.vocabulary import STOPWORDS

MIN_SEGMENTS = 3  # the same change in fewer segments may be a one-off choice
MAX_WORDS = 3  # a replaced span longer than this is a rewrite, not a term
SETTING = "dismissed_proposals"
_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011'\u2019][^\W_]+)*")
_CONTENT_TAGS = ("NN", "NE", "ADJ", "VV", "TRUNC")


@dataclass
class Evidence:
    document: str  # the document's name
    doc_id: str
    index: int  # 0-based segment index
    source: str
    machine: str
    target: str


@dataclass
class Proposal:
    source: str  # German lemma
    target: str  # what people wrote (Y)
    forbidden: str  # what the model wrote (X)
    evidence: list[Evidence] = field(default_factory=list)
    existing: tuple[str, str] | None = None  # (glossary name, its current target)

    @property
    def key(self) -> str:
        return f"{self.source}\t{self.target}"

    @property
    def documents(self) -> int:
        return len({e.doc_id for e in self.evidence})


def word_changes(machine: str, target: str) -> list[tuple[str, str]]:
    """(X, Y) for each run of at most MAX_WORDS words the person replaced (capitals ignored)."""
    before, after = _WORD.findall(machine), _WORD.findall(target)
    matcher = difflib.SequenceMatcher(
        None, [w.lower() for w in before], [w.lower() for w in after], autojunk=False
    )
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 <= MAX_WORDS and j2 - j1 <= MAX_WORDS:
            changes.append((" ".join(before[i1:i2]), " ".join(after[j1:j2])))
    return changes


def _english_key(words: str) -> str:
    return singular_of(words.lower())


def _german_lemmas(source: str) -> dict[str, tuple[str, str]]:
    """Content-word lemma (lowercase) -> (lemma as written, STTS tag), for one German sentence."""
    from workbench.glossary.german import tagged

    lemmas: dict[str, tuple[str, str]] = {}
    for word, lemma, tag in tagged(source):
        if not tag.startswith(_CONTENT_TAGS) or len(word) < 3:
            continue
        if word.lower() in STOPWORDS or lemma.lower() in STOPWORDS:
            continue
        lemmas.setdefault(lemma.lower(), (lemma, tag))
    return lemmas


def _shared_term(sources: Sequence[str]) -> str | None:
    """The German content word all the sentences share (a noun or name if there is one)."""
    analysed = [_german_lemmas(s) for s in sources]
    common = set.intersection(*(set(a) for a in analysed))
    if not common:
        return None
    first = analysed[0]

    def rank(key: str) -> tuple:
        is_noun = first[key][1].startswith(("NN", "NE"))
        return (not is_noun, -len(key), key)

    return first[min(common, key=rank)][0]


def find_proposals(
    workspace,
    glossaries: Sequence[Glossary] = (),
    dismissed: Iterable[str] = (),
    min_segments: int = MIN_SEGMENTS,
) -> list[Proposal]:
    from workbench.workspace import WorkspaceError

    groups: dict[tuple[str, str], list[tuple[str, str, Evidence]]] = defaultdict(list)
    for record in workspace.list_documents() if workspace is not None else ():
        try:
            document, _ = workspace.load(record.id)
        except WorkspaceError:
            continue  # deleted meanwhile
        for segment in document.segments:
            if segment.status not in (EDITED, CONFIRMED) or not segment.machine:
                continue
            evidence = Evidence(
                record.name,
                record.id,
                segment.index,
                segment.source,
                segment.machine,
                segment.target,
            )
            seen = set()
            for before, after in word_changes(segment.machine, segment.target):
                key = (_english_key(before), _english_key(after))
                if key not in seen:  # one segment is one piece of evidence
                    seen.add(key)
                    groups[key].append((before, after, evidence))
    skip = set(dismissed)
    proposals = []
    for changes in groups.values():
        if len({(e.doc_id, e.index) for _, _, e in changes}) < min_segments:
            continue
        source = _shared_term([e.source for _, _, e in changes])
        if source is None:
            continue
        proposal = Proposal(
            source,
            singular_of(_most_common(a for _, a, _ in changes)),
            singular_of(_most_common(b for b, _, _ in changes)),
            [e for _, _, e in changes],
        )
        if proposal.key in skip or _honoured(proposal, glossaries):
            continue
        proposals.append(proposal)
    return sorted(proposals, key=lambda p: (-len(p.evidence), p.source.lower()))


def _most_common(words: Iterable[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for word in words:
        counts[word] += 1
    return max(counts, key=lambda w: (counts[w], w))


def _honoured(proposal: Proposal, glossaries: Sequence[Glossary]) -> bool:
    for glossary in glossaries:
        existing = find_existing(glossary, proposal.source)
        if existing is None:
            continue
        if _english_key(existing.target) == _english_key(proposal.target):
            return True
        proposal.existing = proposal.existing or (glossary.name, existing.target)
    return False


def dismissed_proposals() -> list[str]:
    from workbench.settings import read_settings

    value = read_settings().get(SETTING, [])
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def dismiss(proposal: Proposal) -> None:
    from workbench.settings import write_setting

    keys = dismissed_proposals()
    if proposal.key not in keys:
        write_setting(SETTING, [*keys, proposal.key])
