"""StreamAccumulator over Gemini streams (_gemini/fold.py): the final GenerateContentResponse."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import ChunkError, StreamAccumulator
from chunkwrap._gemini.fold import GeminiFold

from .conftest import SHARED_FIXTURES
from .helpers import Record, read_events

GEMINI = sorted((SHARED_FIXTURES / "gemini").glob("*.sse"))
BY_NAME = {path.stem: path for path in GEMINI}


def chunks_of(name: str) -> list[dict[str, Any]]:
    return read_events(BY_NAME[name])


def sdk_chunk(chunk: dict[str, Any], vertex: bool = False) -> Any:
    """The chunk as google-genai's generate_content_stream() builds it from the same JSON."""
    pytest.importorskip("google.genai", reason="google-genai is not installed")
    from google.genai import models, types

    convert = (
        models._GenerateContentResponse_from_vertex if vertex else models._GenerateContentResponse_from_mldev
    )
    return types.GenerateContentResponse._from_response(response=convert(chunk), kwargs={})


def fold(chunks: list[Any]) -> StreamAccumulator:
    acc = StreamAccumulator()
    for chunk in chunks:
        acc.add(chunk)
    return acc


def parts_of(acc: StreamAccumulator) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = acc.to_dict()["candidates"][0]["content"]["parts"]
    return parts


