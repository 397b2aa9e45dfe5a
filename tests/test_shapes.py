"""Chunks of other shapes: plain attribute objects, other Mappings, subclasses, odd containers."""

from __future__ import annotations

import enum
import pickle
from types import MappingProxyType
from types import SimpleNamespace as NS
from typing import Any, Protocol, runtime_checkable

import pytest

from chunkwrap import CallResponseChunk, ChunkError, OpenAICallResponseChunk, StreamAccumulator, Usage, wrap
from chunkwrap._core.lazy import UNSET
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import chunk_dict
from .helpers import Record


def ns_chunk(**delta: Any) -> NS:
    """An attribute-shaped chunk that is not a pydantic model (as another SDK might build)."""
    return NS(
        id="c1",
        model="m",
        created=1,
        choices=[NS(index=0, delta=NS(**delta), finish_reason=None, logprobs=None)],
        usage=None,
    )


def test_plain_attribute_objects() -> None:
    """OpenAICallResponseChunk reads any object of the SDK's attribute shape."""
    w = OpenAICallResponseChunk(ns_chunk(content="hi", audio=None, refusal=None))
    assert (w.content, w.finish_reasons, w.model, w.id, w.audio, w.audio_transcript) == (
        "hi",
        [],
        "m",
        "c1",
        None,
        None,
    )
    assert w.usage is None and w.input_tokens is None and w.cached_tokens is None
    assert wrap(ns_chunk(content="x")).content == "x"


def test_plain_objects_missing_attributes() -> None:
    """Missing attributes read as absent, never AttributeError."""
    w = OpenAICallResponseChunk(NS(choices=[NS(delta=NS())]))
    assert (w.content, w.finish_reasons, w.model, w.id, w.usage, w.audio, w.audio_transcript) == (
        "",
        [],
        None,
        None,
        None,
        None,
        None,
    )
    assert (w.input_tokens, w.output_tokens, w.cached_tokens, w.reasoning, w.tool_calls) == (
        None,
        None,
        None,
        "",
        [],
    )


def test_plain_object_usage_and_audio() -> None:
    """Usage and typed audio on plain objects."""
    chunk = ns_chunk(audio=NS(data="AAEC", transcript="t"))
    chunk.usage = NS(prompt_tokens=3, completion_tokens=4, prompt_tokens_details=NS(cached_tokens=1))
    w = OpenAICallResponseChunk(chunk)
    assert (w.audio, w.audio_transcript) == (b"\x00\x01\x02", "t")
    assert w.common_usage == Usage(3, 1, 4, 7)


def test_property_that_raises_becomes_chunk_error() -> None:
    """An attribute whose getter fails inside a foreign object is reported as ChunkError."""

    class Exploding:
        @property
        def choices(self) -> Any:
            raise RuntimeError("boom")

    with pytest.raises(ChunkError, match=r"^choices: could not be read \(RuntimeError: boom\)"):
        _ = OpenAICallResponseChunk(Exploding()).content


def test_tuple_choices() -> None:
    """Choices in a tuple read like a list."""
    chunk = NS(
        choices=(
            NS(index=0, delta=NS(content="t", audio=NS(data="AA==", transcript=None)), finish_reason="stop"),
        )
    )
    w = OpenAICallResponseChunk(chunk)
    assert (w.content, w.finish_reasons, w.audio) == ("t", ["stop"], b"\x00")


def test_string_and_int_subclasses_are_accepted() -> None:
    """A str subclass for content and an int enum for counts give plain str and int."""

    class Count(enum.IntEnum):
        FIVE = 5

    class Text(str):
        pass

    w = wrap(
        chunk_dict(
            delta={"content": Text("hey")}, usage={"prompt_tokens": Count.FIVE, "completion_tokens": 1}
        )
    )
    assert type(w.content) is str and w.content == "hey"
    assert type(w.input_tokens) is int and w.input_tokens == 5


