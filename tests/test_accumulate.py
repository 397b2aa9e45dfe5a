"""StreamAccumulator against the openai SDK's ChatCompletionStreamState, and where the SDK is wrong."""

from __future__ import annotations

import base64
import copy
import pickle
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import (
    CallResponseChunk,
    ChunkError,
    CostMetadata,
    OpenAIDictChunk,
    StreamAccumulator,
    StreamError,
    Usage,
    wrap,
    wrap_sse,
)

from .conftest import (
    CAPTURE_PARAMS,
    CHAT_STREAM_PARAMS,
    COMPATIBLE,
    COMPATIBLE_CAPTURES,
    chunk_dict,
    read_capture,
    sdk_stream_state,
)
from .helpers import agree, normalized, sdk_fold


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
@pytest.mark.parametrize("shape", ["dict", "sdk", "wrapper", "dict-wrapper"])
def test_to_dict_agrees_with_sdk_on_captures(path: Path, shape: str) -> None:
    """On every real capture, to_dict() agrees with the SDK's accumulator, fed dicts, SDK chunks or wrappers."""
    openai = pytest.importorskip("openai")
    dicts = read_capture(path)
    models = [openai.types.chat.ChatCompletionChunk.model_validate(d) for d in dicts]
    acc = StreamAccumulator()
    for d, m in zip(dicts, models):
        acc.add({"dict": d, "sdk": m, "wrapper": wrap(m), "dict-wrapper": wrap(d)}[shape])
    agree(acc.to_dict(), sdk_fold(models))
    assert acc.chunks == len(dicts)


def test_text_stream_properties() -> None:
    """The properties of a folded text capture."""
    acc = StreamAccumulator()
    for d in read_capture(Path(CAPTURE_PARAMS[0].values[0]).with_name("text-weather.sse")):
        acc.add(d)
    assert acc.content.startswith("I'm unable to provide real-time")
    assert (acc.finish_reasons, acc.common_finish_reasons) == (["stop"], ["stop"])
    assert (acc.input_tokens, acc.output_tokens, acc.cached_tokens, acc.reasoning_tokens) == (14, 30, None, 0)
    assert acc.common_usage == Usage(14, 0, 30, 44)
    assert acc.cost_metadata == CostMetadata(input_tokens=14, output_tokens=30)
    assert (acc.refusal, acc.reasoning, acc.tool_calls, acc.audio, acc.audio_transcript) == (
        "",
        "",
        [],
        None,
        None,
    )
    assert acc.model == "gpt-4o-2024-08-06"
    assert "chunks=33" in repr(acc)


def test_tool_calls_are_complete() -> None:
    """Two parallel tool calls come out whole: id, type, name and joined arguments."""
    acc = StreamAccumulator()
    for d in read_capture(Path(CAPTURE_PARAMS[0].values[0]).with_name("two-tool-calls.sse")):
        acc.add(d)
    names = [(c["type"], c["function"]["name"]) for c in acc.tool_calls]
    assert names == [("function", "GetWeatherArgs"), ("function", "get_stock_price")]
    assert all(c["id"].startswith("call_") for c in acc.tool_calls)
    assert acc.tool_calls[1]["function"]["arguments"] == '{"ticker": "AAPL", "exchange": "NASDAQ"}'


def audio_stream(pieces: list[bytes]) -> list[dict[str, Any]]:
    chunks = [chunk_dict(delta={"role": "assistant", "audio": {"id": "audio_1", "transcript": ""}})]
    for i, piece in enumerate(pieces):
        chunks.append(
            chunk_dict(delta={"audio": {"data": base64.b64encode(piece).decode(), "transcript": f"w{i} "}})
        )
    chunks.append(chunk_dict(delta={"audio": {"expires_at": 1727350000}}))
    chunks.append(chunk_dict(delta={}, finish_reason="stop"))
    return chunks


def test_audio_fragments_are_decoded_before_joining() -> None:
    """Padded base64 fragments: chunkwrap keeps every byte; the SDK's joined string loses them."""
    pieces = [b"\x01", b"\x02\x03", b"\x04\x05\x06\x07"]  # 1 and 2 bytes: "AQ==", "AgM="
    acc = StreamAccumulator()
    for d in audio_stream(pieces):
        acc.add(d)
    assert acc.audio == b"".join(pieces)
    assert acc.audio_transcript == "w0 w1 w2 "
    audio = acc.to_dict()["choices"][0]["message"]["audio"]
    assert audio == {
        "id": "audio_1",
        "data": base64.b64encode(b"".join(pieces)).decode(),
        "transcript": "w0 w1 w2 ",
        "expires_at": 1727350000,
    }
    openai = pytest.importorskip("openai")
    theirs = sdk_fold([openai.types.chat.ChatCompletionChunk.model_validate(d) for d in audio_stream(pieces)])
    their_bytes = base64.b64decode(theirs["choices"][0]["message"]["audio"]["data"])
    assert their_bytes != b"".join(pieces)


