"""Mirascope v1.25.7's GoogleCallResponseChunk as the oracle for Gemini chunks.

As tests/test_mirascope_oracle.py does for Chat Completions: every value
Mirascope answers for every chunk of every Gemini capture, chunkwrap answers
too, but for the deliberate differences the README lists under "Coming from
Mirascope v1", each asserted one by one. Runs where ``mirascope[google]`` is
installed (``python -m nox -s mirascope``), skipped elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest

from chunkwrap import GeminiCallResponseChunk

from .conftest import SHARED_FIXTURES
from .helpers import cost_fields, gemini_model, read_events, usage_fields

mirascope_google = pytest.importorskip("mirascope.core.google", reason="mirascope[google] is not installed")
from mirascope.core.base._utils import get_common_usage  # noqa: E402 - after the skip

GEMINI = sorted((SHARED_FIXTURES / "gemini").glob("*.sse"))
CHUNKS = [
    pytest.param(chunk, path.name.startswith("vertex-"), id=f"{path.stem}-{i}")
    for path in GEMINI
    for i, chunk in enumerate(read_events(path))
]
# Mirascope's answers chunkwrap gives as they are; the rest differ on purpose (below).
SAME = ["model", "cached_tokens", "finish_reasons"]


def both(chunk: dict[str, Any], *, vertex: bool = False) -> tuple[Any, list[GeminiCallResponseChunk]]:
    """Mirascope's wrapper of the SDK's model, and chunkwrap's of the model and of the dict."""
    model = gemini_model(chunk, vertex=vertex)
    return mirascope_google.GoogleCallResponseChunk(chunk=model), [
        GeminiCallResponseChunk(model),
        GeminiCallResponseChunk(chunk),
    ]


def plus(count: int | None, more: int | None) -> int | None:
    return None if count is None and more is None else (count or 0) + (more or 0)


def texts(chunk: dict[str, Any], thought: bool) -> list[str]:
    """Candidate 0's non-empty text parts, the thought ones or the others."""
    candidates = chunk.get("candidates") or [{}]
    parts = (candidates[0].get("content") or {}).get("parts") or []
    return [p["text"] for p in parts if p.get("text") and bool(p.get("thought")) is thought]


@pytest.mark.parametrize(("chunk", "vertex"), CHUNKS)
def test_every_value_is_mirascopes_or_differs_as_the_readme_says(chunk: dict[str, Any], vertex: bool) -> None:
    """Each of Mirascope's answers, on the SDK model and on the dict, with each deliberate difference applied."""
    theirs, ours_both = both(chunk, vertex=vertex)
    usage = theirs.usage
    for ours in ours_both:
        for name in SAME:
            assert getattr(ours, name) == getattr(theirs, name), name
        # Mirascope gives the first text part, chunkwrap all of them joined: the same on one part.
        assert ours.content == "".join(texts(chunk, thought=False))
        assert theirs.content == next(iter(texts(chunk, thought=False)), "")
        assert ours.reasoning == "".join(texts(chunk, thought=True))
        assert theirs.thinking == next(iter(texts(chunk, thought=True)), "")
        # Every chunk carries responseId; Mirascope answers None.
        assert (theirs.id, ours.id) == (None, chunk["responseId"])
        # The prompt's tool-use tokens and the thinking tokens are counted; Mirascope leaves them out.
        assert ours.input_tokens == plus(theirs.input_tokens, usage and usage.tool_use_prompt_token_count)
        assert ours.output_tokens == plus(theirs.output_tokens, usage and usage.thoughts_token_count)
        assert usage_fields(ours.common_usage) == usage_fields(
            get_common_usage(ours.input_tokens, ours.cached_tokens, ours.output_tokens)
        )
        assert cost_fields(ours.cost_metadata, theirs.cost_metadata) == {
            **cost_fields(theirs.cost_metadata, theirs.cost_metadata),
            "input_tokens": ours.input_tokens,
            "output_tokens": ours.output_tokens,
        }
        # STOP on a chunk that calls a function is tool_calls; Mirascope's stop. No reason yet:
        # [] here, None there.
        expected = [
            "tool_calls" if reason == "stop" and ours.tool_calls else reason
            for reason in theirs.common_finish_reasons or []
        ]
        assert ours.common_finish_reasons == expected


