"""One protocol, three wire formats: wrap(), wrap_stream() and CallResponseChunk over each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chunkwrap import (
    AnthropicCallResponseChunk,
    CallResponseChunk,
    OpenAICallResponseChunk,
    OpenAIDictChunk,
    OpenAIResponsesChunk,
    wrap,
    wrap_stream,
)
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import CAPTURES, read_capture
from .test_anthropic import read_events as anthropic_events
from .test_anthropic import sdk_event as anthropic_sdk_event
from .test_responses import read_events as responses_events
from .test_responses import sdk_event as responses_sdk_event
from .test_wire_formats import ANTHROPIC, RESPONSES


def every_event() -> list[Any]:
    return [
        *(
            pytest.param(e, AnthropicCallResponseChunk, id=f"anthropic-{p.stem}-{i}")
            for p in ANTHROPIC
            for i, e in enumerate(anthropic_events(p))
        ),
        *(
            pytest.param(e, OpenAIResponsesChunk, id=f"responses-{p.stem}-{i}")
            for p in RESPONSES
            for i, e in enumerate(responses_events(p))
        ),
    ]


@pytest.mark.parametrize(("event", "wrapper"), every_event())
def test_wrap_picks_the_format_by_the_events_type(event: dict[str, Any], wrapper: type) -> None:
    """wrap() of every captured event, as a dict, is its format's wrapper around that very dict."""
    w = wrap(event)
    assert type(w) is wrapper and w.chunk is event


@pytest.mark.parametrize(
    ("path", "make"),
    [*((p, anthropic_sdk_event) for p in ANTHROPIC[:2]), *((p, responses_sdk_event) for p in RESPONSES[:2])],
)
def test_wrap_reads_sdk_events_by_shape(path: Path, make: Any) -> None:
    """The anthropic and openai SDKs' event models are wrapped by their format, by attribute shape."""
    events = (anthropic_events if path in ANTHROPIC else responses_events)(path)
    wrapper = AnthropicCallResponseChunk if path in ANTHROPIC else OpenAIResponsesChunk
    for event in events:
        model = make(event)
        w = wrap(model)
        assert type(w) is wrapper and w.chunk is model
        assert w.content == wrapper(event).content


def test_wrap_stream_of_events_and_chunks_alike() -> None:
    """wrap_stream() yields each format's wrapper; a chat chunk stays a chat wrapper."""
    events = anthropic_events(ANTHROPIC[0])
    assert [type(w) for w in wrap_stream(events)] == [AnthropicCallResponseChunk] * len(events)
    chunks = read_capture(CAPTURES[0])
    assert all(type(w) is OpenAIDictChunk for w in wrap_stream(chunks))


def test_a_wrapper_of_an_event_is_returned_as_it_is() -> None:
    """wrap() of any chunkwrap wrapper is that wrapper; of a CallResponseChunk, a wrapper of its event."""
    event = anthropic_events(ANTHROPIC[0])[0]
    w = AnthropicCallResponseChunk(event)
    assert wrap(w) is w
    assert wrap(CallResponseChunk(w)).chunk is event


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: OpenAIDictChunk(read_capture(CAPTURES[0])[-1]), id="chat"),
        pytest.param(lambda: AnthropicCallResponseChunk(anthropic_events(ANTHROPIC[0])[-2]), id="anthropic"),
        pytest.param(lambda: OpenAIResponsesChunk(responses_events(RESPONSES[0])[-1]), id="responses"),
    ],
)
def test_call_response_chunk_over_every_format(make: Any) -> None:
    """The provider-agnostic view answers the same names over each format, and each satisfies the protocol."""
    w = make()
    c = CallResponseChunk(w)
    assert isinstance(w, BaseCallResponseChunk) and isinstance(c, BaseCallResponseChunk)
    assert (c.content, c.finish_reasons, c.usage, c.cost_metadata) == (
        w.content,
        w.common_finish_reasons,
        w.common_usage,
        w.cost_metadata,
    )
    assert (c.model, c.id, c.input_tokens, c.output_tokens, c.cached_tokens) == (
        w.model,
        w.id,
        w.input_tokens,
        w.output_tokens,
        w.cached_tokens,
    )


def test_a_chat_chunk_with_an_unknown_type_is_a_chat_chunk() -> None:
    """A chat chunk that happens to carry a `type` no format knows is still read as a chat chunk."""
    chunk = {"id": "c", "type": "custom", "choices": [{"index": 0, "delta": {"content": "hi"}}]}
    assert type(wrap(chunk)) is OpenAIDictChunk and wrap(chunk).content == "hi"
    assert type(OpenAICallResponseChunk(chunk)) is OpenAICallResponseChunk
