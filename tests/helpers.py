"""What several test modules share: the answers compared, the SDK oracles, the captures read plainly.

One place each: a new property is compared everywhere once it is in a list here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import OpenAICallResponseChunk, wrap

from .conftest import sdk_stream_state

PROPERTIES = [
    "content",
    "finish_reasons",
    "model",
    "id",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "audio",
    "audio_transcript",
    "cost_metadata",
    "common_finish_reasons",
    "common_usage",
    "reasoning",
    "refusal",
    "reasoning_tokens",
    "system_fingerprint",
    "service_tier",
    "created",
]


def answers(w: Any) -> dict[str, Any]:
    """A chat-completion wrapper's answers to PROPERTIES."""
    return {name: getattr(w, name) for name in PROPERTIES}


def assert_dict_and_sdk_agree(chunk: dict[str, Any]) -> None:
    """wrap(chunk) and the SDK wrapper around the validated chunk give the same answers."""
    openai = pytest.importorskip("openai")
    sdk = OpenAICallResponseChunk(openai.types.chat.ChatCompletionChunk.model_validate(chunk))
    d = wrap(chunk)
    assert answers(d) == answers(sdk)
    assert [_plain(t) for t in d.tool_calls] == [_plain(t) for t in sdk.tool_calls]


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(exclude_unset=True)
    return value


COMPARED = ("id", "model", "created", "system_fingerprint", "choices", "usage")


def normalized(value: Any) -> Any:
    """Drop nulls, the SDK's parse-only fields and tool-call indexes, for comparison."""
    if isinstance(value, dict):
        return {
            k: normalized(v)
            for k, v in value.items()
            if v is not None and k not in ("parsed", "parsed_arguments", "index")
        }
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def sdk_fold(chunks: list[Any]) -> dict[str, Any]:
    state = sdk_stream_state()
    for chunk in chunks:
        state.handle_chunk(chunk)
    return state.current_completion_snapshot.model_dump(mode="json")


def agree(mine: dict[str, Any], theirs: dict[str, Any]) -> None:
    for key in COMPARED:
        assert normalized(mine[key]) == normalized(theirs[key]), key
    for mine_choice, their_choice in zip(mine["choices"], theirs["choices"]):
        assert mine_choice["index"] == their_choice["index"]


def read_events(path: Path) -> list[dict[str, Any]]:
    """Every event of one SSE capture: blocks split on blank lines, their data: lines joined."""
    events = []
    for block in path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n\n"):
        data = [line[5:].removeprefix(" ") for line in block.split("\n") if line.startswith("data:")]
        if data:
            events.append(json.loads("\n".join(data)))
    return events


def anthropic_event(event: dict[str, Any]) -> Any:
    """The event as the anthropic SDK's stream builds it (construct_type over RawMessageStreamEvent)."""
    models = pytest.importorskip("anthropic._models", reason="anthropic is not installed")
    from anthropic.types import RawMessageStreamEvent

    return models.construct_type(type_=RawMessageStreamEvent, value=event)


EVENT_ANSWERS = [
    "content",
    "reasoning",
    "refusal",
    "tool_calls",
    "finish_reasons",
    "common_finish_reasons",
    "model",
    "id",
    "input_tokens",
    "cached_tokens",
    "output_tokens",
    "reasoning_tokens",
    "cost_metadata",
    "common_usage",
    "type",
]
FOLD_ANSWERS = [a for a in EVENT_ANSWERS if a != "type"]


def named_answers(obj: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def responses_event(event: dict[str, Any]) -> Any:
    """The event as the openai SDK's stream builds it (construct_type over ResponseStreamEvent)."""
    responses = pytest.importorskip("openai.types.responses", reason="this openai has no Responses API")
    from openai._models import construct_type

    return construct_type(type_=responses.ResponseStreamEvent, value=event)


class Record(Mapping[str, Any]):
    """A JSON object that is a Mapping but no dict: what the general path reads
    where the dict shortcuts do not apply."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


def records(value: Any) -> Any:
    """``value`` with every dict in it a Record."""
    if type(value) is dict:
        return Record({k: records(v) for k, v in value.items()})
    if type(value) is list:
        return [records(v) for v in value]
    return value


def gemini_model(chunk: dict[str, Any], *, vertex: bool = False) -> Any:
    """The chunk as google-genai's generate_content_stream() builds it from the wire's JSON."""
    pytest.importorskip("google.genai", reason="google-genai is not installed")
    import copy

    from google.genai import models, types

    convert = (
        models._GenerateContentResponse_from_vertex if vertex else models._GenerateContentResponse_from_mldev
    )
    return types.GenerateContentResponse._from_response(response=convert(copy.deepcopy(chunk)), kwargs={})


# Mirascope's names, for the oracle sessions (tests/test_mirascope*_oracle.py).
USAGE_FIELDS = ["input_tokens", "cached_tokens", "output_tokens", "total_tokens"]


def cost_fields(metadata: Any, theirs: Any) -> dict[str, Any]:
    """``metadata``'s values under the names of Mirascope's CostMetadata ``theirs``,
    but batch_mode: chunkwrap gives False, as the issue fixes; Mirascope's chunk None."""
    return {name: getattr(metadata, name) for name in type(theirs).model_fields if name != "batch_mode"}


def usage_fields(usage: Any) -> dict[str, Any] | None:
    return None if usage is None else {name: getattr(usage, name) for name in USAGE_FIELDS}
