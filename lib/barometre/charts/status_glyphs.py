"""The status icons of the text (✔ ↗ → ↘ ✖ ?) drawn as point shapes: a chart shows a status as its table does.

The charts drew a status as a diamond, a circle or a triangle while the tables, cards, brief and deck wrote
✔ ↗ → ↘ ✖ ?: the same status looked different in two places on one page. Each shape is an SVG path in
Vega's symbol box ([-1, 1] on both axes, y down) and has an area, filled or outlined.
"""

from __future__ import annotations

import math

Points = list[tuple[float, float]]

# → : a shaft and a head; ↗ and ↘ are it turned (and a little larger: turned, it fills less of the box)
ARROW: Points = [
    (-0.95, -0.28),
    (0.15, -0.28),
    (0.15, -0.75),
    (0.95, 0),
    (0.15, 0.75),
    (0.15, 0.28),
    (-0.95, 0.28),
]
CHECK: Points = [(-0.95, 0.0), (-0.6, -0.35), (-0.25, 0.0), (0.6, -0.85), (0.95, -0.5), (-0.25, 0.7)]
CROSS: Points = [(-0.9, -0.6), (-0.6, -0.9), (0, -0.3), (0.6, -0.9), (0.9, -0.6), (0.3, 0), (0.9, 0.6), (0.6, 0.9),
                 (0, 0.3), (-0.6, 0.9), (-0.9, 0.6), (-0.3, 0)]  # fmt: skip
QUESTION_HOOK: Points = [(-0.62, -0.42), (-0.5, -0.78), (-0.18, -0.98), (0.2, -0.98), (0.55, -0.8), (0.68, -0.45),
                         (0.52, -0.12), (0.2, 0.1), (0.2, 0.38), (-0.2, 0.38), (-0.2, -0.08), (0.2, -0.33),
                         (0.27, -0.5), (0.16, -0.66), (0, -0.7), (-0.16, -0.63), (-0.24, -0.42)]  # fmt: skip
QUESTION_DOT: Points = [(-0.2, 0.58), (0.2, 0.58), (0.2, 0.98), (-0.2, 0.98)]
# ○ : a ring, the outer circle one way and the inner the other (a hole under the non-zero fill rule)
OUTER: Points = [(0.9 * math.cos(a), 0.9 * math.sin(a)) for a in (i * math.pi / 12 for i in range(24))]
INNER: Points = [(0.55 * x / 0.9, -0.55 * y / 0.9) for x, y in OUTER]
BAR: Points = [(-0.9, -0.13), (0.9, -0.13), (0.9, 0.13), (-0.9, 0.13)]
HAND_UP: Points = [(-0.1, -0.7), (0.1, -0.7), (0.1, 0.1), (-0.1, 0.1)]
HAND_RIGHT: Points = [(-0.1, -0.1), (0.55, -0.1), (0.55, 0.1), (-0.1, 0.1)]


def polygon(points: Points) -> str:
    """An SVG path through ``points``, closed."""
    return "M" + "L".join(f"{x:.3f},{y:.3f}" for x, y in points) + "Z"


def turned(points: Points, degrees: float, scale: float = 1.0) -> Points:
    """``points`` turned clockwise on screen by ``degrees`` about the centre, and scaled."""
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return [((x * c - y * s) * scale, (x * s + y * c) * scale) for x, y in points]


GLYPHS: dict[str, str] = {
    "✔": polygon(CHECK),
    "↗": polygon(turned(ARROW, -45, 1.15)),
    "→": polygon(ARROW),
    "↘": polygon(turned(ARROW, 45, 1.15)),
    "✖": polygon(CROSS),
    "?": polygon(QUESTION_HOOK) + polygon(QUESTION_DOT),
    "○": polygon(OUTER) + polygon(INNER),
    # ⊘ : the ring crossed by a bar; ◷ : the ring and two hands (a clock: late)
    "⊘": polygon(OUTER) + polygon(INNER) + polygon(turned(BAR, -45)),
    "◷": polygon(OUTER) + polygon(INNER) + polygon(HAND_UP) + polygon(HAND_RIGHT),
}
