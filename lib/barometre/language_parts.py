"""Text of another language inside a page, marked with its language (WCAG 3.1.2, language of parts).

A strategy text without English (no ``en`` key) is shown in French on the English pages, as validation says; a
screen reader read it with an English voice. (Not in the brief: WeasyPrint writes no /Lang for an element's lang.) Each occurrence in the page's text
is wrapped in ``<span lang="fr">``. Attributes, scripts (the charts' specifications), styles, the page's
``<title>``, SVG and form options cannot hold an element: the text there is left as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import escape

from .blocks import TEXT_ONLY

SHORTEST = 4  # shorter texts (« Oui ») may be words of the page's own language: not marked
# elements whose content is no place for a <span>; those whose content is text only, tags included
_NO_SPAN = TEXT_ONLY | {"svg"}
_RAW_TEXT = frozenset({"script", "style", "title", "textarea"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})  # fmt: skip
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")


def french_shown(strategy: Any, meta: dict[str, Any] | None = None) -> list[str]:
    """The strategy's texts an English page shows in French: those without English, and labels cut from them.

    ``meta``: dataset.yaml's, whose title and source may be French only. A table's short label is cut from the
    French label (« 75 % des services numériques évolueront grâce à… »).
    """
    french = [text for *_, text in strategy.untranslated]
    # dataset.yaml's title and source without English (title_en): the English pages show the French (title_fr, or
    # title, French first as the rest of the file)
    meta = meta or {}
    for field in ("title", "source"):
        fr = meta.get(f"{field}_fr") or meta.get(field)
        if fr and not meta.get(f"{field}_en"):
            french.append(str(fr).strip())
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
    own = re.compile(rf'\slang="{re.escape(lang)}"')  # not hreflang="fr"
    wrap = f'<span lang="{lang}">'
    out, skip, marked = [], [], []  # open elements that hold no span; open elements of ``lang``
    for i, token in enumerate(_TOKENS.split(page)):
        if not i % 2:  # text
            plain = skip or marked or not token.strip()
            out.append(token if plain else pattern.sub(lambda m: f"{wrap}{m[0]}</span>", token))
            continue
        out.append(token)  # a tag or a comment
        tag = _TAG.match(token)
        if tag is None:
            continue
        closing, name = tag[1] == "/", tag[2].lower()
        if skip and skip[-1] in _RAW_TEXT:  # « "</title>" » inside a script is the script's text
            if closing and name == skip[-1]:
                skip.pop()
            continue
        if skip and skip[-1] == "option" and (name in ("option", "select", "optgroup")):
            skip.pop()  # an option's end tag may be left out
        if name in _VOID or token.endswith("/>"):
            continue
        if name in _NO_SPAN:
            if not closing:
                skip.append(name)
            elif skip and skip[-1] == name:
                skip.pop()
        elif not closing and own.search(token):
            marked.append(name)
        elif closing and marked and marked[-1] == name:
            marked.pop()
    return "".join(out)
