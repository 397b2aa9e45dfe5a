"""``StreamAccumulator``: fold a stream of chunks into the final answer.

Chat Completions chunks are folded here (``_chat/choice.py`` keeps each choice);
an Anthropic Messages, OpenAI Responses or Gemini stream, which its first
chunk shows, by ``_anthropic/fold.py``, ``_responses/fold.py`` or
``_gemini/fold.py``, whose answers the properties then give.

Where the openai SDK's ChatCompletionStreamState differs, on purpose:
- usage: the last non-null usage wins and a later chunk without usage
  keeps it (the SDK overwrites it with None); cumulative usage (vLLM) is
  replaced, never summed (Mirascope sums); Groq's ``x_groq.usage`` counts;
- audio: each base64 fragment is decoded before the bytes are joined;
- ``choices: null`` or missing, ``delta: null`` or missing and
  ``finish_reason: ""`` are not errors;
- ``id``, ``model`` and ``created`` are the first non-blank ones (Azure's
  first chunk has them blank, and ``created`` 0);
- fields the fold does not read are kept (OpenRouter's
  ``reasoning_details``, ``provider``, Azure's ``prompt_filter_results``):
  a delta's merged as the SDK merges them, but for labels and numbers,
  which it concatenates and sums; the top level's and a choice's the
  latest of those read where streams send them (a choice's first chunk and
  its last; the first chunk, one without choices, one with usage: see
  ``_keep()``), where the SDK keeps the first chunk's (``_chat/extra.py``);
- per chunk the cost is constant: nothing seen so far is copied again, and
  a read copies only what is new since the last one, so the lists of
  ``to_dict()`` are shared with later reads (``_chat/choice.py``).
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import copy
import functools
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from ._chat import read as chat_read
from ._chat.choice import ChoiceState, extra
from ._chat.dict import OpenAIDictChunk
from ._chat.openai import OpenAICallResponseChunk
from ._core import read as _read
from ._core.errors import ChunkError
from ._core.lazy import CHUNK
from ._core.plain import plain
from ._core.read import as_count, as_fields, as_text, members, model_fields, wrong
from ._core.server import server_error
from ._core.text import joined
from ._core.values import CostMetadata, FinishReason, Usage, common_finish_reasons, common_usage
from ._pick import registry

if TYPE_CHECKING:
    from ._anthropic.fold import AnthropicFold
    from ._gemini.fold import GeminiFold
    from ._parsed import Parsed
    from ._responses.fold import ResponsesFold

_T = TypeVar("_T")


@functools.cache
def _join_event_wrappers() -> None:
    """Every format's wrappers join _WRAPPERS, once: by the first event stream's first event."""
    formats = registry()
    names = [entry.spec.NAME for entry in formats.FORMATS]
    _WRAPPERS.update(formats.wrapper_of(name, sdk) for name in names for sdk in (False, True))


def _per_format(chat: Callable[[StreamAccumulator], _T]) -> Callable[[StreamAccumulator], _T]:
    """A property's Chat Completions answer, or the event fold's own of the
    same name for an event stream (Anthropic, Responses, Gemini). Use under ``@property``."""
    name = chat.__name__

    def read(self: StreamAccumulator) -> _T:
        events = self._events  # pyright: ignore[reportPrivateUsage] - the class's own helper
        return chat(self) if events is None else getattr(events, name)

    read.__name__, read.__qualname__, read.__doc__ = name, chat.__qualname__, chat.__doc__
    return read


# The wrappers whose chunk add() reads at once; the event wrappers join when
# the first event loads their modules (an exact type test, see add()).
_WRAPPERS: set[type] = {OpenAICallResponseChunk, OpenAIDictChunk}
_CONTENT_ONLY = frozenset({"content"})
# What add() reads of a chunk and of a choice; the rest is kept (_chat/extra.py).
# ``obfuscation``, OpenAI's padding of every chunk, is dropped, as the SDK drops it.
_TOP_READ = frozenset(
    {
        "id",
        "object",
        "created",
        "model",
        "system_fingerprint",
        "service_tier",
        "choices",
        "usage",
        "moderation",
        "error",
        "obfuscation",
    }
)
_CHOICE_READ = frozenset({"index", "delta", "finish_reason", "logprobs"})


class StreamAccumulator:
    """Add chunks (SDK objects, dicts or chunkwrap wrappers) as they arrive;
    read the answer so far at any time. Choice 0 answers where one choice
    is meant; ``to_dict()`` gives every choice.
    """

    __slots__ = (
        "_choices",
        "_chunks",
        "_events",
        "_kept",
        "_moderation",
        "_parsed",
        "_usage",
        "_usage_path",
        "created",
        "id",
        "model",
        "service_tier",
        "system_fingerprint",
    )

    def __init__(self) -> None:
        self.id: str | None = None
        self.model: str | None = None
        self.created: int | None = None
        self.system_fingerprint: str | None = None
        self.service_tier: str | None = None
        self._choices: dict[int, ChoiceState] = {}
        self._usage: Any = None
        self._usage_path = "usage"
        self._chunks = 0
        self._moderation: Any = None
        self._kept: dict[str, Any] | None = None  # the top-level fields the fold does not read
        # The fold of an Anthropic Messages, OpenAI Responses or Gemini stream,
        # once the first chunk has shown the stream to be one; None for Chat Completions.
        self._events: AnthropicFold | ResponsesFold | GeminiFold | None = None
        self._parsed: Parsed | None = None  # the partial parsers, made on the first read of one

    def __repr__(self) -> str:
        return f"<StreamAccumulator chunks={self.chunks} model={self.model!r}>"

    def __copy__(self) -> StreamAccumulator:
        # A shallow copy would share the per-choice lists, so adding to the
        # copy would change the original.
        return copy.deepcopy(self)

    @property
    @_per_format
    def chunks(self) -> int:
        """How many chunks were added."""
        return self._chunks

    def add(self, chunk: Any) -> None:
        """Fold one chunk in.

        A malformed chunk raises ChunkError naming the field; what the chunk
        held before that field may already be folded in. The first chunk
        decides the format: a chunk of another format later is a ChunkError.

        The order, fastest case first: a dict is read as it is; a chunkwrap
        wrapper gives its chunk; an SDK model its fields; anything else is
        unwrapped (Mirascope's wrappers, CallResponseChunk) and read by
        attribute. Then an error payload raises StreamError; the choices are
        folded (one, then several); a chunk with no choices but a type is an
        event, for the event fold; the top level comes last.
        """
        if type(chunk) is dict:
            fields: Any = chunk
        else:
            if type(chunk) in _WRAPPERS:
                # What wrap_stream() and wrap_sse() yield: fold the dict or model
                # it holds. Through model_fields(), which raises inside for a
                # wrapper, and the general path, it cost ~1.6 us a chunk more. An
                # exact type test: isinstance() costs an SDK chunk ~70 ns, this
                # ~25 (micro case "exact-type-test"). The slot the ``chunk``
                # property reads, read without the property's call: ~40 ns less.
                chunk = chunk._cache[CHUNK]
                events = self._events
                if events is not None and type(chunk) is dict and "error" not in chunk:
                    # An event of wrap_sse()'s, straight to its fold, which
                    # rejects a chunk of another format as the choices below
                    # would: ~170 ns an event less than the way below (W10, W11;
                    # tests/test_fast_paths.py holds the two ways equal).
                    events.add(chunk)
                    self.id, self.model = events.id, events.model
                    return
            fields = chunk if type(chunk) is dict else model_fields(chunk)
            if fields is None or (
                fields is not chunk
                and (
                    "chunk" in fields
                    or not ("choices" in fields or "type" in fields or "candidates" in fields)
                )
            ):
                # Not an SDK chunk, event or Gemini response: a Mapping, a plain object, an
                # object that wraps a chunk (Mirascope's, CallResponseChunk), or no chunk.
                fields = members(registry().unwrapped(chunk))
        # ``in`` before the lookup: "error" and "moderation" are rare keys,
        # tested so in ~19 ns a chunk against ~25 by a get() (micro case "call-and-key").
        if "error" in fields and fields["error"] is not None:
            # OpenRouter sends its error in a chunk that has choices too:
            # nothing of it is folded, and the stream is not complete.
            error = server_error(fields)
            if error is not None:
                raise error
        choices = fields.get("choices")
        if type(choices) is list and len(choices) == 1:
            # Nearly every chunk: no loop (the loop: ~1,050 ns a chunk against
            # ~800, micro case "fold-dict").
            self._add_choice(choices[0], 0, "choices[0]")
        elif choices is not None:
            if type(choices) is not list and not isinstance(choices, tuple):
                raise wrong("choices", "a list", choices)
            if self._events is not None:
                raise self._mixed()
            for position, raw in enumerate(choices):
                self._add_choice(raw, position, f"choices[{position}]")
            if not choices:
                self._keep(fields)  # Azure's prompt_filter_results, a usage chunk's fields
        elif self._events is not None or self._starts_events(fields):
            # An Anthropic or Responses event (no choices, a type) or a Gemini
            # chunk (candidates...). Told apart here, where a chat chunk rarely
            # goes, rather than by a test at the top of every add() (an ``in``:
            # ~19 ns a chunk, micro case "call-and-key").
            self._add_event(fields, chunk)
            return
        else:
            # No choices and no event: a usage-only chunk, or no chunk of any
            # format (a ChunkError, never an empty chat chunk): asked here,
            # where a chat chunk rarely goes (_formats.format_of, the one rule).
            self._check_format(fields)
            self._keep(fields)
        # The top level, inline but for the names, which a stream sends once:
        # a method called for it would cost every chunk a call (~23 ns, micro
        # case "call-and-key").
        if not (self.id and self.model and self.created):
            self._add_names(fields)  # the first chunk, or Azure's blank first ones
            self._keep(fields)
        fingerprint = fields.get("system_fingerprint")
        if fingerprint is not None:
            if type(fingerprint) is not str:
                fingerprint = as_text(fingerprint, "system_fingerprint")
            self.system_fingerprint = fingerprint
        tier = fields.get("service_tier")
        if tier is not None:
            self.service_tier = as_text(tier, "service_tier")
        if "moderation" in fields and fields["moderation"] is not None:  # openai 3.x's moderated completions
            self._moderation = as_fields(fields["moderation"], "moderation", "")
        if fields.get("usage") or fields.get("x_groq") is not None:
            found, path = chat_read.usage_and_path(fields)
            if found is not None:
                self._usage, self._usage_path = found, path
            self._keep(fields)
        self._chunks += 1

    def _keep(self, fields: Any) -> None:
        """The top-level fields the fold does not read, kept for to_dict().

        Looked for where a stream sends them, which costs the chunks between
        nothing: the first chunk (with its names), one without choices, one
        with usage. A look at every chunk, a ``<=`` test of the keys here
        and one of the choice's, cost ~150 ns each against ~1 us for all of
        add() (W5 on dicts).
        """
        if not fields.keys() <= _TOP_READ:
            self._kept = extra().latest(self._kept, fields, _TOP_READ)

    def _starts_events(self, fields: Any) -> bool:
        """Whether this chunk, which has no choices, begins an event format's
        stream (Anthropic Messages, OpenAI Responses, Gemini: ``_formats.kind_of``).

        The registry and the event folds load here, with the first event: a
        Chat Completions user never imports them.
        """
        formats = registry()
        kind = formats.kind_of(fields)
        if kind is None:
            return False
        _join_event_wrappers()
        fold = formats.fold_of(kind)()
        if self._chunks:
            what = "event" if formats.is_typed(kind) else "chunk"
            raise ChunkError(fold.PATH, f"{fold.STREAM} {what} in a Chat Completions stream")
        self._events = fold
        return True

    def _check_format(self, fields: Any) -> None:
        error = server_error(fields)  # vLLM's {"object": "error", ...}: no error member
        if error is not None:
            raise error
        formats = registry()  # only chunks without choices come here
        if formats.format_of(fields) is None:
            raise formats.unknown_format(fields, "<chunk>")

    def _check_first(self, fields: Any) -> None:
        """The first chunk with choices: a whole answer (``chat.completion``) has them
        too, and folded as a chunk it would read as an empty, finished answer."""
        formats = registry()
        if formats.is_whole(fields):
            raise formats.unknown_format(fields, "<chunk>")

    def _mixed(self) -> ChunkError:
        assert self._events is not None
        return self._events.mixed()

    def _add_event(self, fields: Any, chunk: Any) -> None:
        events = self._events
        assert events is not None
        # The Gemini fold reads an SDK model itself: its fields are not the wire's names.
        events.add(chunk if events.WHOLE else fields)
        self.id, self.model = events.id, events.model  # the fold's, whichever event gave them

    def _add_choice(self, raw: Any, position: int, where: str) -> None:
        # Dicts and SDK models are read inline here and below: an as_fields()
        # call per level would cost every level of every chunk a call (~23 ns,
        # micro case "call-and-key").
        choice = raw if type(raw) is dict else model_fields(raw)
        if choice is None:
            if raw is None:
                raise wrong(where, "an object", raw)
            choice = as_fields(raw, where, "")
        index = choice.get("index")
        if type(index) is not int:
            index = position if index is None else as_count(index, where, ".index")
        state = self._choices.get(index)
        if state is None:
            if self._events is not None:  # the first test of a choice: never again for it
                raise self._mixed()
            state = self._choices[index] = ChoiceState(index)
            if not choice.keys() <= _CHOICE_READ:  # as for the top level (_keep()): its first and last chunk
                state.kept_choice = extra().latest(None, choice, _CHOICE_READ)
        delta = choice.get("delta")
        if delta is not None:
            if type(delta) is dict:
                state.add_delta(delta, where)
            else:
                fields = model_fields(delta)
                if fields is None:
                    state.add_delta(as_fields(delta, where, ".delta"), where)
                elif delta.__pydantic_fields_set__ == _CONTENT_ONLY and fields is delta.__dict__:
                    # An SDK text delta, which the server sent as {"content": ...}:
                    # its content alone, skipping the lookups of the other
                    # fields, as for a dict (~12% of the fold on SDK chunks,
                    # micro case "fold-sdk").
                    if fields["content"] is not None:
                        state.add_content(fields["content"], where)
                else:
                    # Its __dict__ alone (no extras) holds only the SDK's fields, all read.
                    state.add_delta(fields, where, fields is delta.__dict__)
        reason = choice.get("finish_reason")
        if reason:
            state.finish_reason = as_text(reason, where, ".finish_reason")
            if not choice.keys() <= _CHOICE_READ:
                state.kept_choice = extra().latest(state.kept_choice, choice, _CHOICE_READ)
        logprobs = choice.get("logprobs")
        if logprobs is not None:
            state.add_logprobs(as_fields(logprobs, where, ".logprobs"), where)

    def _add_names(self, fields: Any) -> None:
        if not self._chunks:
            self._check_first(fields)
        if not self.id:
            self.id = _read.text(fields, "id", "id") or self.id
        if not self.model:
            self.model = _read.text(fields, "model", "model") or self.model
        if not self.created:
            self.created = _read.count(fields, "created", "created") or self.created

    def _first(self) -> ChoiceState | None:
        # Choice 0, never another that spoke first (n > 1).
        return self._choices.get(0)

    @property
    @_per_format
    def content(self) -> str:
        """Choice 0's text so far."""
        first = self._first()
        return joined(first.content) or "" if first else ""

    @property
    @_per_format
    def reasoning(self) -> str:
        """Choice 0's reasoning so far (``reasoning_content`` or ``reasoning`` deltas)."""
        first = self._first()
        return joined(first.reasoning) or "" if first else ""

    @property
    @_per_format
    def refusal(self) -> str:
        """Choice 0's refusal so far."""
        first = self._first()
        return joined(first.refusal) or "" if first else ""

    @property
    @_per_format
    def tool_calls(self) -> list[dict[str, Any]]:
        """Choice 0's tool calls: id, type, function name and joined arguments, by index."""
        first = self._first()
        if first is None:
            return []
        return [call.to_dict() for _, call in sorted(first.tool_calls.items())]

    def _parsers(self) -> Parsed:
        if self._parsed is None:
            from ._parsed import Parsed  # noqa: PLC0415 - loaded by the first partial read alone

            self._parsed = Parsed()
        return self._parsed

    @property
    def parsed_arguments(self) -> list[Any]:
        """Each of ``tool_calls``' arguments so far as JSON values, in the same
        order (:class:`PartialJSON`'s ``value``): None until a call's arguments
        begin; arguments that can never be JSON raise ChunkError naming the call.

        Each read parses only the fragments that came since the last one. The
        values are live: the next read extends them (``copy.deepcopy`` keeps one).
        """
        fold = self._events
        if fold is None:
            first = self._first()
            calls = first.arguments_parts() if first is not None else []
        else:
            calls = fold.arguments_parts()
        return self._parsers().arguments(calls)

    @property
    def parsed_content(self) -> Any:
        """``content`` so far as a JSON value (structured outputs, JSON mode),
        as :attr:`parsed_arguments` parses arguments; None until it begins."""
        fold = self._events
        if fold is None:
            first = self._first()
            return self._parsers().content_of(first.content if first is not None else None)
        return self._parsers().content_of_texts(fold.content_parts())

    @property
    @_per_format
    def finish_reasons(self) -> list[str]:
        """Every choice's finish reason, by choice index, skipping choices not finished."""
        return [s.finish_reason for _, s in sorted(self._choices.items()) if s.finish_reason]

    @property
    @_per_format
    def common_finish_reasons(self) -> list[FinishReason]:
        return common_finish_reasons(self.finish_reasons)

    @property
    @_per_format
    def usage(self) -> Any:
        """The last non-null usage object seen, as sent."""
        return self._usage

    @property
    @_per_format
    def input_tokens(self) -> int | None:
        return _read.count_in_usage(self._usage, self._usage_path, "prompt_tokens")

    @property
    @_per_format
    def output_tokens(self) -> int | None:
        return _read.count_in_usage(self._usage, self._usage_path, "completion_tokens")

    @property
    @_per_format
    def cached_tokens(self) -> int | None:
        return chat_read.cached_in_usage(self._usage, self._usage_path)

    @property
    @_per_format
    def reasoning_tokens(self) -> int | None:
        return _read.detail_in_usage(
            self._usage, self._usage_path, "completion_tokens_details", "reasoning_tokens"
        )

    @property
    @_per_format
    def common_usage(self) -> Usage | None:
        return common_usage(self.input_tokens, self.cached_tokens, self.output_tokens)

    @property
    @_per_format
    def cost_metadata(self) -> CostMetadata:
        return CostMetadata(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cached_tokens=self.cached_tokens,
            cost=chat_read.cost_in_usage(self._usage, self._usage_path),
        )

    @property
    def audio(self) -> bytes | None:
        """Choice 0's audio: every fragment decoded, then joined; None when none came."""
        first = self._first()
        return None if first is None else first.audio()

    @property
    def audio_transcript(self) -> str | None:
        first = self._first()
        if first is None or first.audio_transcript is None:
            return None
        return joined(first.audio_transcript)

    def to_dict(self) -> dict[str, Any]:
        """The stream as the provider's own final object: an OpenAI
        ``chat.completion`` with every choice in index order, an Anthropic
        Messages ``message``, or an OpenAI Responses ``response``."""
        if self._events is not None:
            return self._events.to_dict()
        choices = [state.to_dict() for _, state in sorted(self._choices.items())]
        result: dict[str, Any] = {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": self.system_fingerprint,
            "service_tier": self.service_tier,
            "choices": choices,
            "usage": plain(self._usage, self._usage_path),
        }
        if self._moderation is not None:
            result["moderation"] = plain(self._moderation, "moderation")
        if self._kept is not None:
            extra().into(result, self._kept, "")
        for choice, (_, state) in zip(choices, sorted(self._choices.items())):
            if state.kept_choice is not None:
                extra().into(choice, state.kept_choice, f"choices[{state.index}].")
            if state.kept_message is not None:
                extra().into(choice["message"], state.kept_message, f"choices[{state.index}].delta.")
        return result
