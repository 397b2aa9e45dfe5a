"""The general path: read any chunk shape, check every value, name the bad field.

Each wrapper first tries a fast path written for the shape it trusts; when
that path meets anything unexpected it calls the function here that answers
the same question for every shape: a dict parsed from JSON, an openai SDK
model (typed fields and the untyped extras that OpenAI-compatible servers
add), or any object with the same attributes. Everything here either
returns a checked value or raises :class:`ChunkError` naming the field path.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Callable

from ._errors import ChunkError

_SCALARS = (str, bytes, bytearray, int, float, list, tuple)


def field(obj: Any, name: str, path: str | None = None) -> Any:
    """``obj``'s member ``name``, or None when it has none.

    A ``__getattr__`` that raises ``KeyError(name)`` for a missing name
    (where AttributeError was meant) says the object has none; anything
    else a foreign object raises while the field is read is a ChunkError at
    ``path`` (``name`` when not given), never the object's own exception.
    """
    if type(obj) is dict:
        return obj.get(name)
    try:
        # A pydantic model (an SDK chunk): its typed fields live in __dict__,
        # the rest in the extras. Asked first, before the Mapping ABC test
        # (~100 ns a field, micro case "exact-type-test"), and never through
        # getattr(), which raises inside pydantic for a missing name (~2.1 us
        # a miss, micro case "pydantic-missing-attr").
        known = _MODELS.get(type(obj))  # is_model(), inline
        if known or (known is None and is_model(type(obj))):
            extra = obj.__pydantic_extra__
            own = obj.__dict__
            if type(extra) is dict and type(own) is dict:
                return own[name] if name in own else extra.get(name)
    except Exception:  # what a foreign __getattr__ raises
        pass
    if isinstance(obj, Mapping):
        return obj.get(name)
    if not is_record(obj):
        # Nested values are checked before they are read, so this is a
        # chunk that is no object at all, handed straight to a wrapper.
        raise ChunkError("<chunk>", f"expected a chunk object or a Mapping, got {_kind(obj)}")
    own = probe(obj, "__dict__")
    if own is not None and name in own:
        return own[name]
    try:
        return getattr(obj, name, None)
    except Exception as exc:
        if type(exc) is KeyError and exc.args == (name,):
            return None  # a dict-backed __getattr__ saying it has no such name
        # A property of a foreign object that fails.
        raise ChunkError(path or name, f"could not be read ({type(exc).__name__}: {exc})") from None


_MODELS: dict[type, bool] = {}


def is_model(cls: type) -> bool:
    """Whether ``cls`` is a pydantic model's class, kept in _MODELS for a
    bounded number of classes: asking a class costs ~100 ns more than the
    lookup (which field() makes inline). The class is asked, not an
    instance, so that a Mapping whose ``__getattr__`` forwards to a model is
    read as the Mapping it is."""
    known = _MODELS.get(cls)
    if known is not None:
        return known
    try:
        known = hasattr(cls, "__pydantic_extra__")  # a slot of BaseModel's
    except Exception:  # what a metaclass's __getattr__ raises
        known = False
    if len(_MODELS) < 256:
        _MODELS[cls] = known
    return known


def probe(obj: Any, name: str) -> Any:
    """A dunder asked of any object; whatever its ``__getattr__`` raises
    (KeyError, say, where AttributeError was meant) means it has none."""
    try:
        return getattr(obj, name, None)
    except Exception:
        return None


# A chat.completion.chunk's top-level members, the extensions read here,
# an event's type and a Gemini chunk's (the SDK's names): an object with none
# of them is no chunk.
_CHUNK_MEMBERS = (
    "choices",
    "id",
    "model",
    "created",
    "object",
    "usage",
    "x_groq",
    "error",
    "type",
    "candidates",
    "usage_metadata",
    "prompt_feedback",
)


def unwrapped(value: Any) -> Any:
    """The chunk ``value`` is, or the chunk it wraps: an object whose ``chunk``
    is one (Mirascope's chunk wrappers, chunkwrap's own). An object with none
    of a chunk's members is a ChunkError at ``<chunk>``, not an empty chunk.
    """
    for _ in range(8):  # a wrapper of a wrapper..., but never round a cycle
        if type(value) is dict or isinstance(value, Mapping):
            return value
        inner = field(value, "chunk", "<chunk>")  # a non-object raises here
        if inner is None:
            break
        value = inner
    for name in _CHUNK_MEMBERS:
        if field(value, name, "<chunk>") is not None:
            return value
    raise ChunkError("<chunk>", f"expected a chunk, got {_kind(value)}, which has none of a chunk's fields")


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def is_record(value: object) -> bool:
    """True for a JSON object: a Mapping or a model with attributes."""
    return value is not None and not isinstance(value, _SCALARS) and type(value) is not bool


def wrong(path: str, expected: str, value: Any) -> ChunkError:
    return ChunkError(path, f"expected {expected}, got {_kind(value)}")


# The one rule for a value's kind, for the wrappers and the fold alike: a
# str or int subclass (an enum, say) is accepted and given as the plain
# type; a bool is never a count. ``where`` + ``tail`` is the path, joined
# only for the error: an f-string (~45 ns, micro case "call-and-key") would
# be paid by every field of every chunk of the fold.


def as_text(value: Any, where: str, tail: str = "") -> str:
    """A string."""
    if type(value) is str:
        return value
    if isinstance(value, str):
        # str.__str__, not str(): a str-mixin Enum's own __str__ (the
        # google-genai SDK's FinishReason) gives "FinishReason.STOP".
        return str.__str__(value)
    raise wrong(where + tail, "a string", value)


def as_count(value: Any, where: str, tail: str = "") -> int:
    """A token count or an index: an int, never a bool."""
    if type(value) is int:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise wrong(where + tail, "an integer", value)


def record(obj: Any, name: str, path: str) -> Any:
    """A nested object, or None."""
    value = field(obj, name, path)
    if value is None or is_record(value):
        return value
    raise wrong(path, "an object", value)


def text(obj: Any, name: str, path: str) -> str | None:
    """A string field, or None."""
    value = field(obj, name, path)
    return None if value is None else as_text(value, path)


def count(obj: Any, name: str, path: str) -> int | None:
    """A token count: an int (never a bool), or None."""
    value = field(obj, name, path)
    return None if value is None else as_count(value, path)


def number(obj: Any, name: str, path: str) -> float | int | None:
    """A price or other amount: an int or float (never a bool), or None."""
    value = field(obj, name, path)
    if value is None or type(value) in (int, float):
        return value  # type: ignore[no-any-return]
    raise wrong(path, "a number", value)


def items(obj: Any, name: str, path: str) -> list[Any]:
    """A list field; absent or null reads as empty."""
    value = field(obj, name, path)
    if value is None:
        return []
    if type(value) is list:
        return value
    if isinstance(value, (list, tuple)):
        return list(value)
    raise wrong(path, "a list", value)


def choices(chunk: Any) -> list[Any]:
    """The chunk's choices, each checked to be an object."""
    found = items(chunk, "choices", "choices")
    for i, choice in enumerate(found):
        if not is_record(choice):
            raise wrong(f"choices[{i}]", "an object", choice)
    return found