def sent_parts(chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [part for chunk in chunks for c in chunk.get("candidates", []) for part in c["content"]["parts"]]


def test_every_capture_is_there() -> None:
    """The Gemini captures this file reads are in ../shared/fixtures/gemini/."""
    assert len(GEMINI) >= 8


@pytest.mark.parametrize("path", GEMINI, ids=[p.stem for p in GEMINI])
def test_sdk_models_fold_to_the_same_response_as_dicts(path: Path) -> None:
    """google-genai's models give the same to_dict() (camelCase, as the wire) and answers as the dicts they came from."""
    chunks = read_events(path)
    mine = fold(chunks)
    theirs = fold([sdk_chunk(c, vertex=path.stem.startswith("vertex")) for c in chunks])
    assert theirs.to_dict() == mine.to_dict()
    names = ["content", "reasoning", "tool_calls", "finish_reasons", "id", "model", "chunks", "usage"]
    assert {n: getattr(theirs, n) for n in names} == {n: getattr(mine, n) for n in names}


@pytest.mark.parametrize("path", GEMINI, ids=[p.stem for p in GEMINI])
def test_to_dict_is_the_final_response_field_by_field(path: Path) -> None:
    """Candidate 0's parts (text runs joined, every other part as sent), the last finishReason and usageMetadata, the names."""
    chunks = read_events(path)
    result = fold(chunks).to_dict()
    candidate = result["candidates"][0]
    assert candidate["content"]["role"] == "model"
    sent = sent_parts(chunks)
    parts = candidate["content"]["parts"]
    # Nothing lost, nothing invented: the texts of each kind, and every other part in order.
    for thought in (False, True):
        assert "".join(p.get("text", "") for p in parts if bool(p.get("thought")) is thought) == "".join(
            p.get("text", "") for p in sent if bool(p.get("thought")) is thought
        )
    assert [p for p in parts if set(p) - {"text", "thought"}] == [
        p for p in sent if set(p) - {"text", "thought"}
    ]
    reasons = [c["finishReason"] for chunk in chunks for c in chunk["candidates"] if "finishReason" in c]
    assert candidate["finishReason"] == reasons[-1]
    assert result["usageMetadata"] == chunks[-1]["usageMetadata"]
    assert result["modelVersion"] == chunks[-1]["modelVersion"]
    assert result["responseId"] == chunks[-1]["responseId"]


def test_thought_text_and_answer_text_are_two_parts() -> None:
    """Consecutive thought parts join into one part, the answer's text into another."""
    parts = parts_of(fold(chunks_of("gemini-2.5-flash-thinking-thought-parts")))
    assert [sorted(p) for p in parts] == [["text", "thought"], ["text"]]
    assert parts[0]["text"].startswith("**Analyzing Prime Substrings**") and parts[1] == {"text": "3"}


def test_a_thought_signature_stays_on_the_part_that_carried_it() -> None:
    """Gemini 3's signature, sent on a last empty text part, is kept there, after the joined text, not merged into it."""
    chunks = chunks_of("gemini-3-pro-preview-thinking-response-schema")
    signature = chunks[-1]["candidates"][0]["content"]["parts"][0]["thoughtSignature"]
    parts = parts_of(fold(chunks))
    assert [sorted(p) for p in parts] == [["text", "thought"], ["text"], ["text", "thoughtSignature"]]
    assert parts[1]["text"] == '{\n  "integer_a": 2,\n  "integer_b": 2,\n  "answer": 4\n}'
    assert parts[2] == {"text": "", "thoughtSignature": signature}


SIGNED = {"functionCall": {"name": "f", "args": {"a": 1}}, "thoughtSignature": "c2ln"}


def chunk(*parts: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "candidates": [{"content": {"parts": list(parts), "role": "model"}, **fields}],
        "modelVersion": "m",
    }


@pytest.mark.parametrize(
    ("sent", "merged"),
    [
        pytest.param(
            [[{"text": "a"}], [{"text": "b"}], [{"text": "c"}]], [{"text": "abc"}], id="text-runs-join"
        ),
        pytest.param(
            [[{"text": "a", "thought": False}], [{"text": "b"}]], [{"text": "ab"}], id="thought-false-is-text"
        ),
        pytest.param(
            [[{"text": "t", "thought": True}], [{"text": "a"}], [{"text": "u", "thought": True}]],
            [{"text": "t", "thought": True}, {"text": "a"}, {"text": "u", "thought": True}],
            id="kinds-alternate",
        ),
        pytest.param(
            [[{"text": "a"}], [{"text": "b", "thoughtSignature": "c2ln"}], [{"text": "c"}]],
            [{"text": "a"}, {"text": "b", "thoughtSignature": "c2ln"}, {"text": "c"}],
            id="signed-text-stands-alone",
        ),
        pytest.param(
            [
                [{"text": "x", "thought": True, "thoughtSignature": "one"}],
                [{"text": "y", "thoughtSignature": "two"}],
            ],
            [
                {"text": "x", "thought": True, "thoughtSignature": "one"},
                {"text": "y", "thoughtSignature": "two"},
            ],
            id="two-signatures-in-order",
        ),
        pytest.param(
            [[{"text": "a"}], [SIGNED, {"functionCall": {"name": "g", "args": {}}}], [{"text": "b"}]],
            [{"text": "a"}, SIGNED, {"functionCall": {"name": "g", "args": {}}}, {"text": "b"}],
            id="signed-call-then-parallel-call",
        ),
        pytest.param(
            [[{"text": "a"}], [{"inlineData": {"mimeType": "image/png", "data": "iVBO"}}], [{"text": "b"}]],
            [{"text": "a"}, {"inlineData": {"mimeType": "image/png", "data": "iVBO"}}, {"text": "b"}],
            id="inline-data-as-sent",
        ),
    ],
)
def test_text_parts_merge_by_the_rules(
    sent: list[list[dict[str, Any]]], merged: list[dict[str, Any]]
) -> None:
    """Text parts of one kind join; a signed part, a call or another kind stands alone, in order."""
    acc = fold([chunk(*parts) for parts in sent])
    assert parts_of(acc) == merged


def test_parallel_function_calls_are_whole_and_in_order() -> None:
    """One chunk's two functionCall parts are two tool calls, args whole, spelled as the wrapper spells them."""
    acc = fold(chunks_of("gemini-2.0-flash-tool-call-parallel"))
    assert parts_of(acc) == sent_parts(chunks_of("gemini-2.0-flash-tool-call-parallel"))
    assert [c["function"] for c in acc.tool_calls] == [
        {"name": "secret_retrieval_tool", "arguments": '{"password":"mellon"}'},
        {"name": "secret_retrieval_tool", "arguments": '{"password":"radiance"}'},
    ]
    assert [c["id"] for c in acc.tool_calls] == [None, None]
    assert acc.finish_reasons == ["STOP"] and acc.common_finish_reasons == ["tool_calls"]


def test_arguments_parts_give_each_call_its_one_fragment() -> None:
    """arguments_parts(): per tool call, its arguments' fragments; Gemini's args come whole, one fragment."""
    acc = fold(chunks_of("gemini-2.0-flash-tool-call-parallel"))
    events = acc._events
    assert isinstance(events, GeminiFold)
    assert events.arguments_parts() == [[c["function"]["arguments"]] for c in acc.tool_calls]
    assert [json.loads("".join(p)) for p in events.arguments_parts()] == [
        {"password": "mellon"},
        {"password": "radiance"},
    ]


def test_vertex_call_ids_are_kept() -> None:
    """A Vertex AI functionCall's own id is the tool call's id."""
    acc = fold([chunk({"functionCall": {"id": "call-1", "name": "f", "args": {"q": "é"}}})])
    assert acc.tool_calls == [
        {"id": "call-1", "type": "function", "function": {"name": "f", "arguments": '{"q":"é"}'}}
    ]


def test_code_execution_parts_are_kept_as_sent() -> None:
    """executableCode and codeExecutionResult parts, thought ones too, stay whole and in order; STOP sent twice is STOP."""
    chunks = chunks_of("gemini-2.5-pro-code-execution-thought")
    acc = fold(chunks)
    parts = parts_of(acc)
    assert parts[:4] == sent_parts(chunks)[:4]
    assert parts[4] == {"text": "The result is -428,330,955.97745."}
    assert acc.finish_reasons == ["STOP"]


def test_grounding_metadata_is_the_last_one_that_says_something() -> None:
    """The empty groundingMetadata of the first chunks never replaces the full one the last chunk sends."""
    chunks = chunks_of("gemini-2.5-pro-google-search-grounding")
    last = chunks[-1]["candidates"][0]["groundingMetadata"]
    assert fold(chunks).to_dict()["candidates"][0]["groundingMetadata"] == last
    later = chunk({"text": "."}, groundingMetadata={})
    assert fold([*chunks, later]).to_dict()["candidates"][0]["groundingMetadata"] == last
    assert fold(chunks[:2]).to_dict()["candidates"][0]["groundingMetadata"] == {}


def test_vertex_usage_is_the_last_sent() -> None:
    """Vertex AI's intermediate usageMetadata (trafficType only) gives no counts; the last gives them all."""
    chunks = chunks_of("vertex-gemini-2.5-flash-text")
    cut = fold(chunks[:3])
    assert cut.usage == {"trafficType": "ON_DEMAND"} and cut.input_tokens is None
    acc = fold(chunks)
    usage = chunks[-1]["usageMetadata"]
    assert acc.usage == usage
    assert acc.input_tokens == usage["promptTokenCount"]
    assert acc.output_tokens == usage["candidatesTokenCount"] + usage["thoughtsTokenCount"]
    assert acc.input_tokens + acc.output_tokens == usage["totalTokenCount"]
    assert acc.to_dict()["createTime"] == chunks[-1]["createTime"]


def test_token_counts_have_chunkwrap_s_one_meaning() -> None:
    """input counts the tool-use prompt; output the thoughts; the cached and reasoning counts as sent."""
    acc = fold(chunks_of("gemini-2.5-pro-code-execution-thought"))
    assert (acc.input_tokens, acc.output_tokens, acc.reasoning_tokens, acc.cached_tokens) == (
        46 + 901,
        132 + 396,
        396,
        None,
    )
    assert acc.common_usage is not None and acc.common_usage.total_tokens == 1475
    assert acc.cost_metadata.input_tokens == 947
    cached = fold(
        [{**chunk({"text": "a"}), "usageMetadata": {"promptTokenCount": 9, "cachedContentTokenCount": 4}}]
    )
    assert (cached.input_tokens, cached.cached_tokens, cached.output_tokens) == (9, 4, None)


def test_max_tokens_is_length() -> None:
    """A truncated answer is never stop."""
    acc = fold(chunks_of("gemini-2.5-flash-max-tokens"))
    assert (acc.finish_reasons, acc.common_finish_reasons) == (["MAX_TOKENS"], ["length"])


BLOCKED = {
    "promptFeedback": {
        "blockReason": "PROHIBITED_CONTENT",
        "safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}],
    },
    "usageMetadata": {"promptTokenCount": 7, "totalTokenCount": 7},
    "modelVersion": "gemini-2.5-flash",
    "responseId": "r1",
}


def test_a_blocked_prompt_is_content_filter() -> None:
    """A chunk with no candidates and promptFeedback.blockReason: the response is the feedback, the finish content_filter."""
    acc = fold([BLOCKED])
    assert acc.to_dict() == BLOCKED
    assert (acc.content, acc.finish_reasons, acc.common_finish_reasons) == (
        "",
        ["PROHIBITED_CONTENT"],
        ["content_filter"],
    )
    assert (acc.id, acc.model, acc.input_tokens) == ("r1", "gemini-2.5-flash", 7)


@pytest.mark.parametrize(
    ("reason", "common"),
    [
        pytest.param("SAFETY", "content_filter", id="safety"),
        pytest.param("RECITATION", "content_filter", id="recitation"),
        pytest.param("SPII", "content_filter", id="spii"),
        pytest.param("MALFORMED_FUNCTION_CALL", "MALFORMED_FUNCTION_CALL", id="malformed-call-passes"),
        pytest.param("OTHER", "OTHER", id="other-passes"),
    ],
)
def test_a_stopped_answer_is_never_stop(reason: str, common: str) -> None:
    """The safety family is content_filter; other reasons pass through as sent."""
    acc = fold([chunk({"text": "Once"}), chunk({"text": ""}, finishReason=reason)])
    assert (acc.content, acc.common_finish_reasons) == ("Once", [common])


def test_an_error_chunk_after_good_ones_raises_stream_error() -> None:
    """Gemini's {"error": ...} mid-stream (overload) raises StreamError with the server's message; what came before stays."""
    from chunkwrap._core.server import StreamError

    chunks = chunks_of("gemini-2.0-flash-text")
    acc = fold(chunks[:3])
    before = acc.to_dict()
    error = {
        "error": {
            "code": 503,
            "message": "The model is overloaded. Please try again later.",
            "status": "UNAVAILABLE",
        }
    }
    with pytest.raises(
        StreamError, match=r"^The model is overloaded\. Please try again later\. \(HTTP 503\)$"
    ) as caught:
        acc.add(error)
    assert caught.value.body == error["error"]
    assert caught.value.message == "The model is overloaded. Please try again later."
    assert caught.value.status_code == 503  # Gemini's code, read from the body
    assert acc.to_dict() == before and acc.chunks == 3
    with pytest.raises(StreamError, match=r"overloaded"):
        GeminiFold().add(error)


@pytest.mark.parametrize(
    ("first", "then", "match"),
    [
        pytest.param(
            [{"choices": [{"index": 0, "delta": {"content": "a"}}]}],
            chunk({"text": "b"}),
            r"^candidates: a Gemini chunk in a Chat Completions stream$",
            id="chat-then-gemini",
        ),
        pytest.param(
            [chunk({"text": "a"})],
            {"choices": [{"index": 0, "delta": {"content": "b"}}]},
            r"^choices: a Chat Completions chunk in a Gemini stream$",
            id="gemini-then-chat",
        ),
        pytest.param(
            [chunk({"text": "a"})],
            {"id": "c", "usage": {"prompt_tokens": 1}, "choices": []},
            r"^choices: a Chat Completions chunk in a Gemini stream$",
            id="gemini-then-usage-only-chat",
        ),
        pytest.param(
            [chunk({"text": "a"})],
            {"type": "message_start", "message": {"id": "m", "model": "c", "usage": {}}},
            r"^type: 'message_start' is an Anthropic Messages event, not a Gemini chunk$",
            id="gemini-then-anthropic",
        ),
        pytest.param(
            [chunk({"text": "a"})],
            {"type": "response.created", "sequence_number": 0, "response": {"id": "r"}},
            r"^type: 'response.created' is an OpenAI Responses event, not a Gemini chunk$",
            id="gemini-then-responses",
        ),
        pytest.param(
            [{"type": "message_start", "message": {"id": "m", "model": "c", "usage": {}}}],
            chunk({"text": "b"}),
            r"^candidates: a Gemini chunk in an Anthropic Messages stream$",
            id="anthropic-then-gemini",
        ),
        pytest.param(
            [{"type": "response.created", "sequence_number": 0, "response": {"id": "r"}}],
            {"usageMetadata": {"promptTokenCount": 1}},
            r"^candidates: a Gemini chunk in an OpenAI Responses stream$",
            id="responses-then-gemini-usage-only",
        ),
        pytest.param(
            [chunk({"text": "a"})],
            {"id": "x", "object": "thing"},
            r"^<chunk>: expected a Gemini chunk",
            id="gemini-then-unknown",
        ),
    ],
)
def test_mixing_gemini_with_another_format_is_a_chunk_error(first: list[Any], then: Any, match: str) -> None:
    """One accumulator takes one format: Gemini after another, or another after Gemini, is a ChunkError."""
    acc = fold(first)
    before = acc.to_dict()
    with pytest.raises(ChunkError, match=match):
        acc.add(then)
    assert acc.to_dict() == before


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        pytest.param(
            {"candidates": {"content": {}}},
            r"^candidates: expected a list, got dict$",
            id="candidates-not-list",
        ),
        pytest.param(
            {"candidates": [3]}, r"^candidates\[0\]: expected an object, got int$", id="candidate-not-object"
        ),
        pytest.param(
            {"candidates": [{"index": "0"}]}, r"^candidates\[0\]\.index: expected an integer", id="index"
        ),
        pytest.param(
            {"candidates": [{"content": {"parts": {"text": "a"}}}]},
            r"^candidates\[0\]\.content\.parts: expected a list, got dict$",
            id="parts-not-list",
        ),
        pytest.param(
            {"candidates": [{"content": {"parts": [{"text": 5}]}}]},
            r"^candidates\[0\]\.content\.parts\[0\]\.text: expected a string, got int$",
            id="text",
        ),
        pytest.param(
            {"candidates": [{"content": {"parts": [{"text": "a"}, {"text": "b", "thought": "yes"}]}}]},
            r"^candidates\[0\]\.content\.parts\[1\]\.thought: expected a boolean, got str$",
            id="thought",
        ),
        pytest.param(
            {"candidates": [{"content": {"parts": [{"functionCall": {"args": {}}}]}}]},
            r"^candidates\[0\]\.content\.parts\[0\]\.functionCall\.name: expected a string, got null$",
            id="call-without-name",
        ),
        pytest.param(
            {"candidates": [{"finishReason": 1}]},
            r"^candidates\[0\]\.finishReason: expected a string, got int$",
            id="finish-reason",
        ),
        pytest.param(
            {"candidates": [], "modelVersion": 2}, r"^modelVersion: expected a string, got int$", id="model"
        ),
        pytest.param(
            {"candidates": [], "responseId": []}, r"^responseId: expected a string, got list$", id="id"
        ),
    ],
)
def test_a_malformed_chunk_names_the_field(bad: dict[str, Any], match: str) -> None:
    """A wrong-typed field is a ChunkError naming its camelCase path."""
    acc = fold([chunk({"text": "a"})])
    with pytest.raises(ChunkError, match=match):
        acc.add(bad)


