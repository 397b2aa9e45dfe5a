"""AnthropicCallResponseChunk and AnthropicFold over real Messages API captures."""

from __future__ import annotations

import inspect
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import AnthropicCallResponseChunk, CallResponseChunk, ChunkError, StreamError
from chunkwrap._anthropic.fold import AnthropicFold
from chunkwrap._core.server import server_error
from chunkwrap._formats import kind_of
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import FIXTURES
from .helpers import EVENT_ANSWERS as ANSWERS
from .helpers import FOLD_ANSWERS, read_events
from .helpers import anthropic_event as sdk_event
from .helpers import named_answers as answers

CAPTURES = sorted((FIXTURES.parent / "anthropic").glob("*.sse"))
CAPTURE_PARAMS = [pytest.param(path, id=path.stem) for path in CAPTURES]


ALL_EVENTS = [
    pytest.param(event, id=f"{path.stem}-{i}")
    for path in CAPTURES
    for i, event in enumerate(read_events(path))
]


def sdk_events(path: Path) -> list[Any]:
    """The capture as the SDK yields it: pings are skipped by its stream."""
    return [sdk_event(e) for e in read_events(path) if e["type"] != "ping"]


def folded(events: list[Any]) -> AnthropicFold:
    fold = AnthropicFold()
    for event in events:
        fold.add(event)
    return fold


@pytest.mark.parametrize("event", ALL_EVENTS)
def test_dict_and_sdk_event_give_the_same_answers(event: dict[str, Any]) -> None:
    """For every captured event, the dict and the SDK's model of it give the same answers."""
    if event["type"] == "ping":
        pytest.skip("the SDK's stream skips pings")
    from_dict = AnthropicCallResponseChunk(event)
    from_sdk = AnthropicCallResponseChunk(sdk_event(event))
    assert answers(from_dict, ANSWERS) == answers(from_sdk, ANSWERS)


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_fold_matches_the_sdk_accumulator(path: Path) -> None:
    """Content blocks, stop reason and usage agree with the SDK's own accumulate_event."""
    accumulate_event = pytest.importorskip("anthropic.lib.streaming._messages").accumulate_event
    snapshot = None
    # Newer SDKs keep each tool's partial JSON in a buffer passed in; older ones have no such argument.
    buffers = {"json_bufs": {}} if "json_bufs" in inspect.signature(accumulate_event).parameters else {}
    for event in sdk_events(path):
        snapshot = accumulate_event(event=event, current_snapshot=snapshot, **buffers)
    assert snapshot is not None
    expected = snapshot.to_dict(mode="json")
    mine = folded(read_events(path)).to_dict()
    assert mine["content"] == expected["content"]
    assert mine["stop_reason"] == expected["stop_reason"]
    assert mine["usage"] == expected["usage"]
    assert (mine["id"], mine["model"]) == (expected["id"], expected["model"])


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_fold_of_dicts_and_of_sdk_events_agree(path: Path) -> None:
    """The fold answers the same for the dicts, the SDK's events and the wrappers."""
    of_dicts = answers(folded(read_events(path)), FOLD_ANSWERS)
    assert answers(folded(sdk_events(path)), FOLD_ANSWERS) == of_dicts
    wrapped = [AnthropicCallResponseChunk(e) for e in read_events(path)]
    assert answers(folded(wrapped), FOLD_ANSWERS) == of_dicts
    assert answers(folded([CallResponseChunk(w) for w in wrapped]), FOLD_ANSWERS) == of_dicts


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_fold_text_is_the_wrappers_text_joined(path: Path) -> None:
    """The fold's content and reasoning are the events' content and reasoning, joined."""
    events = read_events(path)
    fold = folded(events)
    wrapped = [AnthropicCallResponseChunk(e) for e in events]
    assert fold.content == "".join(w.content for w in wrapped)
    assert fold.reasoning == "".join(w.reasoning for w in wrapped)
    assert fold.chunks == len(events)


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_mirascope_answers_content_model_and_id_alike(path: Path) -> None:
    """Mirascope 1.25.7's AnthropicCallResponseChunk gives the same per-event content, model and id."""
    mirascope = pytest.importorskip("mirascope.core.anthropic", reason="mirascope is not installed")
    for event in sdk_events(path):
        theirs = mirascope.AnthropicCallResponseChunk(chunk=event)
        mine = AnthropicCallResponseChunk(event)
        assert (mine.content, mine.model, mine.id) == (theirs.content, theirs.model, theirs.id)


