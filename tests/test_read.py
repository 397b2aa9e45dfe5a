"""The fast scans in _chat/openai.py and _chat/dict.py against the general path in _chat/read.py, which is their oracle.

Over every capture, generated chunks and mutated ones, every property a
wrapper answers equals what the general path answers for the same chunk, or
both raise ChunkError with the same path: a scan can be edited without fear.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chunkwrap import ChunkError, OpenAICallResponseChunk, OpenAIDictChunk
from chunkwrap._chat import read as chat_read
from chunkwrap._core import read as _read

from .conftest import CAPTURES, COMPATIBLE_CAPTURES, read_capture
from .helpers import records
from .strategies import chunks, mutated


def _audio(chunk: Any) -> bytes | None:
    found = chat_read.first_audio(chunk)
    if found is None:
        return None
    path = "choices[0].delta.audio.data"
    return chat_read.decode_audio(_read.text(found, "data", path), path)


def _transcript(chunk: Any) -> str | None:
    found = chat_read.first_audio(chunk)
    return None if found is None else _read.text(found, "transcript", "choices[0].delta.audio.transcript")


GENERAL: dict[str, Callable[[Any], Any]] = {
    "content": chat_read.content,
    "finish_reasons": chat_read.finish_reasons,
    "usage": chat_read.usage,
    "input_tokens": chat_read.input_tokens,
    "output_tokens": chat_read.output_tokens,
    "cached_tokens": chat_read.cached_tokens,
    "audio": _audio,
    "audio_transcript": _transcript,
    "model": lambda c: _read.text(c, "model", "model"),
    "id": lambda c: _read.text(c, "id", "id"),
    "reasoning": chat_read.reasoning,
    "refusal": chat_read.refusal,
    "tool_calls": chat_read.tool_calls,
    "reasoning_tokens": chat_read.reasoning_tokens,
    "system_fingerprint": lambda c: _read.text(c, "system_fingerprint", "system_fingerprint"),
    "service_tier": lambda c: _read.text(c, "service_tier", "service_tier"),
    "created": lambda c: _read.count(c, "created", "created"),
}


def _outcome(read: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    try:
        return ("value", read(*args))
    except ChunkError as exc:
        return ("ChunkError at", exc.path)


def assert_fast_path_is_the_general_path(wrapper: Any, chunk: Any) -> None:
    shared = wrapper(chunk)  # every property from one wrapper, in order: the scan fills several
    for name, general in GENERAL.items():
        expected = _outcome(general, chunk)
        assert _outcome(getattr, wrapper(chunk), name) == expected, name
        assert _outcome(getattr, shared, name) == expected, name


def _sdk(d: dict[str, Any], validate: bool = True) -> Any:
    openai = pytest.importorskip("openai")
    model = openai.types.chat.ChatCompletionChunk
    if validate:
        try:
            return model.model_validate(d)
        except ValueError:  # Azure's blank first chunk: object "", not a Literal the SDK knows
            pass
    return model.model_construct(**d)


CAPTURED = [
    pytest.param(chunk, id=f"{path.parent.name}-{path.stem}-{i}")
    for path in [*CAPTURES, *COMPATIBLE_CAPTURES]
    for i, chunk in enumerate(read_capture(path))
]
REAL = [p.values[0] for p in CAPTURED]


@pytest.mark.parametrize("chunk", CAPTURED)
def test_every_capture_fast_and_general_agree(chunk: dict[str, Any]) -> None:
    """Each captured chunk, as a dict and as an SDK model: the fast path answers as the general path does."""
    assert_fast_path_is_the_general_path(OpenAIDictChunk, chunk)
    assert_fast_path_is_the_general_path(OpenAICallResponseChunk, _sdk(chunk))


@given(chunks())
def test_generated_chunks_fast_and_general_agree(chunk: dict[str, Any]) -> None:
    """Generated valid chunks, as dicts and SDK models: the fast path answers as the general path does."""
    assert_fast_path_is_the_general_path(OpenAIDictChunk, chunk)
    assert_fast_path_is_the_general_path(OpenAICallResponseChunk, _sdk(chunk))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_chunks_fast_and_general_agree(data: st.DataObject) -> None:
    """Real and generated chunks with fields removed, nulled or of the wrong kind: the same answer or the same ChunkError path."""
    base = data.draw(st.sampled_from(REAL) | chunks())
    chunk = data.draw(mutated(base))
    assert_fast_path_is_the_general_path(OpenAIDictChunk, chunk)
    assert_fast_path_is_the_general_path(OpenAICallResponseChunk, _sdk(chunk, validate=False))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_sdk_objects_with_odd_attributes_fast_and_general_agree(data: st.DataObject) -> None:
    """A validated SDK chunk whose nested attributes are then set to odd values: the same answer or ChunkError path."""
    model = _sdk(data.draw(chunks()))
    targets: list[Any] = [model, *model.choices, *(c.delta for c in model.choices)]
    if model.usage is not None:
        targets.append(model.usage)
    target = data.draw(st.sampled_from(targets))
    name = data.draw(st.sampled_from(sorted(type(target).model_fields)))
    value = data.draw(st.sampled_from([None, 7, "x", [3], {"a": 1}, object(), 2.5, True, [], ()]))
    object.__setattr__(target, name, copy.copy(value))
    assert_fast_path_is_the_general_path(OpenAICallResponseChunk, model)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_general_paths_dict_shortcuts_answer_as_its_mapping_rules(data: st.DataObject) -> None:
    """reasoning, refusal and tool_calls of a dict take shortcuts for dicts; the
    same chunk as Mappings that are no dicts goes the long way: the same answer
    or the same ChunkError path, for real, generated and mutated chunks."""
    base = data.draw(st.sampled_from(REAL) | chunks())
    chunk = data.draw(st.just(base) | mutated(base))
    for read in (chat_read.reasoning, chat_read.refusal, chat_read.tool_calls, chat_read.first_delta):
        assert _outcome(read, chunk) == _outcome(read, records(chunk)), read.__name__


@pytest.mark.parametrize("value", [5, [1], {"a": 1}, True, 2.5, "", "text"])
@pytest.mark.parametrize("name", ["reasoning_content", "reasoning", "refusal"])
def test_a_dict_deltas_text_of_any_kind_answers_as_its_mapping_rules(name: str, value: Any) -> None:
    """A delta's text field of each kind: the dict shortcut gives what the long way gives."""
    chunk = {"choices": [{"index": 0, "delta": {name: value}}]}
    for read in (chat_read.reasoning, chat_read.refusal):
        assert _outcome(read, chunk) == _outcome(read, records(chunk)), read.__name__
