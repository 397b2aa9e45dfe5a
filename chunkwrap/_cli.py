"""The command line: replay a recorded stream, print the answer and a summary.

Loaded only by ``python -m chunkwrap``; argparse and json stay out of
``import chunkwrap``.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

from ._accumulate import StreamAccumulator
from ._chat import read as chat_read
from ._core.errors import ChunkError
from ._core.text import SURROGATE, paired
from ._formats import format_of, reported, unknown_format
from ._pick import wrap
from ._wire.sse import BOM, DEFAULT_MAX_EVENT_BYTES, SSEDecoder
from ._wire.unframed import HEAD_BYTES, unframed

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample.sse")

_DESCRIPTION = """\
Replay a recorded stream and print the assembled answer (content, and
reasoning, refusal and tool calls where present), then a summary: model,
finish reasons, input/output/cached tokens, chunk count. OpenAI Chat
Completions (and compatible servers), Anthropic Messages, OpenAI
Responses and Gemini (Google AI, Vertex AI) streams are told apart by their
events.

The input is Server-Sent Events (`data: {...}` events ending with
`data: [DONE]`, read by the same decoder as chunkwrap.wrap_sse: CRLF or LF,
multi-line data, comments, event: and id: lines) or JSON Lines (one chunk
object per line); which one is told apart line by line. Input that starts
with JSON spread over lines (pretty-printed, as jq prints it) or with an
array of chunks is read as JSON documents. Choice 0's content is printed as
it arrives, so a live stream can be piped in:  curl -N ... | python -m chunkwrap -
With several choices (n > 1), each other one follows under [choice N].

With no FILE, a sample stream shipped with chunkwrap is replayed.