def test_stop_reason_comes_from_message_delta() -> None:
    """finish_reasons is message_delta's stop reason, never message_start's null."""
    events = read_events(FIXTURES.parent / "anthropic" / "max-tokens.sse")
    reasons = [AnthropicCallResponseChunk(e).finish_reasons for e in events]
    assert [r for r in reasons if r] == [["max_tokens"]]
    assert AnthropicCallResponseChunk(events[-2]).common_finish_reasons == ["length"]
    assert folded(events).common_finish_reasons == ["length"]


def test_input_tokens_count_the_cache_and_the_last_count_wins() -> None:
    """Cache reads and writes are prompt tokens; cumulative counts are replaced, never summed."""
    fold = folded(read_events(FIXTURES.parent / "anthropic" / "web-search-citations-cache.sse"))
    assert fold.input_tokens == 2081 + 7621 + 28247
    assert fold.cached_tokens == 28247
    assert fold.output_tokens == 574  # message_start said 1: not 575
    assert fold.common_usage is not None
    assert fold.common_usage.total_tokens == 2081 + 7621 + 28247 + 574
    assert fold.usage is not None
    assert fold.usage["server_tool_use"] == {"web_search_requests": 3}


def test_server_tools_are_not_the_clients_tool_calls() -> None:
    """web_search's server_tool_use blocks are not in tool_calls; the text around them is content."""
    fold = folded(read_events(FIXTURES.parent / "anthropic" / "web-search-citations-cache.sse"))
    assert fold.tool_calls == []
    assert fold.common_finish_reasons == ["stop"]
    assert fold.content.startswith("I was unable to find")


def test_parallel_tool_calls_by_block_index() -> None:
    """Two tool_use blocks give two calls, each with its id, name and joined input."""
    events = read_events(FIXTURES.parent / "anthropic" / "tool-use-parallel.sse")
    fold = folded(events)
    assert [json.loads(c["function"]["arguments"]) for c in fold.tool_calls] == [
        {"password": "mellon"},
        {"password": "radiance"},
    ]
    assert [c["id"] for c in fold.tool_calls] == [
        "toolu_01SAGCVHUCWy2LMY5HqWE2f9",
        "toolu_01F2GufZTpdY6wnQbMhgsvR5",
    ]
    assert fold.common_finish_reasons == ["tool_calls"]
    fragments = [f for e in events for f in AnthropicCallResponseChunk(e).tool_calls]
    assert fragments[0] == {
        "index": 1,
        "id": "toolu_01SAGCVHUCWy2LMY5HqWE2f9",
        "type": "function",
        "function": {"name": "secret_retrieval_tool", "arguments": ""},
    }
    by_index: dict[int, str] = {}
    for f in fragments:
        by_index[f["index"]] = by_index.get(f["index"], "") + f["function"]["arguments"]
    assert list(by_index.values()) == [c["function"]["arguments"] for c in fold.tool_calls]


def test_tool_call_without_input_fragments_has_empty_object_arguments() -> None:
    """A tool_use block whose input came in no fragment has arguments "{}", or its start input."""
    fold = AnthropicFold()
    fold.add({"type": "message_start", "message": {"id": "m", "model": "c", "usage": {"input_tokens": 1}}})
    block = {"type": "tool_use", "id": "t1", "name": "now", "input": {}}
    fold.add({"type": "content_block_start", "index": 0, "content_block": block})
    fold.add(
        {"type": "content_block_start", "index": 1, "content_block": {**block, "id": "t2", "input": {"a": 1}}}
    )
    assert [c["function"]["arguments"] for c in fold.tool_calls] == ["{}", '{"a":1}']


