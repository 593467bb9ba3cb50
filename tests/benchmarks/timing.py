"""Timing a call for the benchmarks: warmed up first, then each round on its own."""

from __future__ import annotations

import time
from collections.abc import Callable


def timed(call: Callable[[], object], rounds: int, warm_up: int = 1) -> list[float]:
    """Seconds each of ``rounds`` calls took, after ``warm_up`` calls not counted."""
    for _ in range(warm_up):
        call()
    spent = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        spent.append(time.perf_counter() - start)
    return spent
