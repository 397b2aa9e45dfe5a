"""AnthropicFold where a stream is malformed or newer than the common shape: what it raises, what it keeps."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from chunkwrap import ChunkError
from chunkwrap._anthropic.fold import AnthropicFold

from .helpers import anthropic_event as sdk_event


def start(message_id: str = "m", **usage: int) -> dict[str, Any]:
    """A message_start as the API sends it."""
    message = {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "content": [],
        "model": "claude",
        "stop_reason": None,
        "stop_sequence": None,
        "usage": usage or {"input_tokens": 3, "output_tokens": 1},
    }
    return {"type": "message_start", "message": message}


def text_start(index: int) -> dict[str, Any]:
    return {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}}


def text_delta(index: int, text: str) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}}


END = {
    "type": "message_delta",
    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
    "usage": {"output_tokens": 5},
}


def folded(events: list[Any]) -> AnthropicFold:
    fold = AnthropicFold()
    for event in events:
        fold.add(event)
    return fold


def sdk_message(events: list[dict[str, Any]]) -> dict[str, Any]:
    """What anthropic's accumulate_event makes of the events, as JSON."""
    accumulate_event = pytest.importorskip("anthropic.lib.streaming._messages").accumulate_event
    snapshot = None
    # Newer SDKs keep each tool's partial JSON in a buffer passed in; older ones have no such argument.
    buffers = {"json_bufs": {}} if "json_bufs" in inspect.signature(accumulate_event).parameters else {}
    for event in events:
        snapshot = accumulate_event(event=sdk_event(event), current_snapshot=snapshot, **buffers)
    assert snapshot is not None
    return snapshot.to_dict(mode="json")  # type: ignore[no-any-return]


# Item 7 of issue 23: a field read as a string that is not one.


@pytest.mark.parametrize(
    ("event", "match"),
    [
        pytest.param(
            {"type": "message_start", "message": {**start()["message"], "stop_reason": [1]}},
            r"^message\.stop_reason: expected a string, got list$",
            id="start-stop-reason-list",
        ),
        pytest.param(
            {"type": "message_start", "message": {**start()["message"], "stop_reason": 5}},
            r"^message\.stop_reason: expected a string, got int$",
            id="start-stop-reason-int",
        ),
        pytest.param(
            {"type": "message_start", "message": {**start()["message"], "stop_sequence": {"s": 1}}},
            r"^message\.stop_sequence: expected a string, got dict$",
            id="start-stop-sequence-dict",
        ),
        pytest.param(
            {"type": "message_delta", "delta": {"stop_reason": "stop_sequence", "stop_sequence": 7}},
            r"^delta\.stop_sequence: expected a string, got int$",
            id="delta-stop-sequence-int",
        ),
        pytest.param(
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": 3}},
            r"^content_block\.text: expected a string, got int$",
            id="block-text-int",
        ),
        pytest.param(
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "thinking", "thinking": []},
            },
            r"^content_block\.thinking: expected a string, got list$",
            id="block-thinking-list",
        ),
    ],
)
def test_a_field_read_as_a_string_that_is_not_one_names_its_path(event: dict[str, Any], match: str) -> None:
    """stop_reason, stop_sequence and a block's starting text must be strings: ChunkError with the path."""
    with pytest.raises(ChunkError, match=match):
        AnthropicFold().add(event)


def test_a_string_stop_reason_in_message_start_is_the_finish_reason() -> None:
    """A message_start stop reason that is a string is read; common_finish_reasons maps it."""
    fold = folded([{"type": "message_start", "message": {**start()["message"], "stop_reason": "max_tokens"}}])
    assert (fold.finish_reasons, fold.common_finish_reasons) == (["max_tokens"], ["length"])


