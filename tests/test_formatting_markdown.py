"""Markdown keeps **strong**, _emphasis_ and links through translation; code fences and inline
code stay untranslated (issue 14)."""

from __future__ import annotations

from workbench import pipeline
from workbench.documents import export_document, read_document
from workbench.documents.markdown import markdown_inline, parse_inline
from workbench.engine import Engine
from workbench.tags import set_target, with_markers

ARTICLE = """# Neuer Plan für die **Bahn**

Die Regierung hat **einen neuen Plan** vorgestellt. Mehr steht im
[ausführlichen Bericht](https://example.org/bericht?id=7 "Bericht").

```python
print("Nicht übersetzen")
```

- Erstens `api.v2` prüfen, _dann_ melden
> Ein __starkes__ Zitat mit ![Bild](/zug.jpg) und snake_case_name.
"""


def test_markdown_inline_reads_and_writes_the_same_syntax():
    source = 'Mehr im [**ganzen** Bericht](https://x.org/a_(b) "T"), `a*b*c` und _kursiv_.'
    plain, tags = parse_inline(source)
    assert plain == "Mehr im ganzen Bericht, a*b*c und kursiv."
    assert markdown_inline(plain, tags) == source
    assert parse_inline("snake_case_name and file_2024_final.pdf")[1] == []
    linked = "Siehe [![Bild](/k.jpg)](/g.jpg) oben"
    assert markdown_inline(*parse_inline(linked)) == linked


def test_markdown_import_has_tags_and_leaves_code_fences_out():
    document = read_document(ARTICLE.encode(), "bahn.md")
    marked = [with_markers(s.source, s.source_tags) for s in document.segments]
    assert marked == [
        "Neuer Plan für die ⟨1⟩Bahn⟨/1⟩",
        "Die Regierung hat ⟨1⟩einen neuen Plan⟨/1⟩ vorgestellt.",
        "Mehr steht im\n⟨1⟩ausführlichen Bericht⟨/1⟩.",
        "Erstens ⟨1⟩api.v2⟨/1⟩ prüfen, ⟨2⟩dann⟨/2⟩ melden",
        "Ein ⟨1⟩starkes⟨/1⟩ Zitat mit ⟨2/⟩ und snake_case_name.",
    ]
    assert "print" not in document.source_text()


def test_markdown_out_is_the_original_with_english_blocks(echo_model):
    document = read_document(ARTICLE.encode(), "bahn.md")
    pipeline.translate_document(document, Engine(echo_model))
    out = export_document(document, "md", ("bahn.md", ARTICLE.encode())).decode()
    # the echo package: every block written back as it was (whitespace inside a sentence may
    # differ: the model reads a line break or two spaces as one space)
    assert out.split() == ARTICLE.split() or "".join(out.split()) == "".join(ARTICLE.split())

    set_target(document.segments[1], "The government presented ⟨1⟩a new plan⟨/1⟩.")
    set_target(document.segments[2], "More in the ⟨1⟩full report⟨/1⟩.")
    out = export_document(document, "md", ("bahn.md", ARTICLE.encode())).decode()
    assert (
        "The government presented **a new plan**. More in the "
        '[full report](https://example.org/bericht?id=7 "Bericht").' in out
    )
    assert '```python\nprint("Nicht übersetzen")\n```' in out


def test_inline_code_stays_verbatim_whatever_the_model_does(echo_model):
    from workbench.document import Segment
    from workbench.engine import Candidate
    from workbench.tags import InlineTag, carry

    segment = Segment(0, 0, "Erstens api.v2 prüfen")
    segment.source_tags = [InlineTag(1, "code", 8, 14)]
    segment.machine = segment.target = "First check api. v2"  # a model that broke the code
    tokens = ["▁First", "▁check", "▁api", ".", "▁v", "2"]
    source_tokens = ["▁Erstens", "▁api", ".", "v", "2", "▁prüfen"]
    attention = [[0.0] * 6 for _ in tokens]
    for t, s in ((0, 0), (1, 5), (2, 1), (3, 2), (4, 3), (5, 4)):
        attention[t][s] = 1.0

    class Tokenizer:
        def tokenize(self, text):
            return source_tokens

    carry(segment, Candidate(segment.target, tokens, 0.0, attention=attention), Tokenizer())
    assert segment.target == "First check api.v2"
    assert with_markers(segment.target, segment.target_tags) == "First check ⟨1⟩api.v2⟨/1⟩"
