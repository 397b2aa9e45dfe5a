"""GeminiCallResponseChunk: a Gemini stream chunk, from the wire's JSON or the google-genai SDK's model."""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwrap import (
    CallResponseChunk,
    ChunkError,
    CostMetadata,
    GeminiCallResponseChunk,
    OpenAIDictChunk,
    StreamAccumulator,
    StreamError,
    Usage,
    awrap_sse,
    wrap,
    wrap_sse,
)
from chunkwrap._formats import format_of, kind_of
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import SHARED_FIXTURES
from .helpers import FOLD_ANSWERS as ANSWERS
from .helpers import gemini_model, named_answers, read_events, records

CAPTURES = sorted((SHARED_FIXTURES / "gemini").glob("*.sse"))
CAPTURE_PARAMS = [pytest.param(p, id=p.stem) for p in CAPTURES]


def capture(stem: str) -> list[dict[str, Any]]:
    return read_events(SHARED_FIXTURES / "gemini" / f"{stem}.sse")


def chunk_of(
    *parts: dict[str, Any], finish: str | None = None, usage: dict[str, Any] | None = None
) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": list(parts)}, "index": 0}
    if finish is not None:
        candidate["finishReason"] = finish
    chunk: dict[str, Any] = {
        "candidates": [candidate],
        "modelVersion": "gemini-2.5-flash",
        "responseId": "r1",
    }
    if usage is not None:
        chunk["usageMetadata"] = usage
    return chunk


def answers(w: Any) -> dict[str, Any]:
    return named_answers(w, ANSWERS)


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_dicts_and_sdk_models_give_equal_answers(path: Path) -> None:
    """Every captured chunk answers the same as a dict and as google-genai's own model of it."""
    for chunk in read_events(path):
        model = gemini_model(chunk, vertex=path.stem.startswith("vertex"))
        assert answers(GeminiCallResponseChunk(chunk)) == answers(GeminiCallResponseChunk(model))


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_a_mapping_that_is_no_dict_answers_as_the_dict(path: Path) -> None:
    """The general path (a Mapping, not a dict) gives what the dict fast path gives."""
    for chunk in read_events(path):
        assert answers(GeminiCallResponseChunk(records(chunk))) == answers(GeminiCallResponseChunk(chunk))


def test_content_is_every_non_thought_text_part_joined() -> None:
    """content joins candidate 0's text parts (not the first only); thought parts are reasoning."""
    w = GeminiCallResponseChunk(
        chunk_of(
            {"text": "Plan. ", "thought": True},
            {"text": "Hello, "},
            {"text": "world"},
            {"text": "Why.", "thought": True},
        )
    )
    assert (w.content, w.reasoning, w.refusal) == ("Hello, world", "Plan. Why.", "")


def test_thought_parts_are_reasoning_in_a_real_capture() -> None:
    """The thinking capture: four chunks of thought text, then the answer."""
    wrappers = [GeminiCallResponseChunk(c) for c in capture("gemini-2.5-flash-thinking-thought-parts")]
    assert [bool(w.reasoning) for w in wrappers] == [True, True, True, True, False]
    assert "".join(w.content for w in wrappers) == "3" and wrappers[0].content == ""
    assert wrappers[0].reasoning.startswith("**Analyzing Prime Substrings**")


def test_a_thought_signature_part_adds_no_text() -> None:
    """Gemini 3's last chunk: an empty text part with a thoughtSignature gives "" and the finish reason."""
    last = GeminiCallResponseChunk(capture("gemini-3-pro-preview-thinking-response-schema")[-1])
    assert (last.content, last.reasoning, last.finish_reasons) == ("", "", ["STOP"])


