"""OpenAIResponsesChunk and ResponsesFold over real Responses API captures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import CallResponseChunk, ChunkError, OpenAIResponsesChunk, StreamAccumulator, StreamError
from chunkwrap._formats import kind_of
from chunkwrap._responses.fold import ResponsesFold
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import FIXTURES, RESPONSES
from .helpers import FOLD_ANSWERS as ANSWERS
from .helpers import Record, normalized, read_events
from .helpers import named_answers as answers
from .helpers import responses_event as sdk_event

DIR = FIXTURES.parent / "openai-responses"
CAPTURES = RESPONSES  # the shared captures, then this repository's
CAPTURE_PARAMS = [pytest.param(path, id=path.stem) for path in CAPTURES]
ALL_EVENTS = [
    pytest.param(event, id=f"{path.stem}-{i}")
    for path in CAPTURES
    for i, event in enumerate(read_events(path))
]


def folded(events: list[Any]) -> ResponsesFold:
    fold = ResponsesFold()
    for event in events:
        fold.add(event)
    return fold


@pytest.mark.parametrize("event", ALL_EVENTS)
def test_dict_and_sdk_event_give_the_same_answers(event: dict[str, Any]) -> None:
    """For every captured event, the dict and the SDK's model of it give the same answers."""
    from_dict = OpenAIResponsesChunk(event)
    from_sdk = OpenAIResponsesChunk(sdk_event(event))
    assert answers(from_dict, [*ANSWERS, "type"]) == answers(from_sdk, [*ANSWERS, "type"])


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_fold_agrees_with_the_terminal_response(path: Path) -> None:
    """The fold of the deltas is the terminal event's response, the server's own final answer."""
    events = read_events(path)
    assert events[-1]["type"] in ("response.completed", "response.incomplete")
    assert folded(events).to_dict() == events[-1]["response"]


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_fold_answers_when_the_stream_is_cut_before_the_end(path: Path) -> None:
    """Without the terminal event the fold has the same text, calls and output, but no finish or usage."""
    events = read_events(path)
    whole, cut = folded(events), folded(events[:-1])
    for name in ("content", "reasoning", "refusal", "tool_calls", "model", "id"):
        assert getattr(cut, name) == getattr(whole, name)
    assert cut.to_dict()["output"] == events[-1]["response"]["output"]
    assert (cut.finish_reasons, cut.usage, cut.common_usage) == ([], None, None)
    assert cut.to_dict()["status"] == "in_progress"


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_fold_of_dicts_sdk_events_and_wrappers_agree(path: Path) -> None:
    """The fold answers the same for the dicts, the SDK's events and the wrappers."""
    events = read_events(path)
    of_dicts = answers(folded(events), ANSWERS)
    assert answers(folded([sdk_event(e) for e in events]), ANSWERS) == of_dicts
    wrapped = [OpenAIResponsesChunk(e) for e in events]
    assert answers(folded(wrapped), ANSWERS) == of_dicts
    assert answers(folded([CallResponseChunk(w) for w in wrapped]), ANSWERS) == of_dicts


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_fold_text_is_the_wrappers_text_joined(path: Path) -> None:
    """The fold's content, refusal and reasoning are the events' own, joined; the last event's usage is the fold's."""
    events = read_events(path)
    fold = folded(events)
    wrapped = [OpenAIResponsesChunk(e) for e in events]
    for name in ("content", "refusal", "reasoning"):
        assert getattr(fold, name) == "".join(getattr(w, name) for w in wrapped)
    last = wrapped[-1]
    assert answers(last, ANSWERS[4:]) == answers(fold, ANSWERS[4:])
    assert fold.chunks == len(events)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("text", (["completed"], ["stop"]), id="text"),
        pytest.param("function-call", (["completed"], ["tool_calls"]), id="function-call"),
        pytest.param(
            "incomplete-max-output-tokens-text", (["max_output_tokens"], ["length"]), id="incomplete"
        ),
        pytest.param("refusal", (["completed"], ["stop"]), id="refusal"),
    ],
)
def test_finish_reasons(name: str, expected: tuple[list[str], list[str]]) -> None:
    """completed is stop or tool_calls, a truncated response is length, never complete."""
    fold = folded(read_events(DIR / f"{name}.sse"))
    assert (fold.finish_reasons, fold.common_finish_reasons) == expected


@pytest.mark.parametrize(
    ("details", "reasons", "common"),
    [
        pytest.param(
            {"reason": "content_filter"}, ["content_filter"], ["content_filter"], id="content_filter"
        ),
        pytest.param(
            {"reason": "max_messages"}, ["max_messages"], ["max_messages"], id="unknown-passes-through"
        ),
        pytest.param(None, ["incomplete"], ["incomplete"], id="no-details"),
    ],
)
def test_incomplete_reasons(details: Any, reasons: list[str], common: list[str]) -> None:
    """incomplete_details.reason maps; without one the reason is "incomplete", never stop."""
    event = {
        "type": "response.incomplete",
        "response": {"id": "r", "model": "m", "incomplete_details": details, "output": []},
    }
    wrapped = OpenAIResponsesChunk(event)
    assert (wrapped.finish_reasons, wrapped.common_finish_reasons) == (reasons, common)
    fold = ResponsesFold()
    fold.add(event)
    assert (fold.finish_reasons, fold.common_finish_reasons) == (reasons, common)


