"""The command line: replay a recorded stream, print the answer and a summary.

Loaded only by ``python -m chunkwrap``; argparse and json stay out of
``import chunkwrap``.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

from ._accumulate import StreamAccumulator
from ._errors import ChunkError

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample.sse")

_DESCRIPTION = """\
Replay a recorded chat-completion stream and print the assembled answer
(content, and reasoning, refusal and tool calls where present), then a
summary: model, finish reasons, input/output/cached tokens, chunk count.

The input is Server-Sent Events (`data: {...}` lines, ending with
`data: [DONE]`) or JSON Lines (one chunk object per line); which one is
told apart line by line. Content is printed as it arrives, so a live
stream can be piped in:  curl -N ... | python -m chunkwrap -

With no FILE, a sample stream shipped with chunkwrap is replayed.

Exit status: 0 on success; 2 for a missing file or a line that is not
JSON or not a chunk (one line on stderr: FILE: line N: why); 130 on Ctrl-C.
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
        help="print the whole answer as an OpenAI chat.completion JSON object instead",
    )
    return parser


def _chunks(lines: IO[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, chunk) for each chunk line; SSE and JSON Lines alike."""
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith(":"):
            continue  # blank separator or SSE comment
        if line.startswith("data:"):
            line = line[5:].strip()
            if line == "[DONE]":
                return
        elif line.startswith(("event:", "id:", "retry:")):
            continue
        try:
            chunk = json.loads(line)
        except ValueError as exc:
            raise _BadInput(f"{name}: line {number}: not JSON ({exc})") from None
        if type(chunk) is not dict:
            raise _BadInput(f"{name}: line {number}: not a chunk (a JSON {type(chunk).__name__})")
        error = chunk.get("error")
        if error is not None and "choices" not in chunk:
            message = error.get("message", error) if type(error) is dict else error
            raise _BadInput(f"{name}: line {number}: the server sent an error: {message}")
        if not {"choices", "usage", "id", "object", "model"} & chunk.keys():
            raise _BadInput(f"{name}: line {number}: not a chunk (no choices, usage, id or model)")
        yield number, chunk


def _fold(lines: IO[str], name: str, out: IO[str], live: bool) -> StreamAccumulator:
    acc = StreamAccumulator()
    for number, chunk in _chunks(lines, name):
        try:
            acc.add(chunk)
        except ChunkError as exc:
            raise _BadInput(f"{name}: line {number}: {exc}") from None
        if live:
            text = _first_choice_text(chunk)
            if text:
                out.write(text)
                out.flush()
    return acc


def _first_choice_text(chunk: dict[str, Any]) -> str | None:
    """This chunk's content for choice 0; the accumulator has checked its shape."""
    for choice in chunk.get("choices") or ():
        if choice.get("index", 0) == 0:
            return (choice.get("delta") or {}).get("content")
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
    return "\n".join(parts)


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
    if file == "-":
        label, stream = "<stdin>", sys.stdin
    else:
        path = file or SAMPLE
        label = os.path.basename(path)
        try:
            stream = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            print(f"python -m chunkwrap: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 2
    try:
        with stream:
            acc = _fold(stream, label, out, live=not as_json)
    except _BadInput as exc:
        out.flush()
        print(exc, file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        out.flush()
        print(f"{label}: not UTF-8 text ({exc.reason})", file=sys.stderr)
        return 2
    if as_json:
        json.dump(acc.to_dict(), out, indent=2)
        out.write("\n")
    else:
        if acc.content:
            out.write("\n")  # end the line the live content was printed on
        out.write(_summary(acc) + "\n")
    return 0
