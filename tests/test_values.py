"""Usage, CostMetadata, FinishReason and ChunkError."""

from __future__ import annotations

import pickle
import typing

import attrs
import pytest

from chunkwrap import ChunkError, CostMetadata, FinishReason, Usage

MIRASCOPE_COST_FIELDS = [
    "input_tokens", "output_tokens", "cached_tokens", "streaming_mode", "cached_response",
    "context_length", "realtime_mode", "region", "tier", "batch_mode", "images", "videos",
    "audio", "audio_output", "pdf", "context_cache_tokens", "context_cache_hours", "google",
    "realtime_tokens", "cache_write", "tool_use_tokens", "cost",
]  # fmt: skip


def test_cost_metadata_has_mirascopes_fields_and_defaults() -> None:
    """Every Mirascope v1 field, None by default except batch_mode (False)."""
    fields = attrs.fields(CostMetadata)
    assert [f.name for f in fields] == MIRASCOPE_COST_FIELDS
    defaults = {f.name: f.default for f in fields}
    assert defaults.pop("batch_mode") is False
    assert set(defaults.values()) == {None}


@pytest.mark.parametrize("cls", [Usage, CostMetadata])
def test_value_types_are_frozen_slotted_attrs(cls: type) -> None:
    """Usage and CostMetadata are frozen attrs classes with __slots__."""
    value = cls(1, 0, 2, 3) if cls is Usage else cls()
    assert attrs.has(cls)
    assert not hasattr(value, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        value.input_tokens = 9  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(value)) == value


def test_usage_fields() -> None:
    """Usage's fields, in Mirascope's order."""
    assert [f.name for f in attrs.fields(Usage)] == [
        "input_tokens",
        "cached_tokens",
        "output_tokens",
        "total_tokens",
    ]


def test_finish_reason_literal() -> None:
    """FinishReason is the four-value Literal."""
    assert typing.get_args(FinishReason) == ("stop", "length", "tool_calls", "content_filter")


def test_chunk_error_is_a_value_error_naming_the_path() -> None:
    """ChunkError subclasses ValueError, leads with the path, and pickles."""
    err = ChunkError("choices[0].delta.audio.data", "not valid base64")
    assert isinstance(err, ValueError)
    assert str(err) == "choices[0].delta.audio.data: not valid base64"
    again = pickle.loads(pickle.dumps(err))
    assert (again.path, again.problem, str(again)) == (err.path, err.problem, str(err))


def test_chunk_error_is_a_frozen_attrs_class() -> None:
    """ChunkError is a frozen attrs exception: its fields cannot be reassigned."""
    err = ChunkError("usage.prompt_tokens", "expected an integer, got str")
    assert attrs.has(ChunkError)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        err.path = "elsewhere"  # type: ignore[misc]
    assert repr(err) == "ChunkError(path='usage.prompt_tokens', problem='expected an integer, got str')"
