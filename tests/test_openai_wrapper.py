"""OpenAICallResponseChunk on the openai SDK's own models."""

from __future__ import annotations

import base64
import copy
import pickle
from typing import Any

import attrs
import pytest

from chunkwrap import ChunkError, CostMetadata, OpenAICallResponseChunk, OpenAIDictChunk, Usage

from .conftest import ALL_CAPTURED_CHUNKS, chunk_dict
from .helpers import PROPERTIES

openai = pytest.importorskip("openai")
from openai.types.chat import ChatCompletionChunk  # noqa: E402


def sdk(d: dict[str, Any]) -> ChatCompletionChunk:
    return ChatCompletionChunk.model_validate(d)


def unvalidated(delta: Any) -> ChatCompletionChunk:
    """An SDK chunk around ``delta``, built without validation (as a stream may hand one over)."""
    from openai.types.chat.chat_completion_chunk import Choice

    return ChatCompletionChunk.model_construct(
        id="x",
        created=0,
        model="m",
        object="chat.completion.chunk",
        choices=[Choice.model_construct(index=0, delta=delta)],
    )


USAGE = {
    "prompt_tokens": 14,
    "completion_tokens": 30,
    "total_tokens": 44,
    "prompt_tokens_details": {"cached_tokens": 8},
    "completion_tokens_details": {"reasoning_tokens": 5},
}
PCM = bytes(range(256)) * 3


def test_chunk_is_the_object_passed_in() -> None:
    """`.chunk` is the very object, positional or keyword."""
    c = sdk(chunk_dict(delta={"content": "hi"}))
    assert OpenAICallResponseChunk(c).chunk is c
    assert OpenAICallResponseChunk(chunk=c).chunk is c


def test_text_chunk_properties() -> None:
    """A plain text chunk answers every property as Mirascope does."""
    w = OpenAICallResponseChunk(sdk(chunk_dict(delta={"content": "Hello"})))
    assert w.content == "Hello"
    assert str(w) == "Hello"
    assert w.finish_reasons == []
    assert w.model == "gpt-4o-2024-08-06"
    assert w.id == "chatcmpl-test"
    assert w.usage is None
    assert (w.input_tokens, w.output_tokens, w.cached_tokens) == (None, None, None)
    assert w.audio is None
    assert w.audio_transcript is None
    assert w.cost_metadata == CostMetadata()
    assert w.common_finish_reasons == []
    assert w.common_usage is None


def test_usage_only_final_chunk() -> None:
    """`choices: []` with usage: no content, every count."""
    c = sdk(chunk_dict(choices=[], usage=USAGE))
    w = OpenAICallResponseChunk(c)
    assert w.content == ""
    assert w.finish_reasons == []
    assert w.usage is c.usage
    assert (w.input_tokens, w.output_tokens, w.cached_tokens) == (14, 30, 8)
    assert w.reasoning_tokens == 5
    assert w.cost_metadata == CostMetadata(input_tokens=14, output_tokens=30, cached_tokens=8)
    assert w.common_usage == Usage(input_tokens=14, cached_tokens=8, output_tokens=30, total_tokens=44)