def test_function_call_id_is_the_call_id() -> None:
    """A function call's id is its call_id (what the client sends back), its arguments joined."""
    events = read_events(DIR / "function-call.sse")
    call = {
        "id": "call_sVidsfFJ6zlzRpelrPkTPlpd",
        "type": "function",
        "function": {"name": "multiply", "arguments": '{"a":1231,"b":2331}'},
    }
    assert folded(events).tool_calls == [call]
    fragments = [f for e in events for f in OpenAIResponsesChunk(e).tool_calls]
    assert fragments[0] == {**call, "index": 0, "function": {"name": "multiply", "arguments": ""}}
    assert "".join(f["function"]["arguments"] for f in fragments) == call["function"]["arguments"]


def test_reasoning_summaries_and_reasoning_tokens() -> None:
    """Reasoning summary deltas are reasoning; usage.output_tokens_details.reasoning_tokens are counted."""
    fold = folded(read_events(DIR / "reasoning-summary.sse"))
    assert fold.reasoning.startswith("**Counting prime numbers with '79'**")
    assert (fold.content, fold.reasoning_tokens, fold.output_tokens) == ("3", 704, 711)


def test_reasoning_text_deltas_are_reasoning() -> None:
    """response.reasoning_text.delta is reasoning too, folded into the item's content."""
    events = [
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": {"id": "rs", "type": "reasoning", "summary": []},
        },
        {"type": "response.reasoning_text.delta", "output_index": 0, "content_index": 0, "delta": "thin"},
        {"type": "response.reasoning_text.delta", "output_index": 0, "content_index": 0, "delta": "king"},
    ]
    fold = folded(events)
    assert fold.reasoning == "thinking" == "".join(OpenAIResponsesChunk(e).reasoning for e in events)
    assert fold.to_dict()["output"][0]["content"] == [{"type": "reasoning_text", "text": "thinking"}]


def test_cached_tokens_come_from_input_tokens_details() -> None:
    """cached_tokens is usage.input_tokens_details.cached_tokens; input_tokens already includes it."""
    usage = {
        "input_tokens": 100,
        "input_tokens_details": {"cached_tokens": 64},
        "output_tokens": 5,
        "output_tokens_details": {"reasoning_tokens": 0},
    }
    event = {
        "type": "response.completed",
        "response": {"id": "r", "model": "m", "output": [], "usage": usage},
    }
    wrapped = OpenAIResponsesChunk(event)
    assert (wrapped.input_tokens, wrapped.cached_tokens, wrapped.output_tokens) == (100, 64, 5)
    assert wrapped.usage is usage
    assert wrapped.common_usage is not None
    assert wrapped.common_usage.total_tokens == 105


@pytest.mark.parametrize(
    ("event", "message"),
    [
        pytest.param(
            {
                "type": "error",
                "code": "server_error",
                "message": "The server had an error",
                "param": None,
                "sequence_number": 4,
            },
            "^The server had an error$",
            id="error",
        ),
        pytest.param(
            {
                "type": "response.failed",
                "response": {
                    "id": "r",
                    "status": "failed",
                    "error": {"code": "server_error", "message": "Something went wrong"},
                },
            },
            "^Something went wrong$",
            id="response.failed",
        ),
        pytest.param(
            {"type": "response.failed", "response": None},
            "^the server reported an error$",
            id="failed-without-response",
        ),
    ],
)
def test_error_events_raise_stream_error(event: dict[str, Any], message: str) -> None:
    """error and response.failed raise StreamError with the server's message."""
    with pytest.raises(StreamError, match=message):
        ResponsesFold().add(event)
    assert OpenAIResponsesChunk(event).content == ""


@pytest.mark.parametrize(
    ("event", "prop", "path"),
    [
        pytest.param(
            {"type": "response.output_text.delta", "delta": 5},
            "content",
            r"^delta: expected a string, got int",
            id="text-int",
        ),
        pytest.param(
            {"type": "response.refusal.delta"},
            "refusal",
            r"^delta: expected a string, got null",
            id="refusal-missing",
        ),
        pytest.param(
            {"type": "response.reasoning_summary_text.delta", "delta": []},
            "reasoning",
            r"^delta: expected a string, got list",
            id="reasoning-list",
        ),
        pytest.param(
            {
                "type": "response.output_item.added",
                "output_index": 0,
                "item": {"type": "function_call", "name": "f"},
            },
            "tool_calls",
            r"^item\.call_id",
            id="no-call-id",
        ),
        pytest.param(
            {"type": "response.function_call_arguments.delta", "delta": "{"},
            "tool_calls",
            r"^output_index: expected an integer, got null",
            id="no-output-index",
        ),
        pytest.param(
            {"type": "response.completed", "response": {"usage": {"input_tokens": "9"}}},
            "input_tokens",
            r"^response\.usage\.input_tokens: expected an integer",
            id="input-tokens-str",
        ),
        pytest.param(
            {
                "type": "response.completed",
                "response": {"usage": {"input_tokens_details": {"cached_tokens": 1.5}}},
            },
            "cached_tokens",
            r"^response\.usage\.input_tokens_details\.cached_tokens",
            id="cached-float",
        ),
        pytest.param(
            {"type": "response.completed", "response": {"model": 3}},
            "model",
            r"^response\.model",
            id="model-int",
        ),
        pytest.param(
            {"type": "response.incomplete", "response": {"incomplete_details": {"reason": 1}}},
            "finish_reasons",
            r"^response\.incomplete_details\.reason",
            id="reason-int",
        ),
        pytest.param(
            {"type": "response.created", "response": "r"},
            "id",
            r"^response: expected an object, got str",
            id="response-str",
        ),
        pytest.param({"delta": "x"}, "content", r"^type: expected a string, got null", id="no-type"),
    ],
)
def test_malformed_event_names_the_field(event: dict[str, Any], prop: str, path: str) -> None:
    """A wrong or missing field raises ChunkError naming its path."""
    with pytest.raises(ChunkError, match=path):
        getattr(OpenAIResponsesChunk(event), prop)


