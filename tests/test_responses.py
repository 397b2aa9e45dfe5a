"""OpenAIResponsesChunk and ResponsesFold over real Responses API captures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chunkwrap import CallResponseChunk, ChunkError, OpenAIResponsesChunk, StreamError
from chunkwrap._kind import kind_of
from chunkwrap._responses_fold import ResponsesFold
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import FIXTURES
from .helpers import FOLD_ANSWERS as ANSWERS
from .helpers import named_answers as answers
from .helpers import read_events
from .helpers import responses_event as sdk_event

DIR = FIXTURES.parent / "openai-responses"
CAPTURES = sorted(DIR.glob("*.sse"))
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
