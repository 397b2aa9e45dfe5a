"""The google-genai SDK as the oracle for Gemini: what its stream gives, chunkwrap answers too.

``client.models.generate_content_stream()`` (and the async client's) reads
each real capture from the loopback server, as ``wrap_sse`` reads the same
bytes; the SDK's semantics are the reference: ``GenerateContentResponse.text``
joins candidate 0's text parts that are not ``thought``, ``function_calls``
its ``functionCall`` parts. Vertex AI captures go through the SDK's vertexai
mode with an API key (express mode), which needs no Google credentials.
Skipped where google-genai is not installed (``nox -s tests_without_openai``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import GeminiCallResponseChunk, StreamAccumulator, StreamError, awrap_sse, wrap, wrap_sse

from .conftest import SHARED_FIXTURES
from .helpers import FOLD_ANSWERS, named_answers, read_events

genai = pytest.importorskip("google.genai", reason="google-genai is not installed")
httpx = pytest.importorskip("httpx")
from google.genai import errors as genai_errors  # noqa: E402 - after the skip
from google.genai import types as genai_types  # noqa: E402

GEMINI = SHARED_FIXTURES / "gemini"
CAPTURES = [pytest.param(p, id=p.stem) for p in sorted(GEMINI.glob("*.sse"))]
HTTP_ERRORS = [pytest.param(p, id=p.stem) for p in sorted(GEMINI.glob("error-*.json"))]
REQUEST = {"model": "gemini-2.5-flash", "contents": "hi"}


def client(url: str, path: Path) -> Any:
    """A google-genai client that sends its requests to ``url``; Vertex AI's mode for Vertex captures."""
    return genai.Client(
        vertexai=path.name.startswith("vertex-"),
        api_key="test",
        http_options=genai_types.HttpOptions(base_url=url),
    )


def sdk_chunks(
    capture_server: Any, path: Path, body: bytes | None = None, status: int = 200
) -> Iterator[Any]:
    """The SDK's own chunks for the capture (or ``body``), read from the loopback server."""
    url = capture_server.serve(path.read_bytes() if body is None else body, status=status)
    with client(url, path) as sdk:
        yield from sdk.models.generate_content_stream(**REQUEST)


def our_chunks(capture_server: Any, body: bytes) -> list[Any]:
    """wrap_sse over the same bytes, read with httpx from the loopback server in other pieces."""
    with httpx.Client() as http, http.stream("POST", capture_server.serve(body, seed=7)) as response:
        return list(wrap_sse(response))


def total(usage: Any, *names: str) -> int | None:
    """The sum of the counts ``usage`` has of ``names``; None where it has none of them."""
    counts = [getattr(usage, name) for name in names if usage is not None]
    present = [c for c in counts if c is not None]
    return sum(present) if present else None


def sdk_answers(chunk: Any) -> dict[str, Any]:
    """The SDK chunk's answers to the questions chunkwrap answers, in chunkwrap's meanings."""
    candidate = chunk.candidates[0] if chunk.candidates else None
    parts = (candidate.content.parts if candidate and candidate.content else None) or []
    usage = chunk.usage_metadata
    return {
        "content": chunk.text or "",  # the SDK's None where no part has text
        "reasoning": "".join(p.text for p in parts if p.thought and p.text is not None),
        "tool_calls": [(c.id, c.name, c.args) for c in chunk.function_calls or []],
        "finish_reasons": []
        if candidate is None or candidate.finish_reason is None
        else [candidate.finish_reason.value],
        "model": chunk.model_version,
        "id": chunk.response_id,
        "input_tokens": total(usage, "prompt_token_count", "tool_use_prompt_token_count"),
        "output_tokens": total(usage, "candidates_token_count", "thoughts_token_count"),
        "cached_tokens": total(usage, "cached_content_token_count"),
        "reasoning_tokens": total(usage, "thoughts_token_count"),
    }


