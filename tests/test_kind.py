"""What is no chunk of a stream though it has a chunk's members: whole answers, other objects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import ChunkError, StreamAccumulator, wrap_sse
from chunkwrap._formats import format_of

from .conftest import CAPTURES, read_capture

WHOLE_ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}

NOT_CHUNKS = [
    pytest.param(WHOLE_ANSWER, "a whole 'chat.completion' object", id="chat-completion"),
    pytest.param(
        {"object": "text_completion", "choices": [{"index": 0, "text": "hi", "finish_reason": "stop"}]},
        "a whole 'text_completion' object",
        id="legacy-completion",
    ),
    pytest.param(
        {"id": "resp_1", "object": "response", "output": [], "usage": {"input_tokens": 1}},
        "a whole 'response' object",
        id="responses-response",
    ),
    pytest.param({"object": "list", "data": [{"id": "gpt-4o"}]}, "a whole 'list' object", id="models-list"),
    pytest.param(
        {"id": "msg_1", "type": "message", "content": [], "usage": {"input_tokens": 1}},
        "a whole 'message' object",
        id="anthropic-message",
    ),
]


@pytest.mark.parametrize(("payload", "says"), NOT_CHUNKS)
def test_a_whole_object_is_no_chunk_in_the_fold_and_on_the_wire(payload: dict[str, Any], says: str) -> None:
    """A whole answer (stream not set) or another API's object raises ChunkError, never folds as an empty answer."""
    assert format_of(payload) is None
    with pytest.raises(ChunkError, match=rf"^<chunk>: {says}"):
        StreamAccumulator().add(payload)
    with pytest.raises(ChunkError, match=rf"^<event 1>: {says}"):
        list(wrap_sse(f"data: {json.dumps(payload)}\n\n".encode()))


def test_a_whole_answer_after_a_good_chunk_is_the_first_chunks_rule_only() -> None:
    """A stream's own chunks pass: the fold asks its first chunk alone (its fast path stays as it is), the wire every event."""
    chunks = read_capture(CAPTURES[0])
    acc = StreamAccumulator()
    for chunk in chunks:
        acc.add(chunk)
    body = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks).encode()
    assert [w.chunk for w in wrap_sse(body)] == chunks


def test_the_command_line_calls_a_whole_answer_not_a_chunk(tmp_path: Path) -> None:
    """python -m chunkwrap exits 2 with the one-line reason for a recorded whole answer."""
    path = tmp_path / "whole.sse"
    path.write_text(f"data: {json.dumps(WHOLE_ANSWER)}\n\n")
    result = subprocess.run([sys.executable, "-m", "chunkwrap", str(path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "not a chunk" in result.stderr and "Traceback" not in result.stderr