def test_a_bad_count_is_named_when_read() -> None:
    """A wrong-typed count in usageMetadata raises where it is read, naming its path."""
    acc = fold([{**chunk({"text": "a"}), "usageMetadata": {"promptTokenCount": "9"}}])
    with pytest.raises(ChunkError, match=r"^usageMetadata\.promptTokenCount: expected an integer, got str$"):
        _ = acc.input_tokens


def test_candidates_fold_by_their_index() -> None:
    """Two candidates fold apart, in index order; the answers are candidate 0's."""

    def two(a: str, b: str) -> dict[str, Any]:
        return {
            "candidates": [
                {"content": {"parts": [{"text": b}], "role": "model"}, "index": 1},
                {"content": {"parts": [{"text": a}], "role": "model"}, "index": 0},
            ]
        }

    acc = fold([two("a", "x"), two("b", "y")])
    assert acc.content == "ab"
    assert [c["content"]["parts"] for c in acc.to_dict()["candidates"]] == [
        [{"text": "ab"}],
        [{"text": "xy"}],
    ]


def test_mappings_and_wrapped_chunks_fold_like_dicts() -> None:
    """A Mapping that is no dict, a wrapped chunk and one inside CallResponseChunk fold as the dict would."""
    from chunkwrap import CallResponseChunk, GeminiCallResponseChunk

    chunks = chunks_of("gemini-2.5-flash-thinking-thought-parts")
    expected = fold(chunks).to_dict()
    assert fold([Record(c) for c in chunks]).to_dict() == expected
    assert fold([GeminiCallResponseChunk(c) for c in chunks]).to_dict() == expected
    assert fold([CallResponseChunk(GeminiCallResponseChunk(c)) for c in chunks]).to_dict() == expected
    sdk = [sdk_chunk(c) for c in chunks]
    assert fold([GeminiCallResponseChunk(s) for s in sdk]).to_dict() == expected
    assert fold([CallResponseChunk(GeminiCallResponseChunk(s)) for s in sdk]).to_dict() == expected


