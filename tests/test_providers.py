"""OpenAI-compatible servers' documented chunk shapes, as dicts and (where the SDK takes them) as SDK objects."""

from __future__ import annotations

from typing import Any

import pytest

from chunkwrap import CostMetadata, OpenAICallResponseChunk, StreamAccumulator, Usage, wrap

from .conftest import chunk_dict


def both(d: dict[str, Any]) -> list[Any]:
    """The dict wrapper, and the SDK wrapper when openai is installed."""
    wrappers: list[Any] = [wrap(d)]
    try:
        from openai.types.chat import ChatCompletionChunk
    except ImportError:
        return wrappers
    wrappers.append(OpenAICallResponseChunk(ChatCompletionChunk.model_validate(d)))
    return wrappers


def test_openai_include_usage_final_chunk() -> None:
    """OpenAI stream_options.include_usage: the last chunk has choices [] and the usage."""
    d = chunk_dict(choices=[], usage={"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12})
    for w in both(d):
        assert (w.content, w.finish_reasons, w.input_tokens, w.output_tokens) == ("", [], 9, 3)


AZURE_FIRST = {
    "choices": [],
    "created": 0,
    "id": "",
    "model": "",
    "object": "",
    "prompt_filter_results": [
        {"prompt_index": 0, "content_filter_results": {"hate": {"filtered": False, "severity": "safe"}}}
    ],
}


def test_azure_prompt_filter_first_chunk() -> None:
    """Azure's first chunk: choices [], blank id/model/object, prompt_filter_results."""
    w = wrap(AZURE_FIRST)
    assert (w.content, w.finish_reasons, w.id, w.model, w.usage) == ("", [], "", "", None)


def test_azure_content_filter_results_and_missing_delta() -> None:
    """Azure: per-choice content_filter_results, and a final choice with no delta."""
    d = chunk_dict(
        choices=[
            {"index": 0, "finish_reason": "stop", "content_filter_results": {"hate": {"filtered": False}}}
        ]
    )
    w = wrap(d)
    assert (w.content, w.finish_reasons, w.audio, w.tool_calls) == ("", ["stop"], None, [])
    acc = StreamAccumulator()
    acc.add(AZURE_FIRST)
    acc.add(chunk_dict(delta={"content": "hi"}))
    acc.add(d)
    assert (acc.content, acc.finish_reasons, acc.id, acc.model) == (
        "hi",
        ["stop"],
        "chatcmpl-test",
        "gpt-4o-2024-08-06",
    )


def test_groq_usage_under_x_groq() -> None:
    """Groq: usage under x_groq.usage (with timing fields) when the top level has none."""
    x_groq = {
        "id": "req_01",
        "usage": {
            "queue_time": 0.01,
            "prompt_tokens": 20,
            "prompt_time": 0.002,
            "completion_tokens": 7,
            "completion_time": 0.02,
            "total_tokens": 27,
            "total_time": 0.022,
        },
    }
    d = chunk_dict(delta={}, finish_reason="stop", x_groq=x_groq)
    for w in both(d):
        assert (w.input_tokens, w.output_tokens, w.cached_tokens) == (20, 7, None)
        assert w.common_usage == Usage(20, 0, 7, 27)
    acc = StreamAccumulator()
    acc.add(d)
    assert (acc.input_tokens, acc.output_tokens) == (20, 7)


def test_groq_x_groq_without_usage() -> None:
    """Groq's first chunks carry x_groq with only an id: no usage."""
    for w in both(chunk_dict(delta={"content": "a"}, x_groq={"id": "req_01"})):
        assert (w.usage, w.input_tokens) == (None, None)


def test_deepseek_reasoning_content_and_cache_hits() -> None:
    """DeepSeek: reasoning_content deltas; cached_tokens falls back to prompt_cache_hit_tokens."""
    d = chunk_dict(delta={"content": None, "reasoning_content": "Let me think"})
    for w in both(d):
        assert (w.reasoning, w.content) == ("Let me think", "")
    usage = {
        "prompt_tokens": 100,
        "completion_tokens": 10,
        "total_tokens": 110,
        "prompt_cache_hit_tokens": 64,
        "prompt_cache_miss_tokens": 36,
        "completion_tokens_details": {"reasoning_tokens": 4},
    }
    for w in both(chunk_dict(choices=[], usage=usage)):
        assert (w.cached_tokens, w.reasoning_tokens) == (64, 4)
        assert w.common_usage == Usage(100, 64, 10, 110)


def test_openrouter_reasoning_and_cost() -> None:
    """OpenRouter: reasoning deltas; usage.cost lands in cost_metadata.cost."""
    for w in both(chunk_dict(delta={"reasoning": "step 1"})):
        assert w.reasoning == "step 1"
    usage = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15, "cost": 0.00042}
    for w in both(chunk_dict(choices=[], usage=usage)):
        assert w.cost_metadata == CostMetadata(input_tokens=10, output_tokens=5, cost=0.00042)


def test_vllm_cumulative_usage_is_replaced_not_summed() -> None:
    """vLLM (continuous_usage_stats): usage on every chunk is cumulative; the accumulator keeps the last."""
    acc = StreamAccumulator()
    for n in range(1, 4):
        acc.add(
            chunk_dict(
                delta={"reasoning_content": "r", "content": "c"},
                usage={"prompt_tokens": 10, "completion_tokens": n, "total_tokens": 10 + n},
            )
        )
    assert (acc.input_tokens, acc.output_tokens, acc.reasoning, acc.content) == (10, 3, "rrr", "ccc")


def test_vllm_reasoning_field() -> None:
    """Newer vLLM: reasoning deltas."""
    for w in both(chunk_dict(delta={"reasoning": "hmm"})):
        assert w.reasoning == "hmm"


def test_ollama_empty_finish_reason_means_none() -> None:
    """Older Ollama servers send finish_reason "" on every chunk."""
    d = chunk_dict(delta={"content": "hi", "reasoning": "r"}, finish_reason="")
    w = wrap(d)
    assert (w.finish_reasons, w.common_finish_reasons, w.reasoning) == ([], [], "r")
    acc = StreamAccumulator()
    acc.add(d)
    assert acc.finish_reasons == []


def test_empty_finish_reason_is_skipped_in_every_choice() -> None:
    """With two choices (n=2), "" is skipped wherever it stands."""
    d = chunk_dict(delta={}, finish_reason="")
    d["choices"].append({**d["choices"][0], "index": 1, "finish_reason": "stop"})
    d["choices"].append({**d["choices"][0], "index": 2, "finish_reason": ""})
    assert wrap(d).finish_reasons == ["stop"]  # the SDK's own model rejects ""


def test_llamacpp_usage_on_finish_chunk() -> None:
    """llama.cpp: usage rides on the chunk that carries finish_reason."""
    d = chunk_dict(
        delta={}, finish_reason="stop", usage={"prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6}
    )
    for w in both(d):
        assert (w.finish_reasons, w.input_tokens, w.output_tokens) == (["stop"], 4, 2)
    acc = StreamAccumulator()
    acc.add(d)
    acc.add(chunk_dict(choices=[]))
    assert acc.common_usage == Usage(4, 0, 2, 6)


def test_fireworks_usage_chunk_without_choices() -> None:
    """Fireworks: a usage-only chunk with no choices key at all."""
    d = {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    }
    w = wrap(d)
    assert (w.content, w.finish_reasons, w.input_tokens, w.tool_calls, w.audio) == ("", [], 3, [], None)
    acc = StreamAccumulator()
    acc.add(d)
    assert acc.input_tokens == 3


@pytest.mark.parametrize(
    "d",
    [
        pytest.param({"id": "x", "choices": None}, id="choices-null"),
        pytest.param({"id": "x", "choices": [{"index": 0}]}, id="choice-without-delta"),
        pytest.param({"id": "x", "choices": [{"index": 0, "delta": None}]}, id="delta-null"),
        pytest.param(
            {
                "id": None,
                "model": None,
                "created": None,
                "usage": None,
                "choices": [
                    {
                        "index": 0,
                        "delta": {"content": None, "audio": None, "tool_calls": None, "refusal": None},
                        "finish_reason": None,
                        "logprobs": None,
                    }
                ],
            },
            id="fields-null",
        ),
    ],
)
def test_nulls_everywhere(d: dict[str, Any]) -> None:
    """Nulls and missing levels read as empty answers, never errors."""
    w = wrap(d)
    assert (w.content, w.finish_reasons, w.reasoning, w.refusal, w.tool_calls) == ("", [], "", "", [])
    assert (w.audio, w.audio_transcript, w.input_tokens, w.cached_tokens, w.common_usage) == (
        None,
        None,
        None,
        None,
        None,
    )
    acc = StreamAccumulator()
    acc.add(d)
    assert acc.to_dict()["object"] == "chat.completion"