@pytest.mark.parametrize(
    ("chunk", "prop", "path"),
    [
        pytest.param(
            {"usage": {"cost": "free", "prompt_tokens": 1}},
            "cost_metadata",
            r"^usage\.cost: expected a number, got str",
            id="cost-not-number",
        ),
        pytest.param(
            {"usage": {"prompt_tokens": True}},
            "input_tokens",
            r"^usage\.prompt_tokens: expected an integer, got bool",
            id="bool-count",
        ),
        pytest.param(
            {"choices": [{"finish_reason": 3}]},
            "finish_reasons",
            r"^choices\[0\]\.finish_reason",
            id="finish-not-str",
        ),
        pytest.param(
            {"choices": [{"delta": {}, "finish_reason": 3}]},
            "finish_reasons",
            r"^choices\[0\]\.finish_reason: expected a string, got int",
            id="finish-not-str-with-delta",
        ),
        pytest.param(
            {"choices": [{"delta": {}, "finish_reason": "stop"}, {"delta": {}, "finish_reason": 3}]},
            "finish_reasons",
            r"^choices\[1\]\.finish_reason: expected a string, got int",
            id="second-finish-not-str",
        ),
        pytest.param(
            {"choices": [{"delta": {}, "finish_reason": "stop"}, 5]},
            "finish_reasons",
            r"^choices\[1\]: expected an object, got int",
            id="second-choice-not-object",
        ),
        pytest.param(
            {"choices": [{"delta": {"audio": "x"}}]},
            "audio",
            r"^choices\[0\]\.delta\.audio: expected an object",
            id="audio-not-object",
        ),
        pytest.param(
            {"choices": [{"delta": {"audio": {"data": 5}}}]},
            "audio",
            r"^choices\[0\]\.delta\.audio\.data: expected a string",
            id="audio-data-int",
        ),
        pytest.param({"x_groq": 5}, "input_tokens", r"^x_groq: expected an object", id="x-groq-not-object"),
        pytest.param({"usage": 5}, "input_tokens", r"^usage: expected an object", id="usage-not-object"),
        pytest.param(
            {"usage": {"prompt_tokens_details": 7}},
            "cached_tokens",
            r"^usage\.prompt_tokens_details",
            id="details-not-object",
        ),
        pytest.param(
            {"choices": [], "model": 12}, "model", r"^model: expected a string, got int", id="model-int"
        ),
        pytest.param({"choices": [], "id": []}, "id", r"^id: expected a string, got list", id="id-list"),
        pytest.param(
            {"choices": {"0": {}}},
            "content",
            r"^choices: expected a list, got (dict|SimpleNamespace)",
            id="choices-object",
        ),
    ],
)
def test_bad_fields_name_their_path(chunk: dict[str, Any], prop: str, path: str) -> None:
    """Each bad field raises ChunkError naming it, from the dict and the attribute wrapper alike."""
    with pytest.raises(ChunkError, match=path):
        getattr(wrap(chunk), prop)
    with pytest.raises(ChunkError, match=path):
        getattr(OpenAICallResponseChunk(_as_namespace(chunk)), prop)


def _as_namespace(value: Any) -> Any:
    if type(value) is dict:
        return NS(**{k: _as_namespace(v) for k, v in value.items()})
    if type(value) is list:
        return [_as_namespace(v) for v in value]
    return value


def test_accumulator_over_plain_objects_and_mappings() -> None:
    """The accumulator folds attribute objects and read-only mappings as it folds dicts."""
    acc = StreamAccumulator()
    acc.add(
        ns_chunk(
            content="a",
            tool_calls=[NS(index=0, id="c", type="function", function=NS(name="f", arguments="{"))],
        )
    )
    acc.add(
        MappingProxyType(
            chunk_dict(delta={"content": "b", "tool_calls": [{"index": 0, "function": {"arguments": "}"}}]})
        )
    )
    acc.add(NS(id="c1", choices=[], usage=NS(prompt_tokens=2, completion_tokens=3)))
    assert acc.content == "ab"
    assert acc.tool_calls == [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}]
    assert (acc.input_tokens, acc.output_tokens) == (2, 3)
    assert acc.to_dict()["usage"] == {"prompt_tokens": 2, "completion_tokens": 3}


