"""Text people wrote, shown as text: never as Markdown, maths, colours, icons, links or images.

Streamlit renders Markdown in st.markdown, st.write (of a string), st.caption, st.title and
st.subheader, st.info/success/warning/error, and in every widget label, help text, button,
expander, spinner and progress text. Article text, glossary terms and notes, file names,
model names and problem messages (which quote all of these) may contain `$...$` (maths),
`:red[...]` (colour), `:material/...:` (an icon), `![x](http://...)` (an image the browser
would fetch: a tracking beacon), `[a](javascript:...)`, `**`, `_`, `<`, `&`...

Contract (no Streamlit here):
- `md_text(value)` returns Markdown that displays exactly `str(value)`: every ASCII
  punctuation character is backslash-escaped (CommonMark allows that for all of them, and
  Streamlit's own `:material/` and `$` handling sees no trigger), an invisible word joiner
  (U+2060) goes into the few patterns Streamlit rewrites after escapes are resolved
  (`:streamlit:`, `:material_x:`, " -> ", " -- ", " <= "...), the leading spaces and tabs of
  each line become no-break spaces (no code blocks), and each line break stays a line break.
  Use it for every piece of user text inside a string that Streamlit renders as Markdown; the
  fixed words around it stay as they are: `st.success(f"Saved {md_text(name)}.")`.
- Where no formatting is wanted at all, prefer elements that never parse Markdown:
  `st.text` (plain text), `st.code` (monospace, for paths), selectbox and radio options,
  st.dataframe / st.data_editor cells, text input values. Never pass `md_text` output to those
  (the backslashes would show).
- Known limit: a bare web or e-mail address ("www.example.com") still becomes a clickable
  link (GitHub-flavoured autolinks are found after escapes are resolved); it fetches nothing.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# Streamlit rewrites these in the text itself, after escapes are resolved: ":streamlit:" and
# ":material_x:" become images, " -> " " -- " " <= "... become arrows and dashes. An invisible
# word joiner after their first character keeps them as typed.
_SHORTCODE = re.compile(r":(?=[\w+-]+:)")
_OPERATOR = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
_JOINER = "\u2060"
_LEADING_SPACE = re.compile(r"^[ \t]+", re.M)
_NBSP = "&nbsp;"


def md_text(value: object) -> str:
    """Markdown that shows `value` exactly as text (see the module contract)."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _SHORTCODE.sub(":" + _JOINER, text)
    text = _OPERATOR.sub(lambda m: m.group()[0] + _JOINER + m.group()[1:], text)
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    escaped = _LEADING_SPACE.sub(
        lambda m: _NBSP * (m.group().count(" ") + 4 * m.group().count("\t")), escaped
    )
    # Two spaces before a line break make it a hard break: the text keeps its lines.
    return "  \n".join(line.rstrip(" ") for line in escaped.split("\n"))
