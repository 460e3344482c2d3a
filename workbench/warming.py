"""Loading what a translation needs before anyone waits for it.

Contract:
- `warm_up(engine)` starts, once per engine and process, a background thread that loads the
  engine's model (and its decoding threads, with one short sentence) and the word tables the
  glossary and quality checks read: HanTa's German tagger, lemminflect's English inflections,
  simplemma's German and English dictionaries. It returns at once; calling it again (every
  page view) costs nothing. `warming(engine)` is the thread's Event, set when all is loaded.
- Everything loaded is shared read-only by every thread (each loader has its own lock), so a
  translation that starts while warming simply waits for the part it needs, never loads it
  twice. A failure here is ignored: the translation that needs the part loads it itself and
  reports its own error.
"""

from __future__ import annotations

import threading
import weakref

from workbench.engine import Engine
from workbench.glossary.model import Term

WARM_SENTENCE = "Die Soldaten des Bündnisses helfen den Flüchtlingen."

_started: weakref.WeakKeyDictionary[Engine, threading.Event] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def warm_up(engine: Engine) -> threading.Event:
    with _lock:
        ready = _started.get(engine)
        if ready is not None:
            return ready
        ready = _started[engine] = threading.Event()
    thread = threading.Thread(target=_load, args=(engine, ready), name="warm-up", daemon=True)
    thread.start()
    return ready


def warming(engine: Engine) -> threading.Event | None:
    with _lock:
        return _started.get(engine)


def _load(engine: Engine, ready: threading.Event) -> None:
    try:
        load_word_tables()
        engine.translate([WARM_SENTENCE], num_candidates=1)
    except Exception:  # noqa: BLE001 - the translation that needs it reports the problem
        pass
    finally:
        ready.set()


def load_word_tables() -> None:
    """HanTa, lemminflect and simplemma's German and English dictionaries, once per process."""
    import simplemma

    from workbench.glossary import agreement, german

    german.tagged(WARM_SENTENCE)
    german.noun_ending("Anschlägen")
    agreement.agreed("refugee", Term("Flüchtling", "refugee"), agreement.GermanForm(plural=True))
    for word, lang in (("bündnisses", "de"), ("ministers", "en")):
        simplemma.lemmatize(word, lang=lang)
        simplemma.is_known(word, lang=lang)