def test_unset_mark_is_a_picklable_singleton() -> None:
    """The cache's 'not computed' mark survives pickling as itself."""
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET
    assert repr(UNSET) == "<unset>"


def test_protocol_subclass_uses_the_standard_check() -> None:
    """A protocol derived from BaseCallResponseChunk keeps typing's own isinstance rules."""

    @runtime_checkable
    class WithSignature(BaseCallResponseChunk[Any, Any], Protocol):
        @property
        def signature(self) -> str: ...

    assert not isinstance(wrap(chunk_dict()), WithSignature)


def test_plain_object_seen_as_a_mapping() -> None:
    """A plain object's public, non-null attributes are its fields."""
    from chunkwrap._core.read import members

    fields = members(NS(a=1, b=None, _c=2))
    assert (dict(fields), len(fields), fields["a"]) == ({"a": 1}, 1, 1)
    with pytest.raises(KeyError):
        fields["b"]


@pytest.mark.parametrize("delta", [5, "text", [1]], ids=["int", "str", "list"])
def test_delta_of_wrong_kind_is_an_error_not_empty(delta: Any) -> None:
    """A delta that is not an object raises ChunkError for content; it never reads as ""."""
    chunk = {"choices": [{"index": 0, "delta": delta}]}
    with pytest.raises(ChunkError, match=r"^choices\[0\]\.delta: expected an object"):
        _ = wrap(chunk).content
    with pytest.raises(ChunkError, match=r"^choices\[0\]\.delta: expected an object"):
        _ = OpenAICallResponseChunk(_as_namespace(chunk)).content


def test_cached_tokens_through_the_general_path() -> None:
    """A read-only mapping goes the general path and still finds cached tokens."""
    chunk = MappingProxyType(
        chunk_dict(
            choices=[],
            usage={"prompt_tokens": 4, "completion_tokens": 1, "prompt_tokens_details": {"cached_tokens": 3}},
        )
    )
    w = wrap(chunk)
    assert (w.input_tokens, w.cached_tokens, w.usage) == (4, 3, chunk["usage"])


def test_repr_shows_the_chunk() -> None:
    """A wrapper's repr names its class and its chunk, not its cache."""
    assert repr(wrap({"choices": []})) == "OpenAIDictChunk(chunk={'choices': []})"


def test_lazy_names_are_listed_and_unknown_names_fail() -> None:
    """dir(chunkwrap) lists the names loaded on first use; an unknown name raises AttributeError."""
    import chunkwrap

    assert {"StreamAccumulator", "wrap_stream", "awrap_stream", "CallResponseChunk"} <= set(dir(chunkwrap))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = chunkwrap.nope  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "wrapper", [OpenAICallResponseChunk, __import__("chunkwrap").OpenAIDictChunk], ids=["sdk", "dict"]
)
@pytest.mark.parametrize("chunk", [5, "text", None, [1]], ids=["int", "str", "none", "list"])
def test_a_chunk_that_is_no_object_is_an_error(wrapper: Any, chunk: Any) -> None:
    """A wrapper built directly around a scalar raises ChunkError from every property that reads it."""
    w = wrapper(chunk)
    for name in (
        "content",
        "finish_reasons",
        "model",
        "id",
        "usage",
        "input_tokens",
        "audio",
        "reasoning",
        "tool_calls",
    ):
        with pytest.raises(ChunkError, match=r"^<chunk>: expected a chunk object"):
            getattr(w, name)


class _KeyErrorGetattr(NS):
    """A dict-backed object whose ``__getattr__`` raises KeyError, not AttributeError, for a missing name."""

    def __getattr__(self, name: str) -> Any:
        raise KeyError(name)


