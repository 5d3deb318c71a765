"""Text of another language inside a page, marked with its language (WCAG 3.1.2, language of parts).

A strategy text without English (no ``en`` key) is shown in French on the English pages and in the English
brief, as validation says; a screen reader read it with an English voice. Each occurrence in the page's text
is wrapped in ``<span lang="fr">``. Attributes, scripts (the charts' specifications), styles, the page's
``<title>``, SVG and form options cannot hold an element: the text there is left as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import escape

SHORTEST = 4  # shorter texts (« Oui ») may be words of the page's own language: not marked
# elements whose content is no place for a <span>
_NO_SPAN = ("script", "style", "title", "svg", "option", "textarea")
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")


def french_shown(strategy: Any) -> list[str]:
    """The strategy's texts an English page shows in French: those without English, and labels cut from them.

    A table's short label is cut from the French label (« 75 % des services numériques évolueront grâce à… »).
    """
    french = [text for *_, text in strategy.untranslated]
    shorts = [tg.short("en") for tg in strategy.targets if tg.label.en in french and tg.short_label is None]
    return list(dict.fromkeys([*french, *shorts, *(s.replace("\u00a0", " ") for s in shorts)]))


def _written(text: str) -> list[str]:
    """The forms ``text`` takes in a page: escaped as Jinja and markupsafe write it, or as pandas does."""
    return list(
        dict.fromkeys([str(escape(text)), html.escape(text, quote=False), text.replace("&", "&amp;")])
    )


def mark_language(page: str, texts: Iterable[str], lang: str) -> str:
    """``page`` with each of ``texts`` found in its text wrapped in ``<span lang="{lang}">``.

    The longest text is matched first (a target's label before its short label inside it); a text already in an
    element of that language is left as it is.
    """
    forms = sorted({f for text in texts if len(text.strip()) >= SHORTEST for f in _written(text.strip())},
                   key=len, reverse=True)  # fmt: skip
    if not forms:
        return page
    pattern = re.compile("|".join(map(re.escape, forms)))
    wrap = f'<span lang="{lang}">'
    out, skip, marked = [], [], []  # open elements that hold no span; open elements of ``lang``
    for i, token in enumerate(_TOKENS.split(page)):
        if i % 2:  # a tag or a comment
            out.append(token)
            tag = _TAG.match(token)
            if tag is None or token.endswith("/>"):
                continue
            closing, name = tag[1] == "/", tag[2].lower()
            if name in _NO_SPAN and not closing:
                skip.append(name)
            elif name in _NO_SPAN:
                del skip[-1:]
            elif not closing and f'lang="{lang}"' in token:
                marked.append(name)
            elif closing and marked and marked[-1] == name:
                marked.pop()
            continue
        if skip or marked or not token.strip():
            out.append(token)
        else:
            out.append(pattern.sub(lambda m: f"{wrap}{m[0]}</span>", token))
    return "".join(out)
