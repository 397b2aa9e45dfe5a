"""The protocol and CallResponseChunk: any SDK's chunk type takes part without inheriting."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest

from chunkwrap import CallResponseChunk, ChunkError, CostMetadata, OpenAIDictChunk, Usage, wrap
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import chunk_dict

MIRASCOPE_MEMBERS = {
    "chunk",
    "content",
    "finish_reasons",
    "model",
    "id",
    "usage",
    "input_tokens",
    "cached_tokens",
    "output_tokens",
    "cost_metadata",
    "common_finish_reasons",
    "common_usage",
}


class OtherSdkChunk:
    """A third-party wrapper: the protocol's members and nothing inherited."""

    def __init__(self, text: str) -> None:
        self.chunk = {"text": text}
        self.content = text
        self.finish_reasons = ["end_turn"]
        self.model = "other-1"
        self.id = "msg_1"
        self.usage = {"in": 3, "out": 4}
        self.input_tokens = 3
        self.cached_tokens = None
        self.output_tokens = 4
        self.cost_metadata = CostMetadata(input_tokens=3, output_tokens=4)
        self.common_finish_reasons = ["stop"]
        self.common_usage = Usage(3, 0, 4, 7)
        self.signature = "sig"


def test_protocol_members_are_exactly_mirascopes() -> None:
    """The protocol's members are Mirascope v1's twelve."""
    from chunkwrap.protocol import MEMBERS

    assert set(MEMBERS) == MIRASCOPE_MEMBERS
    annotated = {n for n, v in vars(BaseCallResponseChunk).items() if isinstance(v, property)}
    assert annotated == MIRASCOPE_MEMBERS


def test_protocol_is_generic_and_runtime_checkable() -> None:
    """BaseCallResponseChunk is a runtime-checkable Protocol, generic in chunk and finish-reason types."""
    assert getattr(BaseCallResponseChunk, "_is_protocol", False)
    assert getattr(BaseCallResponseChunk, "_is_runtime_protocol", False)
    assert BaseCallResponseChunk[dict, str] is not None  # type: ignore[misc]


def test_third_party_class_passes_isinstance() -> None:
    """A class with the members, inheriting nothing, is an instance of the protocol."""
    assert isinstance(OtherSdkChunk("x"), BaseCallResponseChunk)
    assert not isinstance(object(), BaseCallResponseChunk)


def test_wrappers_pass_isinstance_without_computing_anything() -> None:
    """isinstance reads no property: a malformed chunk does not make it raise."""
    broken = OpenAIDictChunk({"choices": "not a list", "usage": 7})
    assert isinstance(broken, BaseCallResponseChunk)
    assert isinstance(CallResponseChunk(broken), BaseCallResponseChunk)


def test_call_response_chunk_over_a_third_party_class() -> None:
    """CallResponseChunk maps the common names and delegates the rest."""
    other = OtherSdkChunk("hello")
    c = CallResponseChunk(other)
    assert c.response is other
    assert (c.content, str(c), c.model, c.id, c.chunk) == ("hello", "hello", "other-1", "msg_1", other.chunk)
    assert c.finish_reasons == ["stop"]
    assert c.usage == Usage(3, 0, 4, 7)
    assert c.cost_metadata == other.cost_metadata
    assert (c.input_tokens, c.cached_tokens, c.output_tokens) == (3, None, 4)
    assert c.common_usage == other.common_usage
    assert c.common_finish_reasons == ["stop"]
    assert c.signature == "sig"  # falls through, as in Mirascope


def test_call_response_chunk_over_openai_wrapper() -> None:
    """CallResponseChunk(OpenAICallResponseChunk(c)).audio works; usage is the common Usage."""
    d = chunk_dict(
        delta={"content": "x", "audio": {"data": "AAEC", "transcript": "t"}},
        finish_reason="function_call",
        usage={"prompt_tokens": 2, "completion_tokens": 1},
    )
    c = CallResponseChunk(wrap(d))
    assert (c.audio, c.audio_transcript) == (b"\x00\x01\x02", "t")
    assert c.finish_reasons == ["tool_calls"]
    assert c.usage == Usage(2, 0, 1, 3)
    assert c.cost_metadata == CostMetadata(input_tokens=2, output_tokens=1)


def test_call_response_chunk_missing_attribute() -> None:
    """A name neither defines raises AttributeError, as any attribute would."""
    with pytest.raises(AttributeError):
        _ = CallResponseChunk(OtherSdkChunk("x")).nonexistent


def test_call_response_chunk_is_frozen_slotted_and_copyable() -> None:
    """Frozen, no __dict__, survives pickle and copy."""
    c = CallResponseChunk(wrap(chunk_dict(delta={"content": "x"})))
    assert not hasattr(c, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.response = None  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(c)) == c
    assert copy.copy(c).content == "x"
    assert copy.deepcopy(c) == c


def test_call_response_chunk_takes_response_by_name_and_evolves() -> None:
    """CallResponseChunk(response=w) is CallResponseChunk(w), as Mirascope's keyword; attrs.evolve works."""
    w = wrap(chunk_dict(delta={"content": "x"}))
    assert CallResponseChunk(response=w) == CallResponseChunk(w)
    other = wrap(chunk_dict(delta={"content": "y"}))
    assert attrs.evolve(CallResponseChunk(w), response=other).content == "y"


def test_errors_propagate_as_chunk_error() -> None:
    """A bad field read through CallResponseChunk is still a ChunkError."""
    c = CallResponseChunk(wrap({"choices": [{"delta": {"content": 5}}]}))
    with pytest.raises(ChunkError, match=r"choices\[0\]\.delta\.content"):
        _ = c.content
