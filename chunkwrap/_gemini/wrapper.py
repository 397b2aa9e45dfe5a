"""``GeminiCallResponseChunk``: one chunk of a Gemini ``streamGenerateContent`` stream.

Google AI's and Vertex AI's ``GenerateContentResponse``: a dict parsed from
the wire's JSON (camelCase: ``usageMetadata.promptTokenCount``) or the
google-genai SDK's model (snake_case attributes: ``usage_metadata.prompt_token_count``),
with the same answers for both; google-genai is never imported. Every
chunk is a whole response so far for its parts: candidate 0's text parts
are this chunk's text, and ``usageMetadata`` (on every chunk) is cumulative.
A bad field is named by its wire path, camelCase, whichever shape was read.

Where an answer differs from Mirascope v1's ``GoogleCallResponseChunk``, it
is the issue's (19): every non-thought text part joined (not the first),
the safety family never ``stop``, ``id`` the ``responseId``, and the
thinking tokens counted in ``output_tokens``.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._core import read as _read
from .._core.lazy import (
    CACHED_TOKENS,
    CHUNK,
    COMMON_FINISH_REASONS,
    CONTENT,
    EVENT_REASONING,
    EVENT_TOOL_CALLS,
    FINISH_REASONS,
    GENERAL,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    REASONING_TOKENS,
    UNSET,
    USAGE_OBJECT,
    cached,
    kept,
    scanned,
)
from .._core.view import LazyView
from . import spec
from .parts import candidate_index, function_call, part_text
from .parts import field as _field
from .parts import items as _list
from .parts import record as _record
from .parts import text as _text

if TYPE_CHECKING:
    from .._core.values import FinishReason

# The type of what was wrapped: the SDK's GenerateContentResponse, or a dict from JSON.
_ChunkT = TypeVar("_ChunkT")

_USAGE = "usageMetadata"


# eq, getstate_setstate and repr False: LazyView's (the chunk only). No
# ``type``, unlike the event wrappers: a Gemini chunk has none to give.
@attrs.frozen(init=False, weakref_slot=False, eq=False, getstate_setstate=False, repr=False)
class GeminiCallResponseChunk(LazyView[_ChunkT]):
    """A lazy view of one Gemini stream chunk: each property read once, then kept."""

    @property
    def content(self) -> str:
        """Candidate 0's text parts that are not ``thought``, joined; "" when none."""
        content = self._cache[CONTENT]
        if content is UNSET:
            cache = self._cache
            chunk = cache[CHUNK]
            if type(chunk) is dict:
                # The common chunk, inline: one candidate, one text part.
                candidates = chunk.get("candidates")
                if type(candidates) is list and candidates and _is_first(candidates[0]):
                    body = candidates[0].get("content")
                    if type(body) is dict:
                        parts = body.get("parts")
                        if type(parts) is list and len(parts) == 1:
                            part = parts[0]
                            if type(part) is dict and "thought" not in part:
                                content = part.get("text") or ""
                elif candidates is None:
                    content = ""  # usage only, or a blocked prompt
            if type(content) is not str:
                content = _texts(chunk)[0]
            cache[CONTENT] = content
        return content  # type: ignore[no-any-return]

    @property
    @kept(EVENT_REASONING)
    def reasoning(self) -> str:
        """Candidate 0's ``thought: true`` text parts, joined; "" when none."""
        return _texts(self._cache[CHUNK])[1]

    @property
    def refusal(self) -> str:
        """Always "": Gemini refuses with a finish reason (``SAFETY``...), not with text."""
        return ""

    @property
    @kept(EVENT_TOOL_CALLS)
    def tool_calls(self) -> list[dict[str, Any]]:
        """Each ``functionCall`` part, whole, in the Chat Completions shape:
        ``{"id", "type": "function", "function": {"name", "arguments"}}``,
        ``arguments`` the ``args`` object as JSON text (:func:`arguments_text`),
        ``id`` the call's own (Vertex AI sends one) or None; ``index`` the
        call's position among this chunk's calls (Gemini sends each call whole,
        so no later chunk adds to it). Vertex AI's streamed arguments: see
        :class:`FunctionCall`."""
        calls: list[dict[str, Any]] = []
        found = _candidate(self._cache[CHUNK])
        if found is not None:
            candidate, where = found
            for position, part in enumerate(_parts(candidate, where)):
                at = f"{where}.content.parts[{position}].functionCall"
                call = function_call(_field(part, "functionCall", "function_call", at), at)
                if call is not None and call.name is not None:
                    calls.append(call.tool_call(len(calls)))
        return calls

    def _scan(self, chunk: Any, cache: list[Any]) -> None:
        """The values read on every chunk, from a dict in one pass (the
        contract of ``GENERAL`` in ``_core/lazy.py``): FINISH_REASONS, USAGE_OBJECT
        and the three token counts. One pass instead of a general read each:
        the five reads ~2.9 us a chunk, construction included, against ~18
        (micro case "gemini-scan")."""
        if type(chunk) is not dict:
            cache[FINISH_REASONS] = cache[USAGE_OBJECT] = GENERAL
            cache[INPUT_TOKENS] = cache[OUTPUT_TOKENS] = cache[CACHED_TOKENS] = GENERAL
            return
        reasons: Any = GENERAL
        candidates = chunk.get("candidates")
        if type(candidates) is list and candidates and _is_first(candidates[0]):
            reason = candidates[0].get("finishReason")
            if reason is None:
                reasons = []
            elif type(reason) is str:
                reasons = [reason] if reason else []
        cache[FINISH_REASONS] = reasons
        usage = chunk.get("usageMetadata")
        if usage is None:
            cache[USAGE_OBJECT] = cache[INPUT_TOKENS] = cache[OUTPUT_TOKENS] = cache[CACHED_TOKENS] = None
            return
        cache[USAGE_OBJECT] = usage if type(usage) is dict else GENERAL
        counts: Any = GENERAL, GENERAL, GENERAL
        if type(usage) is dict:
            prompt = usage.get("promptTokenCount")
            tool = usage.get("toolUsePromptTokenCount")
            answer = usage.get("candidatesTokenCount")
            thoughts = usage.get("thoughtsTokenCount")
            read = usage.get("cachedContentTokenCount")
            # type() is int: never a bool; anything else is the general path's
            # to name. Written out: all() over a generator costs ~1 us more.
            if (
                (prompt is None or type(prompt) is int)
                and (tool is None or type(tool) is int)
                and (answer is None or type(answer) is int)
                and (thoughts is None or type(thoughts) is int)
                and (read is None or type(read) is int)
            ):
                counts = _sum(prompt, tool), _sum(answer, thoughts), read
        cache[INPUT_TOKENS], cache[OUTPUT_TOKENS], cache[CACHED_TOKENS] = counts

    @property
    @scanned(FINISH_REASONS)
    def finish_reasons(self) -> list[str]:
        """Candidate 0's ``finishReason`` as sent; for a blocked prompt (no
        candidates) ``promptFeedback.blockReason``; [] while the answer goes on."""
        chunk = self._cache[CHUNK]
        found = _candidate(chunk)
        if found is None:
            reason = _block_reason(chunk)
        else:
            reason = _text(found[0], "finishReason", "finish_reason", f"{found[1]}.finishReason")
        return [reason] if reason else []

    @property
    @cached(COMMON_FINISH_REASONS)
    def common_finish_reasons(self) -> list[FinishReason]:
        """STOP is stop, or tool_calls where this chunk carries a function call;
        MAX_TOKENS length; the safety family and a blocked prompt
        content_filter; any other value passes through as sent, never stop."""
        reasons = self.finish_reasons
        chunk = self._cache[CHUNK]
        blocked = bool(reasons) and _candidate(chunk) is None
        calls = bool(reasons) and not blocked and bool(self.tool_calls)
        common: list[FinishReason] = spec.finish_reasons(reasons, calls, blocked)
        return common

    @property
    def model(self) -> str | None:
        """``modelVersion``."""
        return _text(self._cache[CHUNK], "modelVersion", "model_version", "modelVersion")

    @property
    def id(self) -> str | None:
        """``responseId``."""
        return _text(self._cache[CHUNK], "responseId", "response_id", "responseId")

    @property
    @scanned(USAGE_OBJECT)
    def usage(self) -> Any:
        """``usageMetadata`` as sent (every chunk carries one, cumulative), or None."""
        return _record(self._cache[CHUNK], "usageMetadata", "usage_metadata", _USAGE)

    def _count(self, camel: str, snake: str) -> int | None:
        usage = self.usage
        if usage is None:
            return None
        value = _field(usage, camel, snake, f"{_USAGE}.{camel}")
        return None if value is None else _read.as_count(value, f"{_USAGE}.", camel)

    @property
    @scanned(INPUT_TOKENS)
    def input_tokens(self) -> int | None:
        """Every prompt token: ``promptTokenCount`` (which counts the cached
        ones) plus ``toolUsePromptTokenCount``; None when neither is there."""
        return _sum(
            self._count("promptTokenCount", "prompt_token_count"),
            self._count("toolUsePromptTokenCount", "tool_use_prompt_token_count"),
        )

    @property
    @scanned(OUTPUT_TOKENS)
    def output_tokens(self) -> int | None:
        """Every generated token: ``candidatesTokenCount`` plus
        ``thoughtsTokenCount`` (billed as output); None when neither is there."""
        return _sum(
            self._count("candidatesTokenCount", "candidates_token_count"),
            self._count("thoughtsTokenCount", "thoughts_token_count"),
        )

    @property
    @scanned(CACHED_TOKENS)
    def cached_tokens(self) -> int | None:
        """``cachedContentTokenCount``: the prompt tokens read from the cache."""
        return self._count("cachedContentTokenCount", "cached_content_token_count")

    @property
    @cached(REASONING_TOKENS)
    def reasoning_tokens(self) -> int | None:
        """``thoughtsTokenCount``."""
        return self._count("thoughtsTokenCount", "thoughts_token_count")