def test_a_cut_tool_input_keeps_its_start_input_in_to_dict() -> None:
    """While a tool's input JSON does not parse yet, to_dict() shows the input it started with."""
    fold = AnthropicFold()
    fold.add({"type": "message_start", "message": {"id": "m", "model": "c", "usage": {"input_tokens": 1}}})
    fold.add(
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "tool_use", "id": "t", "name": "f", "input": {}},
        }
    )
    fold.add(
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "input_json_delta", "partial_json": '{"a'},
        }
    )
    assert fold.to_dict()["content"][0]["input"] == {}
    assert fold.tool_calls[0]["function"]["arguments"] == '{"a'
    assert fold.finish_reasons == []


def test_message_delta_without_input_tokens_keeps_message_starts() -> None:
    """A message_delta whose usage lacks input_tokens keeps message_start's count."""
    fold = AnthropicFold()
    fold.add(
        {
            "type": "message_start",
            "message": {
                "id": "m",
                "model": "c",
                "usage": {"input_tokens": 9, "cache_read_input_tokens": 4, "output_tokens": 1},
            },
        }
    )
    delta = {"type": "message_delta", "delta": {"stop_reason": "pause_turn"}, "usage": {"output_tokens": 7}}
    fold.add(delta)
    assert (fold.input_tokens, fold.cached_tokens, fold.output_tokens) == (13, 4, 7)
    assert fold.common_finish_reasons == ["pause_turn"]
    wrapped = AnthropicCallResponseChunk(delta)
    assert (wrapped.input_tokens, wrapped.output_tokens) == (None, 7)


@pytest.mark.parametrize(
    ("reason", "common"),
    [
        pytest.param("end_turn", "stop", id="end_turn"),
        pytest.param("stop_sequence", "stop", id="stop_sequence"),
        pytest.param("max_tokens", "length", id="max_tokens"),
        pytest.param("model_context_window_exceeded", "length", id="context-window"),
        pytest.param("tool_use", "tool_calls", id="tool_use"),
        pytest.param("refusal", "content_filter", id="refusal"),
        pytest.param("pause_turn", "pause_turn", id="pause_turn-passes-through"),
    ],
)
def test_common_finish_reasons(reason: str, common: str) -> None:
    """Each stop reason maps to the issue's common finish reason."""
    event = {"type": "message_delta", "delta": {"stop_reason": reason}, "usage": {"output_tokens": 1}}
    assert AnthropicCallResponseChunk(event).common_finish_reasons == [common]
    fold = AnthropicFold()
    fold.add(event)
    assert fold.common_finish_reasons == [common]


def test_thinking_and_reasoning_tokens() -> None:
    """thinking_delta is reasoning; output_tokens_details.thinking_tokens is reasoning_tokens."""
    events = read_events(FIXTURES.parent / "anthropic" / "thinking-text.sse")
    fold = folded(events)
    assert fold.reasoning.startswith("This is a straightforward question")
    assert fold.to_dict()["content"][0]["signature"].startswith("EvMC")
    end = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn"},
        "usage": {"output_tokens": 9, "output_tokens_details": {"thinking_tokens": 5}},
    }
    assert AnthropicCallResponseChunk(end).reasoning_tokens == 5
    assert fold.reasoning_tokens is None
    fold.add(end)
    assert fold.reasoning_tokens == 5


def test_redacted_thinking_is_kept_whole_in_to_dict() -> None:
    """redacted_thinking blocks come whole in content_block_start and stay as sent."""
    message = folded(read_events(FIXTURES.parent / "anthropic" / "redacted-thinking.sse")).to_dict()
    assert [b["type"] for b in message["content"]] == ["redacted_thinking", "redacted_thinking", "text"]
    assert message["content"][0]["data"].startswith("EqkE")


