"""Property-based tests: agreement with the SDK on generated input, and nothing but ChunkError on mutated input."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chunkwrap import CallResponseChunk, ChunkError, OpenAICallResponseChunk, StreamAccumulator, wrap

from .conftest import CAPTURES, read_capture
from .helpers import PROPERTIES, agree, assert_dict_and_sdk_agree, normalized, sdk_fold
from .strategies import chunks, mutated, streams

REAL = [chunk for path in CAPTURES for chunk in read_capture(path)]
EVERY_NAME = [*PROPERTIES, "usage", "tool_calls", "chunk"]


@given(chunks())
def test_dict_and_sdk_agree_on_generated_chunks(chunk: dict[str, Any]) -> None:
    """The dict wrapper and the SDK wrapper agree on every property of generated valid chunks."""
    assert_dict_and_sdk_agree(chunk)


@given(streams())
def test_accumulator_agrees_with_sdk_on_generated_streams(stream: list[dict[str, Any]]) -> None:
    """to_dict() agrees with the SDK's accumulator on generated streams."""
    openai = pytest.importorskip("openai")
    models = [openai.types.chat.ChatCompletionChunk.model_validate(d) for d in stream]
    acc = StreamAccumulator()
    for m in models:
        acc.add(m)
    mine, theirs = acc.to_dict(), sdk_fold(models)
    agree(mine, theirs)
    for key in theirs:  # nothing else the SDK keeps is dropped (openai 3.x's moderation, say)
        assert normalized(mine.get(key)) == normalized(theirs[key]) or key == "object", key
    acc2 = StreamAccumulator()
    for d in stream:
        acc2.add(d)
    assert acc2.to_dict() == acc.to_dict() or _same_but_models(acc2.to_dict(), acc.to_dict())


def _same_but_models(a: dict[str, Any], b: dict[str, Any]) -> bool:

    return bool(normalized(a) == normalized(b))


def every_answer_or_chunk_error(w: Any) -> None:
    for name in EVERY_NAME:
        try:
            getattr(w, name)
        except ChunkError as exc:
            assert str(exc).split(":")[0], "ChunkError without a path"
    try:
        str(w)
    except ChunkError:
        pass


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_chunks_yield_values_or_chunk_error(data: st.DataObject) -> None:
    """Real chunks with fields removed, nulled or of the wrong kind: a value or a ChunkError, nothing else."""
    chunk = data.draw(mutated(data.draw(st.sampled_from(REAL))))
    try:
        w = wrap(chunk)
    except ChunkError:
        return  # no chunk of any format left (its choices and object removed)
    every_answer_or_chunk_error(w)
    every_answer_or_chunk_error(CallResponseChunk(w))
    try:
        StreamAccumulator().add(chunk)
    except ChunkError:
        pass


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_chunks_as_unvalidated_sdk_objects(data: st.DataObject) -> None:
    """SDK models carrying wrong values (built without validation) give a value or ChunkError."""
    openai = pytest.importorskip("openai")
    chunk = data.draw(mutated(data.draw(chunks())))
    model = openai.types.chat.ChatCompletionChunk.model_construct(**chunk)
    every_answer_or_chunk_error(OpenAICallResponseChunk(model))
    try:
        StreamAccumulator().add(model)
    except ChunkError:
        pass


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_validated_sdk_objects_with_attributes_overwritten(data: st.DataObject) -> None:
    """A validated SDK chunk whose nested attributes are then set to odd values: a value or ChunkError."""
    openai = pytest.importorskip("openai")
    model = openai.types.chat.ChatCompletionChunk.model_validate(data.draw(chunks()))
    targets: list[Any] = [model, *model.choices, *(c.delta for c in model.choices)]
    if model.usage is not None:
        targets.append(model.usage)
    target = data.draw(st.sampled_from(targets))
    name = data.draw(st.sampled_from(sorted(type(target).model_fields)))
    value = data.draw(st.sampled_from([None, 7, "x", [3], {"a": 1}, object(), 2.5]))
    object.__setattr__(target, name, copy.copy(value))
    every_answer_or_chunk_error(OpenAICallResponseChunk(model))
