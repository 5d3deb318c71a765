"""Contrast checks (WCAG 1.4.3, 1.4.11): the data marks of a drawn chart (SVG) against white, at least
3:1; CSS colours as a browser gives them; the text of a chart's tooltip."""

import re


def luminance(r: float, g: float, b: float) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 each)."""
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in (r / 255, g / 255, b / 255)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour against white."""
    return 1.05 / (luminance(*(int(colour[i : i + 2], 16) for i in (1, 3, 5))) + 0.05)


# The dot plot's stems only lead the eye to a point, which carries the value (a guide, like a grid line).
GUIDES = {"#dddddd"}


def pale_marks(svg: str) -> set[str]:
    """Colours of the data marks of ``svg`` drawn under 3:1 on white (WCAG 1.4.11), opacity blended in.

    A mark passes when its fill or its outline reaches 3:1; parts drawn at under half opacity back a
    mark up (a confidence band) or step back for a highlighted one, and are not judged.
    """
    pale = set()
    for kind, body in re.findall(r'<g class="mark-(\w+) role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S):
        if kind in ("text", "group"):
            continue  # text has its own check (4.5:1, in the browser)
        for attrs in re.findall(r"<(?:path|line|rect|circle)\b([^>]*)>", body):
            a = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
            seen = []
            for paint, alpha_key, width in (
                ("fill", "fill-opacity", "1"),
                ("stroke", "stroke-opacity", a.get("stroke-width", "1")),
            ):
                colour = a.get(paint, "#000000" if paint == "fill" else "none").lower()
                alpha = float(a.get("opacity", 1)) * float(a.get(alpha_key, 1))
                if re.fullmatch(r"#[0-9a-f]{6}", colour) and alpha >= 0.5 and float(width) > 0:
                    blended = "#" + "".join(
                        f"{round(alpha * int(colour[i : i + 2], 16) + (1 - alpha) * 255):02x}"
                        for i in (1, 3, 5)
                    )
                    seen.append((contrast_on_white(blended), colour))
            if seen and max(seen)[0] < 3 and not {c for _, c in seen} & GUIDES:
                pale.add(f"mark-{kind} {max(seen)[1]} ({max(seen)[0]:.2f}:1)")
    return pale


def rgb_contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS colours written rgb(r, g, b) or rgba(...)."""
    hi, lo = sorted((luminance(*map(float, re.findall(r"[\d.]+", css)[:3])) for css in (a, b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# The tooltip Vega shows over a hovered mark, when shown: its text and colours.
TOOLTIP = """() => {
    const tip = document.getElementById('vg-tooltip-element');
    if (!tip || !tip.classList.contains('visible')) return null;
    const cell = c => c && getComputedStyle(c).color;
    return {key: cell(tip.querySelector('td.key')), value: cell(tip.querySelector('td.value')),
            background: getComputedStyle(tip).backgroundColor, text: tip.innerText};
}"""