def test_a_read_costs_what_is_new() -> None:
    """content and reasoning are kept joined: reading after every chunk joins only what came since."""
    acc = StreamAccumulator()
    for c in chunks_of("gemini-2.0-flash-text"):
        acc.add(c)
        _ = acc.content
    events = acc._events
    assert isinstance(events, GeminiFold)
    first = events._candidates[0]
    assert len(first.content) == 1
    run = first.parts[0]
    _ = acc.to_dict()
    assert len(run.texts) == 1  # type: ignore[union-attr]


def test_the_fold_keeps_nothing_it_was_given_to_change() -> None:
    """to_dict() is a copy: changing it, or the chunks after, changes nothing folded."""
    chunks = copy.deepcopy(chunks_of("gemini-2.0-flash-tool-call-parallel"))
    acc = fold(chunks)
    result = acc.to_dict()
    result["candidates"][0]["content"]["parts"][0]["functionCall"]["args"]["password"] = "x"
    result["usageMetadata"]["promptTokenCount"] = 0
    assert acc.to_dict() == fold(chunks_of("gemini-2.0-flash-tool-call-parallel")).to_dict()


def test_the_command_line_prints_the_final_response(capsys: pytest.CaptureFixture[str]) -> None:
    """python -m chunkwrap FILE --json writes the final GenerateContentResponse."""
    from chunkwrap._cli import main

    path = BY_NAME["gemini-3-pro-preview-thinking-response-schema"]
    assert main([str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == fold(read_events(path)).to_dict()


def test_the_command_line_names_the_line_of_a_bad_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong-typed usageMetadata count fails at the line that sent it, as a chat usage does."""
    from chunkwrap._cli import main

    path = tmp_path / "bad.sse"
    good = json.dumps(chunk({"text": "a"}))
    bad = json.dumps({**chunk({"text": "b"}), "usageMetadata": {"promptTokenCount": "9"}})
    path.write_text(f"data: {good}\n\ndata: {bad}\n\n")
    assert main([str(path), "--json"]) == 2
    assert "line 3: usageMetadata.promptTokenCount: expected an integer" in capsys.readouterr().err


def accumulated(wrappers: list[Any]) -> dict[str, Any]:
    """What a stream's wrappers say, put together as the fold must: text joined,
    calls in order, the last finish reason, usage, id and model sent."""
    reasons = [w.finish_reasons for w in wrappers if w.finish_reasons]
    usage = [w for w in wrappers if w.usage is not None]
    last = usage[-1] if usage else None
    return {
        "content": "".join(w.content for w in wrappers),
        "reasoning": "".join(w.reasoning for w in wrappers),
        "refusal": "",
        # The wrapper's index is the call's place in its chunk; the fold's calls carry none, as the other folds'.
        "tool_calls": [
            {k: v for k, v in call.items() if k != "index"} for w in wrappers for call in w.tool_calls
        ],
        "finish_reasons": reasons[-1] if reasons else [],
        "usage": last.usage if last else None,
        **{
            name: getattr(last, name) if last else None
            for name in ("input_tokens", "output_tokens", "cached_tokens", "reasoning_tokens", "common_usage")
        },
        "id": [w.id for w in wrappers if w.id][-1],
        "model": [w.model for w in wrappers if w.model][-1],
        "chunks": len(wrappers),
    }


@pytest.mark.parametrize("path", GEMINI, ids=[p.stem for p in GEMINI])
def test_the_fold_answers_what_the_wrappers_say_together(path: Path) -> None:
    """Each answer of the fold is the wrappers' answers over the same chunks, accumulated."""
    from chunkwrap import GeminiCallResponseChunk

    chunks = read_events(path)
    expected = accumulated([GeminiCallResponseChunk(c) for c in chunks])
    acc = fold(chunks)
    assert {name: getattr(acc, name) for name in expected} == expected
    assert acc.common_finish_reasons == GeminiCallResponseChunk(chunks[-1]).common_finish_reasons
    assert acc.cost_metadata == GeminiCallResponseChunk(chunks[-1]).cost_metadata


@pytest.mark.parametrize("path", GEMINI, ids=[p.stem for p in GEMINI])
def test_the_wire_s_wrappers_fold_as_the_dicts_do(path: Path) -> None:
    """wrap_sse()'s wrappers, added as they come (the bytes split anywhere), fold to the response the dicts give."""
    from chunkwrap import GeminiCallResponseChunk, wrap_sse

    body = path.read_bytes()
    expected = fold(read_events(path))
    for size in (len(body), 7):
        wrappers = list(wrap_sse(body[i : i + size] for i in range(0, len(body), size)))
        assert all(type(w) is GeminiCallResponseChunk for w in wrappers)
        acc = fold(wrappers)
        assert acc.to_dict() == expected.to_dict()
        assert (acc.content, acc.reasoning, acc.tool_calls, acc.usage) == (
            expected.content,
            expected.reasoning,
            expected.tool_calls,
            expected.usage,
        )


def test_the_async_wire_folds_as_the_dicts_do() -> None:
    """awrap_sse()'s wrappers fold to the same response."""
    import asyncio

    from chunkwrap import awrap_sse

    path = BY_NAME["gemini-3-pro-preview-thinking-response-schema"]

    async def body() -> Any:
        yield path.read_bytes()

    async def run() -> dict[str, Any]:
        acc = StreamAccumulator()
        async for w in awrap_sse(body()):
            acc.add(w)
        return acc.to_dict()

    assert asyncio.run(run()) == fold(read_events(path)).to_dict()


def test_an_attribute_object_is_no_gemini_chunk() -> None:
    """An object that is neither a Mapping nor google-genai's model is a ChunkError, not a chunk read by other names."""
    from types import SimpleNamespace

    acc = fold([chunk({"text": "a"})])
    with pytest.raises(
        ChunkError,
        match=r"^<chunk>: expected a Gemini chunk as a Mapping or google-genai's model, got SimpleNamespace$",
    ):
        acc.add(SimpleNamespace(candidates=[], usage_metadata=None))


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param({"content": None, "finishReason": "STOP"}, id="null-content"),
        pytest.param({"content": {"role": "model"}, "finishReason": "STOP"}, id="no-parts"),
        pytest.param(
            {"content": {"parts": [], "role": "model"}, "finishReason": "STOP", "safetyRatings": None},
            id="null-field",
        ),
    ],
)
def test_a_last_chunk_without_parts_only_finishes(sent: dict[str, Any]) -> None:
    """A candidate whose content is null, has no parts, or whose other fields are null adds nothing but its finish reason."""
    acc = fold([chunk({"text": "a"}), {"candidates": [sent]}])
    assert acc.to_dict()["candidates"] == [
        {"content": {"parts": [{"text": "a"}], "role": "model"}, "finishReason": "STOP"}
    ]


