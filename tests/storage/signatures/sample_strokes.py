"""A drawn signature for tests: two strokes, a loop and an underline."""

from __future__ import annotations

import math

from domain.signatures.signature import Point, Stroke, Strokes


def drawn(pressure: float | None = 0.6) -> Strokes:
    loop = tuple(
        Point(120 + 60 * i / 8 + 40 * math.sin(i / 3), 170 - 60 * math.cos(i / 3), i * 12, pressure)
        for i in range(40)
    )
    line = tuple(Point(100 + 15 * i, 250 - i, 600 + i * 10, pressure) for i in range(40))
    return Strokes((Stroke(loop), Stroke(line)))