def test_usage_without_details_has_no_cached_tokens() -> None:
    """Usage with no prompt_tokens_details: cached_tokens None, common_usage counts it 0."""
    w = OpenAICallResponseChunk(
        sdk(chunk_dict(choices=[], usage={"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}))
    )
    assert w.cached_tokens is None
    assert w.common_usage == Usage(3, 0, 4, 7)


def test_null_content_reads_as_empty() -> None:
    """A delta without content (a tool-call chunk) gives ""."""
    w = OpenAICallResponseChunk(sdk(chunk_dict(delta={"content": None, "role": "assistant"})))
    assert w.content == ""


def test_several_choices() -> None:
    """content is choice 0's; finish_reasons lists every choice's in order, skipping None."""
    choices = [
        {"index": 0, "delta": {"content": "a"}, "finish_reason": "stop"},
        {"index": 1, "delta": {"content": "b"}, "finish_reason": None},
        {"index": 2, "delta": {}, "finish_reason": "function_call"},
    ]
    w = OpenAICallResponseChunk(sdk(chunk_dict(choices=choices)))
    assert w.content == "a"
    assert w.finish_reasons == ["stop", "function_call"]
    assert w.common_finish_reasons == ["stop", "tool_calls"]


@pytest.mark.parametrize("reason", ["stop", "length", "tool_calls", "content_filter"])
def test_common_finish_reasons_pass_through(reason: str) -> None:
    """The four common reasons map to themselves."""
    w = OpenAICallResponseChunk(sdk(chunk_dict(finish_reason=reason)))
    assert w.common_finish_reasons == [reason]


def test_audio_as_parsed_by_installed_sdk() -> None:
    """Audio validated by the installed SDK (a dict on 1.x, typed on 2.x+) decodes."""
    audio = {"id": "audio_1", "data": base64.b64encode(PCM).decode(), "transcript": "hi"}
    w = OpenAICallResponseChunk(sdk(chunk_dict(delta={"audio": audio})))
    assert w.audio == PCM
    assert w.audio_transcript == "hi"


def test_audio_as_plain_dict_extra() -> None:
    """openai 1.x shape: delta.audio is an untyped dict in the model's extras."""
    from openai.types.chat.chat_completion_chunk import ChoiceDelta

    delta = ChoiceDelta.model_construct()
    delta.__dict__.pop("audio", None)  # openai 1.x has no typed audio field
    object.__setattr__(
        delta, "__pydantic_extra__", {"audio": {"data": base64.b64encode(b"abc").decode(), "transcript": "t"}}
    )
    c = unvalidated(delta)
    w = OpenAICallResponseChunk(c)
    assert w.audio == b"abc"
    assert w.audio_transcript == "t"


class _TypedAudio:
    """openai 2.x/3.x shape: an object with attributes."""

    def __init__(self, data: str | None, transcript: str | None) -> None:
        self.id = "audio_1"
        self.data = data
        self.transcript = transcript
        self.expires_at = None


def test_audio_as_typed_object() -> None:
    """delta.audio as a typed object with `.data` decodes."""
    from openai.types.chat.chat_completion_chunk import ChoiceDelta

    delta = ChoiceDelta.model_construct(audio=_TypedAudio(base64.b64encode(b"xyz").decode(), "typed"))
    c = unvalidated(delta)
    w = OpenAICallResponseChunk(c)
    assert w.audio == b"xyz"
    assert w.audio_transcript == "typed"


def test_audio_transcript_only() -> None:
    """A transcript-only audio delta: audio None, transcript set."""
    w = OpenAICallResponseChunk(sdk(chunk_dict(delta={"audio": {"id": "a", "transcript": "words"}})))
    assert w.audio is None
    assert w.audio_transcript == "words"


def test_audio_is_decoded_once() -> None:
    """The decoded bytes are kept: the same object on every read."""
    w = OpenAICallResponseChunk(sdk(chunk_dict(delta={"audio": {"data": base64.b64encode(PCM).decode()}})))
    assert w.audio is w.audio


@pytest.mark.parametrize(
    "data",
    [pytest.param("not base64!!", id="bad-alphabet"), pytest.param("abc", id="bad-padding")],
)
def test_bad_base64_names_the_field(data: str) -> None:
    """Audio data that is not base64 raises ChunkError naming its path; other properties still answer."""
    w = OpenAICallResponseChunk(sdk(chunk_dict(delta={"content": "ok", "audio": {"data": data}})))
    with pytest.raises(ChunkError, match=r"choices\[0\]\.delta\.audio\.data"):
        _ = w.audio
    assert w.content == "ok"
    with pytest.raises(ChunkError):
        _ = w.audio  # a failure is not cached as a value


def test_content_of_wrong_type() -> None:
    """Content that is not a string raises ChunkError naming choices[0].delta.content."""
    from openai.types.chat.chat_completion_chunk import ChoiceDelta

    delta = ChoiceDelta.model_construct(content=42)
    c = unvalidated(delta)
    w = OpenAICallResponseChunk(c)
    with pytest.raises(ChunkError, match=r"choices\[0\]\.delta\.content: expected a string, got int"):
        _ = w.content
    assert w.model == "m"


def test_token_count_of_wrong_type() -> None:
    """A token count that is not an int raises ChunkError naming usage.prompt_tokens."""
    from openai.types.completion_usage import CompletionUsage

    usage = CompletionUsage.model_construct(prompt_tokens="12", completion_tokens=3, total_tokens=15)
    c = ChatCompletionChunk.model_construct(
        id="x", created=0, model="m", object="chat.completion.chunk", choices=[], usage=usage
    )
    w = OpenAICallResponseChunk(c)
    with pytest.raises(ChunkError, match=r"usage\.prompt_tokens: expected an integer, got str"):
        _ = w.input_tokens
    assert w.output_tokens == 3
    with pytest.raises(ChunkError, match=r"usage\.prompt_tokens"):
        _ = w.common_usage


def test_frozen_and_slotted() -> None:
    """No instance __dict__; assignment raises FrozenInstanceError."""
    w = OpenAICallResponseChunk(sdk(chunk_dict()))
    assert not hasattr(w, "__dict__")
    assert attrs.has(OpenAICallResponseChunk)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        w.chunk = None  # type: ignore[misc]


class _CountingChunk:
    """Counts every attribute read, to prove laziness and caching."""

    def __init__(self, inner: Any) -> None:
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "reads", 0)

    def __getattr__(self, name: str) -> Any:
        object.__setattr__(self, "reads", self.reads + 1)
        return getattr(self._inner, name)


def test_construction_reads_nothing() -> None:
    """Wrapping reads nothing from the chunk."""
    c = _CountingChunk(sdk(chunk_dict(delta={"content": "x"})))
    OpenAICallResponseChunk(c)
    assert c.reads == 0


# The chunk's own top-level fields, read through on every access: a getattr
# is all a cache would save. Every other property is computed once and kept.
READ_THROUGH = ["model", "id", "system_fingerprint", "service_tier", "created"]
CACHED = [name for name in [*PROPERTIES, "tool_calls"] if name not in READ_THROUGH]


@pytest.mark.parametrize("name", CACHED)
def test_computed_property_reads_the_chunk_once(name: str) -> None:
    """After the first read, a computed property never goes back to the chunk."""
    audio = {"data": base64.b64encode(b"a").decode(), "transcript": "t"}
    c = _CountingChunk(sdk(chunk_dict(delta={"content": "x", "audio": audio}, usage=USAGE)))
    w = OpenAICallResponseChunk(c)
    first = getattr(w, name)
    reads = c.reads
    assert getattr(w, name) is first
    assert c.reads == reads


@pytest.mark.parametrize("name", READ_THROUGH)
def test_read_through_property_reads_the_chunk_each_time(name: str) -> None:
    """The chunk's own fields are read from it on every access (what keeps CACHED honest)."""
    c = _CountingChunk(sdk(chunk_dict(delta={"content": "x"})))
    w = OpenAICallResponseChunk(c)
    assert getattr(w, name) == getattr(w, name)
    reads = c.reads
    getattr(w, name)
    assert c.reads == reads + 1


def test_equality_follows_the_chunk() -> None:
    """Wrappers compare equal when their chunks are equal, whatever was read."""
    a = OpenAICallResponseChunk(sdk(chunk_dict(delta={"content": "x"})))
    b = OpenAICallResponseChunk(sdk(chunk_dict(delta={"content": "x"})))
    _ = a.content
    assert a == b
    assert a != OpenAICallResponseChunk(sdk(chunk_dict(delta={"content": "y"})))


@pytest.mark.parametrize("wrapper", [OpenAICallResponseChunk, OpenAIDictChunk], ids=["sdk", "dict"])
def test_chunk_is_the_one_attrs_field(wrapper: Any) -> None:
    """attrs.fields lists the chunk alone, and asdict shows the chunk alone, whatever was read."""
    d = chunk_dict(delta={"content": "x"})
    read, fresh = wrapper(d), wrapper(copy.deepcopy(d))
    _ = (read.content, read.common_usage, read.cost_metadata)
    assert [f.name for f in attrs.fields(wrapper)] == ["chunk"]
    assert attrs.asdict(read, recurse=False) == attrs.asdict(fresh, recurse=False) == {"chunk": d}


@pytest.mark.parametrize("wrapper", [OpenAICallResponseChunk, OpenAIDictChunk], ids=["sdk", "dict"])
def test_evolve_gives_a_fresh_wrapper_over_the_new_chunk(wrapper: Any) -> None:
    """attrs.evolve(w, chunk=...) wraps the new chunk, with nothing cached from the old one."""
    w = wrapper(chunk_dict(delta={"content": "x"}))
    _ = w.content
    other = attrs.evolve(w, chunk=chunk_dict(delta={"content": "y"}))
    assert (type(other), other.content, w.content) == (wrapper, "y", "x")
    assert attrs.evolve(w) == w


def test_a_wrapper_hashes_like_its_chunk() -> None:
    """Over a hashable chunk a wrapper is hashable, and equal wrappers hash alike; over a dict it is not."""
    chunk = _CountingChunk(sdk(chunk_dict(delta={"content": "x"})))  # hashable: by identity
    a, b = OpenAICallResponseChunk(chunk), OpenAICallResponseChunk(chunk)
    _ = a.content
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    with pytest.raises(TypeError, match="unhashable"):
        hash(OpenAIDictChunk(chunk_dict()))
    with pytest.raises(TypeError, match="unhashable"):
        hash(OpenAICallResponseChunk(sdk(chunk_dict())))  # a pydantic model


@pytest.mark.parametrize("read_first", [False, True], ids=["fresh", "after-reads"])
@pytest.mark.parametrize("clone", [pickle.loads.__name__, "copy", "deepcopy"])
def test_survives_pickle_and_copy(clone: str, read_first: bool) -> None:
    """pickle, copy and deepcopy give an equal wrapper with the same answers."""
    w = OpenAICallResponseChunk(sdk(chunk_dict(delta={"content": "x"}, usage=USAGE)))
    if read_first:
        _ = (w.content, w.common_usage)
    other = {
        "loads": lambda: pickle.loads(pickle.dumps(w)),
        "copy": lambda: copy.copy(w),
        "deepcopy": lambda: copy.deepcopy(w),
    }[clone]()
    assert other == w
    assert other.content == "x"
    assert other.common_usage == w.common_usage


@pytest.mark.parametrize("chunk", ALL_CAPTURED_CHUNKS)
def test_captured_chunks_answer_every_property(chunk: dict[str, Any]) -> None:
    """Every property of every real captured chunk matches the SDK model's own fields."""
    c = sdk(chunk)
    w = OpenAICallResponseChunk(c)
    first = c.choices[0].delta if c.choices else None
    assert w.content == ((first.content or "") if first else "")
    assert w.refusal == ((first.refusal or "") if first else "")
    assert w.finish_reasons == [ch.finish_reason for ch in c.choices if ch.finish_reason]
    assert (w.model, w.id, w.created, w.system_fingerprint) == (
        c.model,
        c.id,
        c.created,
        c.system_fingerprint,
    )
    assert w.input_tokens == (c.usage.prompt_tokens if c.usage else None)
    assert w.output_tokens == (c.usage.completion_tokens if c.usage else None)
    assert w.audio is None
    assert w.tool_calls == ((first.tool_calls or []) if first else [])


@pytest.mark.parametrize("reasons", [[3], ["stop", 3]], ids=["one-choice", "second-choice"])
def test_unvalidated_finish_reason_of_wrong_type_is_an_error(reasons: list[Any]) -> None:
    """An SDK chunk built without validation may hold anything: it is named, never passed on."""
    from openai.types.chat.chat_completion_chunk import Choice, ChoiceDelta

    chunk = unvalidated(ChoiceDelta.model_construct())
    chunk.choices = [
        Choice.model_construct(index=i, delta=ChoiceDelta.model_construct(), finish_reason=reason)
        for i, reason in enumerate(reasons)
    ]
    bad = len(reasons) - 1
    with pytest.raises(ChunkError, match=rf"^choices\[{bad}\]\.finish_reason: expected a string, got int"):
        _ = OpenAICallResponseChunk(chunk).finish_reasons