_ADDED = {
    "type": "response.output_item.added",
    "output_index": 0,
    "item": {"id": "m", "type": "message", "content": []},
}


@pytest.mark.parametrize(
    ("events", "path"),
    [
        pytest.param(
            [{"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": "x"}],
            r"^output_index: no output item 0",
            id="item-not-added",
        ),
        pytest.param(
            [
                _ADDED,
                {
                    "type": "response.output_text.delta",
                    "output_index": 0,
                    "content_index": None,
                    "delta": "x",
                },
            ],
            r"^content_index: expected an integer",
            id="content-index-null",
        ),
        pytest.param(
            [
                _ADDED,
                {"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": 1},
            ],
            r"^delta: expected a string, got int",
            id="delta-int",
        ),
        pytest.param(
            [
                _ADDED,
                {"type": "response.content_part.added", "output_index": 0, "content_index": "0", "part": {}},
            ],
            r"^content_index: expected an integer",
            id="part-index-str",
        ),
        pytest.param(
            [{"type": "response.output_item.added", "output_index": None, "item": {}}],
            r"^output_index: expected an integer",
            id="added-index-null",
        ),
        pytest.param(
            [
                {
                    "type": "response.completed",
                    "response": {"usage": {"output_tokens_details": {"reasoning_tokens": "1"}}},
                }
            ],
            r"^response\.usage\.output_tokens_details\.reasoning_tokens",
            id="reasoning-tokens-str",
        ),
        pytest.param(
            [{"type": "message_start", "message": {}}],
            r"^type: 'message_start' is not an OpenAI Responses event",
            id="anthropic-event",
        ),
        pytest.param(
            [{"choices": []}],
            r"^choices: a Chat Completions chunk in an OpenAI Responses stream$",
            id="chat-chunk",
        ),
        pytest.param([42], r"^<chunk>: expected an event object, got int", id="not-an-object"),
    ],
)
def test_fold_names_the_bad_field(events: list[Any], path: str) -> None:
    """The fold raises ChunkError naming the field of a malformed event."""
    fold = ResponsesFold()
    with pytest.raises(ChunkError, match=path):
        for event in events:
            fold.add(event)


def test_a_stream_cut_after_the_content_part_still_folds_its_text() -> None:
    """Before output_item.done, the item is built from its added item, its part and the deltas."""
    fold = folded(
        [
            _ADDED,
            {
                "type": "response.content_part.added",
                "output_index": 0,
                "content_index": 0,
                "part": {"type": "output_text", "text": ""},
            },
            {"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": "Hi"},
            {
                "type": "response.output_text.annotation_added",
                "output_index": 0,
                "content_index": 0,
                "annotation": {},
            },
        ]
    )
    assert fold.to_dict()["output"] == [
        {**_ADDED["item"], "content": [{"type": "output_text", "text": "Hi"}]}
    ]
    assert (fold.content, fold.chunks, repr(fold)) == ("Hi", 4, "<ResponsesFold chunks=4 model=None>")


def test_wrapper_is_the_protocol_and_keeps_its_values() -> None:
    """The wrapper satisfies BaseCallResponseChunk at run time and reads model and id from the response."""
    event = read_events(DIR / "text.sse")[0]
    w = OpenAIResponsesChunk(event)
    assert isinstance(w, BaseCallResponseChunk)
    assert isinstance(CallResponseChunk(w), BaseCallResponseChunk)
    assert (w.type, w.model, w.usage, w.finish_reasons, w.common_usage) == (
        "response.created",
        "gpt-4o-2024-08-06",
        None,
        [],
        None,
    )
    assert w.id is not None
    assert w.id.startswith("resp_0360")
    assert OpenAIResponsesChunk({"type": "response.output_text.delta", "delta": "x"}).model is None