def test_the_fold_alone_refuses_a_chat_chunk() -> None:
    """GeminiFold.add() of a chat chunk (the accumulator catches it first) is the same ChunkError."""
    with pytest.raises(ChunkError, match=r"^choices: a Chat Completions chunk in a Gemini stream$"):
        GeminiFold().add({"id": "c", "choices": []})


# Issue 19's review: the wrapper and the fold read each chunk by one set of rules.


def _one_chunk_answers(chunk: dict[str, Any]) -> tuple[Any, Any]:
    """(the wrapper's, the fold's) content, reasoning and tool calls (no index) for one chunk."""
    from chunkwrap import GeminiCallResponseChunk

    w = GeminiCallResponseChunk(chunk)
    calls = [{k: v for k, v in call.items() if k != "index"} for call in w.tool_calls]
    acc = fold([chunk])
    return (w.content, w.reasoning, calls), (acc.content, acc.reasoning, acc.tool_calls)


@pytest.mark.parametrize(
    ("candidates", "content"),
    [
        pytest.param([{"content": {"parts": [{"text": "X"}]}, "index": 1}], "", id="only-index-1"),
        pytest.param(
            [{"content": {"parts": [{"text": "B"}]}, "index": 1}, {"content": {"parts": [{"text": "A"}]}}],
            "A",
            id="index-0-second",
        ),
        pytest.param([{"content": {"parts": [{"text": "A"}]}, "index": None}], "A", id="null-index"),
    ],
)
def test_candidate_0_is_the_one_with_index_0_in_both(candidates: list[Any], content: str) -> None:
    """Candidate 0 is the candidate whose index is 0 (absent or null: 0), for the wrapper and the fold."""
    wrapper, folded = _one_chunk_answers({"candidates": candidates})
    assert wrapper[0] == folded[0] == content