def test_usage_survives_a_later_chunk_without_usage() -> None:
    """The last non-null usage wins; the SDK lets a later usage-less chunk erase it."""
    chunks = [
        chunk_dict(delta={"content": "a"}),
        chunk_dict(
            delta={},
            finish_reason="stop",
            usage={"prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6},
        ),
        chunk_dict(delta={}),
    ]
    acc = StreamAccumulator()
    for d in chunks:
        acc.add(d)
    assert acc.to_dict()["usage"] == {"prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6}
    openai = pytest.importorskip("openai")
    assert (
        sdk_fold([openai.types.chat.ChatCompletionChunk.model_validate(d) for d in chunks])["usage"] is None
    )


def test_choices_null_does_not_crash() -> None:
    """choices null is folded as no choices; the SDK raises on it."""
    acc = StreamAccumulator()
    acc.add(chunk_dict(delta={"content": "a"}))
    acc.add({"id": "x", "choices": None})
    assert acc.content == "a"
    openai = pytest.importorskip("openai")
    state = sdk_stream_state()
    state.handle_chunk(
        openai.types.chat.ChatCompletionChunk.model_validate(chunk_dict(delta={"content": "a"}))
    )
    with pytest.raises(TypeError):
        state.handle_chunk(openai.types.chat.ChatCompletionChunk.model_construct(id="x", choices=None))


def test_reasoning_accumulates() -> None:
    """reasoning_content and reasoning deltas accumulate in order."""
    acc = StreamAccumulator()
    for part in ("First, ", "second, ", "done."):
        acc.add(chunk_dict(delta={"reasoning_content": part}))
    acc.add(chunk_dict(delta={"reasoning": " More."}))
    assert acc.reasoning == "First, second, done. More."
    assert acc.to_dict()["choices"][0]["message"]["reasoning_content"] == acc.reasoning


def test_same_tool_index_twice_in_one_chunk_merges() -> None:
    """vLLM with speculative decoding: two fragments of one tool index in a chunk merge."""
    acc = StreamAccumulator()
    acc.add(chunk_dict(delta={"tool_calls": [
        {"index": 0, "id": "call_1", "type": "function", "function": {"name": "f", "arguments": '{"a"'}},
        {"index": 0, "function": {"arguments": ": 1}"}},
    ]}))  # fmt: skip
    acc.add(
        chunk_dict(
            delta={
                "tool_calls": [
                    {"index": 0, "id": "call_1", "type": "function", "function": {"arguments": ""}}
                ]
            }
        )
    )
    assert acc.tool_calls == [
        {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}
    ]


def test_tool_calls_by_index_within_their_choice() -> None:
    """Tool calls of different choices never mix."""
    acc = StreamAccumulator()
    acc.add(chunk_dict(choices=[
        {"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "a", "function": {"name": "f", "arguments": "1"}}]}},
        {"index": 1, "delta": {"tool_calls": [{"index": 0, "id": "b", "function": {"name": "g", "arguments": "2"}}]}},
    ]))  # fmt: skip
    choices = acc.to_dict()["choices"]
    assert [c["message"]["tool_calls"][0]["id"] for c in choices] == ["a", "b"]
    assert [c["function"]["name"] for c in acc.tool_calls] == ["f"]


def test_empty_accumulator() -> None:
    """Nothing added: empty answers, a valid chat.completion shell."""
    acc = StreamAccumulator()
    assert (acc.content, acc.tool_calls, acc.finish_reasons, acc.usage, acc.common_usage, acc.audio) == (
        "",
        [],
        [],
        None,
        None,
        None,
    )
    assert acc.to_dict()["choices"] == []


def test_accepts_a_wrapper_subclass() -> None:
    """A subclass of a chunk wrapper (say, with a property of its own) is unwrapped to its chunk too."""

    class Tagged(OpenAIDictChunk):
        __slots__ = ()

        @property
        def tag(self) -> str:
            return "mine"

    acc = StreamAccumulator()
    acc.add(Tagged(chunk_dict(delta={"content": "z"})))
    assert acc.content == "z"


def test_accepts_call_response_chunk() -> None:
    """A CallResponseChunk over a wrapper is unwrapped to its chunk."""
    acc = StreamAccumulator()
    acc.add(CallResponseChunk(wrap(chunk_dict(delta={"content": "z"}))))
    assert acc.content == "z"


@pytest.mark.parametrize(
    ("chunk", "path"),
    [
        pytest.param({"choices": "abc"}, r"^choices: expected a list", id="choices-not-list"),
        pytest.param({"choices": [3]}, r"^choices\[0\]: expected an object", id="choice-not-object"),
        pytest.param({"choices": [None]}, r"^choices\[0\]: expected an object, got null", id="choice-null"),
        pytest.param({"choices": [{"index": "0"}]}, r"^choices\[0\]\.index", id="index-not-int"),
        pytest.param(
            {"choices": [{"delta": {"content": 1}}]}, r"^choices\[0\]\.delta\.content", id="content-not-str"
        ),
        pytest.param(
            {"choices": [{"delta": 5}]}, r"^choices\[0\]\.delta: expected an object", id="delta-not-object"
        ),
        pytest.param(
            {"choices": [{"delta": {"tool_calls": {}}}]},
            r"^choices\[0\]\.delta\.tool_calls",
            id="tool-calls-not-list",
        ),
        pytest.param(
            {"choices": [{"delta": {"tool_calls": [{"index": "0", "function": {"arguments": "{}"}}]}}]},
            r"tool_calls\[0\]\.index: expected an integer, got str",
            id="tool-index-not-int",
        ),
        pytest.param(
            {"choices": [{"delta": {"tool_calls": [{"index": 0, "function": {"arguments": 3}}]}}]},
            r"tool_calls\[0\]\.function\.arguments",
            id="arguments-not-str",
        ),
        pytest.param(
            {"choices": [{"delta": {"audio": {"data": "@@"}}}]},
            r"audio\.data: not valid base64",
            id="audio-not-base64",
        ),
        pytest.param(
            {"choices": [{"delta": {"audio": {"expires_at": "soon"}}}]},
            r"audio\.expires_at",
            id="expires-not-int",
        ),
        pytest.param(
            {"choices": [{"logprobs": {"content": 5}}]}, r"logprobs\.content", id="logprobs-not-list"
        ),
        pytest.param({"usage": 5}, r"^usage: expected an object", id="usage-not-object"),
        pytest.param({"choices": [], "model": 5}, r"^model: expected a string", id="model-not-str"),
        pytest.param("text", r"^<chunk>", id="not-a-chunk"),
    ],
)
def test_malformed_chunks_raise_chunk_error(chunk: Any, path: str) -> None:
    """A malformed chunk raises ChunkError naming the field path."""
    with pytest.raises(ChunkError, match=path):
        StreamAccumulator().add(chunk)


@pytest.mark.parametrize("read_first", [False, True], ids=["fresh", "after-reads"])
@pytest.mark.parametrize("clone", ["pickle", "copy", "deepcopy"])
def test_accumulator_survives_pickle_and_copy(clone: str, read_first: bool) -> None:
    """An accumulator copied mid-stream, before or after its properties are read, carries on independently."""
    acc = StreamAccumulator()
    acc.add(
        chunk_dict(
            delta={
                "content": "a",
                "tool_calls": [{"index": 0, "id": "c", "function": {"name": "f", "arguments": "{"}}],
            }
        )
    )
    acc.add(chunk_dict(delta={"content": "b"}))
    if read_first:
        _ = (acc.content, acc.tool_calls, acc.to_dict())
    other = {
        "pickle": lambda: pickle.loads(pickle.dumps(acc)),
        "copy": lambda: copy.copy(acc),
        "deepcopy": lambda: copy.deepcopy(acc),
    }[clone]()
    other.add(chunk_dict(delta={"content": "c"}))
    assert (acc.content, other.content) == ("ab", "abc")
    assert other.tool_calls == acc.tool_calls
    assert other.chunks == acc.chunks + 1


def test_tool_call_fragment_without_function() -> None:
    """A fragment may carry only the id and type; the function comes in later fragments."""
    acc = StreamAccumulator()
    first = {"index": 0, "id": "call_1", "type": "function"}
    later = {"index": 0, "function": {"name": "get", "arguments": "{}"}}
    for fragment in (first, later):
        acc.add({"choices": [{"index": 0, "delta": {"tool_calls": [fragment]}}]})
    assert acc.tool_calls == [
        {"id": "call_1", "type": "function", "function": {"name": "get", "arguments": "{}"}}
    ]


class _Text(str):
    """A str subclass, as a str-valued enum is."""


class _Count(int):
    """An int subclass, as an IntEnum is."""


def test_str_and_int_subclasses_fold_as_the_wrappers_read_them() -> None:
    """One rule for the fold and the wrappers: a str or int subclass is accepted and given as the plain type."""
    d = chunk_dict(
        delta={"content": _Text("hi"), "role": _Text("assistant")},
        finish_reason=_Text("stop"),
        system_fingerprint=_Text("fp"),
    )
    d["choices"][0]["index"] = _Count(0)
    d["choices"][0]["delta"]["audio"] = {"id": "a", "expires_at": _Count(5)}
    acc = StreamAccumulator()
    acc.add(d)
    w = wrap(d)
    assert (acc.content, acc.finish_reasons, acc.system_fingerprint) == (
        w.content,
        w.finish_reasons,
        w.system_fingerprint,
    )
    assert (acc.content, acc.system_fingerprint) == ("hi", "fp")
    assert type(acc.content) is type(w.content) is str
    assert type(acc.to_dict()["choices"][0]["message"]["audio"]["expires_at"]) is int


def test_an_error_payload_raises_stream_error_and_folds_nothing() -> None:
    """add() of an error payload raises StreamError with the server's message; nothing of it is counted."""
    acc = StreamAccumulator()
    acc.add(chunk_dict(delta={"content": "partial"}))
    for payload, message in [
        ({"error": {"message": "Rate limit reached", "type": "requests"}}, "Rate limit reached"),
        ({"error": "upstream closed"}, "upstream closed"),
        ({"error": {"code": 502}}, "the server reported an error"),
    ]:
        with pytest.raises(StreamError) as caught:
            acc.add(payload)
        assert (caught.value.message, caught.value.body) == (message, payload["error"])
    assert (acc.chunks, acc.content) == (1, "partial")


def test_openrouter_error_in_a_chunk_with_choices_folds_nothing_of_it() -> None:
    """The OpenRouter capture's chunk carrying choices, usage and an error raises StreamError, its choices not folded."""
    chunks = read_capture(COMPATIBLE / "openrouter-error-in-chunk.sse")
    failing = next(i for i, c in enumerate(chunks) if c.get("error") is not None)
    acc = StreamAccumulator()
    for chunk in chunks[:failing]:
        acc.add(chunk)
    before = acc.to_dict()
    with pytest.raises(StreamError, match=r"^Token limit reached") as caught:
        acc.add(chunks[failing])
    assert caught.value.body == chunks[failing]["error"]
    assert acc.to_dict() == before
    assert acc.chunks == failing


def test_an_sdk_chunk_carrying_an_error_raises_stream_error() -> None:
    """An SDK chunk with an ``error`` extra (OpenRouter through the openai SDK) raises StreamError too."""
    openai = pytest.importorskip("openai")
    chunk = openai.types.chat.ChatCompletionChunk.model_validate(
        chunk_dict(delta={"content": "x"}, error={"message": "Token limit reached", "code": 400})
    )
    acc = StreamAccumulator()
    # The status its body states.
    with pytest.raises(StreamError, match=r"^Token limit reached \(HTTP 400\)$"):
        acc.add(chunk)
    assert (acc.chunks, acc.content) == (0, "")


def _gemini_tool_calls() -> list[dict[str, Any]]:
    """Two whole tool calls without ``index``, as Gemini's OpenAI-compatible endpoint sends them."""
    return [
        chunk_dict(delta={"role": "assistant", "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
        ]}),
        chunk_dict(delta={"tool_calls": [
            {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": '{"tz":"CET"}'}},
        ]}),
        chunk_dict(delta={}, finish_reason="tool_calls"),
    ]  # fmt: skip


def test_tool_calls_without_index_are_told_apart_by_id() -> None:
    """Fragments without index: a new id starts a new call, where they merged into one; the SDK raises there."""
    acc = StreamAccumulator()
    for d in _gemini_tool_calls():
        acc.add(d)
    assert acc.tool_calls == [
        {
            "id": "call_1",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
        },
        {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": '{"tz":"CET"}'}},
    ]
    openai = pytest.importorskip("openai")
    state = sdk_stream_state()
    with pytest.raises(Exception):  # noqa: B017 - the SDK's own failure, whatever its type
        for d in _gemini_tool_calls():
            state.handle_chunk(openai.types.chat.ChatCompletionChunk.model_construct(**d))


def test_tool_call_fragments_without_index_or_id_continue_the_latest_call() -> None:
    """A fragment with neither index nor id continues the latest call; a known id goes back to its call."""
    acc = StreamAccumulator()
    for fragment in [
        {"id": "a", "function": {"name": "f", "arguments": '{"x"'}},
        {"function": {"arguments": ": 1}"}},
        {"id": "b", "function": {"name": "g", "arguments": "{"}},
        {"function": {"arguments": "}"}},
        {"id": "a", "function": {"arguments": ""}},
    ]:
        acc.add(chunk_dict(delta={"tool_calls": [fragment]}))
    assert [(c["id"], c["function"]["arguments"]) for c in acc.tool_calls] == [("a", '{"x": 1}'), ("b", "{}")]


def test_reading_tool_calls_after_every_fragment_keeps_the_parts_joined() -> None:
    """Each read joins only the fragments added since the last read, as content does: not quadratic."""
    acc = StreamAccumulator()
    acc.add(
        chunk_dict(
            delta={"tool_calls": [{"index": 0, "id": "c", "function": {"name": "f", "arguments": ""}}]}
        )
    )
    for i in range(50):
        acc.add(chunk_dict(delta={"tool_calls": [{"index": 0, "function": {"arguments": str(i % 10)}}]}))
        assert acc.tool_calls[0]["function"]["arguments"].endswith(str(i % 10))
        assert len(acc._choices[0].tool_calls[0].arguments) == 1  # kept joined, not re-joined from 50 parts
    assert (
        acc.to_dict()["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] == "0123456789" * 5
    )


def _legacy_function_call() -> list[dict[str, Any]]:
    """The deprecated functions= API (older Azure API versions): delta.function_call fragments."""
    return [
        chunk_dict(
            delta={
                "role": "assistant",
                "content": None,
                "function_call": {"name": "get_weather", "arguments": ""},
            }
        ),
        chunk_dict(delta={"function_call": {"arguments": '{"city"'}}),
        chunk_dict(delta={"function_call": {"arguments": ': "Paris"}'}}),
        chunk_dict(delta={}, finish_reason="function_call"),
    ]


def test_legacy_function_call_is_folded_as_the_sdk_does() -> None:
    """delta.function_call fragments fold into message.function_call, name and joined arguments, as in the SDK."""
    acc = StreamAccumulator()
    for d in _legacy_function_call():
        acc.add(d)
    message = acc.to_dict()["choices"][0]["message"]
    assert message["function_call"] == {"name": "get_weather", "arguments": '{"city": "Paris"}'}
    assert acc.common_finish_reasons == ["tool_calls"]
    openai = pytest.importorskip("openai")
    theirs = sdk_fold(
        [openai.types.chat.ChatCompletionChunk.model_validate(d) for d in _legacy_function_call()]
    )
    assert theirs["choices"][0]["message"]["function_call"] == message["function_call"]


def test_azure_blank_first_chunk_does_not_set_created() -> None:
    """created skips Azure's blank first chunk (created 0), as id and model do."""
    acc = StreamAccumulator()
    chunks = read_capture(COMPATIBLE / "azure-text.sse")
    assert chunks[0]["created"] == 0
    for d in chunks:
        acc.add(d)
    result = acc.to_dict()
    assert (result["created"], result["id"], result["model"]) == (
        1766400499,
        "chatcmpl-CpXkZTBEYS0LUlTcALth5AsNCMGzM",
        "gpt-5-mini-2025-08-07",
    )


def test_choice_zero_answers_even_when_another_speaks_first() -> None:
    """With n > 1, content and the other choice-0 properties are choice 0's: "" until it sends something."""
    acc = StreamAccumulator()
    acc.add(
        chunk_dict(
            choices=[
                {
                    "index": 1,
                    "delta": {
                        "content": "one",
                        "tool_calls": [{"index": 0, "id": "t", "function": {"name": "f", "arguments": ""}}],
                    },
                }
            ]
        )
    )
    assert (acc.content, acc.tool_calls, acc.refusal, acc.audio) == ("", [], "", None)
    acc.add(chunk_dict(choices=[{"index": 0, "delta": {"content": "zero"}}]))
    assert acc.content == "zero"


def test_sdk_chunks_and_dicts_fold_to_the_same_dict() -> None:
    """to_dict() of a stream given as SDK objects equals the same stream as dicts: no nulls the server never sent."""
    openai = pytest.importorskip("openai")
    for path in [p.values[0] for p in CAPTURE_PARAMS]:
        dicts = read_capture(Path(path))
        by_dict, by_sdk = StreamAccumulator(), StreamAccumulator()
        for d in dicts:
            by_dict.add(d)
            by_sdk.add(openai.types.chat.ChatCompletionChunk.model_validate(d))
        assert by_sdk.to_dict() == by_dict.to_dict(), path


def test_a_value_nested_600_deep_is_copied_not_a_recursion_error() -> None:
    """A usage and logprobs nested 600 levels deep, which json reads and writes, come out of to_dict() whole."""
    import json

    deep: Any = "bottom"
    for _ in range(600):
        deep = {"next": deep}
    acc = StreamAccumulator()
    acc.add(
        chunk_dict(
            choices=[{"index": 0, "delta": {"content": "x"}, "logprobs": {"content": [deep]}}],
            usage={"prompt_tokens": 1, "extra": deep},
        )
    )
    result = acc.to_dict()
    assert result["usage"]["extra"] == deep
    assert result["choices"][0]["logprobs"]["content"] == [deep]
    assert json.loads(json.dumps(result))["usage"]["extra"] == deep


def test_a_value_that_contains_itself_is_a_chunk_error() -> None:
    """A usage that contains itself (no JSON does) is a ChunkError at usage, never a RecursionError or a hang."""
    loop: dict[str, Any] = {"prompt_tokens": 1}
    loop["self"] = loop
    acc = StreamAccumulator()
    acc.add(chunk_dict(usage=loop))
    with pytest.raises(ChunkError, match=r"^usage: nested more than \d+ levels deep"):
        acc.to_dict()


def test_annotations_are_folded_as_the_sdk_does() -> None:
    """URL citations in an annotations-only delta (search models) are kept in message.annotations, as the SDK keeps them."""
    citation = {
        "type": "url_citation",
        "url_citation": {"url": "https://example.com", "title": "Ex", "start_index": 0, "end_index": 5},
    }
    chunks = [
        chunk_dict(delta={"role": "assistant", "content": "Hello"}),
        chunk_dict(delta={"annotations": [citation]}),
        chunk_dict(delta={}, finish_reason="stop"),
    ]
    acc = StreamAccumulator()
    for d in chunks:
        acc.add(d)
    assert acc.to_dict()["choices"][0]["message"]["annotations"] == [citation]
    openai = pytest.importorskip("openai")
    theirs = sdk_fold([openai.types.chat.ChatCompletionChunk.model_validate(d) for d in chunks])
    assert normalized(theirs["choices"][0]["message"]["annotations"]) == [citation]
    acc.add(chunk_dict(delta={"annotations": [citation]}))  # a second delta extends the list; the SDK raises
    assert acc.to_dict()["choices"][0]["message"]["annotations"] == [citation, citation]


def test_chunk_level_moderation_is_kept_as_the_sdk_keeps_it() -> None:
    """openai 3.x's chunk-level moderation: the last one sent is in to_dict(), as in the SDK's snapshot."""
    openai = pytest.importorskip("openai")
    if "moderation" not in openai.types.chat.ChatCompletionChunk.model_fields:
        pytest.skip("this openai has no chunk-level moderation")
    moderation = {
        "input": {"type": "error", "code": "unavailable", "message": "not moderated"},
        "output": {"type": "error", "code": "unavailable", "message": "not moderated"},
    }
    chunks = [
        chunk_dict(delta={"content": "hi"}),
        chunk_dict(delta={}, finish_reason="stop", moderation=moderation),
    ]
    acc = StreamAccumulator()
    for d in chunks:
        acc.add(d)
    assert acc.to_dict()["moderation"] == moderation
    theirs = sdk_fold([openai.types.chat.ChatCompletionChunk.model_validate(d) for d in chunks])
    assert normalized(theirs["moderation"]) == moderation


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in COMPATIBLE_CAPTURES])
def test_compatible_captures_fold_alike_as_dicts_and_sdk_objects(path: Path) -> None:
    """Azure, Groq, DeepSeek, OpenRouter and Together captures: the same to_dict() from dicts and SDK objects, up to a reported error."""
    openai = pytest.importorskip("openai")
    folds = []
    for as_sdk in (False, True):
        acc = StreamAccumulator()
        for d in read_capture(path):
            chunk = openai.types.chat.ChatCompletionChunk.model_construct(**d) if as_sdk else d
            try:
                acc.add(chunk)
            except StreamError:
                break
        folds.append(acc.to_dict())
    assert folds[0] == folds[1]
    assert folds[0]["choices"] and folds[0]["created"]


def test_values_of_subclassed_and_foreign_kinds_come_out_plain() -> None:
    """to_dict() gives plain str, int and float for subclasses, and a dict for an attribute-shaped usage."""
    from types import SimpleNamespace as NS

    class Ratio(float):
        pass

    acc = StreamAccumulator()
    acc.add(chunk_dict(usage={"prompt_tokens": _Count(3), "note": _Text("n"), "ratio": Ratio(0.5)}))
    usage = acc.to_dict()["usage"]
    assert [type(usage[k]) for k in ("prompt_tokens", "note", "ratio")] == [int, str, float]
    acc.add({"id": "x", "choices": [], "usage": NS(prompt_tokens=4, completion_tokens=None)})
    assert acc.to_dict()["usage"] == {"prompt_tokens": 4}


def test_first_fragment_without_index_or_id_starts_a_call() -> None:
    """A choice's first tool-call fragment with neither index nor id starts call 0."""
    acc = StreamAccumulator()
    acc.add(chunk_dict(delta={"tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]}))
    assert acc.tool_calls == [{"id": None, "type": "function", "function": {"name": "f", "arguments": "{}"}}]


def test_created_is_kept_while_a_blank_id_waits_for_a_real_one() -> None:
    """The first non-blank created is kept while id is still being looked for."""
    acc = StreamAccumulator()
    acc.add({"id": "", "created": 5, "choices": []})
    acc.add({"id": "x", "created": 6, "choices": []})
    assert (acc.id, acc.created) == ("x", 5)


# A character beyond the BMP as a server may split it: the two halves of its
# JSON surrogate pair in two chunks, as escapes (what json.dumps writes).
_HIGH, _LOW = '"\\ud83d"', '"\\ude00"'
_SPLIT_PAIR_STREAMS = {
    "chat content": (
        [
            '{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"Hi "}}]}',
            '{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":' + _HIGH + "}}]}",
            '{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":' + _LOW + "}}]}",
        ],
        lambda acc: (acc.content, acc.to_dict()["choices"][0]["message"]["content"]),
    ),
    "chat tool arguments": (
        [
            '{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t",'
            '"type":"function","function":{"name":"f","arguments":"Hi "}}]}}]}',
            '{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,'
            '"function":{"arguments":' + _HIGH + "}}]}}]}",
            '{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,'
            '"function":{"arguments":' + _LOW + "}}]}}]}",
        ],
        lambda acc: (acc.tool_calls[0]["function"]["arguments"],),
    ),
    "anthropic text": (
        [
            '{"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":1}}}',
            '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
            '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi "}}',
            '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":' + _HIGH + "}}",
            '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":' + _LOW + "}}",
        ],
        lambda acc: (acc.content, acc.to_dict()["content"][0]["text"]),
    ),
    "responses text": (
        [
            '{"type":"response.output_item.added","output_index":0,"item":{"id":"i","type":"message",'
            '"role":"assistant","content":[]}}',
            '{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Hi "}',
            '{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":' + _HIGH + "}",
            '{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":' + _LOW + "}",
        ],
        lambda acc: (acc.content, acc.to_dict()["output"][0]["content"][0]["text"]),
    ),
}


@pytest.mark.parametrize("name", list(_SPLIT_PAIR_STREAMS))
def test_a_surrogate_pair_split_over_two_chunks_folds_to_its_character(name: str) -> None:
    """The fold gives the one character the pair is, text that encodes, where the
    SDKs' accumulators keep two lone surrogates that UTF-8 cannot encode."""
    events, answers = _SPLIT_PAIR_STREAMS[name]
    acc = StreamAccumulator()
    for chunk in wrap_sse("".join(f"data: {event}\n\n" for event in events).encode()):
        acc.add(chunk)
    for answer in answers(acc):
        assert answer == "Hi \U0001f600"
        answer.encode()


def test_a_lone_surrogate_is_kept_as_sent() -> None:
    """Only a pair becomes one character: a lone half stays what the server sent."""
    acc = StreamAccumulator()
    for text in ("a", "\ud83d", "b", "\ude00"):
        acc.add(chunk_dict(delta={"content": text}))
    assert acc.content == "a\ud83db\ude00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("STOP", "STOP", id="str-enum-value"),
        pytest.param(b"\xfb\xff", "+/8=", id="bytes-standard-base64"),
        pytest.param(bytearray(b"\xfb\xff"), "+/8=", id="bytearray"),
        pytest.param("utc", "2025-10-10T15:56:46.229905Z", id="utc-datetime-z"),
        pytest.param("offset", "2025-10-10T15:56:46+02:00", id="offset-datetime"),
    ],
)
def test_plain_gives_json_ready_values(value: Any, expected: str) -> None:
    """plain(): a str-mixin Enum is its value, bytes standard base64, a datetime RFC 3339 ("Z" for UTC)."""
    import enum
    from datetime import datetime, timedelta, timezone

    from chunkwrap._core.plain import plain

    class Reason(str, enum.Enum):
        STOP = "STOP"

    given = (
        {
            "STOP": Reason.STOP,
            "utc": datetime(2025, 10, 10, 15, 56, 46, 229905, tzinfo=timezone.utc),
            "offset": datetime(2025, 10, 10, 15, 56, 46, tzinfo=timezone(timedelta(hours=2))),
        }.get(value, value)
        if isinstance(value, str)
        else value
    )
    assert plain({"a": [given]}, "x") == {"a": [expected]}


def _logprob_chunks() -> list[dict[str, Any]]:
    """content-logprobs.sse's chunks that carry logprobs entries."""
    path = Path(CAPTURE_PARAMS[0].values[0]).with_name("content-logprobs.sse")
    return [
        d
        for d in read_capture(path)
        if d["choices"] and (d["choices"][0].get("logprobs") or {}).get("content")
    ]


def _citation_chunk() -> dict[str, Any]:
    citation = {"type": "url_citation", "url_citation": {"url": "https://example.com", "start_index": 0}}
    return chunk_dict(delta={"annotations": [citation]})


def _copied(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A one-item list counting the entries plain() copies from now on (a list counts its length)."""
    import chunkwrap._core.plain as fields_module

    counted = [0]
    original = fields_module.plain

    def counting(value: Any, path: str) -> Any:
        counted[0] += len(value) if isinstance(value, list) else 1
        return original(value, path)

    monkeypatch.setattr(fields_module, "plain", counting)
    return counted


@pytest.mark.parametrize(
    ("make", "read"),
    [
        pytest.param(
            lambda: _logprob_chunks()[0], lambda d: d["choices"][0]["logprobs"]["content"], id="logprobs"
        ),
        pytest.param(_citation_chunk, lambda d: d["choices"][0]["message"]["annotations"], id="annotations"),
    ],
)
def test_a_read_after_one_more_chunk_copies_only_its_entries(make: Any, read: Any, monkeypatch: Any) -> None:
    """to_dict() after each add copies only the entries added since the last read, not the whole list again."""
    acc = StreamAccumulator()
    for _ in range(1_000):
        acc.add(make())
    assert len(read(acc.to_dict())) == 1_000
    counted = _copied(monkeypatch)
    acc.add(make())
    assert len(read(acc.to_dict())) == 1_001
    assert counted[0] == 1


def test_logprobs_read_after_every_chunk_equal_one_read_at_the_end() -> None:
    """Reading to_dict() after every chunk gives, at the end, what a single read gives, and the SDK's logprobs."""
    openai = pytest.importorskip("openai")
    chunks = read_capture(Path(CAPTURE_PARAMS[0].values[0]).with_name("content-logprobs.sse")) * 3
    each, once = StreamAccumulator(), StreamAccumulator()
    for d in chunks:
        each.add(d)
        once.add(d)
        each.to_dict()
    assert each.to_dict() == once.to_dict()
    theirs = sdk_fold([openai.types.chat.ChatCompletionChunk.model_validate(d) for d in chunks])
    assert normalized(each.to_dict()["choices"][0]["logprobs"]) == normalized(
        theirs["choices"][0]["logprobs"]
    )


def test_to_dict_lists_are_extended_by_later_reads_and_deepcopy_keeps_a_snapshot() -> None:
    """The logprobs list to_dict() gives is the one later reads extend; copy.deepcopy() of it stays as it was."""
    acc = StreamAccumulator()
    acc.add(_logprob_chunks()[0])
    first = acc.to_dict()
    snapshot = copy.deepcopy(first)
    acc.add(_logprob_chunks()[1])
    later = acc.to_dict()
    assert first["choices"][0]["logprobs"]["content"] is later["choices"][0]["logprobs"]["content"]
    assert len(snapshot["choices"][0]["logprobs"]["content"]) == 1
    assert len(later["choices"][0]["logprobs"]["content"]) == 2


def test_an_audio_read_after_one_more_fragment_encodes_only_that_fragment(monkeypatch: Any) -> None:
    """to_dict()'s audio data after one more fragment base64-encodes that fragment (and a padded tail), not all the audio."""
    import chunkwrap._chat.choice as choice_module

    pieces = [bytes(range(256)) * 4] * 200 + [b"\x01\x02"]  # 1,024 bytes each, then 2: a padded tail
    acc = StreamAccumulator()
    for d in audio_stream(pieces):
        acc.add(d)
    acc.to_dict()
    encoded = [0]
    original = choice_module.b64encode

    def counting(data: Any) -> bytes:
        encoded[0] += len(data)
        return original(data)

    monkeypatch.setattr(choice_module, "b64encode", counting)
    acc.add(chunk_dict(delta={"audio": {"data": base64.b64encode(b"\x03" * 1_024).decode()}}))
    data = acc.to_dict()["choices"][0]["message"]["audio"]["data"]
    assert base64.b64decode(data) == b"".join(pieces) + b"\x03" * 1_024
    assert encoded[0] <= 1_024 + 2


def test_audio_is_the_same_bytes_until_more_audio_comes() -> None:
    """acc.audio read twice with no audio between gives the same bytes object, built once; new audio gives new bytes."""
    acc = StreamAccumulator()
    for d in audio_stream([b"\x01\x02\x03", b"\x04"]):
        acc.add(d)
    first = acc.audio
    assert first == b"\x01\x02\x03\x04"
    assert acc.audio is first
    acc.add(chunk_dict(delta={"audio": {"data": base64.b64encode(b"\x05").decode()}}))
    assert acc.audio == b"\x01\x02\x03\x04\x05"


def _sdk_fold_of(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The capture's to_dict() and the SDK's snapshot, both up to a reported error."""
    openai = pytest.importorskip("openai")
    from openai._models import construct_type

    acc, models = StreamAccumulator(), []
    for d in read_capture(path):
        try:
            acc.add(d)
        except StreamError:
            break
        models.append(construct_type(type_=openai.types.chat.ChatCompletionChunk, value=d))
    return acc.to_dict(), sdk_fold(models)


# Where the SDK builds what no server sent, or keeps a first chunk's value
# where a later one says more; each has its own test below.
_NOT_AS_THE_SDK = {
    "id",  # Azure's blank first chunk: the first non-blank one
    "model",
    "created",
    "reasoning",  # folded into reasoning_content
    "reasoning_content",
    "role",  # the SDK concatenates "assistant" from every delta
    "channel",  # a label: the SDK concatenates it
    "reasoning_details",  # its "format" label, concatenated by the SDK
    "native_finish_reason",  # the latest wins: the SDK keeps the first chunk's null
    "x_groq",  # the first chunk's id and seed beside the last one's usage
}


def _compared(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in normalized(fields).items() if k not in _NOT_AS_THE_SDK and k != "choices"}


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
def test_to_dict_keeps_every_field_the_sdk_keeps(path: Path) -> None:
    """Every capture: each top-level, choice and message field the SDK's snapshot holds, to_dict() holds with the same value."""
    mine, theirs = _sdk_fold_of(path)
    assert _compared(mine) == _compared(theirs)
    assert len(mine["choices"]) == len(theirs["choices"])
    for my_choice, their_choice in zip(mine["choices"], theirs["choices"]):
        assert _compared({**my_choice, "message": None}) == _compared({**their_choice, "message": None})
        assert _compared(my_choice["message"]) == _compared(their_choice["message"])
        assert set(normalized(their_choice["message"])) - _NOT_AS_THE_SDK <= set(my_choice["message"])


def test_openrouter_reasoning_details_come_out_with_their_signature() -> None:
    """OpenRouter's reasoning_details merge by index into the SDK's entry, signature whole, with the format sent once (the SDK repeats it)."""
    mine, theirs = _sdk_fold_of(COMPATIBLE / "openrouter-reasoning.sse")
    [detail] = mine["choices"][0]["message"]["reasoning_details"]
    [their_detail] = theirs["choices"][0]["message"]["reasoning_details"]
    assert detail == {**their_detail, "format": "anthropic-claude-v1"}
    assert detail["text"] == "This is a simple arithmetic question. 2+2 equals 4."
    assert detail["signature"].startswith("Et0BCkgI") and len(detail["signature"]) > 300
    assert their_detail["format"] == "anthropic-claude-v1" * 6


@pytest.mark.parametrize(
    ("capture", "where", "name", "expected"),
    [
        pytest.param(
            "openrouter-reasoning.sse", "choice", "native_finish_reason", "stop", id="native-finish-reason"
        ),
        pytest.param("openrouter-reasoning.sse", "top", "provider", "Google", id="openrouter-provider"),
        pytest.param(
            "groq-reasoning-tool-call.sse", "message", "channel", "analysis", id="groq-channel-label"
        ),
    ],
)
def test_fields_the_fold_does_not_read_are_kept(capture: str, where: str, name: str, expected: str) -> None:
    """Top-level, choice and delta fields the fold does not read are in to_dict(), the latest value or a label sent once."""
    mine, _ = _sdk_fold_of(COMPATIBLE / capture)
    found = {"top": mine, "choice": mine["choices"][0], "message": mine["choices"][0]["message"]}[where][name]
    assert expected in found


def test_x_groq_keeps_the_first_chunks_id_beside_the_last_ones_usage() -> None:
    """x_groq, sent in the first and the last chunk, merges key by key: id and seed from the first, usage from the last."""
    mine, theirs = _sdk_fold_of(COMPATIBLE / "groq-reasoning-tool-call.sse")
    assert mine["x_groq"]["id"] == theirs["x_groq"]["id"]
    assert mine["x_groq"]["seed"] == theirs["x_groq"]["seed"]
    assert mine["x_groq"]["usage"]["total_tokens"] == 353


def test_azure_prompt_filter_results_are_kept_and_obfuscation_dropped() -> None:
    """Azure's first-chunk prompt_filter_results are kept; the obfuscation padding is dropped, as the SDK drops it."""
    mine, theirs = _sdk_fold_of(COMPATIBLE / "azure-text.sse")
    assert mine["prompt_filter_results"] == theirs["prompt_filter_results"]
    assert mine["prompt_filter_results"][0]["prompt_index"] == 0
    assert "obfuscation" not in mine and "obfuscation" not in theirs


@pytest.mark.parametrize(
    ("deltas", "expected"),
    [
        pytest.param([{"x": "ab"}, {"x": "cd"}], "abcd", id="strings-concatenated"),
        pytest.param(
            [{"x": {"a": "b", "n": 1}}, {"x": {"a": "c", "m": 2}}],
            {"a": "bc", "n": 1, "m": 2},
            id="objects-merged",
        ),
        pytest.param([{"x": [1, 2]}, {"x": [3]}], [1, 2, 3], id="list-extended"),
        pytest.param(
            [{"x": [{"index": 0, "t": "a"}]}, {"x": [{"index": 1, "t": "b"}, {"index": 0, "t": "c"}]}],
            [{"index": 0, "t": "ac"}, {"index": 1, "t": "b"}],
            id="list-merged-by-index",
        ),
        pytest.param(
            [{"x": [{"t": "a"}]}, {"x": [{"t": "b"}]}],
            [{"t": "a"}, {"t": "b"}],
            id="entries-without-index-appended",
        ),
        pytest.param(
            [{"x": {"type": "t", "id": "i"}}, {"x": {"type": "t", "id": "i"}}],
            {"type": "t", "id": "i"},
            id="labels-once",
        ),
        pytest.param([{"x": 3}, {"x": 4}], 4, id="number-latest"),
        pytest.param([{"x": True}, {"x": False}], False, id="boolean-latest"),
        pytest.param([{"x": "a"}, {"x": None}], "a", id="null-does-not-replace"),
        pytest.param([{"x": None}], None, id="null-kept-when-alone"),
        pytest.param([{"content": None, "x": "a"}, {"content": "", "x": "b"}], "ab", id="beside-content"),
        pytest.param(
            [{"tool_calls": [{"index": 0, "function": {"arguments": "{"}}], "x": "a"}],
            "a",
            id="beside-a-tool-call",
        ),
        pytest.param([{"x": "a"}, {"x": {"b": 1}}], {"b": 1}, id="other-kind-replaces"),
    ],
)
def test_unread_delta_fields_merge_by_the_documented_rule(
    deltas: list[dict[str, Any]], expected: Any
) -> None:
    """A delta field the fold does not read merges into the message: strings joined, objects and indexed lists merged, labels and numbers the latest."""
    acc = StreamAccumulator()
    for delta in deltas:
        acc.add(chunk_dict(delta=delta))
    assert acc.to_dict()["choices"][0]["message"]["x"] == expected


def test_unread_fields_fold_alike_from_sdk_chunks() -> None:
    """An SDK chunk's extras (a top-level, choice and delta field) fold as the same dicts do."""
    openai = pytest.importorskip("openai")
    chunks = read_capture(COMPATIBLE / "openrouter-reasoning.sse")
    folds = []
    for as_sdk in (False, True):
        acc = StreamAccumulator()
        for d in chunks:
            acc.add(openai.types.chat.ChatCompletionChunk.model_validate(d) if as_sdk else d)
        folds.append(acc.to_dict())
    assert folds[0] == folds[1]
    assert folds[1]["provider"] == "Google"


def test_a_tool_calls_unread_fields_are_kept_as_the_sdk_keeps_them() -> None:
    """A tool-call fragment's extra field (Gemini's extra_content, its thought signature) is kept in the call, as in the SDK's."""
    openai = pytest.importorskip("openai")
    signature = {"google": {"thought_signature": "c2lnbmF0dXJl"}}
    call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    chunks = [
        chunk_dict(delta={"role": "assistant", "tool_calls": [{**call, "extra_content": signature}]}),
        chunk_dict(delta={}, finish_reason="tool_calls"),
    ]
    acc = StreamAccumulator()
    for d in chunks:
        acc.add(d)
    assert acc.tool_calls[0]["extra_content"] == signature
    theirs = sdk_fold([openai.types.chat.ChatCompletionChunk.model_validate(d) for d in chunks])
    mine = acc.to_dict()["choices"][0]["message"]["tool_calls"]
    assert normalized(mine) == normalized(theirs["choices"][0]["message"]["tool_calls"])


def test_a_choice_level_message_does_not_replace_the_folded_one() -> None:
    """A chunk's choice carrying its own "message" (a field the fold does not read) leaves the folded message as it is."""
    acc = StreamAccumulator()
    acc.add(chunk_dict(delta={"content": "Hi"}))
    acc.add(
        chunk_dict(choices=[{"index": 0, "delta": {}, "finish_reason": "stop", "message": {"content": "x"}}])
    )
    assert acc.to_dict()["choices"][0]["message"]["content"] == "Hi"


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("chunks", "path"),
    [
        pytest.param(
            [chunk_dict(delta={"x": _nested(5_000)})], r"choices\[0\]\.delta\.x: nested too deep", id="delta"
        ),
        pytest.param(
            [chunk_dict(delta={}, provider=_nested(5_000)), chunk_dict(choices=[], provider=_nested(5_000))],
            r"^provider: nested too deep",
            id="top-level",
        ),
    ],
)
def test_an_unread_field_too_deep_to_merge_is_a_chunk_error(chunks: list[dict[str, Any]], path: str) -> None:
    """An unread field nested deeper than Python's recursion limit raises ChunkError naming it, never RecursionError."""
    acc = StreamAccumulator()
    with pytest.raises(ChunkError, match=path):
        for d in chunks:
            acc.add(d)


def test_an_unread_field_too_deep_to_read_is_a_chunk_error() -> None:
    """A merged unread field that the recursion limit at read time cannot reach raises ChunkError naming it."""
    import sys

    acc = StreamAccumulator()
    acc.add(chunk_dict(delta={"x": _nested(300)}))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        with pytest.raises(ChunkError, match=r"^choices\[0\]\.delta\.x: nested too deep to read"):
            acc.to_dict()
    finally:
        sys.setrecursionlimit(limit)


def test_every_field_an_sdk_delta_declares_is_one_the_fold_reads() -> None:
    """An SDK delta without extras skips the look for unread fields: that holds while the fold reads each field the SDK declares."""
    pytest.importorskip("openai")
    from openai.types.chat.chat_completion_chunk import ChoiceDelta

    from chunkwrap._chat.choice import DELTA_READ

    assert set(ChoiceDelta.model_fields) <= DELTA_READ