def our_answers(w: Any) -> dict[str, Any]:
    """The same questions asked of a chunkwrap wrapper (or the fold): tool calls as (id, name, args)."""
    assert all(call["type"] == "function" for call in w.tool_calls)
    return {
        "content": w.content,
        "reasoning": w.reasoning,
        "tool_calls": [
            (c["id"], c["function"]["name"], json.loads(c["function"]["arguments"])) for c in w.tool_calls
        ],
        "finish_reasons": w.finish_reasons,
        "model": w.model,
        "id": w.id,
        "input_tokens": w.input_tokens,
        "output_tokens": w.output_tokens,
        "cached_tokens": w.cached_tokens,
        "reasoning_tokens": w.reasoning_tokens,
    }


@pytest.mark.parametrize("path", CAPTURES)
def test_each_chunk_answers_as_the_sdk_reads_it(capture_server: Any, path: Path) -> None:
    """Chunk by chunk, wrap_sse's wrappers give the text, thought text, function calls,
    finish reason, model, id and token counts the SDK's generate_content_stream() gives."""
    theirs = list(sdk_chunks(capture_server, path))
    ours = our_chunks(capture_server, path.read_bytes())
    assert all(type(w) is GeminiCallResponseChunk for w in ours)
    assert [our_answers(w) for w in ours] == [sdk_answers(chunk) for chunk in theirs]
    # One meaning for the counts: every prompt token in, every generated one out.
    for w, chunk in zip(ours, theirs):
        if chunk.usage_metadata and chunk.usage_metadata.total_token_count is not None:
            assert (w.input_tokens or 0) + (w.output_tokens or 0) == chunk.usage_metadata.total_token_count


# google-genai's async client subclasses aiohttp's ClientSession, which aiohttp warns about.
@pytest.mark.filterwarnings("ignore:Inheritance class AiohttpClientSession:DeprecationWarning")
@pytest.mark.parametrize("path", CAPTURES)
def test_async_sdk_stream_is_the_oracle_of_awrap_sse(capture_server: Any, path: Path) -> None:
    """client.aio's generate_content_stream() and awrap_sse over httpx's AsyncClient agree chunk by chunk."""

    async def main() -> tuple[list[Any], list[Any]]:
        async with client(capture_server.serve(path.read_bytes()), path).aio as sdk:
            expected = [sdk_answers(c) async for c in await sdk.models.generate_content_stream(**REQUEST)]
        url = capture_server.serve(path.read_bytes(), seed=13)
        async with httpx.AsyncClient() as http, http.stream("POST", url) as response:
            ours = [our_answers(w) async for w in awrap_sse(response)]
        return expected, ours

    expected, ours = asyncio.run(main())
    assert ours == expected


@pytest.mark.parametrize("path", CAPTURES)
def test_sdk_models_and_dicts_answer_alike(capture_server: Any, path: Path) -> None:
    """wrap() of the SDK's GenerateContentResponse and wrap() of the wire's dict give equal answers."""
    models = list(sdk_chunks(capture_server, path))
    dicts = read_events(path)
    assert len(models) == len(dicts)
    for model, data in zip(models, dicts):
        from_model, from_dict = wrap(model), wrap(data)
        assert type(from_model) is type(from_dict) is GeminiCallResponseChunk
        assert named_answers(from_model, FOLD_ANSWERS) == named_answers(from_dict, FOLD_ANSWERS)
        assert named_answers(GeminiCallResponseChunk(model), FOLD_ANSWERS) == named_answers(
            from_dict, FOLD_ANSWERS
        )


def folded(chunks: Any) -> StreamAccumulator:
    acc = StreamAccumulator()
    for chunk in chunks:
        acc.add(chunk)
    return acc


def joined(chunks: list[Any], key: str) -> Any:
    return "".join(sdk_answers(c)[key] for c in chunks)


