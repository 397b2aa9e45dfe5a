"""First reads from many threads at once, and memory that stays flat."""

from __future__ import annotations

import base64
import gc
import sys
import threading
import tracemalloc
from typing import Any

import pytest

from chunkwrap import OpenAICallResponseChunk, wrap

from .conftest import chunk_dict
from .helpers import PROPERTIES

THREADS = 8
ROUNDS = 200


def chunk_with_everything() -> dict[str, Any]:
    return chunk_dict(
        delta={
            "content": "x",
            "reasoning_content": "r",
            "audio": {"data": base64.b64encode(bytes(range(64))).decode(), "transcript": "t"},
        },
        finish_reason="stop",
        usage={
            "prompt_tokens": 5,
            "completion_tokens": 6,
            "total_tokens": 11,
            "prompt_tokens_details": {"cached_tokens": 2},
        },
    )


def first_reads_from_threads(make: Any) -> None:
    expected = {name: getattr(make(), name) for name in PROPERTIES}
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for _ in range(ROUNDS):
            w = make()
            barrier = threading.Barrier(THREADS)
            results: list[Any] = []
            errors: list[BaseException] = []

            def read(
                w: Any = w,
                barrier: threading.Barrier = barrier,
                results: list[Any] = results,
                errors: list[BaseException] = errors,
            ) -> None:
                barrier.wait()
                try:
                    results.append({name: getattr(w, name) for name in PROPERTIES})
                except BaseException as exc:  # pragma: no cover - the failure being tested for
                    errors.append(exc)

            threads = [threading.Thread(target=read) for _ in range(THREADS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert errors == []
            assert results == [expected] * THREADS
    finally:
        sys.setswitchinterval(old)


def test_first_read_from_eight_threads_dict() -> None:
    """Eight threads' first reads of one dict wrapper all see the same values, and none raises."""
    d = chunk_with_everything()
    first_reads_from_threads(lambda: wrap(d))


def test_first_read_from_eight_threads_sdk() -> None:
    """The same for the SDK wrapper."""
    openai = pytest.importorskip("openai")
    model = openai.types.chat.ChatCompletionChunk.model_validate(chunk_with_everything())
    first_reads_from_threads(lambda: OpenAICallResponseChunk(model))


def test_memory_flat_over_100k_wrapped_chunks() -> None:
    """100,000 wrapped and fully read chunks leave memory flat: no per-chunk growth, no cycles."""
    d = chunk_with_everything()

    def churn(n: int) -> None:
        for _ in range(n):
            w = wrap(d)
            for name in PROPERTIES:
                getattr(w, name)

    churn(1000)  # warm-up: caches, interned strings
    gc.collect()
    gc.disable()
    try:
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        churn(100_000)
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        uncollected = gc.collect()
    finally:
        gc.enable()
    growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert growth < 64 * 1024, f"grew by {growth} bytes"
    assert uncollected == 0, "wrappers formed reference cycles"
