"""The readers of a Gemini chunk's fields and parts: one rule each, for
``GeminiCallResponseChunk`` (``_gemini/wrapper.py``) and ``GeminiFold``
(``_gemini/fold.py``) alike, so that a dict, google-genai's model and the
fold give one answer, or one ChunkError naming the same wire path.

A field is read by its wire name (camelCase) in a Mapping and by the SDK's
attribute name (snake_case) in anything else; the path is always the wire's.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable

from .._core import read as _read
from .._core.errors import ChunkError

if TYPE_CHECKING:
    from .partial_args import StreamedArgs

# The general path: a field by its wire name in a Mapping, by the SDK's
# attribute name in anything else; the path is always the wire's.


def field(obj: Any, camel: str, snake: str, path: str) -> Any:
    if type(obj) is dict or isinstance(obj, Mapping):
        return obj.get(camel)
    return _read.field(obj, snake, path)


def text(obj: Any, camel: str, snake: str, path: str) -> str | None:
    value = field(obj, camel, snake, path)
    return None if value is None else _read.as_text(value, path)


def record(obj: Any, camel: str, snake: str, path: str) -> Any:
    value = field(obj, camel, snake, path)
    if value is None or _read.is_record(value):
        return value
    raise _read.wrong(path, "an object", value)


def items(obj: Any, camel: str, snake: str, path: str) -> list[Any]:
    value = field(obj, camel, snake, path)
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        for position, item in enumerate(value):
            if not _read.is_record(item):
                raise _read.wrong(f"{path}[{position}]", "an object", item)
        return list(value)
    raise _read.wrong(path, "a list", value)


def candidate_index(index: Any, where: str) -> int:
    """A candidate's ``index`` as read from it: absent or null is 0 (Google AI
    sends none for a single candidate); a negative or non-integer one is a
    ChunkError. The one rule for "candidate 0", the wrapper's and the fold's."""
    if index is None:
        return 0
    found = index if type(index) is int else _read.as_count(index, where, ".index")
    if found < 0:
        raise ChunkError(f"{where}.index", f"expected 0 or more, got {found}")
    return found


def part_text(text: Any, thought: Any, where: str, position: int) -> tuple[str | None, bool]:
    """A part's ``text`` (None where absent) and whether it is a ``thought``,
    from the two values as read (null is absent), checked; the part is
    ``parts[position]`` of the candidate at ``where``, its path built only
    for an error (the fold reads every part of every chunk). Every part's
    ``thought`` is checked, text or not: the wrapper's and the fold's one rule."""
    if thought is not None and type(thought) is not bool:
        raise _read.wrong(f"{where}.content.parts[{position}].thought", "a boolean", thought)
    if text is not None and type(text) is not str:
        text = _read.as_text(text, f"{where}.content.parts[{position}]", ".text")
    return text, thought is True


class FunctionCall:
    """One ``functionCall`` part's call, checked when read (its ``name`` and
    ``id`` strings, its ``args`` an object), and the tool call it gives, made
    once: for the wrapper and the fold alike.

    Vertex AI can stream a call's arguments (``streamFunctionCallArguments``):
    the call's first part has its ``name`` and ``willContinue: true``; the
    parts that follow have no ``name`` and carry ``partialArgs`` (JSON paths
    and values, not JSON text). Such a continuation is no call of its own
    (``name`` None here): the wrapper gives no tool call for it, and one
    chunk's call whose arguments come so has ``arguments`` "" rather than a
    finished ``{}``. The fold builds them (``built``, ``partial_args.py``)
    into the ``args`` the call would have been sent with. A call with no
    name that has ``args`` is a ChunkError.
    """

    __slots__ = ("at", "built", "call", "id", "made", "name", "streamed")

    def __init__(self, call: Any, at: str) -> None:
        self.call = call
        self.at = at  # the functionCall's path, for the errors found when made
        self.name = text(call, "name", "name", f"{at}.name")
        self.id = text(call, "id", "id", f"{at}.id")
        args = record(call, "args", "args", f"{at}.args")
        # Arguments that come as partialArgs, in this part or the ones that follow.
        self.streamed = args is None and (
            field(call, "partialArgs", "partial_args", f"{at}.partialArgs") is not None
            or field(call, "willContinue", "will_continue", f"{at}.willContinue") is True
        )
        if self.name is None and args is not None:
            # A continuation carries no args (its partialArgs, or nothing on the last part).
            raise ChunkError(f"{at}.name", "expected a string, got null")
        self.made: dict[str, Any] | None = None
        # The fold's: the arguments built from the partialArgs of the parts so far.
        self.built: StreamedArgs | None = None

    def continues(self) -> bool:
        """Whether the part after this one goes on with the call (``willContinue: true``)."""
        more = field(self.call, "willContinue", "will_continue", f"{self.at}.willContinue")
        if more is not None and type(more) is not bool:
            raise _read.wrong(f"{self.at}.willContinue", "a boolean", more)
        return more is True

    def tool_call(self, index: int | None = None) -> dict[str, Any]:
        """The Chat Completions shape, a new dict each time; ``index`` first where given."""
        if self.built is not None:  # built so far: new text each read
            self.made = None
        made = self.made
        if made is None:
            if self.built is not None:
                arguments = arguments_json(self.built.value, self.at)
            else:
                arguments = "" if self.streamed else arguments_text(self.call, self.at)
            made = self.made = {
                "id": self.id,
                "type": "function",
                "function": {"name": self.name, "arguments": arguments},
            }
        call = {"id": made["id"], "type": "function", "function": dict(made["function"])}
        return call if index is None else {"index": index, **call}


def function_call(value: Any, at: str) -> FunctionCall | None:
    """A part's ``functionCall`` value as read (``at`` its path): None where absent."""
    if value is None:
        return None
    if not _read.is_record(value):
        raise _read.wrong(at, "an object", value)
    return FunctionCall(value, at)


def arguments_text(call: Any, path: str) -> str:
    """A ``functionCall``'s ``args`` as the JSON text a Chat Completions tool
    call's ``arguments`` is; ``{}`` when it has none. For the wrapper and the
    fold alike.

    Spelled as OpenAI's and Anthropic's streams spell arguments: compact
    separators and non-ASCII characters as they are, keys in the order sent,
    so a caller that logs or compares arguments sees one spelling whatever
    the provider.
    """
    args = record(call, "args", "args", f"{path}.args")
    return "{}" if args is None else arguments_json(args, path)


def arguments_json(args: Any, path: str) -> str:
    """An ``args`` object as arguments_text() spells it."""
    try:
        # allow_nan=False: json.loads reads NaN from the wire, but NaN is no JSON text.
        return _dumps()(args, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_plain)
    except (TypeError, ValueError) as exc:
        raise ChunkError(f"{path}.args", f"not JSON ({exc})") from None


def _plain(value: Any) -> Any:
    """What json.dumps cannot write itself: a Mapping that is no dict."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


@functools.cache
def _dumps() -> Callable[..., str]:
    """``json.dumps``, imported by the first function call, then kept: not at
    import (json is ~1 ms of ``import chunkwrap``, W6), and not an import
    statement per call (~275 ns against ~35, micro case "lazy-import")."""
    from json import dumps  # noqa: PLC0415 - see the docstring

    return dumps