def test_parallel_function_calls_in_the_chat_shape() -> None:
    """Each functionCall part is a whole tool call, arguments compact JSON text; STOP is tool_calls."""
    w = GeminiCallResponseChunk(capture("gemini-2.0-flash-tool-call-parallel")[0])
    assert w.tool_calls == [
        {
            "index": 0,
            "id": None,
            "type": "function",
            "function": {"name": "secret_retrieval_tool", "arguments": '{"password":"mellon"}'},
        },
        {
            "index": 1,
            "id": None,
            "type": "function",
            "function": {"name": "secret_retrieval_tool", "arguments": '{"password":"radiance"}'},
        },
    ]
    assert (w.finish_reasons, w.common_finish_reasons) == (["STOP"], ["tool_calls"])


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            {"name": "f", "args": {"city": "Zürich", "n": [1, 2]}},
            '{"city":"Zürich","n":[1,2]}',
            id="non-ascii-as-is",
        ),
        pytest.param({"name": "f"}, "{}", id="no-args"),
        pytest.param({"name": "f", "args": {}}, "{}", id="empty-args"),
        pytest.param(
            {"name": "f", "args": {"b": 1, "a": {"z": None}}}, '{"b":1,"a":{"z":null}}', id="order-as-sent"
        ),
    ],
)
def test_arguments_are_the_args_as_compact_json(call: dict[str, Any], expected: str) -> None:
    """arguments: args as compact JSON, UTF-8 as is, keys in the order sent; no args is {}."""
    w = GeminiCallResponseChunk(chunk_of({"functionCall": call}))
    assert w.tool_calls[0]["function"]["arguments"] == expected
    assert GeminiCallResponseChunk(records(chunk_of({"functionCall": call}))).tool_calls == w.tool_calls


def test_a_vertex_call_keeps_its_own_id() -> None:
    """Vertex AI sends the call's id: it is the tool call's id."""
    w = GeminiCallResponseChunk(chunk_of({"functionCall": {"id": "call-7", "name": "f", "args": {"a": 1}}}))
    assert w.tool_calls[0]["id"] == "call-7"


@pytest.mark.parametrize(
    ("reason", "common"),
    [
        pytest.param("STOP", "stop", id="STOP"),
        pytest.param("MAX_TOKENS", "length", id="MAX_TOKENS"),
        *(
            pytest.param(r, "content_filter", id=r)
            for r in (
                "SAFETY",
                "RECITATION",
                "BLOCKLIST",
                "PROHIBITED_CONTENT",
                "SPII",
                "IMAGE_SAFETY",
                "IMAGE_PROHIBITED_CONTENT",
                "IMAGE_RECITATION",
                "MODEL_ARMOR",
            )
        ),
        *(
            pytest.param(r, r, id=r)
            for r in (
                "MALFORMED_FUNCTION_CALL",
                "OTHER",
                "LANGUAGE",
                "FINISH_REASON_UNSPECIFIED",
                "UNEXPECTED_TOOL_CALL",
                "A_REASON_NOT_KNOWN_YET",
            )
        ),
    ],
)
def test_each_finish_reason(reason: str, common: str) -> None:
    """finish_reasons is the raw value; common_finish_reasons maps it, and never to stop but for STOP."""
    w = GeminiCallResponseChunk(chunk_of({"text": "x"}, finish=reason))
    assert (w.finish_reasons, w.common_finish_reasons) == ([reason], [common])
    assert CallResponseChunk(w).finish_reasons == [common]


def test_max_tokens_capture_is_length() -> None:
    """The real MAX_TOKENS chunk is length, with the thinking tokens in the output."""
    w = GeminiCallResponseChunk(capture("gemini-2.5-flash-max-tokens")[0])
    assert (w.common_finish_reasons, w.input_tokens, w.output_tokens, w.reasoning_tokens) == (
        ["length"],
        9,
        48,
        38,
    )


@pytest.mark.parametrize(
    "reason", ["SAFETY", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "IMAGE_SAFETY", "JAILBREAK"]
)
def test_a_blocked_prompt_is_content_filter(reason: str) -> None:
    """promptFeedback.blockReason with no candidates: finish_reasons gives it, common content_filter."""
    chunk = {
        "promptFeedback": {"blockReason": reason, "safetyRatings": []},
        "usageMetadata": {"promptTokenCount": 7, "totalTokenCount": 7},
        "modelVersion": "gemini-2.5-flash",
        "responseId": "r2",
    }
    for w in (GeminiCallResponseChunk(chunk), GeminiCallResponseChunk(gemini_model(chunk))):
        assert (w.content, w.finish_reasons, w.common_finish_reasons) == ("", [reason], ["content_filter"])
        assert (w.input_tokens, w.output_tokens, w.tool_calls) == (7, None, [])


