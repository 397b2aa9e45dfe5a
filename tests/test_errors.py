"""server_error(): the failure a payload reports, shared by the fold and the wire path."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import pytest

from chunkwrap import StreamError
from chunkwrap._server import server_error


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
    assert failure.status_code is None


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