@pytest.mark.parametrize("path", CAPTURES)
def test_the_final_response_is_what_the_sdk_streamed(capture_server: Any, path: Path) -> None:
    """to_dict(), read back by the SDK as a one-chunk stream, has the SDK's joined text and thought
    text, every function call and thought signature in order, the last finish reason, usage,
    model version and response id; the accumulator answers the same."""
    chunks = list(sdk_chunks(capture_server, path))
    acc = folded(our_chunks(capture_server, path.read_bytes()))
    body = b"data: " + json.dumps(acc.to_dict()).encode() + b"\r\n\r\n"
    (final,) = sdk_chunks(capture_server, path, body)
    last = chunks[-1]
    answer = sdk_answers(final)
    assert answer["content"] == joined(chunks, "content")
    assert answer["reasoning"] == joined(chunks, "reasoning")
    assert answer["tool_calls"] == [call for c in chunks for call in sdk_answers(c)["tool_calls"]]
    finishes = [reason for c in chunks for reason in sdk_answers(c)["finish_reasons"]]
    assert answer["finish_reasons"] == finishes[-1:]
    assert final.usage_metadata == last.usage_metadata
    assert (final.model_version, final.response_id) == (last.model_version, last.response_id)
    assert final.candidates[0].content.role == "model"
    signatures = [p.thought_signature for c in chunks for p in c.parts or [] if p.thought_signature]
    assert [p.thought_signature for p in final.parts or [] if p.thought_signature] == signatures
    assert our_answers(acc) == {**answer, "finish_reasons": acc.finish_reasons}
    assert acc.finish_reasons == answer["finish_reasons"]


def raised(url: str, good: list[Any]) -> StreamError:
    """The StreamError wrap_sse raises reading ``url`` with httpx; the chunks before it go to ``good``."""
    with httpx.Client() as http, http.stream("POST", url) as response:
        try:
            good.extend(wrap_sse(response))
        except StreamError as error:
            return error
    raise AssertionError("no StreamError")


OVERLOADED = {
    "error": {
        "code": 503,
        "message": "The model is overloaded. Please try again later.",
        "status": "UNAVAILABLE",
    }
}


@pytest.mark.parametrize("path", CAPTURES)
def test_an_error_chunk_mid_stream_raises_after_the_good_chunks(capture_server: Any, path: Path) -> None:
    """An ``{"error": ...}`` chunk after the first chunk: the SDK raises APIError, chunkwrap
    StreamError with the same message, both after the same good chunks."""
    first = path.read_bytes().split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    body = first + b"data: " + json.dumps(OVERLOADED).encode() + b"\r\n\r\n"
    theirs: list[Any] = []
    with pytest.raises(genai_errors.APIError) as sdk_caught:
        theirs.extend(sdk_chunks(capture_server, path, body))
    ours: list[Any] = []
    caught = raised(capture_server.serve(body), ours)
    assert [our_answers(w) for w in ours] == [sdk_answers(c) for c in theirs]
    assert len(ours) == 1
    assert caught.message == sdk_caught.value.message == OVERLOADED["error"]["message"]
    assert caught.body["status"] == sdk_caught.value.status == "UNAVAILABLE"
    acc = StreamAccumulator()
    acc.add(ours[0])
    with pytest.raises(StreamError, match=r"overloaded"):
        acc.add(OVERLOADED)


@pytest.mark.parametrize("path", HTTP_ERRORS)
def test_an_http_error_raises_with_its_status_as_the_sdk_does(capture_server: Any, path: Path) -> None:
    """429 and 400 with Gemini's error bodies: the SDK's ClientError and chunkwrap's StreamError
    have the same message, HTTP status and status name."""
    status = int(path.name.split("-")[1])
    body = path.read_bytes()
    with pytest.raises(genai_errors.ClientError) as sdk_caught:
        list(sdk_chunks(capture_server, path, body, status))
    caught = raised(capture_server.serve(body, status=status, content_type="application/json"), [])
    assert caught.status_code == sdk_caught.value.code == status
    assert caught.message == sdk_caught.value.message
    assert caught.body["status"] == sdk_caught.value.status