def test_getattr_raising_key_error_is_no_chunk_error() -> None:
    """An object whose __getattr__ raises KeyError for missing names answers, through wrap() and add()."""
    delta = _KeyErrorGetattr(content="hi", role="assistant")
    choice = _KeyErrorGetattr(index=0, delta=delta, finish_reason="stop", logprobs=None)
    usage = _KeyErrorGetattr(prompt_tokens=3, completion_tokens=1, total_tokens=4)
    chunk = _KeyErrorGetattr(id="c", model="m", created=1, choices=[choice], usage=usage)
    w = wrap(chunk)
    assert (w.content, w.finish_reasons, w.usage, w.input_tokens, w.audio) == ("hi", ["stop"], usage, 3, None)
    acc = StreamAccumulator()
    acc.add(chunk)
    assert (acc.content, acc.finish_reasons, acc.input_tokens) == ("hi", ["stop"], 3)


class _SlottedKeyErrorGetattr:
    """Slotted, so that ``__dict__`` too goes to a ``__getattr__`` that raises KeyError."""

    __slots__ = ("_fields",)

    def __init__(self, **fields: Any) -> None:
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        return self._fields[name]  # KeyError for a missing name, __dict__ included


def test_slotted_getattr_raising_key_error_is_no_chunk_error() -> None:
    """With no __dict__ either, such an object still answers, and reads as having none."""
    delta = _SlottedKeyErrorGetattr(content="hi")
    chunk = _SlottedKeyErrorGetattr(
        id="c", model="m", choices=[_SlottedKeyErrorGetattr(index=0, delta=delta)]
    )
    w = wrap(chunk)
    assert (w.content, w.reasoning, w.refusal, w.tool_calls, w.finish_reasons) == ("hi", "", "", [], [])


def test_a_mapping_that_forwards_attributes_to_a_model_is_read_as_a_mapping() -> None:
    """A dict view whose __getattr__ forwards to an SDK model (so that it answers
    __pydantic_extra__ and __dict__ too): its keys are the chunk, not its attributes."""
    openai = pytest.importorskip("openai")

    class View(Record):
        def __init__(self, model: Any) -> None:
            super().__init__(model.model_dump())
            self._model = model

        def __getattr__(self, name: str) -> Any:
            return getattr(self._model, name)

    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m"}
    choices = [{"index": 0, "delta": {"content": "Hello"}, "finish_reason": "stop"}]
    view = View(openai.types.chat.ChatCompletionChunk.model_validate({**chunk, "choices": choices}))
    w = wrap(view)
    assert (w.content, w.finish_reasons, w.id, w.refusal) == ("Hello", ["stop"], "c", "")
    acc = StreamAccumulator()
    acc.add(view)
    assert (acc.content, acc.finish_reasons) == ("Hello", ["stop"])


def test_nested_property_that_raises_names_its_full_path() -> None:
    """A failing property deep in a foreign chunk is a ChunkError at its path, from the wrapper and the fold."""

    class Delta:
        @property
        def content(self) -> Any:
            raise RuntimeError("boom")

    chunk = NS(id="c", choices=[NS(index=0, delta=Delta(), finish_reason=None)])
    with pytest.raises(ChunkError, match=r"^choices\[0\]\.delta\.content: could not be read \(RuntimeError"):
        _ = wrap(chunk).content
    with pytest.raises(ChunkError, match=r"^choices\[0\]\.delta\.content: could not be read \(RuntimeError"):
        StreamAccumulator().add(chunk)


