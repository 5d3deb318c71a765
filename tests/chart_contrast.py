"""WCAG 1.4.11 for charts: the data marks of a drawn chart (SVG) against white, at least 3:1."""

import re


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour against white."""
    lin = [(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4) for v in
           (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))]  # fmt: skip
    return 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05)


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