def test_error_event_raises_stream_error_with_the_servers_message() -> None:
    """An error event raises StreamError carrying the server's message and error object."""
    event = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    fold = AnthropicFold()
    with pytest.raises(StreamError, match=r"^Overloaded$") as raised:
        fold.add(event)
    assert raised.value.body == event["error"]
    assert AnthropicCallResponseChunk(event).content == ""


@pytest.mark.parametrize(
    ("event", "prop", "path"),
    [
        pytest.param(
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": 3}},
            "content",
            r"^delta\.text: expected a string, got int",
            id="text-int",
        ),
        pytest.param(
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta"}},
            "content",
            r"^delta\.text: expected a string, got null",
            id="text-missing",
        ),
        pytest.param(
            {"type": "content_block_delta", "index": 0},
            "content",
            r"^delta: expected an object",
            id="no-delta",
        ),
        pytest.param(
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "thinking_delta", "thinking": None},
            },
            "reasoning",
            r"^delta\.thinking",
            id="thinking-null",
        ),
        pytest.param(
            {
                "type": "content_block_delta",
                "index": "0",
                "delta": {"type": "input_json_delta", "partial_json": ""},
            },
            "tool_calls",
            r"^index: expected an integer",
            id="index-str",
        ),
        pytest.param(
            {"type": "content_block_start", "index": 0, "content_block": {"type": "tool_use", "name": "f"}},
            "tool_calls",
            r"^content_block\.id",
            id="tool-no-id",
        ),
        pytest.param(
            {"type": "message_start", "message": {"usage": {"input_tokens": "9"}}},
            "input_tokens",
            r"^message\.usage\.input_tokens: expected an integer",
            id="input-tokens-str",
        ),
        pytest.param(
            {"type": "message_start", "message": {"model": 4}}, "model", r"^message\.model", id="model-int"
        ),
        pytest.param(
            {"type": "message_delta", "delta": {"stop_reason": 1}, "usage": {}},
            "finish_reasons",
            r"^delta\.stop_reason",
            id="stop-reason-int",
        ),
        pytest.param(
            {"delta": {"type": "text_delta", "text": "x"}},
            "content",
            r"^type: expected a string, got null",
            id="no-type",
        ),
        pytest.param({"type": 5}, "content", r"^type: expected a string, got int", id="type-int"),
        pytest.param(
            {
                "type": "message_delta",
                "delta": {},
                "usage": {"output_tokens_details": {"thinking_tokens": "x"}},
            },
            "reasoning_tokens",
            r"^usage\.output_tokens_details\.thinking_tokens",
            id="thinking-tokens-str",
        ),
    ],
)
def test_malformed_event_names_the_field(event: dict[str, Any], prop: str, path: str) -> None:
    """A wrong or missing field raises ChunkError naming its path."""
    with pytest.raises(ChunkError, match=path):
        getattr(AnthropicCallResponseChunk(event), prop)


