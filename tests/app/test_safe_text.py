"""md_text: user text as Markdown that shows exactly that text (Chromium checks the rendering
in tests/browser/test_user_text.py; here the escaping itself)."""

import string

import pytest

from workbench.app.safe_text import md_text


@pytest.mark.parametrize(
    "text, markdown",
    [
        ("Bundeswehr", "Bundeswehr"),
        ("5 $ und 6 $", r"5 \$ und 6 \$"),
        (":red[rot]", r"\:red\[rot\]"),
        (":material/home:", r"\:material\/home\:"),
        ("![x](http://h/t.png)", r"\!\[x\]\(http\:\/\/h\/t\.png\)"),
        ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
        ("**bold**", r"\*\*bold\*\*"),
        ("a\\b", r"a\\b"),
        ("&amp;", r"\&amp\;"),
        ("x_y_z", r"x\_y\_z"),
        ("# Titel", r"\# Titel"),
        ("    eingerückt", "&nbsp;&nbsp;&nbsp;&nbsp;eingerückt"),
        ("\tTab", "&nbsp;&nbsp;&nbsp;&nbsp;Tab"),
        ("Zeile 1\nZeile 2", "Zeile 1  \nZeile 2"),
        ("Zeile 1\r\n\r\nZeile 3 ", "Zeile 1  \n  \nZeile 3"),
        (42, "42"),
        # rewritten by Streamlit after escapes: a word joiner (U+2060) keeps them as typed
        (":streamlit:", "\\:\u2060streamlit\\:"),
        (":material_home: :smile:", "\\:\u2060material\\_home\\: \\:\u2060smile\\:"),
        ("a -- b -> c", "a \\-\u2060\\- b \\-\u2060\\> c"),
        ("x <= y >= z ~= 1", "x \\<\u2060\\= y \\>\u2060\\= z \\~\u2060\\= 1"),
        ("a<->b -x- 10:30", "a\\<\\-\\>b \\-x\\- 10\\:30"),  # not a pattern: unchanged
    ],
)
def test_md_text(text, markdown):
    assert md_text(text) == markdown


def test_every_ascii_punctuation_character_is_escaped():
    escaped = md_text(string.punctuation)
    assert escaped == "".join("\\" + c for c in string.punctuation)