Exit status: 0 on success; 1 for a stream that ended before the server
finished it (no finish reason, no [DONE] or terminal event: what came is
printed, then a warning); 2 for a missing file, input with no events
(empty, an HTML page, text), input that is not JSON (NaN and Infinity
included) or not a chunk, a malformed field, or an error the server sent
(one line on stderr: FILE: line N: why); 130 on Ctrl-C.
"""


class _BadInput(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m chunkwrap",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE|-",
        help="the recorded stream; '-' reads standard input; default: the bundled sample",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=(
            "print the whole answer as the provider's own final JSON object instead "
            "(a chat.completion, a Messages message, a Responses response)"
        ),
    )
    return parser


_LINE_LIMIT = 1 << 16  # a longer line is read in pieces; the decoder bounds the event


class _Input:
    """The chunks of a recorded stream, read line by line: SSE through the wire
    path's decoder, JSON Lines (a line that starts with "{") directly, and a
    JSON document (pretty-printed, or an array of chunks) whole.

    ``done`` says whether ``data: [DONE]`` ended it. Input with no events or
    lines of JSON at all is read as the wire path reads it (``unframed()``),
    from its start, which is kept only until the first event.
    """

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self._stream = stream
        self._name = name
        self.done = False
        self._events = 0  # SSE events dispatched and JSON lines read
        self._head = bytearray()

    def chunks(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(where, chunk) for each chunk, ``where`` naming the file and line for messages."""
        stream, name = self._stream, self._name
        decoder = SSEDecoder()
        number = 0  # of the line being read
        start = 0  # of the first line of the event being read, for messages
        whole = True  # the last piece read ended its line
        started = False  # a line with something on it was read
        try:
            for read in iter(lambda: stream.readline(_LINE_LIMIT), b""):
                if not self._events and len(self._head) <= HEAD_BYTES:
                    self._head += read[: HEAD_BYTES + 1 - len(self._head)]
                first, whole = whole, read.endswith(b"\n")
                piece = read
                if first:
                    number += 1
                    # The decoder drops the stream's one BOM itself; only a JSON
                    # line is looked at without it here.
                    line = piece[3:] if number == 1 and piece.startswith(BOM) else piece
                    opening = line.lstrip()[:1]
                    leading, started = not started and opening != b"", started or opening != b""
                    if opening == b"{" or (opening == b"[" and leading):
                        text = _rest_of_line(stream, line, whole).decode()
                        whole = True
                        where = f"{name}: line {number}"
                        if leading and (opening == b"[" or not _is_json(text)):
                            # Pretty-printed JSON, or an array of chunks: read as JSON documents.
                            yield from _documents(stream, text, name, number)
                            return
                        self._events += 1
                        yield where, _chunk(text, "message", where)
                        continue
                    if not start and piece.strip() and not piece.startswith(b":"):
                        start = number
                for event in decoder.feed(piece):
                    self._events += 1
                    if event.data.strip() == "[DONE]":
                        self.done = True
                        return
                    if event.data.strip() and event.event != "ping":
                        yield (
                            f"{name}: line {start}",
                            _chunk(event.data, event.event, f"{name}: line {start}"),
                        )
                if first and whole and not piece.strip():
                    start = 0  # a blank line ends the event, dispatched or not
            for event in decoder.end():
                self._events += 1
                if event.data.strip() == "[DONE]":
                    self.done = True
                elif event.data.strip() and event.event != "ping":
                    yield f"{name}: line {start}", _chunk(event.data, event.event, f"{name}: line {start}")
        except ChunkError as exc:  # not UTF-8, or an event past the limit
            raise _BadInput(f"{name}: line {number}: {exc.problem}") from None
        if not self._events:
            # The wire path's rule; JSON, which it reads for an error, was read above as chunks.
            error = unframed(bytes(self._head))
            why = (
                error.problem
                if isinstance(error, ChunkError)
                else f"the server sent an error: {error.message}"
            )
            raise _BadInput(f"{name}: {why}")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _documents(stream: IO[bytes], start: str, name: str, number: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """The chunks of the JSON documents the input is, from ``start`` (line
    ``number``) on: an object is one chunk, an array a chunk an item (as
    Gemini's REST stream sends them), and documents one after another (as
    ``jq`` prints JSON Lines) each in turn."""
    rest = stream.read(DEFAULT_MAX_EVENT_BYTES + 1 - len(start))
    if len(start) + len(rest) > DEFAULT_MAX_EVENT_BYTES:
        raise _BadInput(
            f"{name}: line {number}: a JSON document larger than {DEFAULT_MAX_EVENT_BYTES:,} bytes"
        )
    text = start + rest.decode()
    decoder = json.JSONDecoder(parse_constant=_not_json)
    at = len(text) - len(text.lstrip())
    while at < len(text):
        line = number + text.count("\n", 0, at)
        where = f"{name}: line {line}"
        try:
            value, at = decoder.raw_decode(text, at)
        except (ValueError, RecursionError) as exc:
            why = "nested too deeply" if isinstance(exc, RecursionError) else exc
            raise _BadInput(f"{where}: not JSON ({why})") from None
        if type(value) is list:
            for position, item in enumerate(value):
                yield f"{where}, item {position}", _checked(item, "message", f"{where}, item {position}", "")
        else:
            yield where, _checked(value, "message", where, "")
        at = len(text) - len(text[at:].lstrip())


def _rest_of_line(stream: IO[bytes], piece: bytes, whole: bool) -> bytes:
    line = bytearray(piece)
    while not whole:
        more = stream.readline(_LINE_LIMIT)
        line += more
        whole = not more or more.endswith(b"\n")
        if len(line) > DEFAULT_MAX_EVENT_BYTES:
            raise ChunkError("<stream>", f"a line is larger than {DEFAULT_MAX_EVENT_BYTES:,} bytes")
    return bytes(line)


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _chunk(data: str, event: str, where: str) -> dict[str, Any]:
    try:
        # parse_constant: NaN and Infinity are not JSON, and --json must write JSON.
        chunk = json.loads(data, parse_constant=_not_json)
    except (ValueError, RecursionError) as exc:
        if event == "error":
            raise _BadInput(f"{where}: the server sent an error: {data.strip()}") from None
        why = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise _BadInput(f"{where}: not JSON ({why})") from None
    return _checked(chunk, event, where, data)


def _checked(chunk: Any, event: str, where: str, data: str) -> dict[str, Any]:
    """``chunk`` if it is one; else why not, or the error the server sent in it."""
    if type(chunk) is not dict:
        raise _BadInput(f"{where}: not a chunk (a JSON {type(chunk).__name__})")
    error = reported(chunk)
    if error is not None or event == "error":
        raise _BadInput(f"{where}: the server sent an error: {error.message if error else data.strip()}")
    if chunk.get("object") == "chat.completion":
        raise _BadInput(
            f"{where}: not a chunk (a whole chat.completion: record the stream, with stream: true)"
        )
    if format_of(chunk) is None:
        raise _BadInput(str(unknown_format(chunk, where)))  # the library's one rule
    return chunk


def _fold(source: _Input, text: _Text, live: bool) -> StreamAccumulator:
    acc = StreamAccumulator()
    for where, chunk in source.chunks():
        try:
            acc.add(chunk)
            if "usage" in chunk or "x_groq" in chunk or "usageMetadata" in chunk:
                # The summary reads these: a bad count fails here, naming its line.
                _counts = (acc.input_tokens, acc.output_tokens, acc.cached_tokens)
            if live:
                text.write(_first_choice_text(chunk))
        except ChunkError as exc:
            raise _BadInput(f"{where}: {exc}") from None
    text.close()
    return acc


class _Text:
    """Writes content as it arrives; a surrogate pair split over two chunks
    (JSON escapes a character outside the BMP as two) is written as the one
    character it is, and a lone surrogate as U+FFFD."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._high = ""
        self.open = False  # a line was begun and not ended

    def write(self, text: str | None) -> None:
        if not text:
            return
        text = self._high + text
        self._high = ""
        if "\ud800" <= text[-1] <= "\udbff":
            text, self._high = text[:-1], text[-1]
        if text:
            self._out.write(_printable(text))
            self._out.flush()
            self.open = not text.endswith("\n")

    def close(self) -> None:
        if self._high:
            self._out.write("\ufffd")
            self._high = ""
            self.open = True

    def end_line(self) -> None:
        """End the line the text is on, so that what follows starts on its own."""
        self.close()
        if self.open:
            self._out.write("\n")
            self.open = False


def _printable(text: str) -> str:
    if SURROGATE.search(text) is None:
        return text
    return paired(text, "replace")


def _first_choice_text(chunk: dict[str, Any]) -> str | None:
    """This chunk's content for choice 0, or an event's text; the accumulator has checked its shape."""
    if "choices" not in chunk:
        return wrap(chunk).content  # an Anthropic Messages, OpenAI Responses or Gemini chunk
    for position, choice in enumerate(chunk.get("choices") or ()):
        if choice.get("index", 0) == 0:
            content: Any = (choice.get("delta") or {}).get("content")
            if isinstance(content, list):  # Mistral's parts: their text
                return chat_read.content_parts(content, f"choices[{position}].delta.content")[0]
            return content  # type: ignore[no-any-return]
    return None


def _summary(acc: StreamAccumulator) -> str:
    """Everything but the content, which was printed as it arrived."""
    parts: list[str] = []
    if acc.reasoning:
        parts.append(f"[reasoning]\n{acc.reasoning}")
    if acc.refusal:
        parts.append(f"[refusal]\n{acc.refusal}")
    for call in acc.tool_calls:
        parts.append(_call(call))
    # n > 1: choice 0 was printed live; each other one follows under its label.
    for choice in (acc.to_dict().get("choices") or ())[1:]:
        message = choice["message"]
        parts.append(f"[choice {choice['index']}]\n{message.get('content') or message.get('refusal') or ''}")
        parts.extend(_call(call) for call in message.get("tool_calls") or ())
    if acc.audio_transcript:
        parts.append(f"[audio transcript]\n{acc.audio_transcript}")
    parts.append(
        "\n".join(
            [
                "---",
                f"model:          {acc.model or '-'}",
                f"finish reasons: {', '.join(acc.finish_reasons) or '-'}",
                f"input tokens:   {_or_dash(acc.input_tokens)}",
                f"output tokens:  {_or_dash(acc.output_tokens)}",
                f"cached tokens:  {_or_dash(acc.cached_tokens)}",
                f"chunks:         {acc.chunks}",
            ]
        )
    )
    return _printable("\n".join(parts))


def _call(call: dict[str, Any]) -> str:
    function = call["function"]
    # Gemini's calls have no id (Vertex AI's may): the name alone, never "None".
    label = "tool call" if call.get("id") is None else f"tool call {call['id']}"
    return f"[{label}] {function['name']}({function['arguments']})"


def _or_dash(value: int | None) -> str:
    return "-" if value is None else str(value)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args.file, as_json=args.json, out=sys.stdout)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): point stdout at /dev/null so the
        # interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(file: str | None, *, as_json: bool, out: IO[str]) -> int:
    stream: IO[bytes]
    if file == "-":
        label = "<stdin>"
        # A text stream without a buffer (a test's StringIO) is read as UTF-8 bytes.
        stream = getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode())
    else:
        path = file or SAMPLE
        label = os.path.basename(path)
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            print(f"python -m chunkwrap: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 2
    text = _Text(out)
    source = _Input(stream, label)
    try:
        with stream:
            acc = _fold(source, text, live=not as_json)
    except (_BadInput, UnicodeDecodeError) as exc:
        text.end_line()  # the error is not to run on from partial text
        out.flush()
        if isinstance(exc, UnicodeDecodeError):
            print(f"{label}: not UTF-8 text ({exc.reason})", file=sys.stderr)
        else:
            print(exc, file=sys.stderr)
        return 2
    try:
        answer = json.dumps(acc.to_dict(), indent=2, allow_nan=False) if as_json else _summary(acc)
    except ChunkError as exc:  # a value the fold checks only when the answer is read
        text.end_line()
        out.flush()
        print(f"{label}: {exc}", file=sys.stderr)
        return 2
    text.end_line()  # the line the live content was printed on
    out.write(answer + "\n")
    if not acc.finish_reasons and not source.done:
        # No finish reason, no [DONE], no terminal event: cut off. What
        # arrived is printed, but a script must not take it for the answer.
        out.flush()
        print(
            f"{label}: the stream ended before the server finished it: the answer is incomplete",
            file=sys.stderr,
        )
        return 1
    return 0
