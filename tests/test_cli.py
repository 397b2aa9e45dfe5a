"""python -m chunkwrap."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from chunkwrap._cli import main

from .conftest import FIXTURES, SHARED_FIXTURES


def run_process(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chunkwrap", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """main() in this process (so coverage sees it), answering like subprocess.run."""

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = main(list(args))
        except SystemExit as exc:  # --help
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, captured.out, captured.err)

    return run


def test_no_file_replays_the_bundled_sample() -> None:
    """`python -m chunkwrap` with no FILE replays the shipped sample: content, a tool call and usage."""
    result = run_process()
    assert result.returncode == 0, result.stderr
    assert "Let me check the weather in Paris." in result.stdout
    assert '[tool call call_sample1] get_weather({"city": "Paris"})' in result.stdout
    assert "input tokens:   42" in result.stdout
    assert "cached tokens:  32" in result.stdout
    assert "finish reasons: tool_calls" in result.stdout


def test_sse_capture_summary(run: Any) -> None:
    """An SSE capture prints its content and a summary."""
    result = run(str(FIXTURES / "text-weather.sse"))
    assert result.returncode == 0
    assert result.stdout.startswith("I'm unable to provide real-time")
    assert "chunks:         33" in result.stdout
    assert "model:          gpt-4o-2024-08-06" in result.stdout


def test_refusal_is_printed(run: Any) -> None:
    """A refusal stream shows the refusal."""
    result = run(str(FIXTURES / "refusal.sse"))
    assert "[refusal]\nI'm sorry, I can't assist with that request." in result.stdout


def test_json_lines_on_stdin_and_json_output(run: Any) -> None:
    """JSON Lines from stdin, --json prints a chat.completion object."""
    lines = [
        json.dumps(
            {
                "id": "a",
                "model": "m",
                "choices": [{"index": 0, "delta": {"reasoning_content": "think", "content": "Hi"}}],
            }
        ),
        json.dumps(
            {
                "id": "a",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 2},
            }
        ),
    ]
    result = run("-", "--json", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["object"] == "chat.completion"
    assert out["choices"][0]["message"]["content"] == "Hi"
    assert out["choices"][0]["finish_reason"] == "stop"
    text = run("-", stdin="\n".join(lines) + "\n").stdout
    assert "[reasoning]\nthink" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param('data: {"choices": []}\n\ndata: {oops\n', "bad.sse: line 3: not JSON", id="not-json"),
        pytest.param("data: [1, 2]\n", "bad.sse: line 1: not a chunk (a JSON list)", id="json-list"),
        pytest.param('{"hello": 1}\n', "bad.sse: line 1: not a chunk", id="no-chunk-keys"),
        pytest.param(
            '{"error": {"message": "overloaded"}}\n',
            "bad.sse: line 1: the server sent an error: overloaded",
            id="error-event",
        ),
        pytest.param(
            '{"id": "x", "choices": [{"delta": {"content": 5}}]}\n',
            r"bad.sse: line 1: choices[0].delta.content: expected a string",
            id="bad-field",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(run: Any, tmp_path: Path, body: str, message: str) -> None:
    """A bad line: exit 2, one line on stderr naming file and line, no traceback."""
    bad = tmp_path / "bad.sse"
    bad.write_text(body)
    result = run(str(bad))
    assert result.returncode == 2
    assert result.stderr.strip().startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2(run: Any, tmp_path: Path) -> None:
    """A missing file: exit 2 and a clear message."""
    result = run(str(tmp_path / "nope.sse"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr and "No such file" in result.stderr


def test_not_utf8_exits_2(run: Any, tmp_path: Path) -> None:
    """A binary file: exit 2, one line."""
    bad = tmp_path / "bin.sse"
    bad.write_bytes(b"\xff\xfe\x00data")
    result = run(str(bad))
    assert result.returncode == 2
    assert "not UTF-8" in result.stderr


def test_help_explains_everything(run: Any) -> None:
    """--help names the formats, --json, stdin and the exit codes."""
    result = run("--help")
    assert result.returncode == 0
    for phrase in (
        "JSON Lines",
        "--json",
        "data: [DONE]",
        "130",
        "standard input",
        "1 for a stream",
        "[choice N]",
    ):
        assert phrase in result.stdout


def _start_and_read_first_content() -> tuple[subprocess.Popen[bytes], bytes]:
    """Start the tool on a pipe, send one content chunk, wait until it is printed."""
    # A shell's background job starts with SIGINT ignored, and a child inherits that (then
    # Python installs no KeyboardInterrupt handler): the tool's Ctrl-C handling is what is
    # tested, so the child puts Python's own handler back before it runs the tool.
    start = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from chunkwrap._cli import main; sys.exit(main(['-']))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", start], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b'data: {"id": "a", "choices": [{"index": 0, "delta": {"content": "early"}}]}\n\n')
    proc.stdin.flush()
    seen = b""
    deadline = time.monotonic() + 30
    while b"early" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if ready:
            seen += os.read(proc.stdout.fileno(), 4096)
    return proc, seen


def test_content_streams_from_a_pipe() -> None:
    """Reading a pipe, content is printed before the stream ends."""
    proc, seen = _start_and_read_first_content()
    assert b"early" in seen
    proc.communicate(b"data: [DONE]\n", timeout=30)
    assert proc.returncode == 0


def test_ctrl_c_exits_130_quietly() -> None:
    """SIGINT while reading a live stream: exit 130, no traceback."""
    proc, _ = _start_and_read_first_content()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_main_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    """main() works in-process on a capture with tool calls."""
    assert main([str(FIXTURES / "tool-call.sse")]) == 0
    out = capsys.readouterr().out
    assert "GetWeatherArgs(" in out


def test_sse_comments_and_event_lines_are_skipped(run: Any, tmp_path: Path) -> None:
    """SSE comment, event and id lines are not chunks."""
    f = tmp_path / "events.sse"
    f.write_text(
        ': keep-alive\nevent: message\nid: 1\ndata: {"id": "a", "choices": [{"index": 0, "delta": {"content": "ok"}}]}\n\n'
        "data: [DONE]\n\n"
    )
    result = run(str(f))
    assert (result.returncode, result.stdout.splitlines()[0]) == (0, "ok")


def test_summary_shows_audio_transcript(run: Any, tmp_path: Path) -> None:
    """An audio stream's transcript is shown."""
    f = tmp_path / "audio.jsonl"
    f.write_text(
        '{"id": "a", "choices": [{"index": 0, "delta": {"audio": {"data": "AAAA", "transcript": "hello"}}}]}\n'
    )
    assert "[audio transcript]\nhello" in run(str(f)).stdout


