"""One protocol, three wire formats: wrap(), wrap_stream() and CallResponseChunk over each."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from chunkwrap import (
    AnthropicCallResponseChunk,
    CallResponseChunk,
    ChunkError,
    GeminiCallResponseChunk,
    OpenAICallResponseChunk,
    OpenAIDictChunk,
    OpenAIResponsesChunk,
    StreamAccumulator,
    StreamError,
    wrap,
    wrap_sse,
    wrap_stream,
)
from chunkwrap._anthropic.fold import AnthropicFold
from chunkwrap._responses.fold import ResponsesFold
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import ANTHROPIC, CAPTURES, RESPONSES, SHARED_FIXTURES, read_capture
from .helpers import FOLD_ANSWERS
from .helpers import anthropic_event as anthropic_sdk_event
from .helpers import read_events as anthropic_events
from .helpers import read_events as responses_events
from .helpers import responses_event as responses_sdk_event

GEMINI = sorted((SHARED_FIXTURES / "gemini").glob("*.sse"))


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
        *(
            pytest.param(e, GeminiCallResponseChunk, id=f"gemini-{p.stem}-{i}")
            for p in GEMINI
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
        pytest.param(lambda: GeminiCallResponseChunk(responses_events(GEMINI[0])[-1]), id="gemini"),
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


def fold_of(events: list[Any]) -> StreamAccumulator:
    acc = StreamAccumulator()
    for event in events:
        acc.add(event)
    return acc


# The fold answers compared everywhere, and what a StreamAccumulator answers beside them.
ACCUMULATOR_ANSWERS = [*FOLD_ANSWERS, "usage", "chunks"]


@pytest.mark.parametrize(
    ("path", "fold", "read"),
    [
        *(pytest.param(p, AnthropicFold, anthropic_events, id=f"anthropic-{p.stem}") for p in ANTHROPIC),
        *(pytest.param(p, ResponsesFold, responses_events, id=f"responses-{p.stem}") for p in RESPONSES),
    ],
)
def test_stream_accumulator_folds_each_format(path: Path, fold: type, read: Any) -> None:
    """StreamAccumulator over an Anthropic or Responses stream answers as that format's fold, to_dict() included."""
    events = read(path)
    own = fold()
    for event in events:
        own.add(event)
    acc = fold_of(events)
    assert {n: getattr(acc, n) for n in ACCUMULATOR_ANSWERS} == {
        n: getattr(own, n) for n in ACCUMULATOR_ANSWERS
    }
    assert acc.to_dict() == own.to_dict()
    assert (acc.audio, acc.audio_transcript, acc.created, acc.system_fingerprint) == (None, None, None, None)
    wrapped = fold_of(list(wrap_sse(path.read_bytes())))
    assert wrapped.to_dict() == own.to_dict()


def test_stream_accumulator_ends_with_the_providers_own_object() -> None:
    """to_dict() is a chat.completion, a Messages message, or a Responses response, by the stream."""
    assert fold_of(read_capture(CAPTURES[0])).to_dict()["object"] == "chat.completion"
    assert fold_of(anthropic_events(ANTHROPIC[0])).to_dict()["type"] == "message"
    assert fold_of(responses_events(RESPONSES[0])).to_dict()["object"] == "response"


