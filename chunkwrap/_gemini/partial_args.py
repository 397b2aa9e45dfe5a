"""Vertex AI's streamed function-call arguments, built into the ``args`` object.

With ``streamFunctionCallArguments``, a call's first ``functionCall`` part has
its ``name`` and ``willContinue: true``; the parts after it have no name and
carry ``partialArgs``: each a JSON path (RFC 9535's normalized form,
``$.recipe.ingredients[0].amount``) and one value (``stringValue``,
``numberValue``, ``boolValue`` or ``nullValue``). A string arrives in pieces:
a partial argument with ``willContinue: true`` is continued by the next one
for the same path. A part with neither (``functionCall: {}``) ends the call.

:class:`StreamedArgs` applies them in order to the object being built, which
is what the call's ``args`` would have been sent whole; a path that does not
fit what was built (a member of a list, an index past the next one) is a
ChunkError naming the partial argument.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import re
from typing import Any, Union

from .._core import read as _read
from .._core.errors import ChunkError
from .parts import field

Step = Union[str, int]

# One step of a normalized path: .name, [index], ['name'] or ["name"].
_STEP = re.compile(r"\.([^.\[\]'\"]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\[\"((?:[^\"\\]|\\.)*)\"\]")
_ESCAPE = re.compile(r"\\(.)")
_VALUES = (("stringValue", "string_value"), ("numberValue", "number_value"), ("boolValue", "bool_value"))


def steps(path: Any, at: str) -> tuple[Step, ...]:
    """The members and indexes of a ``jsonPath``, from ``$``."""
    if type(path) is not str:
        path = _read.as_text(path, at)
    if not path.startswith("$"):
        raise ChunkError(at, f"expected a JSON path from $, got {path!r}")
    found: list[Step] = []
    position = 1
    while position < len(path):
        match = _STEP.match(path, position)
        if match is None:
            raise ChunkError(at, f"not a JSON path chunkwrap reads: {path!r}")
        name, index, single, double = match.groups()
        if index is not None:
            found.append(int(index))
        elif name is not None:
            found.append(name)
        else:
            found.append(_ESCAPE.sub(r"\1", single if single is not None else double))
        position = match.end()
    if not found:
        raise ChunkError(at, "a partial argument for $ itself: the arguments are an object")
    return tuple(found)


class StreamedArgs:
    """The ``args`` of one streamed call, as far as its partial arguments have come."""

    __slots__ = ("continuing", "value")

    def __init__(self) -> None:
        self.value: dict[str, Any] = {}
        self.continuing: tuple[Step, ...] | None = None  # the path whose string goes on

    def feed(self, call: Any, at: str) -> None:
        """A ``functionCall``'s ``partialArgs`` (``at`` its path), applied in order."""
        partial = field(call, "partialArgs", "partial_args", f"{at}.partialArgs")
        if partial is None:
            return
        if not isinstance(partial, (list, tuple)):
            raise _read.wrong(f"{at}.partialArgs", "a list", partial)
        for position, argument in enumerate(partial):
            where = f"{at}.partialArgs[{position}]"
            if not _read.is_record(argument):
                raise _read.wrong(where, "an object", argument)
            self._apply(argument, where)

    def _apply(self, argument: Any, where: str) -> None:
        path = steps(field(argument, "jsonPath", "json_path", f"{where}.jsonPath"), f"{where}.jsonPath")
        more = field(argument, "willContinue", "will_continue", f"{where}.willContinue")
        if more is not None and type(more) is not bool:
            raise _read.wrong(f"{where}.willContinue", "a boolean", more)
        value, kind = _value(argument, where)
        parent = self._parent(path, where)
        last = path[-1]
        if kind == "string" and self.continuing == path:
            prior = _get(parent, last)
            value = (prior if type(prior) is str else "") + value
        _put(parent, last, value, where)
        self.continuing = path if kind == "string" and more else None

    def _parent(self, path: tuple[Step, ...], where: str) -> Any:
        """The container the path's last step is in, made where it was not yet."""
        node: Any = self.value
        for step, after in zip(path, path[1:]):
            child = _get(node, step)
            if child is None:
                child = [] if type(after) is int else {}
                _put(node, step, child, where)
            elif type(child) is not (list if type(after) is int else dict):
                expected = "a list" if type(after) is int else "an object"
                raise ChunkError(f"{where}.jsonPath", f"{step!r} is {type(child).__name__}, not {expected}")
            node = child
        # The steps above made each container what the step after it reads: but
        # the arguments themselves, an object, which no index reads.
        if type(node) is dict and type(path[-1]) is int:
            raise ChunkError(f"{where}.jsonPath", f"an index [{path[-1]}] of an object")
        return node


def _value(argument: Any, where: str) -> tuple[Any, str]:
    """The one value a partial argument carries, and its kind."""
    for camel, snake in _VALUES:
        value = field(argument, camel, snake, f"{where}.{camel}")
        if value is None:
            continue
        if camel == "stringValue":
            return (value if type(value) is str else _read.as_text(value, f"{where}.stringValue")), "string"
        if camel == "boolValue":
            if type(value) is not bool:
                raise _read.wrong(f"{where}.boolValue", "a boolean", value)
            return value, "bool"
        if type(value) is bool or not isinstance(value, (int, float)):
            raise _read.wrong(f"{where}.numberValue", "a number", value)
        return value, "number"
    if field(argument, "nullValue", "null_value", f"{where}.nullValue") is not None:
        return None, "null"
    raise ChunkError(
        where, "a partial argument with no value (stringValue, numberValue, boolValue, nullValue)"
    )


def _get(node: Any, step: Step) -> Any:
    if type(node) is dict:
        return node.get(step)
    assert type(step) is int
    return node[step] if step < len(node) else None


def _put(node: Any, step: Step, value: Any, where: str) -> None:
    if type(node) is dict:
        node[step] = value
        return
    assert type(step) is int
    if step < len(node):
        node[step] = value
    elif step == len(node):
        node.append(value)
    else:
        raise ChunkError(
            f"{where}.jsonPath", f"index [{step}] of a list of {len(node)}: the ones before it never came"
        )