def test_kind_of_responses_events() -> None:
    """Every Responses capture's events, dicts, SDK models and wrappers, are of kind "responses"."""
    for event in read_events(DIR / "function-call.sse"):
        assert (
            kind_of(event) == kind_of(sdk_event(event)) == kind_of(OpenAIResponsesChunk(event)) == "responses"
        )


def test_a_wrapped_sdk_event_folds_like_the_event() -> None:
    """A wrapper holding the SDK's event folds as the event itself."""
    events = [sdk_event(e) for e in read_events(DIR / "text.sse")]
    assert folded([OpenAIResponsesChunk(e) for e in events]).to_dict() == folded(events).to_dict()


def test_content_is_read_once_and_kept() -> None:
    """content is computed on the first read and the same object returned after."""
    w = OpenAIResponsesChunk({"type": "response.output_text.delta", "delta": "hi"})
    assert w.content is w.content == "hi"


@pytest.mark.parametrize(
    ("attributes", "match"),
    [
        pytest.param({"type": 5}, r"^type: expected a string, got int", id="type-int"),
        pytest.param({"delta": "x"}, r"^type: expected a string, got null", id="no-type"),
    ],
)
def test_a_foreign_object_with_a_bad_type_names_it(attributes: dict[str, Any], match: str) -> None:
    """An attribute-shaped event whose type is wrong or missing raises ChunkError naming it."""

    class Event:
        def __init__(self) -> None:
            self.__dict__.update(attributes)

    with pytest.raises(ChunkError, match=match):
        _ = OpenAIResponsesChunk(Event()).content


def test_a_stream_cut_inside_a_reasoning_summary_folds_it() -> None:
    """Summary deltas before their item is done build the item's summary list."""
    fold = folded(
        [
            {
                "type": "response.output_item.added",
                "output_index": 0,
                "item": {"id": "rs", "type": "reasoning", "summary": []},
            },
            {
                "type": "response.reasoning_summary_text.delta",
                "output_index": 0,
                "summary_index": 1,
                "delta": "b",
            },
        ]
    )
    assert fold.to_dict()["output"][0]["summary"] == [
        {"type": "summary_text"},
        {"type": "summary_text", "text": "b"},
    ]


@pytest.mark.parametrize("sdk", [False, True], ids=["dict", "sdk"])
def test_summary_parts_are_paragraphs_as_the_final_response_holds_them(sdk: bool) -> None:
    """The capture's summary comes in three parts, each a titled paragraph: reasoning
    gives them with a blank line between (joined with nothing, a part's last sentence
    ran into the next one's title), the fold and the events read in order alike."""
    events = read_events(DIR / "reasoning-summary.sse")
    final = next(e["response"] for e in events if e["type"] == "response.completed")
    parts = [p["text"] for item in final["output"] if item["type"] == "reasoning" for p in item["summary"]]
    assert len(parts) == 3
    raw = [sdk_event(e) for e in events] if sdk else events
    fold = folded(raw)
    assert fold.reasoning == "\n\n".join(parts) == "".join(OpenAIResponsesChunk(e).reasoning for e in raw)
    assert [p["text"] for p in fold.to_dict()["output"][0]["summary"]] == parts


@pytest.mark.parametrize("index", [None, "1", True, -1, 0], ids=repr)
def test_a_summary_part_added_with_an_odd_index_gives_no_break(index: Any) -> None:
    """The break is read leniently, as the fold, which reads the deltas, ignores the event."""
    event = {"type": "response.reasoning_summary_part.added", "output_index": 0, "item_id": "rs"}
    if index is not None:
        event["summary_index"] = index
    assert OpenAIResponsesChunk(event).reasoning == ""


def test_reasoning_of_two_items_is_item_by_item_as_it_streams() -> None:
    """Each item's summary, then its reasoning text, then the next item's: the order they
    arrive in, which the events joined in order give too."""

    def item(at: int) -> list[dict[str, Any]]:
        return [
            {"type": "response.output_item.added", "output_index": at, "item": {"type": "reasoning"}},
            {
                "type": "response.reasoning_summary_text.delta",
                "output_index": at,
                "summary_index": 0,
                "delta": f"S{at}",
            },
            {
                "type": "response.reasoning_text.delta",
                "output_index": at,
                "content_index": 0,
                "delta": f"R{at}",
            },
        ]

    events = item(0) + item(1)
    assert (
        folded(events).reasoning == "S0R0S1R1" == "".join(OpenAIResponsesChunk(e).reasoning for e in events)
    )


# Hand-built streams for what the captures do not show: done events without
# deltas, a terminal response alone, and done values that disagree.
def _response(status: str, output: Any = None) -> dict[str, Any]:
    response: dict[str, Any] = {"id": "resp_1", "object": "response", "model": "gpt-4o", "status": status}
    if output is not None:
        response["output"] = output
    return response


def _stream(*events: dict[str, Any]) -> list[dict[str, Any]]:
    """``events`` after a response.created, numbered as a server numbers them."""
    created = {"type": "response.created", "response": _response("in_progress", [])}
    return [{**event, "sequence_number": i} for i, event in enumerate([created, *events])]


def _text_part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "annotations": [], "text": text}


def _message(*content: dict[str, Any], status: str = "completed") -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "status": status, "content": list(content)}