@pytest.mark.parametrize(
    ("first", "then", "match"),
    [
        pytest.param(
            lambda: read_capture(CAPTURES[0])[:2],
            lambda: anthropic_events(ANTHROPIC[0])[0],
            r"^type: an Anthropic Messages event in a Chat Completions stream$",
            id="chat-then-anthropic",
        ),
        pytest.param(
            lambda: read_capture(CAPTURES[0])[:2],
            lambda: responses_events(RESPONSES[0])[0],
            r"^type: an OpenAI Responses event in a Chat Completions stream$",
            id="chat-then-responses",
        ),
        pytest.param(
            lambda: anthropic_events(ANTHROPIC[0])[:2],
            lambda: read_capture(CAPTURES[0])[0],
            r"^choices: a Chat Completions chunk in an Anthropic Messages stream$",
            id="anthropic-then-chat",
        ),
        pytest.param(
            lambda: responses_events(RESPONSES[0])[:2],
            lambda: read_capture(CAPTURES[0])[0],
            r"^choices: a Chat Completions chunk in an OpenAI Responses stream$",
            id="responses-then-chat",
        ),
        pytest.param(
            lambda: anthropic_events(ANTHROPIC[0])[:2],
            lambda: responses_events(RESPONSES[0])[1],
            r"OpenAI Responses event, not an Anthropic one",
            id="anthropic-then-responses",
        ),
        pytest.param(
            lambda: responses_events(RESPONSES[0])[:2],
            lambda: anthropic_events(ANTHROPIC[0])[1],
            r"^type: ",
            id="responses-then-anthropic",
        ),
    ],
)
def test_mixing_two_formats_is_a_chunk_error(first: Any, then: Any, match: str) -> None:
    """One accumulator takes one format: a chunk of another after the first is a ChunkError."""
    acc = fold_of(first())
    before = acc.to_dict()
    with pytest.raises(ChunkError, match=match):
        acc.add(then())
    assert acc.to_dict() == before


def test_error_events_raise_stream_error_in_the_accumulator() -> None:
    """Anthropic's error event and the Responses API's response.failed raise StreamError from add()."""
    acc = fold_of(anthropic_events(ANTHROPIC[0])[:2])
    with pytest.raises(StreamError, match=r"^Overloaded$"):
        acc.add({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
    acc = fold_of(responses_events(RESPONSES[0])[:2])
    with pytest.raises(StreamError, match=r"^Something went wrong$"):
        acc.add(
            {
                "type": "response.failed",
                "response": {"error": {"code": "server_error", "message": "Something went wrong"}},
            }
        )


def test_a_choiceless_chunk_with_an_unknown_type_folds_as_chat() -> None:
    """A chunk with neither choices nor a known event type is a chat chunk to the accumulator, and to wrap()."""
    acc = StreamAccumulator()
    acc.add(
        {"id": "c1", "model": "m", "type": "custom", "usage": {"prompt_tokens": 3, "completion_tokens": 1}}
    )
    assert (acc.input_tokens, acc.to_dict()["object"]) == (3, "chat.completion")
    assert type(wrap(MappingProxyType({"type": "custom", "choices": []}))) is OpenAIDictChunk


def test_an_unnamed_ping_is_skipped_on_the_wire() -> None:
    """A ping sent without its `event:` line is still not a chunk."""
    events = anthropic_events(ANTHROPIC[0])
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in [events[0], {"type": "ping"}, *events[1:]]).encode()
    assert [w.chunk for w in wrap_sse(body)] == [e for e in events if e["type"] != "ping"]


@pytest.mark.parametrize(
    "chunk",
    [
        pytest.param(
            {"id": "c", "choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 1}}, id="usage-only"
        ),
        pytest.param({"id": "c", "usage": {"prompt_tokens": 1, "completion_tokens": 1}}, id="no-choices"),
        pytest.param(
            {"id": "c", "choices": [{"index": 0, "delta": {}}, {"index": 1, "delta": {}}]}, id="two-choices"
        ),
    ],
)
def test_no_chat_chunk_slips_into_an_event_stream(chunk: dict[str, Any]) -> None:
    """A usage-only, choiceless or many-choice chat chunk after an event is a ChunkError too."""
    acc = fold_of(anthropic_events(ANTHROPIC[0])[:2])
    with pytest.raises(ChunkError, match=r"a Chat Completions chunk in an Anthropic Messages stream|^type: "):
        acc.add(chunk)
    assert acc.input_tokens == fold_of(anthropic_events(ANTHROPIC[0])[:2]).input_tokens


RESPONSE_START = [
    {"type": "response.created", "sequence_number": 0, "response": {"id": "r", "model": "g", "output": []}},
    {
        "type": "response.output_item.added",
        "sequence_number": 1,
        "output_index": 0,
        "item": {"id": "i", "type": "message", "content": []},
    },
]


def test_a_content_index_far_out_costs_no_memory() -> None:
    """A delta at content_index 3,000,000 puts its part after the item's parts, never 3 million empty ones."""
    acc = fold_of(RESPONSE_START)
    acc.add(
        {
            "type": "response.output_text.delta",
            "sequence_number": 2,
            "output_index": 0,
            "item_id": "i",
            "content_index": 3_000_000,
            "delta": "hi",
        }
    )
    assert acc.to_dict()["output"][0]["content"] == [{"type": "output_text", "text": "hi"}]


@pytest.mark.parametrize(
    ("event", "match"),
    [
        pytest.param(
            {"type": "response.output_text.delta", "output_index": 0, "content_index": -1, "delta": "x"},
            r"^content_index: expected an index",
            id="negative-content-index",
        ),
        pytest.param(
            {
                "type": "response.reasoning_summary_text.delta",
                "output_index": 0,
                "summary_index": -2,
                "delta": "x",
            },
            r"^summary_index: expected an index",
            id="negative-summary-index",
        ),
        pytest.param(
            {"type": "response.output_text.delta", "output_index": [0], "content_index": 0, "delta": "x"},
            r"^output_index: expected an integer, got list",
            id="output-index-list",
        ),
    ],
)
def test_malformed_responses_events_are_chunk_errors(event: dict[str, Any], match: str) -> None:
    """Bad indices and item contents are ChunkErrors naming the field, from add() or to_dict()."""
    acc = fold_of(RESPONSE_START)
    with pytest.raises(ChunkError, match=match):
        acc.add(event)
        acc.to_dict()


def test_an_item_content_that_is_not_a_list_is_a_chunk_error() -> None:
    """An item whose content is not a list, then a text delta for it: a ChunkError from to_dict(), not a TypeError."""
    acc = fold_of(RESPONSE_START)
    acc.add(
        {"type": "response.output_item.added", "output_index": 1, "item": {"type": "message", "content": 5}}
    )
    acc.add({"type": "response.output_text.delta", "output_index": 1, "content_index": 0, "delta": "x"})
    with pytest.raises(ChunkError, match=r"^item\.content: expected a list, got int"):
        acc.to_dict()


def test_citations_that_are_not_a_list_are_a_chunk_error() -> None:
    """A text block whose citations are not a list, then a citation delta: a ChunkError, not a TypeError."""
    acc = fold_of(anthropic_events(ANTHROPIC[0])[:1])
    acc.add(
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "text", "text": "", "citations": True},
        }
    )
    acc.add(
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "citations_delta", "citation": {"type": "x"}},
        }
    )
    with pytest.raises(ChunkError, match=r"^content_block\.citations: expected a list, got bool"):
        acc.to_dict()