def test_the_command_line_exits_2_on_a_list_stop_reason(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stop_reason: [1]` in message_start: exit 2 with one line naming the line and the field, no traceback."""
    import json

    from chunkwrap._cli import main

    bad = {"type": "message_start", "message": {**start()["message"], "stop_reason": [1]}}
    path = tmp_path / "bad.sse"
    path.write_text(f"event: message_start\ndata: {json.dumps(bad)}\n\n")
    assert main([str(path)]) == 2
    assert capsys.readouterr().err == "bad.sse: line 1: message.stop_reason: expected a string, got list\n"


# Item 9 of issue 23: events the API sends once, sent twice.


def test_a_block_started_twice_raises_where_the_sdk_adds_an_empty_block() -> None:
    """A second content_block_start at an index raises ChunkError; the SDK's message gains a block the stream never filled."""
    events = [start(), text_start(0), text_delta(0, "Hello"), text_start(0), text_delta(0, " world")]
    assert sdk_message(events)["content"] == [
        {"type": "text", "text": "Hello world"},
        {"type": "text", "text": ""},
    ]
    fold = folded(events[:3])
    with pytest.raises(ChunkError, match=r"^index: content block 0 was started twice$"):
        fold.add(events[3])
    assert fold.content == "Hello"


def test_a_second_message_start_raises_where_the_sdk_drops_that_message() -> None:
    """A second message_start raises ChunkError; the SDK keeps the first id and usage and adds the second's blocks to it."""
    second = start("m2", input_tokens=7, output_tokens=1)
    events = [
        start("m1"),
        text_start(0),
        text_delta(0, "Hello"),
        END,
        second,
        text_start(1),
        text_delta(1, "Again"),
    ]
    message = sdk_message(events)
    assert (message["id"], message["usage"]["input_tokens"], [b["text"] for b in message["content"]]) == (
        "m1",
        3,
        ["Hello", "Again"],
    )
    fold = folded(events[:4])
    with pytest.raises(ChunkError, match=r"^type: a second message_start: one stream holds one message$"):
        fold.add(second)
    assert (fold.id, fold.finish_reasons, fold.input_tokens) == ("m1", ["end_turn"], 3)


# Item 3 of issue 23: a tool's input that is not valid JSON.


def tool_events(partial_json: str, reason: str = "tool_use") -> list[dict[str, Any]]:
    """Text, a good tool call and one whose input fragments are ``partial_json``."""
    events = [start(), text_start(0), text_delta(0, "Let me look.")]
    for index, (name, fragment) in enumerate([("first", '{"a": 1}'), ("second", partial_json)], start=1):
        block = {"type": "tool_use", "id": f"toolu_{index}", "name": name, "input": {}}
        events += [
            {"type": "content_block_start", "index": index, "content_block": block},
            {
                "type": "content_block_delta",
                "index": index,
                "delta": {"type": "input_json_delta", "partial_json": ""},
            },
            {
                "type": "content_block_delta",
                "index": index,
                "delta": {"type": "input_json_delta", "partial_json": fragment},
            },
            {"type": "content_block_stop", "index": index},
        ]
    events.append(
        {
            "type": "message_delta",
            "delta": {"stop_reason": reason, "stop_sequence": None},
            "usage": {"output_tokens": 9},
        }
    )
    return [*events, {"type": "message_stop"}]


BAD_INPUT = '{"city": Paris}'


def test_invalid_tool_input_raises_naming_the_block_and_tool_calls_keep_the_text() -> None:
    """to_dict() raises ChunkError at content[2].input; tool_calls gives the arguments as sent."""
    fold = folded(tool_events(BAD_INPUT))
    with pytest.raises(
        ChunkError, match=r"^content\[2\]\.input: not valid JSON \(Expecting value: line 1 column 10"
    ):
        fold.to_dict()
    assert [c["function"]["arguments"] for c in fold.tool_calls] == ['{"a": 1}', BAD_INPUT]
    assert fold.common_finish_reasons == ["tool_calls"]


def test_the_accumulator_and_the_command_line_raise_on_invalid_tool_input(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """StreamAccumulator.to_dict() raises the fold's ChunkError; `--json` exits 2 with that one line."""
    import json

    from chunkwrap import StreamAccumulator
    from chunkwrap._cli import main

    acc = StreamAccumulator()
    for event in tool_events(BAD_INPUT):
        acc.add(event)
    with pytest.raises(ChunkError, match=r"^content\[2\]\.input: not valid JSON"):
        acc.to_dict()
    path = tmp_path / "bad.sse"
    path.write_text("".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in tool_events(BAD_INPUT)))
    assert main([str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bad.sse: content[2].input: not valid JSON (") and err.count("\n") == 1


def test_the_sdk_stream_raises_on_the_same_invalid_input(capture_server: Any) -> None:
    """anthropic's messages.stream() over the loopback raises on the input the fold rejects, and accepts the good one."""
    import json

    anthropic = pytest.importorskip("anthropic")

    def sse(events: list[dict[str, Any]]) -> bytes:
        return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events).encode()

    request = {"model": "claude", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    for body, fails in ((sse(tool_events(BAD_INPUT)), True), (sse(tool_events('{"b": [2]}')), False)):
        client = anthropic.Anthropic(api_key="test", base_url=capture_server.serve(body), max_retries=0)
        try:
            with client.messages.stream(**request) as stream:
                if fails:
                    with pytest.raises(ValueError, match="Unable to parse tool parameter JSON"):
                        stream.get_final_message()
                else:
                    expected = stream.get_final_message().to_dict(mode="json")
                    assert folded(tool_events('{"b": [2]}')).to_dict()["content"] == expected["content"]
        finally:
            client.close()


@pytest.mark.parametrize(
    "events",
    [
        pytest.param(tool_events('{"city": "Pa')[:-2], id="cut-before-message-delta"),
        pytest.param(tool_events('{"city": "Pa', reason="max_tokens"), id="cut-at-max-tokens"),
        pytest.param(tool_events("", reason="tool_use"), id="empty-fragments"),
    ],
)
def test_an_input_that_may_be_incomplete_keeps_its_start_input(events: list[dict[str, Any]]) -> None:
    """A stream cut inside the input, or stopped at max_tokens, is incomplete, not invalid: to_dict() gives the start's input."""
    assert folded(events).to_dict()["content"][2]["input"] == {}


# Item 4 of issue 23: compaction (beta), and what a newer stream sends beside the known fields.
# The events' shape follows public SDK and proxy test fixtures of the compact-2026-01-12 beta
# (content_block_start with content null, one compaction_delta carrying the whole summary and
# encrypted_content, context_management on message_delta) and the anthropic SDK's beta types
# (BetaCompactionBlock, BetaCompactionContentBlockDelta, BetaMessageDeltaUsage.iterations); the
# counts echo the capture issue 23 describes: the compaction step read 55,096 tokens from cache.

COMPACTION_STEP = {
    "type": "compaction",
    "input_tokens": 3,
    "cache_read_input_tokens": 55096,
    "cache_creation_input_tokens": 0,
    "output_tokens": 83,
}
ANSWER_STEP = {
    "type": "message",
    "input_tokens": 1210,
    "cache_read_input_tokens": 0,
    "cache_creation_input_tokens": 40,
    "output_tokens": 9,
}
CONTEXT_MANAGEMENT = {
    "applied_edits": [
        {"type": "clear_thinking_20251015", "cleared_thinking_turns": 2, "cleared_input_tokens": 128}
    ]
}


def compaction_events() -> list[dict[str, Any]]:
    compaction = {"type": "compaction", "content": None, "encrypted_content": None}
    summary = {
        "type": "compaction_delta",
        "content": "The user asked for a haiku.",
        "encrypted_content": "EqQB",
    }
    usage = {"input_tokens": 1210, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 40}
    return [
        start(**usage, output_tokens=1),
        {"type": "content_block_start", "index": 0, "content_block": compaction},
        {"type": "content_block_delta", "index": 0, "delta": summary},
        {"type": "content_block_stop", "index": 0},
        text_start(1),
        text_delta(1, "Autumn moonlight"),
        {"type": "content_block_stop", "index": 1},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {**usage, "output_tokens": 9, "iterations": [COMPACTION_STEP, ANSWER_STEP]},
            "context_management": CONTEXT_MANAGEMENT,
        },
        {"type": "message_stop"},
    ]


def test_a_compaction_stream_folds_as_the_beta_sdk_keeps_it(capture_server: Any) -> None:
    """The summary, context_management and usage.iterations are in to_dict() as client.beta.messages.stream() gives them."""
    import json

    anthropic = pytest.importorskip("anthropic")
    events = compaction_events()
    body = "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events).encode()
    client = anthropic.Anthropic(api_key="test", base_url=capture_server.serve(body), max_retries=0)
    request = {"model": "claude", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    try:
        with client.beta.messages.stream(**request, betas=["compact-2026-01-12"]) as stream:
            expected = stream.get_final_message().to_dict(mode="json")
    finally:
        client.close()
    mine = folded(events).to_dict()
    assert mine["content"] == expected["content"]
    assert mine["content"][0]["content"] == "The user asked for a haiku."
    assert mine["context_management"] == expected["context_management"] == CONTEXT_MANAGEMENT
    assert mine["usage"] == expected["usage"]
    assert folded([sdk_event(e) for e in events if e["type"] != "message_stop"]).to_dict() == mine


def test_a_compaction_steps_counts_are_added_as_the_api_leaves_them_out() -> None:
    """input_tokens, cached_tokens and output_tokens add the compaction step's counts, not the message step's."""
    from chunkwrap import AnthropicCallResponseChunk

    events = compaction_events()
    fold = folded(events)
    expected = (1210 + 40 + 3 + 55096, 55096, 9 + 83)
    assert (fold.input_tokens, fold.cached_tokens, fold.output_tokens) == expected
    assert fold.common_usage is not None and fold.common_usage.total_tokens == sum(expected) - 55096
    assert fold.content == "Autumn moonlight"
    end = AnthropicCallResponseChunk(events[-2])
    assert (end.input_tokens, end.cached_tokens, end.output_tokens) == expected
    before = folded(events[:-2])
    assert (before.input_tokens, before.cached_tokens, before.output_tokens) == (1250, 0, 1)


@pytest.mark.parametrize(
    ("iterations", "match"),
    [
        pytest.param(5, r"^usage\.iterations: expected a list, got int$", id="not-a-list"),
        pytest.param(
            [ANSWER_STEP, "x"], r"^usage\.iterations\[1\]: expected an object, got str$", id="not-an-object"
        ),
        pytest.param(
            [{"input_tokens": 1}],
            r"^usage\.iterations\[0\]\.type: expected a string, got null$",
            id="no-type",
        ),
        pytest.param(
            [{**COMPACTION_STEP, "output_tokens": "83"}],
            r"^usage\.iterations\[0\]\.output_tokens: expected an integer, got str$",
            id="count-str",
        ),
    ],
)
def test_a_malformed_iterations_list_names_its_path(iterations: Any, match: str) -> None:
    """A bad usage.iterations raises ChunkError with the entry's path, in the fold and the event's counts."""
    from chunkwrap import AnthropicCallResponseChunk

    event = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn"},
        "usage": {"input_tokens": 1, "output_tokens": 2, "iterations": iterations},
    }
    with pytest.raises(ChunkError, match=match):
        AnthropicFold().add(event)
    with pytest.raises(ChunkError, match=match):
        _ = AnthropicCallResponseChunk(event).output_tokens


@pytest.mark.parametrize(
    ("deltas", "block"),
    [
        pytest.param(
            [{"content": "Sum"}, {"content": "mary", "encrypted_content": None}],
            {"type": "future", "content": "Summary", "encrypted_content": None},
            id="strings-join-null-keeps",
        ),
        pytest.param(
            [{"content": "a"}, {"content": {"k": 1}}],
            {"type": "future", "content": {"k": 1}, "encrypted_content": None},
            id="a-value-replaces-text",
        ),
        pytest.param(
            [{"content": {"k": 1}}, {"content": "b"}, {"extra": [1]}],
            {"type": "future", "content": "b", "encrypted_content": None, "extra": [1]},
            id="text-replaces-a-value",
        ),
    ],
)
def test_a_newer_block_type_is_folded_by_its_own_deltas(
    deltas: list[dict[str, Any]], block: dict[str, Any]
) -> None:
    """A block type this code does not know takes the fields of the deltas named for it: strings joined, other values replaced."""
    fold = folded(
        [
            start(),
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "future", "content": "", "encrypted_content": None},
            },
        ]
    )
    for delta in deltas:
        fold.add({"type": "content_block_delta", "index": 0, "delta": {"type": "future_delta", **delta}})
    fold.add(
        {"type": "content_block_delta", "index": 0, "delta": {"type": "other_delta", "content": "skipped"}}
    )
    assert fold.to_dict()["content"] == [block]


def test_fields_the_fold_does_not_read_are_kept_in_to_dict() -> None:
    """message_start's and message_delta's unknown top-level fields are the message's; nulls are not sent fields."""
    first = {**start(), "container": {"id": "c1"}}
    end = {**END, "context_management": CONTEXT_MANAGEMENT, "input_transformations": None}
    message = folded([first, end]).to_dict()
    assert (message["container"], message["context_management"]) == ({"id": "c1"}, CONTEXT_MANAGEMENT)
    assert "input_transformations" not in message


@pytest.mark.parametrize(
    ("partial_json", "why"),
    [
        # Deep enough for json's C recursion guard on every Python (3.13's allows ~10,000 levels).
        pytest.param(
            "[" * 100_000 + "]" * 100_000, "nested too deeply", id="nested-past-the-recursion-limit"
        ),
        pytest.param('{"a": NaN}', "NaN is not JSON", id="nan"),
        pytest.param('{"a": -Infinity}', "-Infinity is not JSON", id="infinity"),
    ],
)
def test_tool_input_json_cannot_hold_is_a_chunk_error(partial_json: str, why: str) -> None:
    """Input json.loads overflows on, or reads only by its NaN extension, raises ChunkError naming the block."""
    with pytest.raises(ChunkError, match=rf"^content\[2\]\.input: not valid JSON \({why}\)$"):
        folded(tool_events(partial_json)).to_dict()


def _block_start(index: int, block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_start", "index": index, "content_block": block}


def _delta(index: int, **delta: Any) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": delta}


@pytest.mark.parametrize(
    ("block", "delta", "match"),
    [
        pytest.param(
            {"type": "tool_use", "id": "t", "name": "f", "input": {}},
            {"type": "text_delta", "text": "hi"},
            "'text_delta' for content block 0, a 'tool_use' block, fed by 'input_json_delta'",
            id="text-into-a-tool-call",
        ),
        pytest.param(
            {"type": "text", "text": ""},
            {"type": "input_json_delta", "partial_json": '{"a"'},
            "'input_json_delta' for content block 0, a 'text' block, fed by 'text_delta'",
            id="arguments-into-text",
        ),
        pytest.param(
            {"type": "text", "text": ""},
            {"type": "thinking_delta", "thinking": "hmm"},
            "'thinking_delta' for content block 0, a 'text' block",
            id="thinking-into-text",
        ),
        pytest.param(
            {"type": "redacted_thinking", "data": "xyz"},
            {"type": "text_delta", "text": "hi"},
            "'text_delta' for content block 0, a 'redacted_thinking' block$",
            id="text-into-a-block-no-delta-feeds",
        ),
    ],
)
def test_a_delta_for_a_block_it_does_not_feed_is_a_chunk_error(
    block: dict[str, Any], delta: dict[str, Any], match: str
) -> None:
    """The SDK drops a text, thinking or input delta sent to a block of another
    type, and what it carried is lost: the fold names the delta and the block."""
    fold = AnthropicFold()
    fold.add(start())
    fold.add(_block_start(0, block))
    with pytest.raises(ChunkError, match=rf"^delta\.type: {match}"):
        fold.add(_delta(0, **delta))


def test_a_text_delta_for_a_block_type_newer_than_the_fold_is_kept() -> None:
    """A block type this fold does not know keeps a known delta's fields, as its own deltas' are kept."""
    fold = AnthropicFold()
    fold.add(start())
    fold.add(_block_start(0, {"type": "future_block", "note": ""}))
    fold.add(_delta(0, type="text_delta", text="hi"))
    fold.add(_delta(0, type="text_delta", text=" there"))
    assert fold.to_dict()["content"] == [{"type": "future_block", "note": "", "text": "hi there"}]
