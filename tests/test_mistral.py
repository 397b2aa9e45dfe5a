"""Mistral's reasoning models: delta.content as a list of text and thinking parts."""

from __future__ import annotations

from typing import Any

import pytest

from chunkwrap import ChunkError, OpenAICallResponseChunk, StreamAccumulator, wrap

from .conftest import chunk_dict

THINKING = [
    {
        "type": "thinking",
        "thinking": [{"type": "text", "text": "Two and two"}, {"type": "text", "text": " make four."}],
    }
]
STREAM = [
    chunk_dict(delta={"role": "assistant", "content": THINKING}),
    chunk_dict(
        delta={
            "content": [{"type": "text", "text": "The answer"}, {"type": "reference", "reference_ids": [1]}]
        }
    ),
    chunk_dict(delta={"content": " is 4."}, finish_reason="stop"),
]


def sdk(chunk: dict[str, Any]) -> Any:
    """The chunk as the openai SDK's stream builds it: construct_type keeps a list content as sent."""
    models = pytest.importorskip("openai._models")
    from openai.types.chat import ChatCompletionChunk

    return models.construct_type(type_=ChatCompletionChunk, value=chunk)


@pytest.mark.parametrize("shape", ["dict", "sdk"])
def test_content_is_the_text_parts_and_reasoning_the_thinking_parts(shape: str) -> None:
    """Each chunk: content joins the text parts, reasoning the thinking parts' text; plain strings as before."""
    got = [wrap(c if shape == "dict" else sdk(c)) for c in STREAM]
    assert [(w.content, w.reasoning) for w in got] == [
        ("", "Two and two make four."),
        ("The answer", ""),
        (" is 4.", ""),
    ]


@pytest.mark.parametrize("shape", ["dict", "sdk"])
def test_the_fold_gives_content_and_reasoning(shape: str) -> None:
    """The accumulator folds the parts into message.content and reasoning_content."""
    acc = StreamAccumulator()
    for c in STREAM:
        acc.add(c if shape == "dict" else sdk(c))
    assert (acc.content, acc.reasoning) == ("The answer is 4.", "Two and two make four.")
    message = acc.to_dict()["choices"][0]["message"]
    assert (message["content"], message["reasoning_content"]) == (
        "The answer is 4.",
        "Two and two make four.",
    )


def test_thinking_given_as_a_string() -> None:
    """A thinking part whose thinking is a plain string is read as that string."""
    w = wrap(
        chunk_dict(
            delta={"content": [{"type": "thinking", "thinking": "hmm"}, {"type": "text", "text": "ok"}]}
        )
    )
    assert (w.content, w.reasoning) == ("ok", "hmm")


@pytest.mark.parametrize(
    ("content", "path"),
    [
        pytest.param(
            ["text"], r"^choices\[0\]\.delta\.content\[0\]: expected an object, got str", id="part-not-object"
        ),
        pytest.param(
            [{"type": "text", "text": 5}],
            r"^choices\[0\]\.delta\.content\[0\]\.text: expected a string",
            id="text-not-string",
        ),
        pytest.param(
            [{"type": 1}],
            r"^choices\[0\]\.delta\.content\[0\]\.type: expected a string",
            id="type-not-string",
        ),
        pytest.param(
            [{"type": "thinking", "thinking": [{"type": "text", "text": None}, 3]}],
            r"^choices\[0\]\.delta\.content\[0\]\.thinking\[1\]: expected an object",
            id="bad-thinking-part",
        ),
    ],
)
def test_bad_parts_name_their_path(content: Any, path: str) -> None:
    """A malformed part is a ChunkError at its own path, in the wrapper and in the fold."""
    chunk = chunk_dict(delta={"content": content})
    with pytest.raises(ChunkError, match=path):
        wrap(chunk).content  # noqa: B018
    with pytest.raises(ChunkError, match=path):
        StreamAccumulator().add(chunk)


def test_sdk_wrapper_of_a_parts_chunk() -> None:
    """OpenAICallResponseChunk reads the same parts from an SDK chunk's delta."""
    w = OpenAICallResponseChunk(sdk(STREAM[1]))
    assert w.content == "The answer"
