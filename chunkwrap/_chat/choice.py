"""One choice's message as the stream builds it, for ``StreamAccumulator``.

Constant work per delta: text goes into lists of parts joined only when
read, tool-call fragments merge by index in a dict, and audio fragments are
decoded one by one (a base64 fragment can end in padding, so joining the
text first, as the openai SDK does, loses bytes).

A read costs what is new since the last one: the lists of logprobs and
annotations are copied into plain lists that later reads extend with the
entries added since (:func:`built`), and the audio's base64 is encoded a
fragment at a time. So ``to_dict()`` gives those lists, and their entries,
shared with later reads: read-only, and ``copy.deepcopy()`` keeps a
snapshot.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from base64 import b64encode
from collections.abc import Mapping
from typing import Any

from .._core import read as _read
from .._core.plain import built
from .._core.read import as_count, as_fields, as_text, wrong
from .._core.text import joined
from . import read as chat_read

# What add_delta() reads of a delta; the rest is kept as _chat/extra.py merges it.
DELTA_READ = frozenset(
    {
        "content",
        "reasoning_content",
        "reasoning",
        "refusal",
        "role",
        "tool_calls",
        "annotations",
        "function_call",
        "audio",
    }
)


@functools.cache
def extra() -> Any:
    """The ``extra`` module (``_chat/extra.py``), loaded by the first field the fold does not
    read: it imports this one, and an OpenAI stream never needs it."""
    from . import extra as _extra  # noqa: PLC0415 - see the docstring

    return _extra


# What _ToolCall.add() reads of a fragment; the rest is kept (_chat/extra.py).
_CALL_READ = frozenset({"index", "id", "type", "function"})


class _ToolCall:
    __slots__ = ("arguments", "id", "kept", "name", "type")

    def __init__(self) -> None:
        self.id: str | None = None
        self.type: str | None = None
        self.name: list[str] = []
        self.arguments: list[str] = []
        self.kept: dict[str, Any] | None = None  # the fields add() does not read (Gemini's extra_content)

    def add(self, fragment: Mapping[str, Any], where: str, indexed: bool) -> None:
        """One fragment; ``indexed``: its ``index`` was read (by the caller)."""
        # The id and type come once; a server that repeats them (vLLM)
        # must not get "call_1call_1", as the SDK's string-summing gives.
        # ``read`` counts the fields read: when that is all of them, no <=
        # test of the keys is needed (~100 ns a fragment, ~7% of W5's
        # chunks other than text).
        read = int(indexed)
        id_ = fragment.get("id")
        if id_:
            read += 1
            if self.id is None:
                self.id = as_text(id_, where, ".id")
        type_ = fragment.get("type")
        if type_:
            read += 1
            if self.type is None:
                self.type = as_text(type_, where, ".type")
        function = fragment.get("function")
        if function is not None:
            read += 1
        self.add_function(as_fields(function, where, ".function"), where + ".function")
        if len(fragment) > read and not fragment.keys() <= _CALL_READ:
            self.kept = extra().merge(self.kept, fragment, _CALL_READ, where)

    def add_function(self, function: Mapping[str, Any], where: str) -> None:
        name = function.get("name")
        if name:
            self.name.append(as_text(name, where, ".name"))
        arguments = function.get("arguments")
        if arguments:
            self.arguments.append(as_text(arguments, where, ".arguments"))

    def function_dict(self) -> dict[str, Any]:
        # Joined once and kept: a UI reading the arguments after every
        # fragment would otherwise join them all again each time, quadratic
        # in the fragments (test_accumulate.py pins it: one part kept).
        return {"name": joined(self.name), "arguments": joined(self.arguments)}

    def to_dict(self) -> dict[str, Any]:
        call = {"id": self.id, "type": self.type or "function", "function": self.function_dict()}
        if self.kept is not None:
            extra().into(call, self.kept, "tool_calls.")
        return call


class ChoiceState:
    """One choice's message so far."""

    __slots__ = (
        "annotations",
        "annotations_read",
        "audio_base64",
        "audio_bytes",
        "audio_expires_at",
        "audio_id",
        "audio_read",
        "audio_transcript",
        "content",
        "finish_reason",
        "function_call",
        "index",
        "kept_choice",
        "kept_message",
        "latest_tool_call",
        "logprobs",
        "logprobs_read",
        "reasoning",
        "refusal",
        "role",
        "tool_calls",
    )

    def __init__(self, index: int) -> None:
        self.index = index
        self.role: str | None = None
        # None until the field is first seen, as in the SDK's snapshot:
        # content is "" after a delta of "" and None when never sent.
        self.content: list[str] | None = None
        self.refusal: list[str] | None = None
        self.reasoning: list[str] = []
        self.tool_calls: dict[int, _ToolCall] = {}
        self.latest_tool_call: _ToolCall | None = None
        self.function_call: _ToolCall | None = None  # the deprecated functions= API
        self.annotations: list[Any] | None = None  # url citations (search models)
        self.annotations_read: list[Any] = []  # their plain copies so far (built())
        self.audio_id: str | None = None
        self.audio_bytes: bytearray | None = None
        # What reads keep: the bytes until more audio comes, and the base64
        # of the first ``len(audio_base64) * 3 // 4`` bytes, a part a read.
        self.audio_read: bytes | None = None
        self.audio_base64: list[str] = []
        self.audio_transcript: list[str] | None = None
        self.audio_expires_at: int | None = None
        self.finish_reason: str | None = None
        self.logprobs: list[list[Any] | None] | None = None
        self.logprobs_read: list[list[Any]] = [[], []]  # their plain copies (built())
        # The fields the fold does not read, for to_dict(): the choice's own
        # and its deltas' (_chat/extra.py's rule).
        self.kept_choice: dict[str, Any] | None = None
        self.kept_message: dict[str, Any] | None = None

    # ``where`` is the choice's path, "choices[0]": error messages build the
    # rest of the path only when they are raised (why: the note above
    # as_text() in _core/read.py).

    def add_content(self, content: Any, where: str) -> None:
        """A delta's ``content``: text, or Mistral's list of text and thinking parts."""
        if type(content) is not str:
            if isinstance(content, (list, tuple)):
                content, thinking = chat_read.content_parts(content, where + ".delta.content")
                if thinking:
                    self.reasoning.append(thinking)
            else:
                content = as_text(content, where, ".delta.content")
        if self.content is None:
            self.content = []
        self.content.append(content)

    def add_delta(self, delta: Mapping[str, Any], where: str, all_read: bool = False) -> None:
        """One delta; ``all_read``: it is known to hold only fields read here."""
        content = delta.get("content")
        if content is not None:
            text = self.content
            if type(content) is str and text is not None:
                text.append(content)  # the hot case inline: a call is ~23 ns more (micro case "call-and-key")
            else:
                self.add_content(content, where)
            if len(delta) == 1:
                # A text delta, most of any stream: no other field to look up
                # (~120 ns a delta against ~285, micro case "fold-text-delta").
                return
        # How many of the delta's fields were read: when that is all of them,
        # no <= test of its keys is needed (~100 ns a tool-call or refusal
        # delta, ~4% of W5 on dicts).
        read = 1 if content is not None or "content" in delta else 0  # DeepSeek's content: null
        reasoning = delta.get("reasoning_content") or delta.get("reasoning")
        if reasoning:
            read += 1
            name = "reasoning_content" if delta.get("reasoning_content") else "reasoning"
            self.reasoning.append(as_text(reasoning, where, f".delta.{name}"))
        refusal = delta.get("refusal")
        if refusal is not None:
            read += 1
            if self.refusal is None:
                self.refusal = []
            self.refusal.append(as_text(refusal, where, ".delta.refusal"))
        role = delta.get("role")
        if role:
            read += 1
            if self.role is None:
                self.role = as_text(role, where, ".delta.role")
        tool_calls = delta.get("tool_calls")
        if tool_calls is not None:
            read += 1
            self._add_tool_calls(tool_calls, where)
        # ``in`` first: both are rare, and an SDK delta has no annotations
        # (~19 ns a test against ~25 a get(), micro case "call-and-key").
        if "annotations" in delta and delta["annotations"] is not None:
            read += 1
            if self.annotations is None:
                self.annotations = []
            self.annotations.extend(_read.items(delta, "annotations", where + ".delta.annotations"))
        function_call = delta.get("function_call")
        if function_call is not None:
            read += 1
            if self.function_call is None:
                self.function_call = _ToolCall()
            at = where + ".delta.function_call"
            self.function_call.add_function(as_fields(function_call, at, ""), at)
        audio = delta.get("audio")
        if audio is not None:
            read += 1
            self._add_audio(as_fields(audio, where, ".delta.audio"), where + ".delta.audio")
        # <= on the keys: issuperset() would build a set.
        if len(delta) > read and not all_read and not delta.keys() <= DELTA_READ:
            self.kept_message = extra().merge(self.kept_message, delta, DELTA_READ, where + ".delta")

    def _add_tool_calls(self, fragments: Any, where: str) -> None:
        if not isinstance(fragments, (list, tuple)):
            raise wrong(where + ".delta.tool_calls", "a list", fragments)
        call: _ToolCall | None
        for position, raw in enumerate(fragments):
            at = f"{where}.delta.tool_calls[{position}]"
            fragment = as_fields(raw, at, "")
            index = fragment.get("index")
            if index is None:
                call = self._unindexed_call(fragment, at)
            else:
                if type(index) is not int:
                    index = as_count(index, at, ".index")
                call = self.tool_calls.get(index)
                if call is None:
                    call = self.tool_calls[index] = _ToolCall()
            self.latest_tool_call = call
            call.add(fragment, at, index is not None)

    def _unindexed_call(self, fragment: Mapping[str, Any], where: str) -> _ToolCall:
        """The call a fragment without ``index`` belongs to (Gemini sends none;
        the SDK raises): an ``id`` not seen before starts a new call after the
        others, a known ``id`` goes to its call, no ``id`` continues the latest."""
        id_ = fragment.get("id")
        if id_:
            id_ = as_text(id_, where, ".id")
            for call in self.tool_calls.values():
                if call.id == id_:
                    return call
        elif self.latest_tool_call is not None:
            return self.latest_tool_call
        call = self.tool_calls[max(self.tool_calls, default=-1) + 1] = _ToolCall()
        return call

    def _add_audio(self, audio: Mapping[str, Any], where: str) -> None:
        id_ = audio.get("id")
        if id_ and self.audio_id is None:
            self.audio_id = as_text(id_, where, ".id")
        data = audio.get("data")
        if data is not None:
            decoded = chat_read.decode_audio(as_text(data, where, ".data"), where + ".data")
            if self.audio_bytes is None:
                self.audio_bytes = bytearray()
            if decoded:
                self.audio_bytes += decoded
                self.audio_read = None
        transcript = audio.get("transcript")
        if transcript is not None:
            if self.audio_transcript is None:
                self.audio_transcript = []
            self.audio_transcript.append(as_text(transcript, where, ".transcript"))
        expires_at = audio.get("expires_at")
        if expires_at is not None:
            self.audio_expires_at = as_count(expires_at, where, ".expires_at")

    def add_logprobs(self, logprobs: Mapping[str, Any], where: str) -> None:
        # The SDK's rule: the first non-null logprobs are kept as sent
        # (an empty list stays a list), later ones extend non-empty lists.
        content = logprobs.get("content")
        if content is not None:
            content = _read.items(logprobs, "content", where + ".logprobs.content")
        refusal = logprobs.get("refusal")
        if refusal is not None:
            refusal = _read.items(logprobs, "refusal", where + ".logprobs.refusal")
        if self.logprobs is None:
            self.logprobs = [
                None if content is None else list(content),
                None if refusal is None else list(refusal),
            ]
            return
        for slot, entries in enumerate((content, refusal)):
            if entries:
                kept = self.logprobs[slot]
                if kept is None:
                    self.logprobs[slot] = list(entries)
                else:
                    kept.extend(entries)

    def arguments_parts(self) -> list[list[str]]:
        """Each tool call's live list of argument fragments, in ``tool_calls``' order."""
        return [call.arguments for _, call in sorted(self.tool_calls.items())]

    def audio_dict(self) -> dict[str, Any] | None:
        if (
            self.audio_id is None
            and self.audio_bytes is None
            and self.audio_transcript is None
            and self.audio_expires_at is None
        ):
            return None
        return {
            "id": self.audio_id,
            "data": self._audio_base64(),
            "transcript": joined(self.audio_transcript) or "",
            "expires_at": self.audio_expires_at,
        }

    def audio(self) -> bytes | None:
        """The audio so far; the same bytes object until more audio comes."""
        if self.audio_read is None and self.audio_bytes is not None:
            self.audio_read = bytes(self.audio_bytes)
        return self.audio_read

    def _audio_base64(self) -> str:
        # The whole groups of three bytes not encoded yet become one more
        # part; the last one or two bytes, padded, are encoded at each read.
        audio = self.audio_bytes or b""
        parts = self.audio_base64
        done = len(parts[0]) * 3 // 4 if parts else 0  # joined() keeps one part
        whole = len(audio) - len(audio) % 3
        if whole > done:
            parts.append(b64encode(audio[done:whole]).decode("ascii"))
        text = joined(parts) or ""
        return text + b64encode(audio[whole:]).decode("ascii") if whole < len(audio) else text

    def to_dict(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "role": self.role or "assistant",
            "content": joined(self.content),
            "refusal": joined(self.refusal),
            "tool_calls": [call.to_dict() for _, call in sorted(self.tool_calls.items())] or None,
            "audio": self.audio_dict(),
        }
        if self.function_call is not None:
            function = message["function_call"] = self.function_call.function_dict()
            if not self.function_call.name:
                function["name"] = None  # never sent: not invented, as in the SDK
        if self.annotations is not None:
            at = f"choices[{self.index}].delta.annotations"
            message["annotations"] = built(self.annotations, self.annotations_read, at)
        if self.reasoning:
            message["reasoning_content"] = joined(self.reasoning)
        logprobs = None
        if self.logprobs is not None:
            where = f"choices[{self.index}].logprobs"
            logprobs = {}
            for slot, name in enumerate(("content", "refusal")):
                entries = self.logprobs[slot]
                read = self.logprobs_read[slot]
                logprobs[name] = None if entries is None else built(entries, read, f"{where}.{name}")
        return {
            "index": self.index,
            "message": message,
            "finish_reason": self.finish_reason,
            "logprobs": logprobs,
        }
