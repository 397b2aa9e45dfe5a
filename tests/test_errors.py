"""server_error(): the failure a payload reports, shared by the fold and the wire path."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import pytest

from chunkwrap import StreamError
from chunkwrap._core.server import server_error


@pytest.mark.parametrize(
    ("payload", "message", "body"),
    [
        pytest.param(
            {"error": {"message": "quota", "code": 429}},
            "quota",
            {"message": "quota", "code": 429},
            id="openai-shape",
        ),
        pytest.param({"error": "overloaded"}, "overloaded", "overloaded", id="error-is-text"),
        pytest.param(
            {"error": {"code": 500}}, "the server reported an error", {"code": 500}, id="no-message"
        ),
        pytest.param(
            {"error": {"message": 7}}, "the server reported an error", {"message": 7}, id="message-not-text"
        ),
        pytest.param({"error": ["x"]}, "the server reported an error", ["x"], id="error-is-a-list"),
        pytest.param(NS(error=NS(message="gone")), "gone", None, id="attribute-objects"),
    ],
)
def test_an_error_member_is_the_failure(payload: Any, message: str, body: Any) -> None:
    """A non-null ``error`` member is reported: its message, or the fallbacks; the body is that member."""
    failure = server_error(payload)
    assert isinstance(failure, StreamError)
    assert failure.message == message
    assert failure.body == (payload.error if body is None else body)


@pytest.mark.parametrize(
    "payload",
    [{"choices": []}, {"error": None}, NS(choices=[]), None, "text", 5],
    ids=["chunk", "null-error", "object", "none", "text", "number"],
)
def test_no_error_member_is_no_failure(payload: Any) -> None:
    """A payload without a non-null ``error`` reports nothing."""
    assert server_error(payload) is None


def test_an_error_event_without_error_member_is_its_own_body() -> None:
    """event=True: fields at the top level are the error, and the body is the whole payload."""
    payload = {"message": "bad request", "type": "invalid_request_error"}
    failure = server_error(payload, 400, event=True)
    assert failure is not None
    assert (failure.message, failure.body, failure.status_code) == ("bad request", payload, 400)
    assert str(failure) == "bad request (HTTP 400)"
    text = server_error("plain text", event=True)
    assert text is not None
    assert (text.message, text.body) == ("plain text", "plain text")


def test_a_foreign_object_that_raises_reports_no_error() -> None:
    """A property that fails while the error is looked for is taken as no error there."""

    class Exploding:
        @property
        def error(self) -> Any:
            raise RuntimeError("boom")

    assert server_error(Exploding()) is None


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        pytest.param(
            {
                "error": {
                    "message": "Tool call validation failed",
                    "code": "tool_use_failed",
                    "status_code": 400,
                }
            },
            400,
            id="groq-status_code",
        ),
        pytest.param({"error": {"code": 400, "message": "Token limit reached"}}, 400, id="openrouter-code"),
        pytest.param(
            {"error": {"code": 429, "message": "quota", "status": "RESOURCE_EXHAUSTED"}},
            429,
            id="gemini-code",
        ),
        pytest.param({"error": {"code": "rate_limit_exceeded", "message": "x"}}, None, id="code-as-text"),
        pytest.param({"error": {"code": 7, "message": "x"}}, None, id="code-outside-http"),
        pytest.param({"error": {"code": True, "message": "x"}}, None, id="code-a-bool"),
        pytest.param({"error": "overloaded"}, None, id="error-is-text"),
    ],
)
def test_the_status_is_read_from_the_error_body(payload: Any, status: int | None) -> None:
    """An in-stream error's ``status_code`` or ``code``, when an int in HTTP's range, is its status."""
    failure = server_error(payload)
    assert failure is not None and failure.status_code == status


def test_a_status_given_wins_over_the_body() -> None:
    """The HTTP status the response had is the status, whatever the body says."""
    failure = server_error({"error": {"code": 400, "message": "x"}}, 429)
    assert failure is not None and failure.status_code == 429


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        pytest.param(
            {
                "object": "error",
                "message": "The model `gpt-5` does not exist.",
                "type": "NotFoundError",
                "code": 404,
            },
            "The model `gpt-5` does not exist.",
            id="vllm-top-level-message",
        ),
        pytest.param({"detail": "Not authenticated"}, "Not authenticated", id="fastapi-detail-text"),
        pytest.param(
            {
                "detail": [
                    {"type": "missing", "loc": ["body", "messages"], "msg": "Field required", "input": {}},
                    {"type": "int_parsing", "loc": ["body", "n", 0], "msg": "not an integer", "input": "x"},
                ]
            },
            "body.messages: Field required; body.n.0: not an integer",
            id="fastapi-validation-errors",
        ),
        pytest.param({"detail": [{"msg": "odd"}]}, "odd", id="validation-error-without-loc"),
        pytest.param({"detail": [{"loc": ["x"]}]}, "fallback", id="validation-error-without-msg"),
        pytest.param({"detail": 5}, "fallback", id="detail-not-text"),
    ],
)
def test_an_error_body_without_error_member_gives_its_message(payload: Any, message: str) -> None:
    """event=True: a top-level ``message``, or FastAPI's ``detail``, is the message; else the fallback."""
    failure = server_error(payload, event=True, fallback="fallback")
    assert failure is not None and failure.message == message