def test_a_chunk_while_the_answer_goes_on_has_no_finish_reason() -> None:
    """No finishReason and no block: [] both ways."""
    w = GeminiCallResponseChunk(capture("gemini-2.0-flash-text")[0])
    assert (w.finish_reasons, w.common_finish_reasons) == ([], [])


def test_token_counts_in_chunkwraps_one_meaning() -> None:
    """input counts the tool-use prompt, output the thoughts; input plus output is totalTokenCount."""
    for chunk in capture("gemini-2.5-pro-code-execution-thought"):
        w = GeminiCallResponseChunk(chunk)
        assert w.input_tokens is not None and w.output_tokens is not None
        assert w.input_tokens + w.output_tokens == chunk["usageMetadata"]["totalTokenCount"]
        assert w.common_usage == Usage(
            w.input_tokens, 0, w.output_tokens, chunk["usageMetadata"]["totalTokenCount"]
        )
    last = GeminiCallResponseChunk(capture("gemini-2.5-pro-code-execution-thought")[2])
    assert (last.input_tokens, last.output_tokens, last.reasoning_tokens) == (46 + 356, 110 + 396, 396)


def test_cached_tokens_are_counted_in_the_prompt() -> None:
    """cachedContentTokenCount is cached_tokens, and already in promptTokenCount (so in input_tokens)."""
    usage = {
        "promptTokenCount": 1000,
        "cachedContentTokenCount": 800,
        "candidatesTokenCount": 5,
        "totalTokenCount": 1005,
    }
    w = GeminiCallResponseChunk(chunk_of({"text": "x"}, usage=usage))
    assert (w.input_tokens, w.cached_tokens, w.output_tokens) == (1000, 800, 5)
    assert w.cost_metadata == CostMetadata(input_tokens=1000, output_tokens=5, cached_tokens=800)
    assert w.common_usage == Usage(1000, 800, 5, 1005)


def test_a_usage_without_counts_counts_nothing() -> None:
    """Vertex AI's intermediate usageMetadata holds trafficType only: every count None, common_usage None."""
    w = GeminiCallResponseChunk(capture("vertex-gemini-2.5-flash-text")[0])
    assert w.usage == {"trafficType": "ON_DEMAND"}
    assert (w.input_tokens, w.output_tokens, w.cached_tokens, w.reasoning_tokens, w.common_usage) == (
        None,
    ) * 5


def test_model_and_id_are_model_version_and_response_id() -> None:
    """model is modelVersion, id is responseId, on every chunk."""
    w = GeminiCallResponseChunk(capture("vertex-gemini-2.5-flash-text")[0])
    assert (w.model, w.id) == ("gemini-2.5-flash", "vizpaJGEDvXZnvgPisGa2A0")


def test_an_sdk_enum_reads_as_its_value() -> None:
    """The SDK's FinishReason enum is the wire's string, not 'FinishReason.STOP'."""
    model = gemini_model(capture("gemini-2.5-flash-max-tokens")[0])
    assert GeminiCallResponseChunk(model).finish_reasons == ["MAX_TOKENS"]
    assert type(GeminiCallResponseChunk(model).finish_reasons[0]) is str


