"""Interleaved timing: every round times every contender once, in a fresh order."""

from __future__ import annotations

import gc
import random
import time
from typing import Any, Callable

Contender = tuple[Callable[[Any], object], Any, int]
"""(function, its argument, how many items one call processes)."""


def interleaved(
    contenders: dict[str, Contender],
    rounds: int,
    seed: int = 0,
    clock: Callable[[], int] = time.perf_counter_ns,
) -> dict[str, list[float]]:
    """ns per item, one value per round, for each contender.

    GC stays on, as in production; a collection lands in whichever
    contender allocates the most, which is part of its cost. ``clock``:
    ``time.thread_time_ns`` where contenders' times differ a thousandfold
    (W13), so that a long one is not charged for the other processes that
    share the cores with it, when a short one's minimum escapes them.
    """
    order = list(contenders)
    values: dict[str, list[float]] = {name: [] for name in order}
    shuffle = random.Random(seed).shuffle
    for name in order:  # warm-up: specialise bytecode, fill caches
        fn, arg, _ = contenders[name]
        fn(arg)
    gc.collect()
    for _ in range(rounds):
        shuffle(order)
        for name in order:
            fn, arg, items = contenders[name]
            start = clock()
            fn(arg)
            values[name].append((clock() - start) / items)
    return values


def best(values: dict[str, list[float]]) -> dict[str, float]:
    return {name: min(v) for name, v in values.items()}
