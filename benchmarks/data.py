"""The chunks the workloads run on: one of each kind, and a realistic mix from the real captures."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(os.environ.get("CHUNKWRAP_FIXTURES", ROOT.parent / "shared" / "fixtures" / "openai-sse"))

_BASE = {
    "id": "chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL",
    "object": "chat.completion.chunk",
    "created": 1727346168,
    "model": "gpt-4o-2024-08-06",
    "system_fingerprint": "fp_5050236cbd",
}


def _chunk(**fields: Any) -> dict[str, Any]:
    return json.loads(json.dumps({**_BASE, **fields}))


KINDS: dict[str, dict[str, Any]] = {
    "text": _chunk(
        choices=[{"index": 0, "delta": {"content": " unable"}, "logprobs": None, "finish_reason": None}]
    ),
    "usage-only": _chunk(
        choices=[],
        usage={
            "prompt_tokens": 14,
            "completion_tokens": 30,
            "total_tokens": 44,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0},
        },
    ),
    "audio": _chunk(
        choices=[
            {
                "index": 0,
                "delta": {
                    "audio": {
                        "id": "audio_1",
                        "data": base64.b64encode(bytes(range(256)) * 4).decode(),
                        "transcript": " Hello",
                    }
                },
                "logprobs": None,
                "finish_reason": None,
            }
        ]
    ),
    "finish": _chunk(choices=[{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}]),
}


def captured_chunks() -> list[dict[str, Any]]:
    """Every chunk of every real capture, in order: the realistic mix."""
    chunks = []
    for path in sorted(FIXTURES.glob("*.sse")):
        for line in path.read_text().splitlines():
            if line.startswith("data: {"):
                chunks.append(json.loads(line[len("data: ") :]))
    return chunks


def batch(chunk: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """n independent copies, so no contender profits from another's memo."""
    text = json.dumps(chunk)
    return [json.loads(text) for _ in range(n)]


def text_stream(n: int) -> list[dict[str, Any]]:
    """An n-chunk text stream: role, content tokens, finish, usage."""
    words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", "."]
    chunks = [
        _chunk(
            choices=[
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": ""},
                    "logprobs": None,
                    "finish_reason": None,
                }
            ]
        )
    ]
    for i in range(n - 3):
        chunks.append(
            _chunk(
                choices=[
                    {"index": 0, "delta": {"content": words[i % 10]}, "logprobs": None, "finish_reason": None}
                ]
            )
        )
    chunks.append(KINDS["finish"])
    chunks.append(KINDS["usage-only"])
    return [json.loads(json.dumps(c)) for c in chunks]


def fold_stream(n: int) -> list[dict[str, Any]]:
    """W5's n-chunk stream: text, then the real captures' choice-0 chunks
    (tool-call fragments, refusals, logprobs) over and over, then the
    finish and usage chunks."""
    text = text_stream(n // 2)
    captured = [c for c in captured_chunks() if c.get("choices") and c["choices"][0]["index"] == 0]
    middle = (text[:-2] + captured * (n // len(captured) + 1))[: n - 2]
    return middle + text[-2:]