def _set(chunk: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    chunk = copy.deepcopy(chunk)
    target: Any = chunk
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return chunk


BASE = chunk_of(
    {"text": "hi"}, {"functionCall": {"name": "f", "args": {}}}, finish="STOP", usage={"promptTokenCount": 1}
)


@pytest.mark.parametrize(
    ("path", "value", "read", "message"),
    [
        pytest.param(
            ("candidates",), 5, "content", r"^candidates: expected a list, got int$", id="candidates"
        ),
        pytest.param(
            ("candidates", 0), "x", "content", r"^candidates\[0\]: expected an object", id="candidate"
        ),
        pytest.param(
            ("candidates", 0, "content"),
            [],
            "content",
            r"^candidates\[0\]\.content: expected an object",
            id="body",
        ),
        pytest.param(
            ("candidates", 0, "content", "parts"),
            {},
            "content",
            r"^candidates\[0\]\.content\.parts: expected a list",
            id="parts",
        ),
        pytest.param(
            ("candidates", 0, "content", "parts", 0),
            3,
            "content",
            r"^candidates\[0\]\.content\.parts\[0\]: expected an object",
            id="part",
        ),
        pytest.param(
            ("candidates", 0, "content", "parts", 0, "text"),
            5,
            "content",
            r"^candidates\[0\]\.content\.parts\[0\]\.text: expected a string, got int$",
            id="text",
        ),
        pytest.param(
            ("candidates", 0, "content", "parts", 0, "thought"),
            "yes",
            "reasoning",
            r"^candidates\[0\]\.content\.parts\[0\]\.thought: expected a boolean, got str$",
            id="thought",
        ),
        pytest.param(
            ("candidates", 0, "content", "parts", 1, "functionCall"),
            "f",
            "tool_calls",
            r"^candidates\[0\]\.content\.parts\[1\]\.functionCall: expected an object",
            id="function-call",
        ),
        pytest.param(
            ("candidates", 0, "content", "parts", 1, "functionCall", "name"),
            None,
            "tool_calls",
            r"^candidates\[0\]\.content\.parts\[1\]\.functionCall\.name: expected a string, got null$",
            id="function-name",
        ),
        pytest.param(
            ("candidates", 0, "content", "parts", 1, "functionCall", "args"),
            [1],
            "tool_calls",
            r"^candidates\[0\]\.content\.parts\[1\]\.functionCall\.args: expected an object, got list$",
            id="function-args",
        ),
        pytest.param(
            ("candidates", 0, "finishReason"),
            1,
            "finish_reasons",
            r"^candidates\[0\]\.finishReason: expected a string, got int$",
            id="finish-reason",
        ),
        pytest.param(
            ("usageMetadata",), 3, "input_tokens", r"^usageMetadata: expected an object, got int$", id="usage"
        ),
        pytest.param(
            ("usageMetadata", "promptTokenCount"),
            "1",
            "input_tokens",
            r"^usageMetadata\.promptTokenCount: expected an integer, got str$",
            id="prompt-tokens",
        ),
        pytest.param(
            ("usageMetadata", "thoughtsTokenCount"),
            True,
            "output_tokens",
            r"^usageMetadata\.thoughtsTokenCount: expected an integer, got bool$",
            id="thought-tokens",
        ),
        pytest.param(
            ("usageMetadata", "cachedContentTokenCount"),
            1.5,
            "cached_tokens",
            r"^usageMetadata\.cachedContentTokenCount: expected an integer",
            id="cached-tokens",
        ),
        pytest.param(
            ("modelVersion",), 2, "model", r"^modelVersion: expected a string, got int$", id="model"
        ),
        pytest.param(("responseId",), [], "id", r"^responseId: expected a string, got list$", id="id"),
        pytest.param(
            ("promptFeedback",), "x", "finish_reasons", r"^promptFeedback: expected an object", id="feedback"
        ),
    ],
)
def test_a_wrong_typed_field_names_its_camel_case_path(
    path: tuple[Any, ...], value: Any, read: str, message: str
) -> None:
    """A wrong-typed field is a ChunkError at its wire path, from a dict and from an SDK model alike."""
    chunk = _set(BASE, path, value)
    if path == ("promptFeedback",):
        chunk.pop("candidates")
    with pytest.raises(ChunkError, match=message):
        getattr(GeminiCallResponseChunk(chunk), read)
    with pytest.raises(ChunkError, match=message):
        getattr(GeminiCallResponseChunk(records(chunk)), read)


@pytest.mark.parametrize(
    ("make", "read", "message"),
    [
        pytest.param(
            lambda m: m.candidates[0].content.parts[0].__dict__.update(text=5),
            "content",
            r"^candidates\[0\]\.content\.parts\[0\]\.text: expected a string, got int$",
            id="text",
        ),
        pytest.param(
            lambda m: m.usage_metadata.__dict__.update(prompt_token_count="9"),
            "input_tokens",
            r"^usageMetadata\.promptTokenCount: expected an integer, got str$",
            id="prompt-tokens",
        ),
        pytest.param(
            lambda m: m.__dict__.update(model_version=3),
            "model",
            r"^modelVersion: expected a string, got int$",
            id="model",
        ),
    ],
)
def test_an_sdk_model_names_the_camel_case_path_too(make: Any, read: str, message: str) -> None:
    """An SDK model built without validation, wrong-typed: the error names the wire's camelCase path."""
    model = gemini_model(capture("gemini-2.5-flash-max-tokens")[0])
    make(model)
    with pytest.raises(ChunkError, match=message):
        getattr(GeminiCallResponseChunk(model), read)


def test_a_chunk_that_is_no_object_is_a_chunk_error() -> None:
    """A non-object handed to the wrapper names <chunk>."""
    with pytest.raises(ChunkError, match=r"^<chunk>: "):
        _ = GeminiCallResponseChunk(5).content


def test_each_answer_is_read_once_then_kept() -> None:
    """Values are cached: a second read is the very same object."""
    w = GeminiCallResponseChunk(capture("gemini-2.0-flash-tool-call-parallel")[0])
    for name in ANSWERS:
        assert getattr(w, name) is getattr(w, name), name


def test_frozen_slotted_pickled_and_equal_by_chunk() -> None:
    """Like the other wrappers: frozen, no __dict__, equal by chunk, pickles its chunk only."""
    chunk = capture("gemini-2.5-flash-max-tokens")[0]
    w = GeminiCallResponseChunk(chunk)
    assert w.content
    assert not hasattr(w, "__dict__")
    with pytest.raises(AttributeError):
        w.chunk = {}  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(w))
    assert again == w and again.chunk == chunk and answers(again) == answers(w)
    assert str(w) == w.content
    assert not hasattr(w, "type")