def test_broken_pipe_exits_quietly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """When the reader of stdout goes away, exit 0 without a traceback."""

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

        def fileno(self) -> int:
            return self.fd

    read_end, write_end = os.pipe()
    os.close(read_end)
    pipe = ClosedPipe()
    pipe.fd = os.dup(write_end)  # type: ignore[attr-defined]
    os.close(write_end)
    monkeypatch.setattr(sys, "stdout", pipe)
    try:
        assert main([str(FIXTURES / "text-weather.sse")]) == 0
    finally:
        os.close(pipe.fd)  # type: ignore[attr-defined]


def test_python_dash_m_entry_point() -> None:
    """`python -m chunkwrap FILE` runs the same main() with its exit status."""
    result = run_process(str(FIXTURES / "max-tokens-length.sse"), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["choices"][0]["finish_reason"] == "length"


def _sse(*chunks: dict[str, Any], ending: str = "\n") -> str:
    return "".join(f"data: {json.dumps(c)}{ending}{ending}" for c in chunks)


FINISH = {"id": "a", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


def _text_chunk(text: str) -> dict[str, Any]:
    return {"id": "a", "model": "m", "choices": [{"index": 0, "delta": {"content": text}}]}


def test_the_wire_decoder_reads_bom_crlf_multiline_and_empty_data(run: Any, tmp_path: Path) -> None:
    """A BOM, CRLF line ends, a chunk over two data: lines and an empty data: line all work."""
    f = tmp_path / "crlf.sse"
    body = (
        "\ufeff"
        + _sse(_text_chunk("one "), ending="\r\n")
        + 'data: {"id": "a", "choices": [{"index": 0,\r\ndata:  "delta": {"content": "two"}}]}\r\n\r\n'
        + "data:\r\n\r\n"
        + "data: [DONE]\r\n\r\n"
    )
    f.write_bytes(body.encode())
    result = run(str(f))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("one two\n")
    assert "chunks:         2" in result.stdout


def test_a_surrogate_pair_split_over_two_chunks_prints_as_one_character(run: Any, tmp_path: Path) -> None:
    """JSON's two escapes of one emoji, in two chunks, print as that emoji, live and in --json."""
    f = tmp_path / "emoji.sse"
    f.write_text(
        'data: {"id": "a", "choices": [{"index": 0, "delta": {"content": "hi \\ud83d"}}]}\n\n'
        + 'data: {"id": "a", "choices": [{"index": 0, "delta": {"content": "\\ude00!"}}]}\n\n'
        + "data: [DONE]\n\n"
    )
    result = run(str(f))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("hi \U0001f600!\n")
    out = json.loads(run(str(f), "--json").stdout)
    assert out["choices"][0]["message"]["content"] == "hi \U0001f600!"


def test_a_lone_surrogate_prints_as_a_replacement_character(run: Any, tmp_path: Path) -> None:
    """A high surrogate that no low one follows is written as U+FFFD, never a crash."""
    f = tmp_path / "lone.sse"
    f.write_text(
        'data: {"id": "a", "choices": [{"index": 0, "delta": {"content": "x\\ud83d"}}]}\n\ndata: [DONE]\n\n'
    )
    result = run(str(f))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("x\ufffd")


@pytest.mark.parametrize("as_json", [False, True], ids=["live", "json"])
def test_a_malformed_usage_exits_2_naming_its_line(run: Any, as_json: bool) -> None:
    """`completion_tokens: true` exits 2 with the line and the field path, live and with --json."""
    body = _sse(
        _text_chunk("hi"),
        {"id": "a", "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": True}},
    )
    result = run("-", *(["--json"] if as_json else []), stdin=body)
    assert result.returncode == 2
    assert result.stderr.strip() == "<stdin>: line 3: usage.completion_tokens: expected an integer, got bool"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(run: Any, constant: str) -> None:
    """NaN and Infinity in the input exit 2 saying why: --json writes strict JSON only."""
    template = '{"id": "a", "choices": [{"index": 0, "delta": {}, "logprobs": {"content": [{"logprob": CONSTANT}]}}]}'
    body = template.replace("CONSTANT", constant) + "\n"
    for args in (["-", "--json"], ["-"]):
        result = run(*args, stdin=body)
        assert result.returncode == 2
        assert result.stderr.strip() == f"<stdin>: line 1: not JSON ({constant} is not JSON)"


def test_an_error_event_exits_2_with_the_servers_words(run: Any) -> None:
    """`event: error` (Groq, Anthropic) exits 2 with the server's message, after printing what came before."""
    body = (
        _sse(_text_chunk("partial"))
        + 'event: error\ndata: {"error": {"message": "Tool call validation failed"}}\n\n'
    )
    result = run("-", stdin=body)
    assert result.returncode == 2
    assert result.stdout == "partial\n"  # the error starts on a line of its own
    assert result.stderr.strip() == "<stdin>: line 3: the server sent an error: Tool call validation failed"


EVERY_CAPTURE = [
    pytest.param(p, id=f"{p.parent.name}-{p.stem}") for p in sorted(SHARED_FIXTURES.glob("*/*.sse"))
]


@pytest.mark.parametrize("path", EVERY_CAPTURE)
def test_every_capture_replays(run: Any, path: Path) -> None:
    """Every real capture of the three formats replays: a summary, or for a mid-stream failure exit 2 with the server's words."""
    result = run(str(path))
    if result.returncode == 2:
        assert ": the server sent an error: " in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    else:
        assert result.returncode == 0, result.stderr
        assert "\n---\nmodel:" in result.stdout


@pytest.mark.parametrize(
    ("directory", "kind", "text"),
    [
        pytest.param("anthropic", "message", "- Captain", id="anthropic"),
        pytest.param("openai-responses", "response", "4200 + 42", id="responses"),
    ],
)
def test_other_formats_print_their_text_and_their_own_final_object(
    run: Any, directory: str, kind: str, text: str
) -> None:
    """An Anthropic or Responses stream prints its text live, and with --json its own final object."""
    path = sorted((SHARED_FIXTURES / directory).glob("*.sse"))
    path = next(p for p in path if p.stem in ("text-basic", "text"))
    assert text in run(str(path)).stdout
    out = json.loads(run(str(path), "--json").stdout)
    assert out.get("type", out.get("object")) == kind


def test_a_json_lines_chunk_longer_than_one_read(run: Any) -> None:
    """A JSON Lines chunk longer than the 64 KiB the tool reads at a time is read whole."""
    long_text = "x" * 200_000
    result = run("-", stdin=json.dumps(_text_chunk(long_text)) + "\n" + json.dumps(FINISH) + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(long_text)


def test_an_error_event_with_text_data(run: Any) -> None:
    """`event: error` whose data is not JSON exits 2 with that text."""
    result = run("-", stdin="event: error\ndata: upstream connect error\n\n")
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "<stdin>: line 1: the server sent an error: upstream connect error",
    )


def test_a_json_lines_line_that_is_not_utf8(run: Any, tmp_path: Path) -> None:
    """A JSON Lines line with bytes that are not UTF-8 exits 2, one line."""
    f = tmp_path / "bad.jsonl"
    f.write_bytes(b'{"id": "\xff"}\n')
    result = run(str(f))
    assert (result.returncode, "not UTF-8" in result.stderr) == (2, True)


def test_mistral_parts_print_live(run: Any) -> None:
    """Mistral's content as a list of parts prints its text live."""
    body = 'data: {"id": "a", "model": "m", "choices": [{"index": 0, "delta": {"content": [{"type": "text", "text": "hello"}]}}]}\n\ndata: [DONE]\n\n'
    result = run("-", stdin=body)
    assert (result.returncode, result.stdout.startswith("hello\n")) == (0, True)


def test_a_delta_for_a_block_it_does_not_feed_exits_2(run: Any) -> None:
    """A text delta sent to a tool block (with a text that is not a string): exit 2
    naming the line and the fold's error, no traceback."""
    body = (
        'event: message_start\ndata: {"type": "message_start", "message": {"id": "m", "model": "c", "usage": {"input_tokens": 1, "output_tokens": 1}}}\n\n'
        'event: content_block_start\ndata: {"type": "content_block_start", "index": 0, "content_block": {"type": "tool_use", "id": "t", "name": "f", "input": {}}}\n\n'
        'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": 5}}\n\n'
    )
    result = run("-", stdin=body)
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "<stdin>: line 7: delta.type: 'text_delta' for content block 0, a 'tool_use' block, fed by 'input_json_delta'",
    )