@pytest.mark.parametrize(
    ("index", "message"),
    [
        pytest.param(-1, r"^candidates\[0\]\.index: expected 0 or more, got -1$", id="negative"),
        pytest.param("0", r"^candidates\[0\]\.index: expected an integer, got str$", id="string"),
        pytest.param(True, r"^candidates\[0\]\.index: expected an integer, got bool$", id="bool"),
    ],
)
def test_a_bad_candidate_index_is_named_in_both(index: Any, message: str) -> None:
    """A negative or non-integer candidate index is a ChunkError with its path, in the wrapper and the fold."""
    from chunkwrap import GeminiCallResponseChunk

    chunk = {"candidates": [{"content": {"parts": [{"text": "X"}]}, "index": index}]}
    with pytest.raises(ChunkError, match=message):
        _ = GeminiCallResponseChunk(chunk).reasoning
    with pytest.raises(ChunkError, match=message):
        fold([chunk])


@pytest.mark.parametrize(
    ("chunk", "message"),
    [
        pytest.param(
            {"candidates": [None]}, r"^candidates\[0\]: expected an object, got null$", id="null-candidate"
        ),
        pytest.param(
            {"candidates": [{"content": {"parts": [None]}}]},
            r"^candidates\[0\]\.content\.parts\[0\]: expected an object, got null$",
            id="null-part",
        ),
        pytest.param(
            {"candidates": [{"content": {"parts": [{"executableCode": {"code": "x"}, "thought": "yes"}]}}]},
            r"^candidates\[0\]\.content\.parts\[0\]\.thought: expected a boolean, got str$",
            id="thought-on-a-part-without-text",
        ),
        pytest.param(
            {"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": [1]}}]}}]},
            r"^candidates\[0\]\.content\.parts\[0\]\.functionCall\.args: expected an object, got list$",
            id="args-list",
        ),
        pytest.param(
            {"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": b"{}"}}]}}]},
            r"^candidates\[0\]\.content\.parts\[0\]\.functionCall\.args: expected an object, got bytes$",
            id="args-bytes",
        ),
    ],
)
def test_a_bad_part_or_candidate_is_the_same_error_in_both(chunk: dict[str, Any], message: str) -> None:
    """A null candidate or part, or a wrong-typed part field, is one ChunkError with its path in both."""
    from chunkwrap import GeminiCallResponseChunk

    w = GeminiCallResponseChunk(chunk)
    with pytest.raises(ChunkError, match=message):
        _ = (w.content, w.reasoning, w.tool_calls)
    with pytest.raises(ChunkError, match=message):
        fold([chunk])