def test_satisfies_the_protocol_and_the_agnostic_view() -> None:
    """The protocol holds, and CallResponseChunk gives the common names."""
    w = GeminiCallResponseChunk(capture("gemini-2.0-flash-tool-call-parallel")[0])
    c = CallResponseChunk(w)
    assert isinstance(w, BaseCallResponseChunk) and isinstance(c, BaseCallResponseChunk)
    assert (c.finish_reasons, c.usage, c.id, c.model) == (["tool_calls"], Usage(37, 0, 18, 55), w.id, w.model)
    assert c.reasoning == "" and c.tool_calls == w.tool_calls


# --- routing: wrap(), the wire, the accumulator's rule -------------------------------


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_wrap_picks_gemini_for_dicts_and_sdk_models(path: Path) -> None:
    """wrap() of each captured chunk, a dict or the SDK's model, is a GeminiCallResponseChunk of that very object."""
    for chunk in read_events(path):
        model = gemini_model(chunk, vertex=path.stem.startswith("vertex"))
        for obj in (chunk, model, records(chunk)):
            w = wrap(obj)
            assert type(w) is GeminiCallResponseChunk and w.chunk is obj


def test_wrap_unwraps_a_wrapper_of_a_gemini_chunk() -> None:
    """An object that wraps a Gemini chunk (Mirascope's, CallResponseChunk) gives a wrapper of that chunk."""
    chunk = capture("gemini-2.5-flash-max-tokens")[0]
    model = gemini_model(chunk)
    assert wrap(CallResponseChunk(GeminiCallResponseChunk(chunk))).chunk is chunk
    mirascope_like = SimpleNamespace(chunk=model)
    w = wrap(mirascope_like)
    assert type(w) is GeminiCallResponseChunk and w.chunk is model


