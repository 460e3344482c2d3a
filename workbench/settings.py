"""Where the workbench keeps things on disk, read from the environment at call time.

Contract:
- `glossaries_dir()`: $WORKBENCH_GLOSSARIES if set, else `<current directory>/glossaries`.
  Nothing is created here; callers create folders when they write.
- Upload limits for the app (bytes): checked on the uploaded bytes themselves, whatever the
  server's own upload limit says.
"""

from __future__ import annotations

import os
from pathlib import Path

GLOSSARIES_ENV = "WORKBENCH_GLOSSARIES"
STARTER_GLOSSARY = "news-de-en.csv"
MAX_ARTICLE_UPLOAD = 10 * 1024 * 1024  # same as workbench.documents' own limit
MAX_GLOSSARY_UPLOAD = 5 * 1024 * 1024  # tens of thousands of terms
MAX_MODEL_UPLOAD = 1024 * 1024 * 1024  # real Argos models are well under 1 GB
MAX_PASTED_CHARS = 200_000  # a long article is ~20,000 characters


def glossaries_dir() -> Path:
    configured = os.environ.get(GLOSSARIES_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path.cwd() / "glossaries"