def _answer(finish: str | None = None, *parts: dict[str, Any]) -> dict[str, Any]:
    candidate: dict[str, Any] = {
        "content": {"role": "model", "parts": list(parts) or [{"text": "Hi"}]},
        "index": 0,
    }
    if finish is not None:
        candidate["finishReason"] = finish
    return {
        "candidates": [candidate],
        "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 2, "totalTokenCount": 6},
        "modelVersion": "gemini-2.5-flash",
        "responseId": "resp-1",
    }


@pytest.mark.parametrize("reason", ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII"])
def test_a_blocked_answer_is_content_filter_not_stop(reason: str) -> None:
    """The safety family is content_filter; Mirascope maps all but SAFETY to stop, so a blocked
    answer looks complete there."""
    theirs, ours_both = both(_answer(reason))
    for ours in ours_both:
        assert ours.common_finish_reasons == ["content_filter"]
    assert theirs.common_finish_reasons == (["content_filter"] if reason == "SAFETY" else ["stop"])


@pytest.mark.parametrize("reason", ["OTHER", "MALFORMED_FUNCTION_CALL", "FINISH_REASON_UNSPECIFIED"])
def test_an_unfinished_answer_is_never_stop(reason: str) -> None:
    """OTHER, MALFORMED_FUNCTION_CALL and FINISH_REASON_UNSPECIFIED pass through as sent; Mirascope says stop."""
    theirs, ours_both = both(_answer(reason))
    for ours in ours_both:
        assert ours.common_finish_reasons == [reason]
    assert theirs.common_finish_reasons == ["stop"]


def test_a_blocked_prompt_is_content_filter() -> None:
    """A chunk with promptFeedback.blockReason and no candidates: content_filter; Mirascope: no reason."""
    chunk = {**_answer(), "promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}}
    del chunk["candidates"]
    theirs, ours_both = both(chunk)
    for ours in ours_both:
        assert (ours.finish_reasons, ours.common_finish_reasons) == (
            ["PROHIBITED_CONTENT"],
            ["content_filter"],
        )
    assert (theirs.finish_reasons, theirs.common_finish_reasons) == ([], None)


def test_every_text_part_is_content() -> None:
    """Two text parts and two thought parts in one chunk: all joined; Mirascope keeps each first."""
    theirs, ours_both = both(
        _answer(
            None,
            {"text": "Let me ", "thought": True},
            {"text": "think.", "thought": True},
            {"text": "Hello"},
            {"text": ", world"},
        )
    )
    for ours in ours_both:
        assert (ours.content, ours.reasoning) == ("Hello, world", "Let me think.")
    assert (theirs.content, theirs.thinking) == ("Hello", "Let me ")


def test_the_real_captures_show_the_token_and_id_differences() -> None:
    """On real captures: thinking tokens are output (max-tokens: 10 + 38), tool-use prompt tokens
    input (code execution), the id is responseId, a parallel function call ends with tool_calls."""
    capped = read_events(SHARED_FIXTURES / "gemini" / "gemini-2.5-flash-max-tokens.sse")[-1]
    theirs, (ours, _) = both(capped)
    assert (theirs.output_tokens, ours.output_tokens) == (10, 48)
    assert (theirs.id, ours.id) == (None, capped["responseId"])
    code = read_events(SHARED_FIXTURES / "gemini" / "gemini-2.5-pro-code-execution-thought.sse")[-1]
    theirs, (ours, _) = both(code)
    tool_use = code["usageMetadata"]["toolUsePromptTokenCount"]
    assert ours.input_tokens == theirs.input_tokens + tool_use
    assert ours.input_tokens + ours.output_tokens == code["usageMetadata"]["totalTokenCount"]
    calls = read_events(SHARED_FIXTURES / "gemini" / "gemini-2.0-flash-tool-call-parallel.sse")[-1]
    theirs, (ours, _) = both(calls)
    assert (theirs.common_finish_reasons, ours.common_finish_reasons) == (["stop"], ["tool_calls"])


def test_finish_reasons_are_candidate_zeros_and_none_yet_is_empty() -> None:
    """Two candidates: candidate 0's reason alone (Mirascope: every candidate's); before the
    last chunk, common_finish_reasons is [] (Mirascope: None)."""
    chunk = _answer("STOP")
    chunk["candidates"].append({**chunk["candidates"][0], "index": 1, "finishReason": "MAX_TOKENS"})
    theirs, ours_both = both(chunk)
    for ours in ours_both:
        assert ours.finish_reasons == ["STOP"]
    assert theirs.finish_reasons == ["STOP", "MAX_TOKENS"]
    theirs, ours_both = both(_answer())
    for ours in ours_both:
        assert ours.common_finish_reasons == []
    assert theirs.common_finish_reasons is None