def first_delta(chunk: Any) -> Any:
    """``choices[0].delta``, or None when there is no first choice or delta.

    Only the first choice is checked: a bad second choice is finish_reasons'
    error, not content's (the fast scans read choice 0 alone, and agree).
    """
    if type(chunk) is dict:
        # JSON as sent, read inline: the calls per level below cost a dict's
        # first .refusal ~1.45 us, construction included; this ~0.85 (micro
        # case "first-read-refusal").
        found = chunk.get("choices")
        if type(found) is list and found and type(found[0]) is dict:
            delta = found[0].get("delta")
            if delta is None or type(delta) is dict:
                return delta
    found = items(chunk, "choices", "choices")
    if not found:
        return None
    if not is_record(found[0]):
        raise wrong("choices[0]", "an object", found[0])
    return record(found[0], "delta", "choices[0].delta")


def delta_text(chunk: Any, name: str) -> str:
    """A string field of the first delta; "" when absent."""
    delta = first_delta(chunk)
    return "" if delta is None else _text_in(delta, name)


def _text_in(delta: Any, name: str) -> str:
    if type(delta) is dict:
        value = delta.get(name)
        if value is None:
            return ""
        if type(value) is str:
            return value
    return text(delta, name, f"choices[0].delta.{name}") or ""


def content(chunk: Any) -> str:
    """``choices[0].delta.content``; a list of parts (Mistral) gives its text parts joined."""
    delta = first_delta(chunk)
    if delta is None:
        return ""
    path = "choices[0].delta.content"
    found = field(delta, "content", path)
    if isinstance(found, (list, tuple)):
        return content_parts(found, path)[0]
    return text(delta, "content", path) or ""


def content_parts(parts: Any, path: str) -> tuple[str, str]:
    """(text, reasoning) of a content given as a list of parts, as Mistral's
    reasoning models send it: ``{"type": "text", "text": ...}`` parts, and
    ``{"type": "thinking", "thinking": [{"type": "text", "text": ...}]}``.
    Parts of other types (references, images) carry no text and are passed over.
    """
    texts: list[str] = []
    thoughts: list[str] = []
    for i, part in enumerate(parts):
        at = f"{path}[{i}]"
        if not is_record(part):
            raise wrong(at, "an object", part)
        kind = text(part, "type", f"{at}.type")
        if kind == "text":
            texts.append(text(part, "text", f"{at}.text") or "")
        elif kind == "thinking":
            thinking = field(part, "thinking", f"{at}.thinking")
            if isinstance(thinking, (list, tuple)):
                thoughts.append(content_parts(thinking, f"{at}.thinking")[0])
            else:
                thoughts.append(text(part, "thinking", f"{at}.thinking") or "")
    return "".join(texts), "".join(thoughts)


