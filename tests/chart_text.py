"""The text marks of a chart drawn to SVG: where each sits, and whether two overlap."""

import re


def text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Approximate boxes (text, left, top, right, bottom) of a chart's text marks drawn to SVG."""
    boxes = []
    for group in re.findall(r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S):
        for attrs, text in re.findall(r"<text ([^>]*)>([^<]*)</text>", group):
            a = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
            x, y = map(float, re.match(r"translate\(([-\d.]+),([-\d.]+)\)", a["transform"]).groups())
            size = float(a["font-size"].rstrip("px"))
            width = len(text) * size * (0.62 if a.get("font-weight") == "bold" else 0.56)
            left = {"start": x, "end": x - width}.get(a.get("text-anchor", "start"), x - width / 2)
            boxes.append((text, left, y - size, left + width, y))
    return boxes


def assert_no_overlap(boxes: list[tuple[str, float, float, float, float]], where: str) -> None:
    """No two of a chart's text boxes (from :func:`text_boxes`) overlap."""
    for i, (t1, l1, u1, r1, d1) in enumerate(boxes):
        for t2, l2, u2, r2, d2 in boxes[i + 1 :]:
            overlap = min(r1, r2) > max(l1, l2) and min(d1, d2) > max(u1, u2)
            assert not overlap, f"{where}: « {t1} » overlaps « {t2} »"


def axis_labels(svg: str) -> list[tuple[list[str], float, float]]:
    """The labels of a chart's first axis drawn to SVG (its x axis): (lines, centre, font size) each."""
    group = re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S)[0]
    labels = []
    for attrs, body in re.findall(r"<text ([^>]*)>(.*?)</text>", group, re.S):
        a = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        x = float(re.match(r"translate\(([-\d.]+),", a["transform"])[1])
        lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", body) or [body]
        labels.append((lines, x, float(a["font-size"].rstrip("px"))))
    return labels


def line_segments(svg: str) -> list[tuple[float, float, float, float]]:
    """The segments of a chart's line marks drawn to SVG (straight lines: « M x,y L x,y … »)."""
    segments = []
    for group in re.findall(r'<g class="mark-line role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S):
        for d in re.findall(r'<path [^>]*d="([^"]*)"', group):
            points = [tuple(map(float, p.split(","))) for p in re.findall(r"[-\d.]+,[-\d.]+", d)]
            segments += [(*a, *b) for a, b in zip(points, points[1:], strict=False)]
    return segments


def crosses(segment: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    """Whether a segment (x1, y1, x2, y2) passes through a box (left, top, right, bottom), by sampling it."""
    x1, y1, x2, y2 = segment
    left, top, right, bottom = box
    return any(
        left < x1 + (x2 - x1) * k / 50 < right and top < y1 + (y2 - y1) * k / 50 < bottom for k in range(51)
    )


def symbol_marks(svg: str) -> list[tuple[float, float, float]]:
    """The points of a chart drawn to SVG: (x, y, radius with half the stroke), from their circles' paths."""
    marks = []
    for group in re.findall(r'<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S):
        for attrs in re.findall(r"<path ([^>]*)/?>", group):
            a = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
            found = re.match(r"translate\(([-\d.]+),([-\d.]+)\)", a.get("transform", ""))
            radius = re.match(r"M([\d.]+),0A", a.get("d", ""))
            if found and radius:
                marks.append(
                    (*map(float, found.groups()), float(radius[1]) + float(a.get("stroke-width", 0)) / 2)
                )
    return marks