@pytest.mark.parametrize(
    ("path", "make"),
    [
        *(pytest.param(p, anthropic_sdk_event, id=f"anthropic-{p.stem}") for p in ANTHROPIC),
        *(pytest.param(p, responses_sdk_event, id=f"responses-{p.stem}") for p in RESPONSES),
    ],
)
def test_sdk_events_fold_to_what_the_server_sent(path: Path, make: Any) -> None:
    """A stream of SDK event models folds to the same to_dict() as its dicts: JSON names, no nulls never sent."""
    events = anthropic_events(path)
    assert fold_of([make(e) for e in events]).to_dict() == fold_of(events).to_dict()


def test_a_json_schema_keeps_its_json_name() -> None:
    """The Responses SDK's `schema_` field is folded under the name the server sent, `schema`."""
    created = {
        "type": "response.created",
        "sequence_number": 0,
        "response": {
            "id": "r",
            "object": "response",
            "created_at": 1,
            "model": "g",
            "output": [],
            "status": "in_progress",
            "parallel_tool_calls": True,
            "tool_choice": "auto",
            "tools": [],
            "text": {
                "format": {"type": "json_schema", "name": "X", "schema": {"type": "object"}, "strict": True}
            },
        },
    }
    acc = fold_of([responses_sdk_event(created)])
    assert acc.to_dict()["text"]["format"]["schema"] == {"type": "object"}
