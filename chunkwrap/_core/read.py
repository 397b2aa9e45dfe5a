"""The reading core: read any object's member, check every value, name the bad field.

Each wrapper first tries a fast path written for the shape it trusts; when
that path meets anything unexpected it calls the function here that answers
the same question for every shape: a dict parsed from JSON, an SDK's
pydantic model (typed fields and the untyped extras that OpenAI-compatible
servers add), or any object with the same attributes. Everything here either
returns a checked value or raises :class:`ChunkError` naming the field path.
An object's fields come as a Mapping (:func:`model_fields`, :func:`members`,
:func:`as_fields`). Nothing here knows a format: what a field means is each format's own
(``_chat/read.py`` for a Chat Completions chunk), and which members make a
chunk at all is the registry's (``_formats.unwrapped``).
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .errors import ChunkError

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
        raise ChunkError("<chunk>", f"expected a chunk object or a Mapping, got {kind(obj)}")
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


def kind(value: object) -> str:
    """A value's kind for an error message: its type's name, or null."""
    return "null" if value is None else type(value).__name__


def is_record(value: object) -> bool:
    """True for a JSON object: a Mapping or a model with attributes."""
    return value is not None and not isinstance(value, _SCALARS) and type(value) is not bool


def wrong(path: str, expected: str, value: Any) -> ChunkError:
    return ChunkError(path, f"expected {expected}, got {kind(value)}")


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


# An object's fields as a Mapping: what every fold needs of an object it does
# not trust, a dict as it is, a pydantic model's fields without a copy, any
# other object's attributes.


def model_fields(obj: Any) -> Mapping[str, Any] | None:
    """A pydantic v2 model's fields, else None.

    A model (an SDK chunk) keeps its typed fields in __dict__ and the fields
    only some servers send (reasoning_content...) in its extras. Trying this
    first, before any isinstance check: an isinstance(obj, Mapping) test
    before it makes the fold on SDK chunks ~1.5x (micro case "fold-sdk").
    """
    try:
        extra = obj.__pydantic_extra__
        own: dict[str, Any] = obj.__dict__
    except Exception:  # AttributeError, or what a foreign __getattr__ raises
        return None
    return {**own, **extra} if extra else own


def members(obj: Any, where: str = "") -> Mapping[str, Any]:
    """A read-only mapping of an object's fields, whatever its shape;
    ``where`` is its path, for what a foreign object raises."""
    if type(obj) is dict:
        return obj
    # Off the hot path, the class is asked first, as field() asks it.
    if is_model(type(obj)):
        fields = model_fields(obj)
        if fields is not None:
            return fields
    if isinstance(obj, Mapping):
        return obj
    return _Attributes(obj, where)


class _Attributes(Mapping[str, Any]):
    """Any other attribute-shaped object as a mapping: lookups by ``field``,
    iteration over its public instance attributes."""

    __slots__ = ("_obj", "_where")

    def __init__(self, obj: Any, where: str) -> None:
        self._obj = obj
        self._where = where

    def _path(self, name: str) -> str:
        return f"{self._where}.{name}" if self._where else name

    def __getitem__(self, name: str) -> Any:
        value = field(self._obj, name, self._path(name))
        if value is None:
            raise KeyError(name)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        value = field(self._obj, name, self._path(name))
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        own: dict[str, Any] = probe(self._obj, "__dict__") or {}
        return (name for name, value in own.items() if not name.startswith("_") and value is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def as_fields(value: Any, where: str, tail: str) -> Mapping[str, Any]:
    """``value``'s fields if it is an object, {} for None."""
    if type(value) is dict:
        return value
    if value is None:
        return {}
    fields = model_fields(value)
    if fields is not None:
        return fields
    if is_record(value):
        return members(value, where + tail)
    raise wrong(where + tail, "an object", value)
