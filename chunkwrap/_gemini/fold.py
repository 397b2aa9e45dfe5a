"""``GeminiFold``: fold a Gemini stream (Google AI's or Vertex AI's
``streamGenerateContent``) into the final ``GenerateContentResponse``.

Every chunk is a ``GenerateContentResponse`` holding the parts new since the
last one. ``to_dict()`` is the response as the wire spells it (camelCase),
each candidate's parts merged:
- consecutive text parts of the same kind (``thought`` or not) are joined;
- a part that carries a ``thoughtSignature`` is kept as it was sent, its own
  part, never joined with the text around it: Google's rule for signatures
  is that a signed part is not concatenated with another part, signed or
  not, so that the next turn can send each signature back where the model
  put it (Gemini 3 rejects a turn whose function calls lost theirs). Gemini
  streams a text answer's signature on a last, empty text part: it stays
  there, after the joined text;
- ``functionCall`` parts, and every other kind (``executableCode``,
  ``inlineData``...), are kept whole, as sent, in order.

A candidate's ``finishReason`` is the last one sent; its other fields
(``groundingMetadata``, ``citationMetadata``, ``safetyRatings``...) are the
last non-empty value sent: Google sends ``"groundingMetadata": {}`` on each
chunk and the whole answer's on the last (its supports' segments index the
whole text, not the chunk's), and google-genai merges nothing. The top
level (``usageMetadata``, cumulative; ``modelVersion``, ``responseId``,
``promptFeedback``, ``createTime``): the last value sent of each field.

Dicts are read as they are; an SDK model (google-genai's snake_case
``GenerateContentResponse``) as the JSON it was parsed from, by the SDK's
own serializer, so both give the same answers. Per chunk the cost is
constant: text goes into lists joined when read.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core import read as _read
from .._core.errors import ChunkError
from .._core.event_fold import EventFold
from .._core.plain import plain
from .._core.read import as_fields, as_text, wrong
from .._core.server import server_error
from .._core.text import joined
from .._core.values import FinishReason
from .partial_args import StreamedArgs
from .parts import FunctionCall, candidate_index, function_call, part_text
from .spec import finish_reasons, is_gemini
from .wrapper import GeminiCallResponseChunk


class _Run:
    """Consecutive text parts of one kind, joined when read."""

    __slots__ = ("texts", "thought")

    def __init__(self, thought: bool) -> None:
        self.thought = thought
        self.texts: list[str] = []

    def to_dict(self, where: str) -> dict[str, Any]:
        part: dict[str, Any] = {"text": joined(self.texts)}
        if self.thought:
            part["thought"] = True
        return part


class _StreamedCall:
    """A call whose arguments Vertex AI streams as ``partialArgs``: its first
    part, the other fields its later parts sent, and the arguments built."""

    __slots__ = ("call", "fields", "part")

    def __init__(self, call: FunctionCall, part: Mapping[str, Any], at: str) -> None:
        self.call = call
        self.part = part
        self.fields: dict[str, Any] = {}  # a later part's fields but its functionCall
        call.built = StreamedArgs()
        call.built.feed(call.call, at)

    def add(self, call: FunctionCall, part: Mapping[str, Any], at: str) -> None:
        assert self.call.built is not None
        self.call.built.feed(call.call, at)
        for name, value in part.items():
            if name != "functionCall":
                self.fields[name] = value

    def to_dict(self, where: str) -> dict[str, Any]:
        """The call's part as it would have been sent whole: its ``args`` built,
        no ``partialArgs`` or ``willContinue``."""
        assert self.call.built is not None
        found: dict[str, Any] = plain({**self.part, **self.fields}, f"{where}.content.parts")
        function = found["functionCall"]
        for name in ("partialArgs", "willContinue"):
            function.pop(name, None)
        function["args"] = plain(self.call.built.value, f"{where}.content.parts")
        return found


class _Candidate:
    """One candidate: its parts so far, and its other fields as last sent."""

    __slots__ = ("calls", "content", "fields", "open", "parts", "reasoning", "streaming")

    def __init__(self) -> None:
        # The fields in the order first sent; "content" stands in its place.
        self.fields: dict[str, Any] = {}
        self.parts: list[_Run | _StreamedCall | Mapping[str, Any]] = []
        self.open: _Run | None = None  # the run the next text part of its kind joins
        self.content: list[str] = []
        self.reasoning: list[str] = []
        # The functionCall parts that start a call, in order.
        self.calls: list[FunctionCall] = []
        # The call whose arguments the next parts stream (Vertex AI's partialArgs).
        self.streaming: _StreamedCall | None = None

    def add(self, candidate: Mapping[str, Any], where: str) -> None:
        for name, value in candidate.items():
            if name == "content":
                if value is not None:
                    self.fields.setdefault("content", None)
                    content = value if type(value) is dict else as_fields(value, where, ".content")
                    parts = content.get("parts")
                    if parts:
                        self._add_parts(parts, where)
            elif value is None:
                continue
            elif name == "finishReason":
                self.fields[name] = value if type(value) is str else as_text(value, where, ".finishReason")
            elif value or name not in self.fields:
                # An empty {} or [] never replaces one that said something.
                self.fields[name] = value

    def _add_parts(self, parts: Any, where: str) -> None:
        if type(parts) is not list and not isinstance(parts, tuple):
            raise wrong(f"{where}.content.parts", "a list", parts)
        for position, sent in enumerate(parts):
            if sent is None:  # a null part is no part, as in the wrapper (as_fields reads it as {})
                raise wrong(f"{where}.content.parts[{position}]", "an object", sent)
            raw = sent if type(sent) is dict else as_fields(sent, f"{where}.content.parts[{position}]", "")
            # Null means absent: a key sent as null is dropped before merging,
            # so dicts and the SDK's models (which drop unset fields) merge
            # alike. The common part, text alone, holds no null: the scan of
            # its values (~100 ns a part, timeit) is skipped, and a copy is
            # made only where a null was sent.
            text = raw.get("text")
            part = raw
            if (text is None or len(raw) != 1) and None in raw.values():
                part = {k: v for k, v in raw.items() if v is not None}
            thought = part.get("thought")
            if type(text) is str and thought is None:
                thought = False  # text alone, the common part: no call (~60 ns) for the rule below
            else:
                text, thought = part_text(text, thought, where, position)
            if text is not None:
                (self.reasoning if thought else self.content).append(text)
                if len(part) == 1 or (len(part) == 2 and "thought" in part):
                    # Text alone (and its kind): it joins the run of its kind.
                    run = self.open
                    if run is None or run.thought is not thought:
                        run = self.open = _Run(thought)
                        self.parts.append(run)
                    run.texts.append(text)
                    continue
            else:
                at = f"{where}.content.parts[{position}].functionCall"
                call = function_call(part.get("functionCall"), at)
                if call is not None and call.name is None and self.streaming is not None:
                    # A part of the call being streamed: its arguments join the call's.
                    self.streaming.add(call, part, at)
                    if not call.continues():
                        self.streaming = None
                    continue
                if call is not None and call.name is not None:
                    self.calls.append(call)
                    self.streaming = None
                    if call.streamed:
                        streamed = _StreamedCall(call, part, at)
                        self.open = None
                        self.parts.append(streamed)
                        if call.continues():
                            self.streaming = streamed
                        continue
            # A signed part, a call or any other kind: kept as sent, and the
            # next text starts a run of its own.
            self.open = None
            self.parts.append(part)

    def to_dict(self, where: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, value in self.fields.items():
            if name == "content":
                parts = [
                    plain(p, f"{where}.content.parts") if isinstance(p, Mapping) else p.to_dict(where)
                    for p in self.parts
                ]
                found[name] = {"parts": parts, "role": "model"}
            else:
                found[name] = plain(value, f"{where}.{name}")
        return found


class GeminiFold(EventFold):
    """Add Gemini stream chunks (dicts, google-genai's models or chunkwrap
    wrappers) as they arrive; read the response so far at any time."""

    STREAM = "a Gemini"
    PATH = "candidates"
    WHOLE = True
    __slots__ = ("_candidates", "_top")

    def __init__(self) -> None:
        super().__init__()
        self._candidates: dict[int, _Candidate] = {}
        # The top-level fields but candidates, in the order first sent: the last value of each.
        self._top: dict[str, Any] = {}

    def add(self, chunk: Any) -> None:
        """Fold one chunk in; a malformed one raises ChunkError naming the field,
        an ``{"error": ...}`` chunk StreamError."""
        fields = chunk if type(chunk) is dict else wire_fields(chunk)
        candidates = fields.get("candidates")
        if candidates is not None:
            if type(candidates) is not list and not isinstance(candidates, tuple):
                raise wrong("candidates", "a list", candidates)
            for position, raw in enumerate(candidates):
                # Nearly every chunk has one candidate: its path is no f-string per chunk.
                where = "candidates[0]" if position == 0 else f"candidates[{position}]"
                candidate: Mapping[str, Any]
                if type(raw) is dict:
                    candidate = raw
                elif raw is None:  # a null candidate is no candidate, as in the wrapper
                    raise wrong(where, "an object", raw)
                else:
                    candidate = as_fields(raw, where, "")
                index = candidate.get("index")
                if index is None:  # Google AI sends none for its one candidate
                    index = 0
                elif type(index) is not int or index < 0:
                    index = candidate_index(index, where)
                state = self._candidates.get(index)
                if state is None:
                    state = self._candidates[index] = _Candidate()
                state.add(candidate, where)
        elif not is_gemini(fields):
            raise self._foreign(fields)
        top = self._top
        for name, value in fields.items():
            if value is not None and name != "candidates":
                top[name] = value
        model = top.get("modelVersion")
        if model is not None:
            self.model = model if type(model) is str else as_text(model, "modelVersion")
        id_ = top.get("responseId")
        if id_ is not None:
            self.id = id_ if type(id_) is str else as_text(id_, "responseId")
        self._chunks += 1

    def _foreign(self, fields: Mapping[str, Any]) -> Exception:
        """The error for a chunk that is no Gemini chunk: an error payload, or another format's."""
        error = server_error(fields)
        if error is not None:
            return error
        if "choices" in fields:
            return self.mixed()
        kind = fields.get("type")
        if type(kind) is str:
            # The registry knows the other formats; loaded here, for this error alone.
            from .. import _formats  # noqa: PLC0415 - see the comment

            name = _formats.stream_of(fields) or "another format's"
            return ChunkError("type", f"{kind!r} is {name} event, not a Gemini chunk")
        return ChunkError("<chunk>", "expected a Gemini chunk (candidates, usageMetadata or promptFeedback)")

    def _first(self) -> _Candidate | None:
        return self._candidates.get(0)

    @property
    def content(self) -> str:
        """Candidate 0's text so far (its parts that are not ``thought``)."""
        first = self._first()
        if first is None:
            return ""
        return joined(first.content) or ""

    def content_parts(self) -> list[list[str]]:
        """The live fragment list whose text is ``content``."""
        first = self._first()
        return [] if first is None else [first.content]

    @property
    def reasoning(self) -> str:
        """Candidate 0's ``thought: true`` text so far."""
        first = self._first()
        if first is None:
            return ""
        return joined(first.reasoning) or ""

    @property
    def refusal(self) -> str:
        """Always "": Gemini refuses with a finish reason (``SAFETY``...)."""
        return ""

    @property
    def tool_calls(self) -> list[dict[str, Any]]:
        """Candidate 0's ``functionCall`` parts, in order, arguments as JSON text."""
        first = self._first()
        return [] if first is None else [call.tool_call() for call in first.calls]

    def arguments_parts(self) -> list[list[str]]:
        """Per entry of ``tool_calls``, its arguments' text fragments: Gemini
        sends ``args`` whole, so one fragment each (Vertex AI's ``partialArgs``
        are built into the ``args`` so far: the text of those, each read)."""
        return [[call["function"]["arguments"]] for call in self.tool_calls]

    @property
    def finish_reasons(self) -> list[str]:
        """Candidate 0's last ``finishReason``; for a blocked prompt (no
        candidates) ``promptFeedback.blockReason``; [] until either came."""
        first = self._first()
        if first is not None:
            reason = first.fields.get("finishReason")
        else:
            reason = self._counts().finish_reasons if "promptFeedback" in self._top else None
            return reason or []
        return [reason] if reason else []

    @property
    def common_finish_reasons(self) -> list[FinishReason]:
        """As the wrapper maps them: STOP is tool_calls where the answer calls a function."""
        reasons = self.finish_reasons
        first = self._first()
        calls = first is not None and bool(first.calls)
        return finish_reasons(reasons, calls, bool(reasons) and first is None)

    @property
    def usage(self) -> Any:
        """The last ``usageMetadata`` sent (cumulative), as sent."""
        return self._top.get("usageMetadata")

    def _counts(self) -> GeminiCallResponseChunk[Any]:
        """The top level as one chunk, whose wrapper counts the tokens (and
        reads a blocked prompt's reason) as for any chunk: one meaning, written once."""
        return GeminiCallResponseChunk(self._top)

    @property
    def input_tokens(self) -> int | None:
        """Every prompt token: ``promptTokenCount`` plus ``toolUsePromptTokenCount``."""
        return self._counts().input_tokens

    @property
    def cached_tokens(self) -> int | None:
        """``cachedContentTokenCount``."""
        return self._counts().cached_tokens

    @property
    def output_tokens(self) -> int | None:
        """Every generated token: ``candidatesTokenCount`` plus ``thoughtsTokenCount``."""
        return self._counts().output_tokens

    @property
    def reasoning_tokens(self) -> int | None:
        """``thoughtsTokenCount``."""
        return self._counts().reasoning_tokens

    def to_dict(self) -> dict[str, Any]:
        """The stream as a ``GenerateContentResponse``: every candidate in index order."""
        found: dict[str, Any] = {}
        if self._candidates:
            found["candidates"] = [
                state.to_dict(f"candidates[{i}]") for i, state in sorted(self._candidates.items())
            ]
        for name, value in self._top.items():
            found[name] = plain(value, name)
        return found


# google-genai's own fields, which the server never sent (by their JSON names).
_SDK_ONLY = ("sdkHttpResponse", "automaticFunctionCallingHistory", "parsed")


def wire_fields(chunk: Any) -> Mapping[str, Any]:
    """A chunk's fields as the wire spells them: a dict (or any Mapping) as it
    is; google-genai's model as the JSON it was read from (its set fields by
    their JSON names, bytes as base64, enums as their values: :func:`plain`);
    the chunk a wrapper holds (chunkwrap's, Mirascope's).

    Any other object is a ChunkError: its attribute names are not the wire's,
    and renaming them would rename the caller's own keys in ``args`` too.
    """
    for _ in range(8):  # a wrapper of a wrapper..., but never round a cycle
        if type(chunk) is dict or isinstance(chunk, Mapping):
            return chunk
        if _read.is_model(type(chunk)):
            fields: dict[str, Any] = plain(chunk, "<chunk>")
            for name in _SDK_ONLY:
                fields.pop(name, None)
            return fields
        inner = _read.field(chunk, "chunk", "<chunk>")
        if inner is None:
            break
        chunk = inner
    raise wrong("<chunk>", "a Gemini chunk as a Mapping or google-genai's model", chunk)