@pytest.mark.parametrize(
    "chunk",
    [
        pytest.param({"usageMetadata": {"promptTokenCount": 3}}, id="usage-only"),
        pytest.param({"promptFeedback": {"blockReason": "SAFETY"}}, id="blocked-prompt"),
        pytest.param({"candidates": []}, id="no-candidates"),
    ],
)
def test_each_gemini_member_makes_a_gemini_chunk(chunk: dict[str, Any]) -> None:
    """candidates, usageMetadata or promptFeedback alone: a Gemini chunk, by wrap() and on the wire."""
    assert format_of(chunk) == "gemini" and type(wrap(chunk)) is GeminiCallResponseChunk
    got = list(wrap_sse(f"data: {json.dumps(chunk)}\r\n\r\n".encode()))
    assert [type(w) for w in got] == [GeminiCallResponseChunk] and got[0].chunk == chunk


UNKNOWN = [
    pytest.param({"foo": 1}, id="foo"),
    pytest.param({}, id="empty"),
    pytest.param(
        {"model": "llama3", "created_at": "2024-01-01T00:00:00Z", "message": {}, "done": False},
        id="ollama-line",
    ),
    pytest.param({"id": "x", "model": "m", "created": 1}, id="names-only"),
    pytest.param({"type": "custom", "data": 1}, id="unknown-type"),
]


@pytest.mark.parametrize("payload", UNKNOWN)
def test_an_object_of_no_known_format_is_a_chunk_error_everywhere(payload: dict[str, Any]) -> None:
    """No choices, object, usage, x_groq, known type or Gemini member: a ChunkError in wrap(), on the wire, in add()."""
    # Each format's members, Chat Completions' first (a new format's may come in between).
    message = r"not a chunk of any known format \(none of choices, object, usage, x_groq, .*candidates"
    with pytest.raises(ChunkError, match=rf"^<chunk>: {message}"):
        wrap(payload)
    with pytest.raises(ChunkError, match=rf"^<chunk>: {message}"):
        StreamAccumulator().add(payload)
    good = capture("gemini-2.0-flash-text")[0]
    body = f"data: {json.dumps(good)}\n\ndata: {json.dumps(payload)}\n\n".encode()
    got = []
    with pytest.raises(ChunkError, match=rf"^<event 2>: {message}"):
        got.extend(wrap_sse(body))
    assert [w.chunk for w in got] == [good]


@pytest.mark.parametrize(
    "chunk",
    [
        pytest.param(
            {"id": "c", "object": "chat.completion.chunk", "model": "m", "usage": {"prompt_tokens": 3}},
            id="usage-only-no-choices",
        ),
        pytest.param({"object": "chat.completion.chunk", "id": "c"}, id="object-only"),
        pytest.param({"usage": {"prompt_tokens": 3, "completion_tokens": 1}}, id="usage-only"),
        pytest.param({"x_groq": {"usage": {"prompt_tokens": 3}}}, id="groq-usage"),
        pytest.param(
            {"choices": [], "created": 0, "id": "", "model": "", "object": "", "prompt_filter_results": []},
            id="azure-blank-first",
        ),
    ],
)
def test_a_chat_chunk_without_choices_still_works(chunk: dict[str, Any]) -> None:
    """Usage-only chunks, Azure's blank first chunk, Groq's usage: chat chunks in wrap(), on the wire and in add()."""
    assert format_of(chunk) == "chat" and type(wrap(chunk)) is OpenAIDictChunk
    got = list(wrap_sse(f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()))
    assert [(type(w), w.chunk) for w in got] == [(OpenAIDictChunk, chunk)]
    acc = StreamAccumulator()
    acc.add(chunk)
    assert acc.chunks == 1