@pytest.mark.parametrize(
    ("events", "path"),
    [
        pytest.param(
            [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "x"}}],
            r"^index: no content block 0",
            id="block-not-started",
        ),
        pytest.param(
            [
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": 1}},
            ],
            r"^delta\.text",
            id="text-int",
        ),
        pytest.param(
            [
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text"}},
                {"type": "content_block_delta", "index": 0, "delta": {"text": "x"}},
            ],
            r"^delta\.type",
            id="delta-no-type",
        ),
        pytest.param(
            [{"type": "content_block_start", "index": None, "content_block": {"type": "text"}}],
            r"^index: expected an integer",
            id="start-index-null",
        ),
        pytest.param(
            [{"type": "content_block_start", "index": 0, "content_block": {"text": ""}}],
            r"^content_block\.type",
            id="block-no-type",
        ),
        pytest.param(
            [
                {
                    "type": "content_block_start",
                    "index": 0,
                    "content_block": {"type": "tool_use", "id": "t", "name": 3},
                }
            ],
            r"^content_block\.name",
            id="tool-name-int",
        ),
        pytest.param(
            [{"type": "message_start", "message": {"usage": {"input_tokens": "9"}}}],
            r"^message\.usage\.input_tokens",
            id="input-tokens-str",
        ),
        pytest.param(
            [{"type": "message_start", "message": None}], r"^message: expected an object", id="message-null"
        ),
        pytest.param(
            [{"type": "message_delta", "delta": {"stop_reason": 1}, "usage": {}}],
            r"^delta\.stop_reason",
            id="stop-reason-int",
        ),
        pytest.param(
            [
                {
                    "type": "message_delta",
                    "delta": {},
                    "usage": {"output_tokens_details": {"thinking_tokens": "x"}},
                }
            ],
            r"^usage\.output_tokens_details\.thinking_tokens",
            id="thinking-tokens-str",
        ),
        pytest.param([{"type": ["x"]}], r"^type: expected a string, got list", id="type-list"),
        pytest.param(
            [{"type": "response.output_text.delta", "delta": "x"}],
            r"^type: 'response\.output_text\.delta' is an OpenAI Responses event",
            id="responses-event",
        ),
        pytest.param(["message_start"], r"^<chunk>: expected an event object, got str", id="not-an-object"),
    ],
)
def test_fold_names_the_bad_field(events: list[Any], path: str) -> None:
    """The fold raises ChunkError naming the field of a malformed event."""
    fold = AnthropicFold()
    with pytest.raises(ChunkError, match=path):
        for event in events:
            fold.add(event)


def test_unknown_and_quiet_events_are_counted_and_skipped() -> None:
    """ping, *_stop and an event type newer than this code fold nothing but are counted."""
    fold = AnthropicFold()
    for kind in ("ping", "message_stop", "content_block_stop", "some_future_event"):
        fold.add({"type": kind})
    assert (fold.chunks, fold.content, fold.usage, fold.input_tokens, fold.to_dict()["content"]) == (
        4,
        "",
        None,
        None,
        [],
    )
    assert repr(fold) == "<AnthropicFold chunks=4 model=None>"


def test_a_foreign_object_is_read_by_attribute_shape() -> None:
    """Any object with the event's attributes folds and wraps like the dict."""

    class Delta:
        def __init__(self) -> None:
            self.type, self.text = "text_delta", "hi"

    class Event:
        def __init__(self) -> None:
            self.type, self.index, self.delta = "content_block_delta", 0, Delta()

    fold = AnthropicFold()
    fold.add({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
    fold.add(Event())
    assert fold.content == "hi"
    assert AnthropicCallResponseChunk(Event()).content == "hi"


def test_wrapper_is_the_protocol_and_keeps_its_values() -> None:
    """The wrapper satisfies BaseCallResponseChunk at run time, compares, pickles and caches."""
    event = read_events(FIXTURES.parent / "anthropic" / "text-basic.sse")[0]
    w = AnthropicCallResponseChunk(event)
    assert isinstance(w, BaseCallResponseChunk)
    assert isinstance(CallResponseChunk(w), BaseCallResponseChunk)
    assert (w.type, w.model, w.id, w.input_tokens, str(w)) == (
        "message_start",
        "claude-sonnet-4-5-20250929",
        "msg_017A4s3HAsrqf5d2WvBmrpLr",
        17,
        "",
    )
    assert w.usage is event["message"]["usage"]
    assert w.cost_metadata is w.cost_metadata
    assert pickle.loads(pickle.dumps(w)) == w
    assert repr(w).startswith("AnthropicCallResponseChunk(chunk={'type': 'message_start'")
    assert CallResponseChunk(w).finish_reasons == []


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        pytest.param({"type": "message_start"}, "anthropic", id="message_start"),
        pytest.param({"type": "ping"}, "anthropic", id="ping"),
        pytest.param({"type": "error", "error": {"message": "x"}}, "anthropic", id="anthropic-error"),
        pytest.param(
            {"type": "error", "message": "x", "sequence_number": 3}, "responses", id="responses-error"
        ),
        pytest.param({"type": "response.created"}, "responses", id="response.created"),
        pytest.param({"object": "chat.completion.chunk", "choices": []}, None, id="chat-chunk"),
        pytest.param({"type": "something_else"}, None, id="unknown-type"),
        pytest.param("message_start", None, id="a-string"),
    ],
)
def test_kind_of(payload: Any, kind: str | None) -> None:
    """kind_of tells the formats apart by the event's type."""
    assert kind_of(payload) == kind