def test_keys_sent_as_null_are_absent_when_parts_merge() -> None:
    """A part's keys sent as null are dropped: text parts still join, and dicts fold as the SDK's models do."""
    chunks = [
        {"candidates": [{"content": {"parts": [{"text": "a", "thought": None}]}}]},
        {"candidates": [{"content": {"parts": [{"text": "b", "thoughtSignature": None}, {"text": None}]}}]},
    ]
    assert parts_of(fold(chunks)) == [{"text": "ab"}, {}]
    assert parts_of(fold(chunks)) == parts_of(fold([sdk_chunk(c) for c in chunks]))


def test_a_part_that_is_a_mapping_but_no_dict_folds_as_a_dict() -> None:
    """A part held in another Mapping (a read-only view) merges as the same dict does, its nulls dropped."""
    from types import MappingProxyType

    chunk = {
        "candidates": [
            {"content": {"parts": [MappingProxyType({"text": "a", "thought": None}), {"text": "b"}]}}
        ]
    }
    assert parts_of(fold([chunk])) == [{"text": "ab"}]


def test_a_wrapper_s_tool_calls_carry_their_index_in_the_chunk() -> None:
    """The wrapper's tool calls carry ``index``, each call's place among its chunk's calls, as the other formats' do."""
    from chunkwrap import GeminiCallResponseChunk

    chunk = {
        "candidates": [
            {
                "content": {
                    "parts": [{"text": "x"}, {"functionCall": {"name": "f"}}, {"functionCall": {"name": "g"}}]
                }
            }
        ]
    }
    assert [(c["index"], c["function"]["name"]) for c in GeminiCallResponseChunk(chunk).tool_calls] == [
        (0, "f"),
        (1, "g"),
    ]


