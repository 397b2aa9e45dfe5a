"""Mirascope v1.25.7 itself as the oracle: what it answers for a chunk, chunkwrap answers too.

The other tests write Mirascope's answers down by hand; these ask Mirascope.
They run where it is installed (``python -m nox -s mirascope``, which pins
mirascope 1.25.7 and the ``openai<2`` it requires) and are skipped elsewhere.
The only values compared differently are the deliberate differences the
README lists under "Coming from Mirascope v1", each named where it applies.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from chunkwrap import CallResponseChunk, ChunkError, OpenAICallResponseChunk, OpenAIDictChunk

from .conftest import ALL_CAPTURED_CHUNKS, chunk_dict
from .helpers import PROPERTIES, cost_fields, usage_fields

mirascope_openai = pytest.importorskip("mirascope.core.openai", reason="mirascope is not installed")
mirascope_llm = pytest.importorskip("mirascope.llm")
from openai.types.chat import ChatCompletionChunk  # noqa: E402 - mirascope brings a compatible openai

# Values of each library's own types, compared field by field below.
VALUE_OBJECTS = {"cost_metadata", "common_usage"}


def shared(theirs: type) -> list[str]:
    """The questions both libraries answer as plain values: chunkwrap's
    properties that ``theirs`` (a Mirascope class) also has."""
    return [name for name in PROPERTIES if hasattr(theirs, name) and name not in VALUE_OBJECTS]


PLAIN = shared(mirascope_openai.OpenAICallResponseChunk)
_USAGE = {
    "prompt_tokens": 14,
    "completion_tokens": 30,
    "total_tokens": 44,
    "prompt_tokens_details": {"cached_tokens": 8, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 0},
}
_AUDIO = {"id": "audio_1", "data": base64.b64encode(bytes(range(256))).decode(), "transcript": " Hi"}

BUILT = [
    pytest.param(chunk_dict(delta={"content": "Hi"}), id="text"),
    pytest.param(chunk_dict(delta={}, finish_reason="stop"), id="finish"),
    pytest.param(chunk_dict(choices=[], usage=_USAGE), id="usage-only"),
    pytest.param(
        chunk_dict(choices=[], usage={**_USAGE, "prompt_tokens_details": None}), id="usage-no-details"
    ),
    pytest.param(
        chunk_dict(choices=[], usage={"prompt_tokens": 3, "completion_tokens": 0, "total_tokens": 3}),
        id="usage-bare",
    ),
    pytest.param(chunk_dict(delta={"audio": _AUDIO}), id="audio"),
    pytest.param(
        chunk_dict(delta={"audio": {"id": "audio_1", "transcript": " Hi"}}), id="audio-transcript-only"
    ),
    pytest.param(
        chunk_dict(
            choices=[
                {"index": 0, "delta": {"content": "a"}, "finish_reason": "stop"},
                {"index": 1, "delta": {"content": "b"}, "finish_reason": "length"},
                {"index": 2, "delta": {"content": "c"}, "finish_reason": None},
            ]
        ),
        id="three-choices",
    ),
    pytest.param(chunk_dict(delta={"role": "assistant", "content": None, "refusal": "No."}), id="refusal"),
]


@pytest.mark.parametrize("data", ALL_CAPTURED_CHUNKS + BUILT)
def test_every_value_is_mirascopes(data: dict[str, Any]) -> None:
    """Both wrappers, on the SDK model and on the dict, answer what Mirascope answers."""
    theirs = mirascope_openai.OpenAICallResponseChunk(chunk=ChatCompletionChunk.model_validate(data))
    sdk_chunk = ChatCompletionChunk.model_validate(data)
    for ours in (OpenAICallResponseChunk(sdk_chunk), OpenAIDictChunk(data)):
        for name in PLAIN:
            assert getattr(ours, name) == getattr(theirs, name), name
        assert str(ours) == str(theirs.content)
        assert usage_fields(ours.common_usage) == usage_fields(theirs.common_usage)
        assert cost_fields(ours.cost_metadata, theirs.cost_metadata) == cost_fields(
            theirs.cost_metadata, theirs.cost_metadata
        )
        assert ours.cost_metadata.batch_mode is False
    # usage is the chunk's own object, as sent: the SDK model's, or the dict's.
    assert OpenAICallResponseChunk(sdk_chunk).usage is sdk_chunk.usage
    assert (theirs.usage is None) is (OpenAIDictChunk(data).usage is None)


# Mirascope's llm.CallResponseChunk reads model_fields from an instance,
# which pydantic 2.11 and newer warn about.
@pytest.mark.filterwarnings("ignore:Accessing the 'model_fields' attribute on the instance")
@pytest.mark.parametrize("data", ALL_CAPTURED_CHUNKS + BUILT)
def test_provider_agnostic_view_is_mirascopes(data: dict[str, Any]) -> None:
    """chunkwrap's CallResponseChunk answers what Mirascope's llm.CallResponseChunk answers."""
    theirs = mirascope_llm.CallResponseChunk(
        response=mirascope_openai.OpenAICallResponseChunk(chunk=ChatCompletionChunk.model_validate(data))
    )
    ours = CallResponseChunk(OpenAICallResponseChunk(ChatCompletionChunk.model_validate(data)))
    for name in shared(mirascope_llm.CallResponseChunk):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert usage_fields(ours.usage) == usage_fields(theirs.usage)
    assert cost_fields(ours.cost_metadata, theirs.cost_metadata) == cost_fields(
        theirs.cost_metadata, theirs.cost_metadata
    )
    # Any other name falls through to the provider's wrapper, in both.
    assert ours.audio == theirs.audio
    assert ours.audio_transcript == theirs.audio_transcript


def test_empty_finish_reason_is_skipped_as_in_mirascope() -> None:
    """Ollama's finish_reason "" is no reason, in both. openai 1.x's model
    rejects "", so it is set after validation, as a lenient client leaves it."""
    sdk_chunk = ChatCompletionChunk.model_validate(chunk_dict(delta={}, finish_reason="stop"))
    sdk_chunk.choices[0].finish_reason = ""  # type: ignore[assignment]
    theirs = mirascope_openai.OpenAICallResponseChunk(chunk=sdk_chunk)
    ours = OpenAICallResponseChunk(sdk_chunk)
    assert theirs.finish_reasons == ours.finish_reasons == []


def test_where_chunkwrap_differs_on_purpose() -> None:
    """The README's differences that show on a valid chunk, each asked of Mirascope too."""

    def both(data: dict[str, Any]) -> tuple[Any, OpenAICallResponseChunk]:
        theirs = mirascope_openai.OpenAICallResponseChunk(chunk=ChatCompletionChunk.model_validate(data))
        return theirs, OpenAICallResponseChunk(ChatCompletionChunk.model_validate(data))

    # The legacy "function_call" has a common name, "tool_calls"; Mirascope's cast passes it through.
    theirs, ours = both(chunk_dict(delta={}, finish_reason="function_call"))
    assert theirs.finish_reasons == ours.finish_reasons == ["function_call"]
    assert (theirs.common_finish_reasons, ours.common_finish_reasons) == (["function_call"], ["tool_calls"])

    # DeepSeek's prompt_cache_hit_tokens count as cached tokens.
    usage = {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12, "prompt_cache_hit_tokens": 6}
    theirs, ours = both(chunk_dict(choices=[], usage=usage))
    assert (theirs.cached_tokens, ours.cached_tokens) == (None, 6)

    # Groq sends usage under x_groq.usage.
    groq = {
        "x_groq": {"id": "req_1", "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}}
    }
    theirs, ours = both(chunk_dict(delta={}, finish_reason="stop", **groq))
    assert (theirs.usage, theirs.input_tokens, theirs.output_tokens) == (None, None, None)
    assert (ours.input_tokens, ours.output_tokens) == (7, 3)

    # Audio is decoded once and kept; Mirascope decodes it again on every read.
    theirs, ours = both(chunk_dict(delta={"audio": _AUDIO}))
    assert theirs.audio == ours.audio
    assert theirs.audio is not theirs.audio
    assert ours.audio is ours.audio

    # Base64 with a stray character is an error, not bytes with it dropped.
    theirs, ours = both(chunk_dict(delta={"audio": {**_AUDIO, "data": "aGk=!"}}))
    assert theirs.audio == b"hi"
    with pytest.raises(ChunkError, match=r"choices\[0\]\.delta\.audio\.data"):
        _ = ours.audio