def test_the_cli_names_the_line_of_an_object_of_no_known_format(tmp_path: Path) -> None:
    """The command line says "not a chunk" by the same rule, naming the line."""
    bad = tmp_path / "bad.sse"
    bad.write_text('data: {"choices": []}\n\ndata: {"model": "llama3", "done": false}\n\n')
    result = subprocess.run(
        [sys.executable, "-m", "chunkwrap", str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("bad.sse: line 3: not a chunk of any known format")


def _pieces(body: bytes, cuts: list[int]) -> list[bytes]:
    cuts = sorted(cuts)
    return [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)])]


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_wrap_sse_of_any_split_sync_and_async(path: Path, data: st.DataObject) -> None:
    """Each capture's bytes (CRLF CRLF as sent) split anywhere: the same Gemini chunks, sync and async."""
    body = path.read_bytes()
    expected = read_events(path)
    pieces = _pieces(body, data.draw(st.lists(st.integers(0, len(body)), max_size=30)))
    got = list(wrap_sse(iter(pieces)))
    assert all(type(w) is GeminiCallResponseChunk for w in got)
    assert [w.chunk for w in got] == expected

    async def pieces_async() -> Any:
        for piece in pieces:
            yield piece

    async def main() -> list[Any]:
        return [w.chunk async for w in awrap_sse(pieces_async())]

    assert asyncio.run(main()) == expected


@pytest.mark.parametrize("path", CAPTURE_PARAMS)
def test_wire_answers_equal_the_sdk_models(path: Path) -> None:
    """Through wrap_sse, every chunk answers as google-genai's model of it, wrapped."""
    vertex = path.stem.startswith("vertex")
    got = [answers(w) for w in wrap_sse(path.read_bytes())]
    assert got == [
        answers(GeminiCallResponseChunk(gemini_model(c, vertex=vertex))) for c in read_events(path)
    ]


def test_from_a_real_server_with_httpx(capture_server: Any) -> None:
    """httpx reading the loopback server in pieces: the capture's chunks, sync and async."""
    httpx = pytest.importorskip("httpx")
    path = SHARED_FIXTURES / "gemini" / "gemini-2.5-flash-thinking-thought-parts.sse"
    url = capture_server.serve(path.read_bytes(), seed=5)
    with httpx.stream("POST", url) as response:
        assert [w.chunk for w in wrap_sse(response)] == read_events(path)

    async def main() -> list[Any]:
        async with httpx.AsyncClient() as client, client.stream("POST", url) as response:
            return [w.chunk async for w in awrap_sse(response)]

    assert asyncio.run(main()) == read_events(path)


def test_an_error_in_a_200_stream_raises_after_the_good_chunks() -> None:
    """Gemini's mid-stream error object raises StreamError with the server's message, after the chunks before it."""
    good = capture("gemini-2.0-flash-text")[:2]
    error = {
        "error": {
            "code": 503,
            "message": "The model is overloaded. Please try again later.",
            "status": "UNAVAILABLE",
        }
    }
    body = "".join(f"data: {json.dumps(e)}\r\n\r\n" for e in [*good, error]).encode()
    got = []
    with pytest.raises(StreamError) as caught:
        got.extend(w.chunk for w in wrap_sse(body))
    assert got == good
    assert caught.value.message == "The model is overloaded. Please try again later."
    assert caught.value.body == error["error"]
    with pytest.raises(StreamError, match="overloaded"):
        wrap(error)


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        pytest.param(
            "error-400-api-key-invalid-on-stream-endpoint",
            400,
            "API key not valid. Please pass a valid API key.",
            id="400",
        ),
        pytest.param("error-429-resource-exhausted-quota", 429, "You exceeded your current quota", id="429"),
    ],
)
def test_an_http_error_raises_with_its_status(
    capture_server: Any, name: str, status: int, message: str
) -> None:
    """The real 4xx bodies, sent with their status: StreamError with the server's message and the status."""
    httpx = pytest.importorskip("httpx")
    body = (SHARED_FIXTURES / "gemini" / f"{name}.json").read_bytes()
    url = capture_server.serve(body, status=status)
    with httpx.stream("POST", url) as response, pytest.raises(StreamError) as caught:
        list(wrap_sse(response))
    assert caught.value.status_code == status
    assert caught.value.message.startswith(message)
    assert caught.value.body["status"] == json.loads(body)["error"]["status"]