# --- input that is no stream, a stream cut short, and how it all reads ------------------

README = Path(__file__).parent.parent / "README.md"
NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param("", "in.sse: no events: the body is empty", id="empty"),
        pytest.param("\n\n", "in.sse: no events: the body is empty", id="blank-lines"),
        pytest.param(": keep-alive\n\n", "in.sse: no events: only comments", id="only-comments"),
        pytest.param(
            NGINX_502,
            "in.sse: no events: an HTML page ('502 Bad Gateway'), not an event stream",
            id="html-502",
        ),
        pytest.param(
            "# chunkwrap\n\nA small library.\n",
            "in.sse: no events: text ('# chunkwrap'), not an event stream",
            id="text",
        ),
    ],
)
def test_input_with_no_events_exits_2_saying_what_it_is(
    run: Any, tmp_path: Path, body: str, message: str
) -> None:
    """An empty file, a README, an HTML error page: exit 2 with one line, not `chunks: 0` and exit 0."""
    f = tmp_path / "in.sse"
    f.write_text(body)
    for args in ([str(f)], [str(f), "--json"]):
        result = run(*args)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", message + "\n")


def test_the_readme_exits_2_with_one_line(run: Any) -> None:
    """README.md, given by mistake, is no stream: exit 2 with one line."""
    result = run(str(README))
    assert (result.returncode, len(result.stderr.splitlines())) == (2, 1)