def _call(arguments: str, status: str = "completed") -> dict[str, Any]:
    return {
        "id": "fc_1",
        "type": "function_call",
        "status": status,
        "call_id": "call_1",
        "name": "f",
        "arguments": arguments,
    }


def _added(item: dict[str, Any], at: int = 0) -> dict[str, Any]:
    return {"type": "response.output_item.added", "output_index": at, "item": item}


def _item_done(item: dict[str, Any], at: int = 0) -> dict[str, Any]:
    return {"type": "response.output_item.done", "output_index": at, "item": item}


def _part(kind: str, part: dict[str, Any], at: int = 0) -> dict[str, Any]:
    return {"type": f"response.content_part.{kind}", "output_index": 0, "content_index": at, "part": part}


def _text(kind: str, text: str, at: int = 0) -> dict[str, Any]:
    """An output_text delta (kind "delta") or done event for content part ``at`` of item 0."""
    field = "delta" if kind == "delta" else "text"
    return {"type": f"response.output_text.{kind}", "output_index": 0, "content_index": at, field: text}


def _arguments(kind: str, text: str) -> dict[str, Any]:
    field = "delta" if kind == "delta" else "arguments"
    return {"type": f"response.function_call_arguments.{kind}", "output_index": 0, field: text}


def _completed(*output: dict[str, Any]) -> dict[str, Any]:
    return {"type": "response.completed", "response": _response("completed", list(output))}


_OPEN = [_added(_message(status="in_progress")), _part("added", _text_part(""))]
HAND_BUILT = {
    "text-only-in-done-events": _stream(
        *_OPEN,
        _text("done", "Hello"),
        _part("done", _text_part("Hello")),
        _item_done(_message(_text_part("Hello"))),
        _completed(_message(_text_part("Hello"))),
    ),
    "arguments-only-in-done-events": _stream(
        _added(_call("", "in_progress")),
        _arguments("done", '{"a":1}'),
        _item_done(_call('{"a":1}')),
        _completed(_call('{"a":1}')),
    ),
    "output-only-in-completed": _stream(_completed(_message(_text_part("Hi")), _call('{"a":1}'))),
    "completed-without-output": _stream(
        *_OPEN,
        _text("delta", "Hel"),
        _text("delta", "lo"),
        _text("done", "Hello"),
        _item_done(_message(_text_part("Hello"))),
        {"type": "response.completed", "response": _response("completed")},
    ),
}
HAND_BUILT_PARAMS = [pytest.param(events, id=name) for name, events in HAND_BUILT.items()]
SDK_ORACLE_PARAMS = [
    *(pytest.param(read_events(path), id=path.stem) for path in CAPTURES),
    *HAND_BUILT_PARAMS,
]


def _sse(events: list[dict[str, Any]]) -> bytes:
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events).encode()


def _sdk_final(capture_server: Any, events: list[dict[str, Any]]) -> Any:
    """The openai SDK's final response of the stream, read from the loopback server by
    ``responses.stream()``: ``get_final_response()``, or an incomplete one's last event."""
    openai = pytest.importorskip("openai")
    if not hasattr(getattr(openai.OpenAI(api_key="x"), "responses", None), "stream"):  # pragma: no cover
        pytest.skip("this openai has no responses.stream()")  # before 1.66
    client = openai.OpenAI(api_key="test", base_url=capture_server.serve(_sse(events)), max_retries=0)
    try:
        with client.responses.stream(model="gpt-4o", input="hi") as stream:
            last = list(stream)[-1]
            final = stream.get_final_response() if last.type == "response.completed" else last.response
    except TypeError as exc:  # pragma: no cover - openai 1.x: a completed event without output
        pytest.skip(f"this openai's responses.stream() fails on this stream: {exc}")
    finally:
        client.close()
    return final


@pytest.mark.parametrize("events", SDK_ORACLE_PARAMS)
def test_the_sdks_final_response_is_the_oracle(capture_server: Any, events: list[dict[str, Any]]) -> None:
    """to_dict(), content and tool_calls are what the SDK's get_final_response() gives."""
    final = _sdk_final(capture_server, events)
    fold = folded(events)
    theirs = final.model_dump(mode="json", exclude_unset=True, by_alias=True)
    assert normalized(fold.to_dict()) == normalized(theirs)
    assert fold.content == final.output_text
    calls = [item for item in final.output if item.type == "function_call"]
    assert [(c["id"], c["function"]["arguments"]) for c in fold.tool_calls] == [
        (c.call_id, c.arguments) for c in calls
    ]


@pytest.mark.parametrize("events", HAND_BUILT_PARAMS)
def test_hand_built_streams_fold_alike_from_dicts_and_sdk_events(events: list[dict[str, Any]]) -> None:
    """The done events and the terminal output are read alike from dicts and the SDK's events."""
    of_dicts = folded(events)
    of_sdk = folded([sdk_event(e) for e in events])
    assert answers(of_sdk, ANSWERS) == answers(of_dicts, ANSWERS)
    assert of_sdk.to_dict() == of_dicts.to_dict()


