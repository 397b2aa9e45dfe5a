"""``AnthropicFold``: fold an Anthropic Messages stream into the final message.

Where the anthropic SDK's ``accumulate_event`` differs, on purpose:
- per event the cost is constant: text, thinking and tool-input fragments
  go into lists joined when read (the SDK re-parses a tool's whole input
  JSON on every fragment);
- ``input_tokens`` counts every prompt token (the API's ``input_tokens``
  plus the cache reads and writes, and a compaction step's from
  ``usage.iterations``, which the API's counts leave out; so do
  ``cached_tokens`` and ``output_tokens``); the counts are cumulative, so
  the last one sent wins, and one a ``message_delta`` leaves out keeps
  ``message_start``'s (as the SDK does; Mirascope v1 sums them);
- a block type this code does not know is folded by the deltas named for
  it (``compaction_delta`` for ``compaction``, in the beta): a string
  joins the field's text, as text deltas do (the SDK replaces it: the API
  sends one such delta per block, where both agree);
- ``tool_calls`` holds the ``tool_use`` blocks only: a server tool's
  (``server_tool_use``: web search...) ran on the server;
- an ``error`` event raises :class:`StreamError` with the server's message;
- a second ``message_start``, or a second ``content_block_start`` at one
  index, raises ChunkError (the SDK ignores the one and appends an empty
  block for the other: neither answer is the stream's message);
- a text, thinking or input delta sent to a block it does not feed (a
  ``text_delta`` for a ``tool_use`` block) raises ChunkError where the SDK
  drops it and what it carried; a block type newer than this code keeps it.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._core import read as _read
from .._core.errors import ChunkError
from .._core.event_fold import EventFold, copied, event_fields
from .._core.plain import plain
from .._core.read import as_fields, as_text, wrong
from .._core.server import server_error
from .._core.text import joined
from .._core.values import FinishReason, mapped_finish_reasons
from .spec import FINISH_REASONS
from .wrapper import AnthropicCallResponseChunk, compaction_counts, every_prompt_token, with_steps

# Which delta feeds a block of each type, and the delta's field.
_FEEDS = {
    "text": ("text_delta", "text"),
    "thinking": ("thinking_delta", "thinking"),
    "tool_use": ("input_json_delta", "partial_json"),
    "server_tool_use": ("input_json_delta", "partial_json"),
    "mcp_tool_use": ("input_json_delta", "partial_json"),
}
_NO_FEED = ("", "")
_FED_BY = frozenset(feed for feed, _ in _FEEDS.values())
# The block types of the Messages API this fold knows: those above, and those
# no delta feeds (results arrive whole in content_block_start).
_KNOWN_BLOCKS = frozenset(
    {
        *_FEEDS,
        "redacted_thinking",
        "web_search_tool_result",
        "web_fetch_tool_result",
        "code_execution_tool_result",
        "bash_code_execution_tool_result",
        "text_editor_code_execution_tool_result",
        "mcp_tool_result",
        "container_upload",
    }
)
_COUNTS = ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens")


class _Block:
    """One content block: as it started, and the fragments since."""

    __slots__ = ("citations", "feed", "field", "parts", "signature", "start", "texts", "type", "values")

    def __init__(self, start: dict[str, Any], kind: str) -> None:
        self.start = start
        self.type = kind
        self.feed, self.field = _FEEDS.get(kind, _NO_FEED)
        first = start.get(self.field) if kind in ("text", "thinking") else None
        if type(first) is not str and first is not None:
            first = as_text(first, "content_block.", self.field)
        self.parts: list[str] = [first] if first else []
        self.signature: str | None = None
        self.citations: list[Any] | None = None
        # A block type newer than _FEEDS: what its own deltas sent, by field.
        self.texts: dict[str, list[str]] | None = None
        self.values: dict[str, Any] | None = None

    def fold(self, delta: Mapping[str, Any]) -> None:
        """A delta named for the block (``compaction_delta`` for a
        ``compaction`` block) gives the block's fields: a string joins the
        text so far, as a text delta's does; another value replaces; a null
        or missing field keeps what was sent."""
        if self.texts is None or self.values is None:
            self.texts, self.values = {}, {}
        for name, value in delta.items():
            if name == "type" or value is None:
                continue
            if isinstance(value, str):
                self.values.pop(name, None)
                self.texts.setdefault(name, []).append(str(value))
            else:
                self.texts.pop(name, None)
                self.values[name] = plain(value, f"delta.{name}")

    def to_dict(self, position: int, whole: Callable[[], bool]) -> dict[str, Any]:
        """The block as the message holds it, at ``content[position]``;
        ``whole()``: the message ended with all its output sent."""
        block = dict(self.start)
        if self.type in ("text", "thinking"):
            block[self.field] = joined(self.parts)
        elif self.feed and self.parts:
            block["input"] = _parsed(joined(self.parts), block.get("input"), position, whole)
        if self.texts is not None and self.values is not None:
            for name, parts in self.texts.items():
                sent = block.get(name)
                block[name] = (sent if type(sent) is str else "") + (joined(parts) or "")
            block.update(self.values)
        if self.signature is not None:
            block["signature"] = self.signature
        if self.citations is not None:
            sent = block.get("citations") or []
            if not isinstance(sent, list):
                raise wrong("content_block.citations", "a list", sent)
            block["citations"] = [*sent, *self.citations]
        return block


class AnthropicFold(EventFold):
    """Add Messages stream events (dicts, SDK events or chunkwrap wrappers) as
    they arrive; read the message so far at any time."""

    STREAM = "an Anthropic Messages"
    __slots__ = ("_blocks", "_compacted", "_ended", "_message", "_started", "_usage")

    def __init__(self) -> None:
        super().__init__()
        self._started = self._ended = False
        self._compacted = (0, 0, 0, 0)  # compaction_counts() of the usage
        self._message: dict[str, Any] = {}
        self._usage: dict[str, Any] = {}
        self._blocks: dict[int, _Block] = {}

    def add(self, event: Any) -> None:
        """Fold one event in; a malformed one raises ChunkError naming the field,
        an ``error`` event StreamError."""
        fields: Mapping[str, Any]
        if type(event) is dict:
            # Nearly every event: a text, thinking or input delta to the block
            # it feeds, read by subscripts, not get() calls, and kept only
            # when every field is what it should be; anything else, a missing
            # key included, is read again below, which names what is wrong.
            # ~60 ns an event less (W10 thinking-text's fold of wrap_sse()'s
            # wrappers: ~455 ns an event against ~515).
            try:
                if event["type"] == "content_block_delta":
                    index, raw = event["index"], event["delta"]
                    if type(index) is int and type(raw) is dict:
                        fed = self._blocks[index]
                        if raw["type"] == fed.feed:
                            part = raw[fed.field]
                            if type(part) is str:
                                fed.parts.append(part)
                                self._chunks += 1
                                return
            except KeyError:
                pass
            fields = event
        else:
            fields = event_fields(event, AnthropicCallResponseChunk)
        kind = fields.get("type")
        if kind == "content_block_delta":  # an SDK model's, or one the subscripts left: first
            index = fields.get("index")
            block = self._blocks.get(index) if type(index) is int else None
            if block is None:
                raise ChunkError("index", f"no content block {index!r} was started")
            raw = fields.get("delta")
            delta = raw if type(raw) is dict else as_fields(raw, "delta", "")
            dtype = delta.get("type")
            if dtype == block.feed:
                part = delta.get(block.field)
                block.parts.append(part if type(part) is str else as_text(part, "delta.", block.field))
            elif dtype == "signature_delta":
                block.signature = as_text(delta.get("signature"), "delta", ".signature")
            elif dtype == "citations_delta":
                if block.citations is None:
                    block.citations = []
                block.citations.append(plain(delta.get("citation"), "delta.citation"))
            elif type(dtype) is not str:
                raise wrong("delta.type", "a string", dtype)
            elif dtype == block.type + "_delta":  # rare: a block type newer than _FEEDS
                block.fold(delta)
            elif dtype in _FED_BY:
                # A text, thinking or input delta for a block it does not feed:
                # the SDK drops it, which loses what it carried. A block type this
                # code knows has no such field: an error; a newer one keeps it.
                if block.type in _KNOWN_BLOCKS:
                    what = (
                        f"a {block.type!r} block, fed by {block.feed!r}"
                        if block.feed
                        else f"a {block.type!r} block"
                    )
                    raise ChunkError("delta.type", f"{dtype!r} for content block {index}, {what}")
                block.fold(delta)
        elif kind == "content_block_start":
            self._start_block(fields)
        elif kind == "message_delta":
            self._end_message(fields)
        elif kind == "message_start":
            self._start_message(fields)
        elif kind == "error":
            raise server_error(fields)  # type: ignore[misc]
        elif type(kind) is not str:
            raise self.untyped(kind, fields)
        elif kind.startswith("response."):
            raise ChunkError("type", f"{kind!r} is an OpenAI Responses event, not an Anthropic one")
        # Any other type (ping, *_stop, one newer than this code) carries nothing to fold.
        self._chunks += 1

    def _start_message(self, fields: Mapping[str, Any]) -> None:
        if self._started:
            # The SDK ignores a second message_start, losing that message's
            # id and usage while its blocks join the first's: not one message.
            raise ChunkError("type", "a second message_start: one stream holds one message")
        message = copied(fields.get("message"), "message")
        if not message:
            raise wrong("message", "an object", fields.get("message"))
        self.id = _read.text(message, "id", "message.id")
        self.model = _read.text(message, "model", "message.model")
        _read.text(message, "stop_reason", "message.stop_reason")
        _read.text(message, "stop_sequence", "message.stop_sequence")
        self._started = True
        self._usage = {}
        self._merge_usage(message.pop("usage", None), "message.usage")
        message.pop("content", None)
        self._message = message
        self._keep_rest(fields, ("type", "message"))

    def _start_block(self, fields: Mapping[str, Any]) -> None:
        index = fields.get("index")
        if type(index) is not int:
            raise wrong("index", "an integer", index)
        block = copied(fields.get("content_block"), "content_block")
        kind = block.get("type")
        if type(kind) is not str:
            raise wrong("content_block.type", "a string", kind)
        if kind == "tool_use":
            as_text(block.get("id"), "content_block", ".id")
            as_text(block.get("name"), "content_block", ".name")
        if index in self._blocks:
            # The SDK appends a second, empty block and sends the deltas on
            # to the first: the stream's blocks no longer match its indexes.
            raise ChunkError("index", f"content block {index} was started twice")
        self._blocks[index] = _Block(block, kind)

    def _end_message(self, fields: Mapping[str, Any]) -> None:
        delta = as_fields(fields.get("delta"), "delta", "")
        reason = delta.get("stop_reason")
        if reason is not None:
            as_text(reason, "delta", ".stop_reason")
        if delta.get("stop_sequence") is not None:
            as_text(delta.get("stop_sequence"), "delta", ".stop_sequence")
        # As the SDK: the stop reason and sequence are replaced, the rest kept unless sent.
        self._message["stop_reason"] = reason
        self._message["stop_sequence"] = delta.get("stop_sequence")
        for name, value in delta.items():
            if value is not None:
                self._message[name] = plain(value, f"delta.{name}")
        self._merge_usage(fields.get("usage"), "usage")
        self._keep_rest(fields, ("type", "delta", "usage"))
        self._ended = True

    def _keep_rest(self, fields: Mapping[str, Any], known: tuple[str, ...]) -> None:
        """An event's fields this fold does not read (``context_management``
        of message_delta, in the beta) are the message's, as the SDK keeps them."""
        for name, value in fields.items():
            if value is not None and name not in known:
                self._message[name] = plain(value, name)

    def _merge_usage(self, raw: Any, path: str) -> None:
        """Cumulative counts: each one sent replaces the last; one not sent is kept."""
        usage = as_fields(raw, path, "")
        for name in _COUNTS:
            _read.count(usage, name, f"{path}.{name}")
        details = _read.record(usage, "output_tokens_details", f"{path}.output_tokens_details")
        if details is not None:
            _read.count(details, "thinking_tokens", f"{path}.output_tokens_details.thinking_tokens")
        # Sent whole each time, as the counts are: the last list sent wins.
        compacted = compaction_counts(usage, path) if usage.get("iterations") is not None else None
        for name, value in usage.items():
            if value is not None:
                self._usage[name] = plain(value, f"{path}.{name}")
        if compacted is not None:
            self._compacted = compacted

    def _ordered(self) -> list[_Block]:
        return [block for _, block in sorted(self._blocks.items())]

    def _text(self, kind: str) -> str:
        return "".join(joined(b.parts) or "" for b in self._ordered() if b.type == kind)

    @property
    def content(self) -> str:
        """Every text block's text so far, in block order."""
        return self._text("text")

    def content_parts(self) -> list[list[str]]:
        """The live fragment lists whose texts, one after another, are ``content``."""
        return [b.parts for b in self._ordered() if b.type == "text"]

    @property
    def reasoning(self) -> str:
        """Every thinking block's thinking so far (a redacted one has none to show)."""
        return self._text("thinking")

    @property
    def refusal(self) -> str:
        """Always "": Anthropic refuses with ``stop_reason: "refusal"``."""
        return ""

    @property
    def tool_calls(self) -> list[dict[str, Any]]:
        """The client's tool calls (``tool_use`` blocks), arguments as JSON text.

        A call whose input came in no fragment has the input it started with
        ("{}" for none). Fragments are given as sent, even where they are not
        valid JSON: ``to_dict()``, which parses them, raises ChunkError there.
        """
        return [
            {
                "id": b.start["id"],
                "type": "function",
                "function": {
                    "name": b.start["name"],
                    "arguments": joined(b.parts) or _dumps(b.start.get("input")),
                },
            }
            for b in self._ordered()
            if b.type == "tool_use"
        ]

    def arguments_parts(self) -> list[list[str]]:
        """Each tool call's live list of input fragments, in ``tool_calls``' order;
        until a fragment has text, the input ``content_block_start`` sent, as
        its JSON text ("{}" for none), as ``tool_calls`` gives it."""
        return [
            b.parts if any(b.parts) else [_dumps(b.start.get("input"))]
            for b in self._ordered()
            if b.type == "tool_use"
        ]

    @property
    def finish_reasons(self) -> list[str]:
        """``message_delta``'s stop reason; [] until it came."""
        reason = self._message.get("stop_reason")
        return [reason] if reason else []

    @property
    def common_finish_reasons(self) -> list[FinishReason]:
        return mapped_finish_reasons(self.finish_reasons, FINISH_REASONS)

    @property
    def usage(self) -> dict[str, Any] | None:
        """The message's usage as the API counts it: the last value sent of each field."""
        return self._usage or None

    @property
    def input_tokens(self) -> int | None:
        """Every prompt token: the API's ``input_tokens`` plus the cache reads
        and writes, and a compaction step's (``usage.iterations``), which the
        API's counts leave out."""
        usage = self._usage
        uncached = usage.get("input_tokens")
        if uncached is None:
            return None
        return every_prompt_token(
            uncached, usage.get("cache_read_input_tokens"), usage.get("cache_creation_input_tokens")
        ) + every_prompt_token(*self._compacted[:3])

    @property
    def cached_tokens(self) -> int | None:
        """``cache_read_input_tokens``, a compaction step's added."""
        return with_steps(self._usage.get("cache_read_input_tokens"), self._compacted[1])

    @property
    def output_tokens(self) -> int | None:
        """``output_tokens``, a compaction step's added."""
        return with_steps(self._usage.get("output_tokens"), self._compacted[3])

    @property
    def reasoning_tokens(self) -> int | None:
        """``output_tokens_details.thinking_tokens``, where the API reports it."""
        details = self._usage.get("output_tokens_details")
        return details.get("thinking_tokens") if type(details) is dict else None

    def _whole(self) -> bool:
        # Until message_delta the stream may have been cut inside a tool's
        # input; and one cut at max_tokens may end there: incomplete, not
        # invalid (the SDK parses both as partial JSON).
        return self._ended and "length" not in self.common_finish_reasons

    def to_dict(self) -> dict[str, Any]:
        """The stream as a Messages API ``message``, every content block in index order.

        A tool's input that is not valid JSON once the message ended raises
        ChunkError naming the block (``content[1].input``), as the SDK's
        stream raises: a caller must not run the tool with other arguments.
        """
        whole = self._whole  # asked only of input that does not parse
        return {
            **self._message,
            "content": [block.to_dict(i, whole) for i, block in enumerate(self._ordered())],
            "usage": dict(self._usage),
        }


def _parsed(text: str | None, started: Any, position: int, whole: Callable[[], bool]) -> Any:
    """A tool's input from its JSON fragments; while they do not parse and
    the message is not ``whole()``, the input it started with."""
    import json  # noqa: PLC0415 - not at import: the fold's final read alone needs it

    if not text:  # fragments of "" alone: the SDK keeps the start's input too
        return started
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        if not whole():
            return started
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ChunkError(f"content[{position}].input", f"not valid JSON ({why})") from None


def _no_constant(name: str) -> Any:
    """NaN and the infinities: json.loads reads them, but they are no JSON
    (the SDK's parser gives null), and a tool's input would not encode again."""
    raise ValueError(f"{name} is not JSON")


def _dumps(value: Any) -> str:
    import json  # noqa: PLC0415 - not at import, as above

    return json.dumps(value if value else {}, separators=(",", ":"))