def _is_first(candidate: Any) -> bool:
    """True for a dict that is candidate 0 by its ``index`` (absent or null:
    0), for the fast paths: anything else is the general path's to read."""
    if type(candidate) is not dict:
        return False
    index = candidate.get("index")
    return index is None or (type(index) is int and index == 0)


def _candidate(chunk: Any) -> tuple[Any, str] | None:
    """Candidate 0 (the one whose ``index`` is 0) and its path; None when there is none."""
    candidates = _list(chunk, "candidates", "candidates", "candidates")
    for position, candidate in enumerate(candidates):
        where = f"candidates[{position}]"
        if candidate_index(_field(candidate, "index", "index", f"{where}.index"), where) == 0:
            return candidate, where
    return None


def _parts(candidate: Any, where: str) -> list[Any]:
    """The ``content.parts`` of the candidate at ``where``, each checked to be an object."""
    body = _record(candidate, "content", "content", f"{where}.content")
    return [] if body is None else _list(body, "parts", "parts", f"{where}.content.parts")


def _texts(chunk: Any) -> tuple[str, str]:
    """(text, thought text) of candidate 0's parts, each joined."""
    texts: list[str] = []
    thoughts: list[str] = []
    found = _candidate(chunk)
    if found is None:
        return "", ""
    candidate, where = found
    for position, part in enumerate(_parts(candidate, where)):
        at = f"{where}.content.parts[{position}]"
        text = _field(part, "text", "text", f"{at}.text")
        text, thought = part_text(text, _field(part, "thought", "thought", f"{at}.thought"), where, position)
        if text:
            (thoughts if thought else texts).append(text)
    return "".join(texts), "".join(thoughts)


def _block_reason(chunk: Any) -> str | None:
    feedback = _record(chunk, "promptFeedback", "prompt_feedback", "promptFeedback")
    if feedback is None:
        return None
    return _text(feedback, "blockReason", "block_reason", "promptFeedback.blockReason")


def _sum(first: int | None, second: int | None) -> int | None:
    if first is None and second is None:
        return None
    return (first or 0) + (second or 0)