def test_kind_of_wrappers_and_sdk_events() -> None:
    """kind_of reads a wrapper's event and an SDK model by attribute shape."""
    event = read_events(FIXTURES.parent / "anthropic" / "text-basic.sse")[0]
    assert kind_of(AnthropicCallResponseChunk(event)) == "anthropic"
    assert kind_of(sdk_event(event)) == "anthropic"
    assert server_error(event) is None
    error = server_error({"type": "error", "error": {"type": "api_error"}})
    assert error is not None
    assert (error.message, error.body) == (
        "the server reported an error",
        {"type": "api_error"},
    )


def test_content_is_read_once_and_kept() -> None:
    """content is computed on the first read and the same object returned after."""
    w = AnthropicCallResponseChunk(
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "hi"}}
    )
    assert w.content is w.content == "hi"


@pytest.mark.parametrize(
    ("attributes", "match"),
    [
        pytest.param({"type": 5}, r"^type: expected a string, got int", id="type-int"),
        pytest.param({"kind": "content_block_delta"}, r"^type: expected a string, got null", id="no-type"),
    ],
)
def test_a_foreign_object_with_a_bad_type_names_it(attributes: dict[str, Any], match: str) -> None:
    """An attribute-shaped event whose type is wrong or missing raises ChunkError naming it."""

    class Event:
        def __init__(self) -> None:
            self.__dict__.update(attributes)

    with pytest.raises(ChunkError, match=match):
        _ = AnthropicCallResponseChunk(Event()).content


def test_a_delta_type_newer_than_this_code_is_skipped() -> None:
    """A content_block_delta of an unknown delta type folds nothing and raises nothing."""
    fold = AnthropicFold()
    fold.add({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": "a"}})
    fold.add({"type": "content_block_delta", "index": 0, "delta": {"type": "future_delta", "x": 1}})
    assert (fold.content, fold.to_dict()["content"]) == ("a", [{"type": "text", "text": "a"}])


def test_a_wrapped_sdk_event_folds_like_the_event() -> None:
    """A wrapper holding the SDK's event folds as the event itself."""
    events = sdk_events(FIXTURES.parent / "anthropic" / "text-basic.sse")
    assert folded([AnthropicCallResponseChunk(e) for e in events]).to_dict() == folded(events).to_dict()


def test_the_event_modules_load_nothing_heavy() -> None:
    """import chunkwrap, then using both event wrappers and folds, loads no SDK, pydantic, asyncio or json."""
    import subprocess
    import sys

    code = (
        "import sys, chunkwrap\n"
        "before = set(sys.modules)\n"
        "from chunkwrap._anthropic.fold import AnthropicFold\n"
        "from chunkwrap._responses.fold import ResponsesFold\n"
        "e = {'type': 'content_block_delta', 'index': 0, 'delta': {'type': 'text_delta', 'text': 'hi'}}\n"
        "w = chunkwrap.AnthropicCallResponseChunk(e); w.content, w.common_usage\n"
        "r = chunkwrap.OpenAIResponsesChunk({'type': 'response.output_text.delta', 'delta': 'x'}); r.content\n"
        "AnthropicFold(), ResponsesFold()\n"
        "print(' '.join(sorted(m for m in before if m.split('.')[0] in {'json', 'anthropic', 'openai', 'pydantic', 'asyncio'})))\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {'anthropic', 'openai', 'pydantic', 'asyncio', 'json'})))\n"
    )
    at_import, after_use = subprocess.check_output([sys.executable, "-c", code], text=True).split("\n")[:2]
    assert (at_import, after_use) == ("", "")