@pytest.mark.parametrize(
    ("events", "name", "expected"),
    [
        pytest.param([*_OPEN, _text("done", "Hello")], "content", "Hello", id="output_text.done"),
        pytest.param(
            [
                _added(_message(status="in_progress")),
                _part("added", {"type": "refusal", "refusal": ""}),
                {"type": "response.refusal.done", "output_index": 0, "content_index": 0, "refusal": "No."},
            ],
            "refusal",
            "No.",
            id="refusal.done",
        ),
        pytest.param(
            [
                _added({"id": "rs_1", "type": "reasoning", "summary": []}),
                {
                    "type": "response.reasoning_summary_text.done",
                    "output_index": 0,
                    "summary_index": 0,
                    "text": "A",
                },
                {
                    "type": "response.reasoning_summary_part.done",
                    "output_index": 0,
                    "summary_index": 1,
                    "part": {"type": "summary_text", "text": "B"},
                },
            ],
            "reasoning",
            "A\n\nB",
            id="summary-done-events",
        ),
        pytest.param(
            [
                _added({"id": "rs_1", "type": "reasoning", "summary": []}),
                {"type": "response.reasoning_text.done", "output_index": 0, "content_index": 0, "text": "T"},
            ],
            "reasoning",
            "T",
            id="reasoning_text.done",
        ),
        pytest.param([*_OPEN, _part("done", _text_part("Hi"))], "content", "Hi", id="content_part.done"),
        pytest.param(
            [_added(_call("", "in_progress")), _arguments("done", '{"a":1}')],
            "tool_calls",
            [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": '{"a":1}'}}],
            id="function_call_arguments.done",
        ),
        pytest.param(
            [_item_done(_message(_text_part("Hi")))], "content", "Hi", id="output_item.done-never-added"
        ),
    ],
)
def test_a_text_sent_only_in_a_done_event_is_read(
    events: list[dict[str, Any]], name: str, expected: Any
) -> None:
    """A stream cut after a done event that no delta preceded reads that event's text."""
    assert getattr(folded(events), name) == expected


def test_arguments_only_in_done_events_are_in_the_output() -> None:
    """function_call_arguments.done's arguments are the call's in to_dict(), not ''."""
    fold = folded(HAND_BUILT["arguments-only-in-done-events"][:3])
    assert fold.to_dict()["output"] == [_call('{"a":1}', "in_progress")]


def test_a_stream_with_output_only_in_completed_folds_to_it() -> None:
    """response.completed's output is the fold's when no item event came before it."""
    fold = folded(HAND_BUILT["output-only-in-completed"])
    assert fold.to_dict()["output"] == [_message(_text_part("Hi")), _call('{"a":1}')]
    assert (fold.content, fold.common_finish_reasons) == ("Hi", ["tool_calls"])


@pytest.mark.parametrize(
    "events",
    [
        pytest.param(
            [
                *_OPEN,
                _text("delta", "4"),
                _part("done", _text_part("")),
                _item_done(_message()),
                _completed(),
            ],
            id="empty-done-values",
        ),
        pytest.param([*_OPEN, _text("delta", "4"), _text("done", "")], id="empty-text-done"),
    ],
)
def test_an_empty_done_value_leaves_the_deltas_text(events: list[dict[str, Any]]) -> None:
    """An empty text, content or output in a done or terminal event says nothing: the
    deltas' text stands (translating gateways and Codex send these; the SDK gives '')."""
    fold = folded(_stream(*events))
    assert fold.content == "4"
    assert fold.to_dict()["output"][0]["content"][0]["text"] == "4"


def _summary_item() -> dict[str, Any]:
    return _added({"id": "rs_1", "type": "reasoning", "summary": []})


@pytest.mark.parametrize(
    ("events", "match"),
    [
        pytest.param(
            [*_OPEN, _text("delta", "Hel"), _text("done", "Help")],
            r"^text: response\.output_text\.done sends 'Help', where the stream so far built 'Hel'$",
            id="output_text.done",
        ),
        pytest.param(
            [*_OPEN, _text("delta", "Hel"), _text("done", "Hello")],
            r"^text: response\.output_text\.done sends 'Hello', where the stream so far built 'Hel'$",
            id="deltas-a-prefix",
        ),
        pytest.param(
            [*_OPEN, _text("delta", "Hello \n"), _text("done", "Hello")],
            r"^text: response\.output_text\.done sends 'Hello'",
            id="done-stripped",
        ),
        pytest.param(
            [
                _added(_message(status="in_progress")),
                {"type": "response.refusal.delta", "output_index": 0, "content_index": 0, "delta": "No"},
                {"type": "response.refusal.done", "output_index": 0, "content_index": 0, "refusal": "Yes"},
            ],
            r"^refusal: response\.refusal\.done sends 'Yes', where the stream so far built 'No'$",
            id="refusal.done",
        ),
        pytest.param(
            [
                _summary_item(),
                {
                    "type": "response.reasoning_summary_text.delta",
                    "output_index": 0,
                    "summary_index": 0,
                    "delta": "a",
                },
                {
                    "type": "response.reasoning_summary_text.done",
                    "output_index": 0,
                    "summary_index": 0,
                    "text": "b",
                },
            ],
            r"^text: response\.reasoning_summary_text\.done sends 'b'",
            id="reasoning_summary_text.done",
        ),
        pytest.param(
            [
                _summary_item(),
                {
                    "type": "response.reasoning_summary_text.delta",
                    "output_index": 0,
                    "summary_index": 0,
                    "delta": "a",
                },
                {
                    "type": "response.reasoning_summary_part.done",
                    "output_index": 0,
                    "summary_index": 0,
                    "part": {"type": "summary_text", "text": "b"},
                },
            ],
            r"^part\.text: response\.reasoning_summary_part\.done sends 'b'",
            id="reasoning_summary_part.done",
        ),
        pytest.param(
            [
                _summary_item(),
                {
                    "type": "response.reasoning_text.delta",
                    "output_index": 0,
                    "content_index": 0,
                    "delta": "a",
                },
                {"type": "response.reasoning_text.done", "output_index": 0, "content_index": 0, "text": "b"},
            ],
            r"^text: response\.reasoning_text\.done sends 'b'",
            id="reasoning_text.done",
        ),
        pytest.param(
            [_added(_call("", "in_progress")), _arguments("delta", '{"a":'), _arguments("done", '{"a":2}')],
            r"""^arguments: response\.function_call_arguments\.done sends '{"a":2}', where the stream so far built '{"a":'$""",
            id="function_call_arguments.done",
        ),
        pytest.param(
            [*_OPEN, _text("delta", "Hi"), _part("done", _text_part("Ho"))],
            r"^part\.text: response\.content_part\.done sends 'Ho', where the stream so far built 'Hi'$",
            id="content_part.done",
        ),
        pytest.param(
            [*_OPEN, _text("delta", "Hi"), _part("done", {"type": "refusal", "refusal": "No"})],
            r"^part\.refusal: response\.content_part\.done sends a refusal, where the stream so far built output_text$",
            id="content_part.done-of-another-kind",
        ),
        pytest.param(
            [*_OPEN, _text("delta", "Hi"), _item_done(_message(_text_part("Ho")))],
            r"^item\.content\[0\]\.text: response\.output_item\.done sends 'Ho'",
            id="output_item.done-text",
        ),
        pytest.param(
            [_added(_call("", "in_progress")), _arguments("delta", "{}"), _item_done(_call('{"a":1}'))],
            r"^item\.arguments: response\.output_item\.done sends '{\"a\":1}', where the stream so far built '{}'$",
            id="output_item.done-arguments",
        ),
        pytest.param(
            [_added(_call("")), _item_done({**_call(""), "id": "fc_2"})],
            r"^item\.id: response\.output_item\.done sends 'fc_2', where the item added was 'fc_1'$",
            id="output_item.done-id",
        ),
        pytest.param(
            [*_OPEN, _text("delta", "Hi"), _completed(_message(_text_part("Ho")))],
            r"^response\.output\[0\]\.content\[0\]\.text: response\.completed sends 'Ho', where the stream so far built 'Hi'$",
            id="completed-text",
        ),
        pytest.param(
            [*_OPEN, _text("delta", "Hi"), _completed(_call("{}"))],
            r"^response\.output\[0\]\.type: response\.completed sends 'function_call', where the item added was 'message'$",
            id="completed-another-item",
        ),
        pytest.param(
            [_added(_call("{}")), _added(_call("{}"), 1), _completed(_call("{}"))],
            r"^response\.output: response\.completed sends 1 item, where the stream added one at output_index 1$",
            id="completed-fewer-items",
        ),
        pytest.param(
            [
                *_OPEN,
                _text("delta", "Hi"),
                {
                    "type": "response.incomplete",
                    "response": _response("incomplete", [_message(_text_part("H"))]),
                },
            ],
            r"^response\.output\[0\]\.content\[0\]\.text: response\.incomplete sends 'H'",
            id="incomplete-text",
        ),
    ],
)
def test_a_done_value_that_disagrees_with_the_deltas_raises(events: list[dict[str, Any]], match: str) -> None:
    """Where the deltas built a text and a done or terminal event sends another (not
    even one they are a prefix of), ChunkError names the event and the field."""
    fold = ResponsesFold()
    *before, last = _stream(*events)
    for event in before:
        fold.add(event)
    was = fold.to_dict()
    with pytest.raises(ChunkError, match=match):
        fold.add(last)
    assert fold.to_dict() == was  # the event that raised changed nothing


def test_a_long_disagreeing_text_is_shortened_in_the_message() -> None:
    """The message quotes the first 40 characters of each text."""
    long = "x" * 50
    fold = folded(_stream(*_OPEN, _text("delta", long)))
    with pytest.raises(
        ChunkError, match=r"sends 'y{40}'\.\.\., where the stream so far built 'x{40}'\.\.\.$"
    ):
        fold.add(_text("done", "y" * 50))


@pytest.mark.parametrize(
    ("event", "match"),
    [
        pytest.param(_text("done", 5), r"^text: expected a string, got int", id="text-int"),  # type: ignore[arg-type]
        pytest.param(
            {"type": "response.function_call_arguments.done", "output_index": 0},
            r"^arguments: expected a string, got null",
            id="arguments-missing",
        ),
        pytest.param(
            _item_done(_message({"type": "output_text", "text": 3})),
            r"^item\.content\[0\]\.text: expected a string, got int",
            id="item-part-text-int",
        ),
        pytest.param(_part("done", {"type": ["output_text"], "text": "x"}), None, id="part-of-no-known-type"),
        pytest.param(
            {"type": "response.completed", "response": _response("completed", {"a": 1})},
            r"^response\.output: expected a list, got dict",
            id="output-dict",
        ),
        pytest.param(
            {"type": "response.completed", "response": _response("completed", [5])},
            r"^response\.output\[0\]: expected an object, got int",
            id="output-entry-int",
        ),
        pytest.param(
            _item_done({**_message(), "content": ["Hi"]}),
            r"^item\.content\[0\]: expected an object, got str",
            id="item-part-str",
        ),
    ],
)
def test_a_malformed_done_value_names_the_field(event: dict[str, Any], match: str | None) -> None:
    """A done value of the wrong kind raises ChunkError naming it; a part of a type not
    known keeps no text."""
    fold = folded(_stream(*_OPEN))
    if match is None:
        fold.add(event)
        assert fold.content == ""
        return
    with pytest.raises(ChunkError, match=match):
        fold.add(event)


def test_a_done_item_holding_mappings_is_read_as_plain_data() -> None:
    """A part that is a Mapping but no dict (an object a caller built) is read as its fields."""
    fold = folded(_stream(*_OPEN, _item_done(_message(Record(_text_part("Hi"))))))
    assert fold.content == "Hi"
    assert fold.to_dict()["output"] == [_message(_text_part("Hi"))]


def test_where_the_sdk_takes_a_disagreeing_done_value_the_fold_raises(capture_server: Any) -> None:
    """The SDK's final response is the terminal one wholesale, though the deltas it
    streamed said otherwise; the fold raises, naming the first event that disagrees."""
    events = _stream(
        *_OPEN,
        _text("delta", "Hel"),
        _text("done", "Help"),
        _item_done(_message(_text_part("Help"))),
        _completed(_message(_text_part("Help"))),
    )
    assert _sdk_final(capture_server, events).output_text == "Help"
    with pytest.raises(ChunkError, match=r"^text: response\.output_text\.done sends 'Help'"):
        folded(events)


def test_where_the_sdk_takes_an_empty_terminal_output_the_fold_keeps_the_text(capture_server: Any) -> None:
    """A server that streams the text and then sends empty done values and ``output: []``
    (as Codex and translating gateways do): the SDK's final response has no output, the fold the text."""
    events = _stream(
        *_OPEN, _text("delta", "4"), _part("done", _text_part("")), _item_done(_message()), _completed()
    )
    assert _sdk_final(capture_server, events).output == []
    assert folded(events).to_dict()["output"] == [_message(_text_part("4"))]


def test_terminal_output_pairs_with_the_items_by_output_index() -> None:
    """An output_index is the item's place in the output: an item whose events never
    came (index 1 here) is the terminal output's, the others checked against theirs."""
    first, third = {**_call("{}"), "id": "fc_0"}, {**_call("{}"), "id": "fc_2"}
    middle = _message(_text_part("Hi"))
    fold = folded(_stream(_added(first), _added(third, 2), _completed(first, middle, third)))
    assert fold.to_dict()["output"] == [first, middle, third]
    assert fold.content == "Hi"


def test_the_accumulator_reads_the_done_events() -> None:
    """StreamAccumulator, the public fold, answers from the done events and terminal output too."""
    acc = StreamAccumulator()
    for event in HAND_BUILT["output-only-in-completed"]:
        acc.add(event)
    assert (acc.content, acc.tool_calls[0]["function"]["arguments"]) == ("Hi", '{"a":1}')


ANNOTATED = [
    path for path in CAPTURES if any(e["type"].endswith("annotation.added") for e in read_events(path))
]


@pytest.mark.parametrize("path", ANNOTATED, ids=lambda p: p.stem)
def test_annotations_are_a_text_parts_as_they_arrive(path: Path) -> None:
    """Real web and file search streams: after each output_text.annotation.added
    the part holds every annotation sent so far, in order; at the end, what the
    terminal response holds (the done values win)."""
    assert len(ANNOTATED) >= 4
    fold = ResponsesFold()
    sent: dict[tuple[int, int], list[Any]] = {}
    for event in read_events(path):
        fold.add(event)
        if event["type"] != "response.output_text.annotation.added":
            continue
        key = (event["output_index"], event["content_index"])
        sent.setdefault(key, []).append(event["annotation"])
        output = fold.to_dict()["output"]
        for (item, part), so_far in sent.items():
            assert output[item]["content"][part]["annotations"][: len(so_far)] == so_far
    final = [e for e in read_events(path) if e["type"] == "response.completed"][-1]["response"]["output"]
    assert [o.get("content") for o in fold.to_dict()["output"]] == [o.get("content") for o in final]