def refusal(chunk: Any) -> str:
    return delta_text(chunk, "refusal")


def reasoning(chunk: Any) -> str:
    """DeepSeek and older vLLM say ``reasoning_content``; OpenRouter, Ollama and
    newer vLLM ``reasoning``; Mistral sends thinking parts in ``content``."""
    delta = first_delta(chunk)  # once, not once a name: it is most of the read
    if delta is None:
        return ""
    found = _text_in(delta, "reasoning_content") or _text_in(delta, "reasoning")
    if found:
        return found
    parts = field(delta, "content", "choices[0].delta.content")
    if isinstance(parts, (list, tuple)):
        return content_parts(parts, "choices[0].delta.content")[1]
    return ""


def tool_calls(chunk: Any) -> list[Any]:
    delta = first_delta(chunk)
    if delta is None:
        return []
    return items(delta, "tool_calls", "choices[0].delta.tool_calls")


def finish_reasons(chunk: Any) -> list[str]:
    """Every choice's finish reason, in order; None and "" (Ollama) mean none."""
    reasons: list[str] = []
    for i, choice in enumerate(choices(chunk)):
        reason = text(choice, "finish_reason", f"choices[{i}].finish_reason")
        if reason:
            reasons.append(reason)
    return reasons


def usage_and_path(chunk: Any) -> tuple[Any, str]:
    """The usage object and where it was found.

    Groq puts usage under ``x_groq.usage`` when the top level has none.
    An empty usage reads as none, as in Mirascope.
    """
    found = record(chunk, "usage", "usage")
    if found:
        return found, "usage"
    groq = record(chunk, "x_groq", "x_groq")
    if groq is not None:
        found = record(groq, "usage", "x_groq.usage")
        if found:
            return found, "x_groq.usage"
    return None, "usage"


def usage(chunk: Any) -> Any:
    return usage_and_path(chunk)[0]


def usage_count(chunk: Any, name: str) -> int | None:
    found, path = usage_and_path(chunk)
    return count_in_usage(found, path, name)


def input_tokens(chunk: Any) -> int | None:
    return usage_count(chunk, "prompt_tokens")


def output_tokens(chunk: Any) -> int | None:
    return usage_count(chunk, "completion_tokens")


def cached_tokens(chunk: Any) -> int | None:
    return cached_in_usage(*usage_and_path(chunk))


def reasoning_tokens(chunk: Any) -> int | None:
    return detail_in_usage(*usage_and_path(chunk), "completion_tokens_details", "reasoning_tokens")


def cost(chunk: Any) -> float | int | None:
    return cost_in_usage(*usage_and_path(chunk))


# The same questions asked of a usage object already found (the stream
# accumulator keeps the last one it saw).


def count_in_usage(found: Any, path: str, name: str) -> int | None:
    if found is None:
        return None
    return count(found, name, f"{path}.{name}")


def detail_in_usage(found: Any, path: str, details: str, name: str) -> int | None:
    if found is None:
        return None
    nested = record(found, details, f"{path}.{details}")
    if nested is None:
        return None
    return count(nested, name, f"{path}.{details}.{name}")


def cached_in_usage(found: Any, path: str) -> int | None:
    """OpenAI's ``prompt_tokens_details.cached_tokens``, else DeepSeek's ``prompt_cache_hit_tokens``."""
    cached = detail_in_usage(found, path, "prompt_tokens_details", "cached_tokens")
    if cached is None:
        return count_in_usage(found, path, "prompt_cache_hit_tokens")
    return cached


def cost_in_usage(found: Any, path: str) -> float | int | None:
    """OpenRouter reports the call's price as ``usage.cost``."""
    if found is None:
        return None
    return number(found, "cost", f"{path}.cost")


def first_audio(chunk: Any) -> Any:
    delta = first_delta(chunk)
    if delta is None:
        return None
    return record(delta, "audio", "choices[0].delta.audio")


def decode_audio(data: str | None, path: str) -> bytes | None:
    """Base64 text to bytes; "" and None mean no audio.

    ``validate=True``: without it b64decode drops stray characters and
    returns wrong bytes instead of failing.
    """
    if not data:
        return None
    try:
        return _b64decode()(data, validate=True)
    except ValueError as exc:  # binascii.Error is one
        raise ChunkError(path, f"not valid base64 ({exc})") from None


@functools.cache
def _b64decode() -> Callable[..., bytes]:
    """``base64.b64decode``, imported by the first audio chunk, then kept.

    Not at import: base64 brings struct and binascii, ~2 ms of
    ``import chunkwrap`` (W6). Not an import statement in decode_audio: that
    ran on every audio chunk, ~600 ns against this call's ~35 (micro case
    "lazy-import").
    """
    from base64 import b64decode  # noqa: PLC0415 - see the docstring

    return b64decode