GEMINI_ERROR = """{
  "error": {
    "code": 400,
    "message": "API key not valid. Please pass a valid API key.",
    "status": "INVALID_ARGUMENT"
  }
}
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            json.dumps(
                {
                    **_text_chunk("Hi"),
                    "choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": "stop"}],
                },
                indent=2,
            ),
            (0, "Hi\n", ""),
            id="one-pretty-printed-chunk",
        ),
        pytest.param(
            json.dumps(_text_chunk("jq "), indent=2)
            + "\n"
            + json.dumps(_text_chunk("output"), indent=2)
            + "\n"
            + json.dumps(FINISH)
            + "\n",
            (0, "jq output\n", ""),
            id="pretty-printed-json-lines-as-jq-prints-them",
        ),
        pytest.param(
            json.dumps(_text_chunk("a"), indent=2) + "\n{oops\n",
            (2, "a\n", "in.json: line 13: not JSON (Expecting property name"),
            id="a-bad-document-after-a-good-one",
        ),
        pytest.param(
            json.dumps([_text_chunk("Hel"), _text_chunk("lo"), FINISH], indent=2),
            (0, "Hello\n", ""),
            id="pretty-printed-array-of-chunks",
        ),
        pytest.param(json.dumps([_text_chunk("one"), FINISH]), (0, "one\n", ""), id="one-line-array"),
        pytest.param(
            GEMINI_ERROR,
            (
                2,
                "",
                "in.json: line 1: the server sent an error: API key not valid. Please pass a valid API key.\n",
            ),
            id="gemini-error-object",
        ),
        pytest.param(
            "[" + GEMINI_ERROR + "]",
            (
                2,
                "",
                "in.json: line 1, item 0: the server sent an error: API key not valid. Please pass a valid API key.\n",
            ),
            id="gemini-rest-error-array",
        ),
        pytest.param(
            json.dumps([_text_chunk("a"), 5]),
            (2, "a\n", "in.json: line 1, item 1: not a chunk (a JSON int)\n"),
            id="array-item-not-a-chunk",
        ),
        pytest.param("{\n  oops\n}\n", (2, "", "in.json: line 1: not JSON ("), id="not-json"),
        pytest.param(
            json.dumps(
                {
                    "id": "c",
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"content": "Hi"}}],
                },
                indent=2,
            ),
            (
                2,
                "",
                "in.json: line 1: not a chunk (a whole chat.completion: record the stream, with stream: true)\n",
            ),
            id="non-streaming-answer",
        ),
    ],
)
def test_a_json_document_is_read_whole(
    run: Any, tmp_path: Path, body: str, expected: tuple[int, str, str]
) -> None:
    """Pretty-printed JSON, or an array of chunks, is read as JSON documents of chunks, not "not JSON" at its first line."""
    code, out, err = expected
    f = tmp_path / "in.json"
    f.write_text(body)
    result = run(str(f))
    assert result.returncode == code
    assert result.stdout.startswith(out) and result.stderr.startswith(err)
    assert len(result.stderr.splitlines()) == (1 if err else 0)


def test_a_json_document_past_the_limit_exits_2(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON document is read up to the event limit, never more."""
    from chunkwrap import _cli

    monkeypatch.setattr(_cli, "DEFAULT_MAX_EVENT_BYTES", 100)
    result = run("-", stdin="[\n" + json.dumps(_text_chunk("x" * 200)) + "]\n")
    assert (result.returncode, result.stderr) == (
        2,
        "<stdin>: line 1: a JSON document larger than 100 bytes\n",
    )


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
def test_a_stream_cut_at_an_event_boundary_says_so_and_exits_1(run: Any, as_json: bool) -> None:
    """No finish reason and no [DONE]: what came is printed, then a warning, exit 1."""
    body = _sse(_text_chunk("Once upon"), _text_chunk(" a time"))
    result = run("-", *(["--json"] if as_json else []), stdin=body)
    assert result.returncode == 1
    assert "Once upon a time" in result.stdout
    assert (
        result.stderr == "<stdin>: the stream ended before the server finished it: the answer is incomplete\n"
    )