def _mirascope_like(inner: Any) -> Any:
    """An object shaped like Mirascope's OpenAICallResponseChunk: a pydantic model whose ``chunk`` is the SDK chunk."""
    pydantic = pytest.importorskip("pydantic")

    class OpenAICallResponseChunkLike(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
        chunk: Any

        @property
        def content(self) -> str:
            return "from the wrapper"

        @property
        def model(self) -> str:
            return "from the wrapper"

    return OpenAICallResponseChunkLike(chunk=inner)


def _wrappers_of(d: dict[str, Any]) -> list[Any]:
    openai = pytest.importorskip("openai")
    sdk = openai.types.chat.ChatCompletionChunk.model_validate(d)
    return [
        _mirascope_like(sdk),
        _mirascope_like(d),
        CallResponseChunk(wrap(d)),
        CallResponseChunk(wrap(sdk)),
        NS(chunk=NS(chunk=d)),
    ]


@pytest.mark.parametrize(
    "index", range(5), ids=["mirascope-sdk", "mirascope-dict", "agnostic-dict", "agnostic-sdk", "nested"]
)
def test_wrap_reads_the_chunk_an_object_wraps(index: int) -> None:
    """wrap() of an object whose .chunk is a chunk (Mirascope's wrappers, CallResponseChunk) reads that chunk."""
    d = chunk_dict(delta={"content": "hi"}, finish_reason="stop")
    w = wrap(_wrappers_of(d)[index])
    assert (w.content, w.finish_reasons, w.model) == ("hi", ["stop"], "gpt-4o-2024-08-06")


@pytest.mark.parametrize(
    "index", range(5), ids=["mirascope-sdk", "mirascope-dict", "agnostic-dict", "agnostic-sdk", "nested"]
)
def test_add_folds_the_chunk_an_object_wraps(index: int) -> None:
    """StreamAccumulator.add() of an object that wraps a chunk folds that chunk, not an empty one."""
    d = chunk_dict(delta={"content": "hi"}, finish_reason="stop")
    acc = StreamAccumulator()
    acc.add(_wrappers_of(d)[index])
    assert (acc.content, acc.finish_reasons, acc.model) == ("hi", ["stop"], "gpt-4o-2024-08-06")


@pytest.mark.parametrize(
    "thing",
    [object(), NS(text="hi"), NS(chunk=None, content="x"), NS(chunk=NS(name="no chunk"))],
    ids=["object", "unrelated-namespace", "null-chunk", "chunk-of-nothing"],
)
def test_an_object_with_no_chunk_fields_is_an_error(thing: Any) -> None:
    """An object with none of a chunk's fields is a ChunkError from wrap() and add(), not an empty chunk."""
    with pytest.raises(
        ChunkError, match=r"^<chunk>: expected a chunk, got \w+, which has none of a chunk's fields"
    ):
        wrap(thing)
    acc = StreamAccumulator()
    with pytest.raises(ChunkError, match=r"^<chunk>: expected a chunk"):
        acc.add(thing)
    assert acc.chunks == 0


def test_a_cycle_of_wrappers_is_a_chunk_error() -> None:
    """An object that wraps itself, or wrappers nested too deep to be real, is a ChunkError, never a hang."""
    loop = NS()
    loop.chunk = loop
    with pytest.raises(ChunkError, match=r"^<chunk>: expected a chunk, got SimpleNamespace"):
        wrap(loop)


def test_an_sdk_model_never_initialised_reads_as_no_chunk_fields() -> None:
    """A model whose slots were never set (object.__new__) raises nothing from inside pydantic."""
    openai = pytest.importorskip("openai")
    model = object.__new__(openai.types.chat.ChatCompletionChunk)
    w = OpenAICallResponseChunk(model)
    assert (w.refusal, w.reasoning, w.tool_calls) == ("", "", [])
    with pytest.raises(
        ChunkError, match=r"^<chunk>: expected a chunk, got ChatCompletionChunk, which has none"
    ):
        StreamAccumulator().add(model)


def test_the_per_class_answer_is_kept_for_a_bounded_number_of_classes() -> None:
    """A program that makes classes without end cannot grow what _read keeps about them."""
    from chunkwrap._core import read as _read

    classes = [type(f"Made{i}", (), {"choices": []}) for i in range(300)]
    assert not any(_read.is_model(cls) for cls in classes)
    assert len(_read._MODELS) <= 256
    assert [wrap(cls()).content for cls in classes[-3:]] == ["", "", ""]


def test_a_class_whose_metaclass_getattr_raises_is_no_model() -> None:
    """What a metaclass's __getattr__ raises, asked whether the class is a model, means no."""

    class Meta(type):
        def __getattr__(cls, name: str) -> Any:
            raise RuntimeError(name)

    class Odd(metaclass=Meta):
        choices = ()

    assert wrap(Odd()).content == ""
