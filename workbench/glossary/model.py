"""What a glossary is: entries (terms) and the problems found while reading them.

Contract:
- `Term` is one glossary row: a German `source`, its English `target`, a free `note`, and the
  optional columns documented in README ("Glossary files"): accepted `variants` (other English
  renderings that count), `forbidden` renderings (English that must not be used),
  `case_sensitive` (None = decide automatically: acronyms such as "IS" or "NATO" are matched
  exactly), and `keep` (do-not-translate: the target is the source, e.g. "NATO", "Bundeswehr").
  `line` is the 1-based line in the file where the row starts (0 for rows made in the app).
  `plural` is the English plural when it is not the regular one ("Peshmerga"); empty = regular.
- `Problem` names the file, the line and what is wrong; `severity` "error" means the row was not
  loaded, "warning" means it was loaded but deserves a look.
- `Glossary` holds the loaded terms, the problems, and `signature` (a fingerprint of the file
  as it was read) so a save can refuse to overwrite a file changed on disk since, and
  `detected`: what reading found out about the file (see `workbench.glossary.files`: encoding,
  separator, whether there was a header and which column became which field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass
class Term:
    source: str
    target: str
    note: str = ""
    variants: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    case_sensitive: bool | None = None
    keep: bool = False
    line: int = 0
    plural: str = ""


@dataclass
class Problem:
    file: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Glossary:
    name: str
    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    path: Path | None = None
    signature: str | None = None
    detected: dict = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)