@pytest.mark.parametrize(
    ("directory", "name", "keep"),
    [
        pytest.param("openai-sse", "text-weather", "data: {", id="chat"),
        pytest.param("anthropic", "text-basic", "event: ", id="anthropic"),
        pytest.param("openai-responses", "text", "event: ", id="responses"),
    ],
)
def test_a_capture_cut_in_half_exits_1(
    run: Any, tmp_path: Path, directory: str, name: str, keep: str
) -> None:
    """A real capture cut after half its events, in each format, is said to have ended early."""
    events = (SHARED_FIXTURES / directory / f"{name}.sse").read_bytes().replace(b"\r\n", b"\n").split(b"\n\n")
    f = tmp_path / "cut.sse"
    f.write_bytes(b"\n\n".join(events[: len(events) // 2]) + b"\n\n")
    result = run(str(f))
    assert (result.returncode, "ended before the server finished it" in result.stderr) == (1, True)


def test_done_without_a_finish_reason_is_finished(run: Any) -> None:
    """[DONE] is the server saying it finished, finish reason or not (some servers send none)."""
    result = run("-", stdin=_sse(_text_chunk("ok")) + "data: [DONE]\n\n")
    assert (result.returncode, result.stderr) == (0, "")


def test_an_error_after_partial_text_starts_on_a_new_line(run: Any) -> None:
    """A failure after live text ends that text's line first: the message never runs onto the answer."""
    body = _sse(_text_chunk("half an ans"), {"error": {"message": "overloaded"}})
    result = run("-", stdin=body)
    assert (result.returncode, result.stdout) == (2, "half an ans\n")
    ended = run("-", stdin=_sse(_text_chunk("a line\n"), {"error": {"message": "overloaded"}}))
    assert ended.stdout == "a line\n"
    lone = run("-", stdin=_sse(_text_chunk("x\ud83d"), {"error": {"message": "overloaded"}}))
    assert lone.stdout == "x\ufffd\n"


def test_each_choice_of_an_n_greater_than_1_stream_is_printed(run: Any) -> None:
    """n=3: choice 0 live, then each other choice under its label, its own text."""
    result = run(str(FIXTURES / "three-choices.sse"))
    assert result.returncode == 0
    text, summary = result.stdout.split("\n---\n")
    assert text == (
        '{"city":"San Francisco","temperature":65,"units":"f"}\n'
        '[choice 1]\n{"city":"San Francisco","temperature":61,"units":"f"}\n'
        '[choice 2]\n{"city":"San Francisco","temperature":59,"units":"f"}'
    )
    assert "finish reasons: stop, stop, stop" in summary


def test_each_choice_shows_its_own_tool_calls(run: Any) -> None:
    """A second choice's tool call is printed under that choice's label."""
    call = {"index": 0, "id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    body = _sse(
        {"id": "a", "choices": [{"index": 0, "delta": {"content": "zero"}, "finish_reason": "stop"}]},
        {
            "id": "a",
            "choices": [{"index": 1, "delta": {"tool_calls": [call]}, "finish_reason": "tool_calls"}],
        },
    )
    result = run("-", stdin=body)
    assert "zero\n[choice 1]\n\n[tool call c1] f({})\n---" in result.stdout


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
def test_a_chunk_error_when_the_answer_is_read_exits_2(
    run: Any, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    """A ChunkError raised only as the final answer is read (a fold may check a value then) exits 2, one line, after the live text's line ends."""
    from chunkwrap import ChunkError, StreamAccumulator

    def to_dict(self: Any) -> Any:
        raise ChunkError("content[0].input", "not JSON")

    monkeypatch.setattr(StreamAccumulator, "to_dict", to_dict)
    result = run("-", *(["--json"] if as_json else []), stdin=_sse(_text_chunk("part")))
    assert (result.returncode, result.stderr) == (2, "<stdin>: content[0].input: not JSON\n")
    assert result.stdout == ("" if as_json else "part\n")


@pytest.mark.parametrize(
    ("tail", "code"),
    [
        pytest.param("data: [DONE]", 0, id="done-with-no-blank-line"),
        pytest.param("event: ping\ndata: {}", 1, id="ping-with-no-blank-line"),
    ],
)
def test_the_last_event_without_a_blank_line_counts(run: Any, tail: str, code: int) -> None:
    """An SSE event that no blank line closes is read: [DONE] there finishes the stream, a ping does not."""
    long_text = "x" * 100_000  # an SSE line longer than one read, too
    result = run("-", stdin=_sse(_text_chunk(long_text)) + tail)
    assert (result.returncode, result.stdout.startswith(long_text)) == (code, True)


def test_a_call_without_an_id_prints_its_name_alone(capsys: pytest.CaptureFixture[str]) -> None:
    """Gemini's tool calls have no id: the replay prints "[tool call] name(...)", never "None"."""
    assert main([str(SHARED_FIXTURES / "gemini" / "gemini-2.0-flash-tool-call-parallel.sse")]) == 0
    out = capsys.readouterr().out
    assert '[tool call] secret_retrieval_tool({"password":"mellon"})' in out and "None" not in out