# Vertex AI's streamed arguments, as google-genai's FunctionCall (partial_args, will_continue) spells them.
_STREAMED = [
    {
        "candidates": [
            {
                "content": {
                    "role": "model",
                    "parts": [
                        {
                            "functionCall": {
                                "name": "get_weather",
                                "partialArgs": [
                                    {"jsonPath": "$.city", "stringValue": "Par", "willContinue": True}
                                ],
                                "willContinue": True,
                            }
                        }
                    ],
                }
            }
        ]
    },
    {
        "candidates": [
            {
                "content": {
                    "role": "model",
                    "parts": [
                        {
                            "functionCall": {
                                "partialArgs": [{"jsonPath": "$.city", "stringValue": "is"}],
                                "willContinue": True,
                            }
                        }
                    ],
                }
            }
        ]
    },
    {"candidates": [{"content": {"role": "model", "parts": [{"functionCall": {}}]}, "finishReason": "STOP"}]},
]


def test_streamed_arguments_are_built_into_the_calls_args() -> None:
    """Vertex AI's partialArgs: the continuation parts fold into one call whose
    arguments are built from them ("Par" continued by "is"); one chunk's wrapper,
    which sees only its own part, gives "" rather than a finished {}."""
    from chunkwrap import GeminiCallResponseChunk

    acc = fold(_STREAMED)
    call = {
        "id": None,
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
    }
    assert acc.tool_calls == [call]
    assert acc.parsed_arguments == [{"city": "Paris"}]
    assert acc.to_dict()["candidates"][0]["content"]["parts"] == [
        {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}
    ]
    first = {"index": 0, **call, "function": {"name": "get_weather", "arguments": ""}}
    assert [w.tool_calls for w in map(GeminiCallResponseChunk, _STREAMED)] == [[first], [], []]