_OVERLOADED = {"error": {"code": 500, "message": "Internal error encountered.", "status": "INTERNAL"}}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(json.dumps([_OVERLOADED]).encode(), id="json-array"),
        pytest.param(f"data: {json.dumps(_OVERLOADED)}\r\n\r\n".encode(), id="sse-framed"),
        pytest.param(
            f"data:{json.dumps(_OVERLOADED)}\nevent: error\n\ndata: {{}}\n\n".encode(),
            id="sse-no-space-named",
        ),
    ],
)
def test_an_http_error_body_as_gemini_frames_it_gives_its_message(capture_server: Any, body: bytes) -> None:
    """A 500 whose body is a JSON array of one error, or one SSE event of it: the error's message and object."""
    httpx = pytest.importorskip("httpx")
    with (
        httpx.stream("POST", capture_server.serve(body, status=500)) as response,
        pytest.raises(StreamError) as caught,
    ):
        list(wrap_sse(response))
    assert (caught.value.message, caught.value.body, caught.value.status_code) == (
        "Internal error encountered.",
        _OVERLOADED["error"],
        500,
    )


def test_kind_of_knows_gemini() -> None:
    """kind_of() says "gemini" for a dict, an SDK model and a wrapper of either; None for a chat chunk."""
    chunk = capture("gemini-2.5-flash-max-tokens")[0]
    for obj in (chunk, gemini_model(chunk), GeminiCallResponseChunk(chunk), records(chunk)):
        assert kind_of(obj) == "gemini"
    assert kind_of({"choices": [], "candidates": []}) is None
    assert kind_of(SimpleNamespace(choices=[], candidates=[])) is None
    assert format_of(SimpleNamespace(usage_metadata={"prompt_token_count": 1})) == "gemini"
    assert format_of(SimpleNamespace(foo=1)) is None
    assert format_of(5) is None


def test_call_response_chunk_over_gemini() -> None:
    """CallResponseChunk(wrap(chunk)) answers the common names and forwards reasoning."""
    chunk = capture("gemini-2.5-flash-thinking-thought-parts")[0]
    c = CallResponseChunk(wrap(chunk))
    assert (c.content, c.reasoning, c.finish_reasons, c.id) == (
        "",
        GeminiCallResponseChunk(chunk).reasoning,
        [],
        chunk["responseId"],
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param({"x": float("nan")}, r"Out of range float values are not JSON compliant", id="nan"),
        pytest.param({"x": {1, 2}}, r"set is not JSON", id="set"),
    ],
)
def test_args_that_are_no_json_are_a_chunk_error(args: dict[str, Any], message: str) -> None:
    """args that cannot be JSON text (NaN from the wire, a set in a hand-built model) name the field."""
    w = GeminiCallResponseChunk(chunk_of({"functionCall": {"name": "f", "args": args}}))
    with pytest.raises(
        ChunkError,
        match=rf"^candidates\[0\]\.content\.parts\[0\]\.functionCall\.args: not JSON \(.*{message}",
    ):
        _ = w.tool_calls


def test_a_chunk_without_usage_or_candidates() -> None:
    """No usageMetadata: every count None; no candidates and no promptFeedback: no finish reason."""
    w = GeminiCallResponseChunk({"modelVersion": "m", "usageMetadata": None, "candidates": []})
    assert (w.input_tokens, w.output_tokens, w.cached_tokens, w.reasoning_tokens) == (None,) * 4
    assert (w.finish_reasons, w.common_finish_reasons, w.content, w.reasoning, w.tool_calls) == (
        [],
        [],
        "",
        "",
        [],
    )


def test_an_attribute_object_of_no_known_format_is_a_chunk_error() -> None:
    """An object with only a name (no choices, no Gemini member) is no chunk: the error names its type."""
    with pytest.raises(ChunkError, match=r"^<chunk>: not a chunk of any known format .*; a SimpleNamespace$"):
        wrap(SimpleNamespace(id="x"))
