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

from . import _read
from ._accumulate import StreamAccumulator
from ._choice import SURROGATE, paired
from ._errors import ChunkError
from ._kind import format_of, unknown_format
from ._pick import wrap
from ._server import server_error
from ._sse import BOM, DEFAULT_MAX_EVENT_BYTES, SSEDecoder

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
object per line); which one is told apart line by line. Content is printed
as it arrives, so a live stream can be piped in:  curl -N ... | python -m chunkwrap -

With no FILE, a sample stream shipped with chunkwrap is replayed.

Exit status: 0 on success; 2 for a missing file, input that is not JSON
(NaN and Infinity included) or not a chunk, a malformed field, or an error
the server sent (one line on stderr: FILE: line N: why); 130 on Ctrl-C.
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


def _chunks(stream: IO[bytes], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, chunk) for each chunk: SSE through the wire path's decoder,
    JSON Lines (a line that starts with "{") read directly."""
    decoder = SSEDecoder()
    number = 0  # of the line being read
    start = 0  # of the first line of the event being read, for messages
    whole = True  # the last piece read ended its line
    try:
        for read in iter(lambda: stream.readline(_LINE_LIMIT), b""):
            first, whole = whole, read.endswith(b"\n")
            piece = read
            if first:
                number += 1
                # The decoder drops the stream's one BOM itself; only a JSON
                # Lines line is looked at without it here.
                line = piece[3:] if number == 1 and piece.startswith(BOM) else piece
                if line.lstrip().startswith(b"{"):
                    text = _rest_of_line(stream, line, whole).decode()
                    yield number, _chunk(text, "message", f"{name}: line {number}")
                    whole = True
                    continue
                if not start and piece.strip() and not piece.startswith(b":"):
                    start = number
            for event in decoder.feed(piece):
                if event.data.strip() == "[DONE]":
                    return
                if event.data.strip() and event.event != "ping":
                    yield start, _chunk(event.data, event.event, f"{name}: line {start}")
            if first and whole and not piece.strip():
                start = 0  # a blank line ends the event, dispatched or not
        for event in decoder.end():
            if event.data.strip() not in ("", "[DONE]") and event.event != "ping":
                yield start, _chunk(event.data, event.event, f"{name}: line {start}")
    except ChunkError as exc:  # not UTF-8, or an event past the limit
        raise _BadInput(f"{name}: line {number}: {exc.problem}") from None


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
    if type(chunk) is not dict:
        raise _BadInput(f"{where}: not a chunk (a JSON {type(chunk).__name__})")
    error = server_error(chunk)
    if error is not None or event == "error":
        raise _BadInput(f"{where}: the server sent an error: {error.message if error else data.strip()}")
    if format_of(chunk) is None:
        raise _BadInput(str(unknown_format(chunk, where)))  # the library's one rule
    return chunk


def _fold(stream: IO[bytes], name: str, out: IO[str], live: bool) -> tuple[StreamAccumulator, bool]:
    """The stream folded, and whether any text was printed live."""
    acc = StreamAccumulator()
    text = _Text(out)
    for number, chunk in _chunks(stream, name):
        try:
            acc.add(chunk)
            if "usage" in chunk or "x_groq" in chunk or "usageMetadata" in chunk:
                # The summary reads these: a bad count fails here, naming its line.
                _counts = (acc.input_tokens, acc.output_tokens, acc.cached_tokens)
            if live:
                text.write(_first_choice_text(chunk))
        except ChunkError as exc:
            raise _BadInput(f"{name}: line {number}: {exc}") from None
    text.close()
    return acc, text.wrote


class _Text:
    """Writes content as it arrives; a surrogate pair split over two chunks
    (JSON escapes a character outside the BMP as two) is written as the one
    character it is, and a lone surrogate as U+FFFD."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._high = ""
        self.wrote = False

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
            self.wrote = True

    def close(self) -> None:
        if self._high:
            self._out.write("\ufffd")
            self.wrote = True


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
                return _read.content_parts(content, f"choices[{position}].delta.content")[0]
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
        function = call["function"]
        parts.append(f"[tool call {call['id']}] {function['name']}({function['arguments']})")
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
    try:
        with stream:
            acc, wrote = _fold(stream, label, out, live=not as_json)
    except _BadInput as exc:
        out.flush()
        print(exc, file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        out.flush()
        print(f"{label}: not UTF-8 text ({exc.reason})", file=sys.stderr)
        return 2
    if as_json:
        json.dump(acc.to_dict(), out, indent=2, allow_nan=False)
        out.write("\n")
    else:
        if wrote:
            out.write("\n")  # end the line the live content was printed on
        out.write(_summary(acc) + "\n")
    return 0
