"""OpenAIDictChunk and wrap(): the same answers from parsed JSON, without the SDK."""

from __future__ import annotations

import base64
import copy
import pickle
from collections import OrderedDict
from types import MappingProxyType
from typing import Any

import pytest

from chunkwrap import ChunkError, OpenAIDictChunk, Usage, wrap

from .conftest import ALL_CAPTURED_CHUNKS, chunk_dict
from .helpers import assert_dict_and_sdk_agree


def test_wrap_picks_the_dict_wrapper_and_keeps_the_dict() -> None:
    """wrap(dict) is an OpenAIDictChunk whose .chunk is the very dict."""
    d = chunk_dict(delta={"content": "hi"})
    w = wrap(d)
    assert type(w) is OpenAIDictChunk
    assert w.chunk is d
    assert w.content == "hi"


@pytest.mark.parametrize("mapping", [OrderedDict, MappingProxyType], ids=["ordereddict", "mappingproxy"])
def test_other_mappings(mapping: Any) -> None:
    """Any Mapping works, through the general path."""
    d = chunk_dict(delta={"content": "hi"}, usage={"prompt_tokens": 1, "completion_tokens": 2})
    w = wrap(mapping(d))
    assert type(w) is OpenAIDictChunk
    assert (w.content, w.input_tokens, w.output_tokens) == ("hi", 1, 2)


def test_wrap_returns_a_wrapper_unchanged() -> None:
    """wrap(wrapper) is that wrapper."""
    w = OpenAIDictChunk(chunk_dict())
    assert wrap(w) is w


@pytest.mark.parametrize(
    "bad", [None, "data: {}", b"{}", 3, [1]], ids=["none", "str", "bytes", "int", "list"]
)
def test_wrap_refuses_non_chunks(bad: Any) -> None:
    """wrap() of something that is no chunk raises ChunkError."""
    with pytest.raises(ChunkError, match="expected a chunk object or a Mapping"):
        wrap(bad)


def test_dict_properties() -> None:
    """Every property of a dict chunk with usage and audio."""
    pcm = b"\x00\x01\x02\x03"
    d = chunk_dict(
        delta={
            "content": "x",
            "audio": {"id": "a1", "data": base64.b64encode(pcm).decode(), "transcript": "t"},
        },
        finish_reason="stop",
        usage={"prompt_tokens": 5, "completion_tokens": 6, "prompt_tokens_details": {"cached_tokens": 2}},
        system_fingerprint="fp",
        service_tier="default",
    )
    w = OpenAIDictChunk(d)
    assert (w.content, w.finish_reasons, w.audio, w.audio_transcript) == ("x", ["stop"], pcm, "t")
    assert w.audio is w.audio
    assert w.usage is d["usage"]
    assert w.common_usage == Usage(5, 2, 6, 11)
    assert (w.system_fingerprint, w.service_tier, w.created) == ("fp", "default", 1727346168)


def test_dict_wrapper_pickles_and_copies() -> None:
    """pickle and deepcopy of a dict wrapper give an equal wrapper."""
    w = OpenAIDictChunk(chunk_dict(delta={"content": "x"}))
    _ = w.content
    assert pickle.loads(pickle.dumps(w)) == w
    assert copy.deepcopy(w).content == "x"


@pytest.mark.parametrize("chunk", ALL_CAPTURED_CHUNKS)
def test_dict_and_sdk_agree_on_captures(chunk: dict[str, Any]) -> None:
    """For every real captured chunk, the dict wrapper and the SDK wrapper agree on every property."""
    assert_dict_and_sdk_agree(chunk)