ERROR_PAYLOADS = [
    pytest.param({"error": {"message": "quota exceeded", "code": 429}}, id="openai-shape"),
    pytest.param({"error": "model 'llama3' not found"}, id="ollama-text"),
    pytest.param(
        {
            "id": "gen-1",
            "choices": [{"index": 0, "delta": {"content": ""}}],
            "error": {"code": 400, "message": "Token limit reached"},
        },
        id="openrouter-chunk-with-error",
    ),
    pytest.param(
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
        id="anthropic-event",
    ),
    pytest.param(
        {
            "type": "error",
            "code": "rate_limit_exceeded",
            "message": "Slow down",
            "param": None,
            "sequence_number": 2,
        },
        id="responses-error-event",
    ),
    pytest.param(
        {
            "type": "response.failed",
            "sequence_number": 5,
            "response": {"id": "r", "error": {"code": "server_error", "message": "failed"}},
        },
        id="responses-failed",
    ),
]


@pytest.mark.parametrize("payload", ERROR_PAYLOADS)
def test_wrap_add_and_wrap_sse_raise_the_same_stream_error(payload: dict[str, Any]) -> None:
    """An error payload is one rule: wrap(), StreamAccumulator.add() and wrap_sse() raise the same StreamError."""
    import json
    from collections import UserDict

    from chunkwrap import StreamAccumulator, wrap, wrap_sse

    with pytest.raises(StreamError) as by_sse:
        list(wrap_sse(f"data: {json.dumps(payload)}\n\n".encode()))
    with pytest.raises(StreamError) as by_add:
        StreamAccumulator().add(payload)
    for held in (payload, UserDict(payload)):
        with pytest.raises(StreamError) as by_wrap:
            wrap(held)
        assert _fields(by_wrap.value) == _fields(by_add.value) == _fields(by_sse.value)


def _fields(error: StreamError) -> tuple[Any, ...]:
    return (error.message, error.body, error.status_code)


def test_wrap_of_a_null_error_is_a_chunk() -> None:
    """`"error": null` beside the choices is an ordinary chunk for wrap() too."""
    from chunkwrap import OpenAIDictChunk, wrap

    assert type(wrap({"choices": [], "error": None})) is OpenAIDictChunk
    assert type(wrap({"choices": [], "error": {}})) is OpenAIDictChunk  # empty: no error, as add() reads it


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        pytest.param({"error": {"message": "x", "code": 200}}, None, id="code-200-is-no-error-status"),
        pytest.param({"error": {"message": "x", "code": 302}}, None, id="code-302"),
        pytest.param({"error": {"message": "x", "code": 429}}, 429, id="code-429"),
        pytest.param({"error": {"message": "x", "status_code": 599}}, 599, id="status-code-599"),
    ],
)
def test_only_an_error_status_in_the_body_is_the_status(payload: Any, status: Any) -> None:
    """A code in the body is the StreamError's status only when it is an HTTP error status (400-599)."""
    error = server_error(payload)
    assert error is not None and error.status_code == status


def test_vllm_error_object_is_an_error_wherever_it_comes() -> None:
    """vLLM's {"object": "error", "message": ...} reports a failure with no error member, in a stream too."""
    import chunkwrap

    body = {
        "object": "error",
        "message": "The model `x` does not exist.",
        "type": "NotFoundError",
        "code": 404,
    }
    raised = []
    for attempt in (
        lambda: server_error(body),
        lambda: chunkwrap.wrap(body),
        lambda: chunkwrap.StreamAccumulator().add(body),
        lambda: list(chunkwrap.wrap_sse(b"data: " + __import__("json").dumps(body).encode() + b"\n\n")),
    ):
        try:
            result = attempt()
        except StreamError as exc:
            result = exc
        assert isinstance(result, StreamError)
        raised.append((result.message, result.status_code))
    assert raised == [("The model `x` does not exist.", 404)] * 4
