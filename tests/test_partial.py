"""PartialJSON against jiter's partial parse on every prefix, and the fold's parsed values on every capture."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chunkwrap import ChunkError, PartialJSON, StreamAccumulator, StreamError

from .conftest import SHARED_FIXTURES, chunk_dict, read_capture
from .helpers import read_events

jiter = pytest.importorskip("jiter")

STREAMS = sorted(path for path in SHARED_FIXTURES.glob("*/*.sse") if path.parent.name != "gemini")
STREAM_PARAMS = [pytest.param(path, id=f"{path.parent.name}-{path.stem}") for path in STREAMS]


def chunks_of(path: Path) -> list[dict[str, Any]]:
    chat = path.parent.name in ("openai-sse", "chat-compatible")
    return read_capture(path) if chat else read_events(path)


def oracle(text: str) -> Any:
    """jiter's partial parse of a prefix; None where jiter says the text ended too soon."""
    try:
        return jiter.from_json(text.encode(), partial_mode="trailing-strings")
    except ValueError as error:
        assert "EOF while parsing" in str(error), (text, error)
        return None


def same(a: Any, b: Any) -> bool:
    """Equal, a float's sign (-0.0) and type included."""
    return repr(a) == repr(b)


def fed(pieces: list[str]) -> Any:
    parser = PartialJSON()
    for piece in pieces:
        parser.feed(piece)
    return parser.value


def assert_every_prefix(text: str, whole: bool = True) -> None:
    """Fed one character at a time and read after each: jiter's value on each prefix, json.loads' at the end."""
    parser = PartialJSON()
    assert parser.value is None
    for end in range(1, len(text) + 1):
        parser.feed(text[end - 1])
        assert same(parser.value, oracle(text[:end])), text[:end]
    if whole:
        assert same(parser.value, json.loads(text))


def whole(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def folded(path: Path) -> StreamAccumulator:
    accumulator = StreamAccumulator()
    try:
        for chunk in chunks_of(path):
            accumulator.add(chunk)
    except StreamError:  # a capture of a stream that ends in an error
        pass
    return accumulator


def captured_json() -> list[Any]:
    """Every tool call's arguments and every JSON content in the captures."""
    found = []
    for path in STREAMS:
        accumulator = folded(path)
        texts = [call["function"]["arguments"] for call in accumulator.tool_calls]
        if accumulator.content.lstrip().startswith(("{", "[")):
            texts.append(accumulator.content)
        found.extend(pytest.param(text, id=f"{path.stem}-{i}") for i, text in enumerate(texts) if text)
    return found


@pytest.mark.parametrize("text", captured_json())
def test_every_prefix_of_captured_json_is_jiters(text: str) -> None:
    """Every prefix of every tool call's arguments and JSON content in the captures parses as jiter parses it
    (a capture cut by max_tokens has no whole text)."""
    assert_every_prefix(text, whole(text))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            '{"a": [1, 2.5, -3e2, 1E+3, 0.5e-2, true, false, null], "b": {"c": {}}, "d": []}', id="mixed"
        ),
        pytest.param(
            '["x\\ny\\u00e9\\ud83d\\ude00 \\" \\\\ \\/ \\b\\f\\r\\t", "\\uD83D\\uDE00"]', id="escapes"
        ),
        pytest.param('"\\ud83d\\ude00"', id="surrogate-pair"),
        pytest.param("[0, -0, -0.0, 123456789012345678901234567890, 1e400, -1e400, 1e-400]", id="numbers"),
        pytest.param('{"a": 1, "b": 2, "a": 3}', id="duplicate-key-keeps-first-place"),
        pytest.param('{"a": 1, "a": 23.5}', id="duplicate-key-number-growing"),
        pytest.param('{"a": 1, "a": "text"}', id="duplicate-key-string"),
        pytest.param('{"a": 1, "a": [2]}', id="duplicate-key-container"),
        pytest.param(" \t\r\n[ [ [ ] ] , { } ]\n ", id="blanks-and-nesting"),
        pytest.param("12345", id="top-level-number"),
        pytest.param("-1.5e-7", id="top-level-exponent"),
        pytest.param("true", id="top-level-literal"),
        pytest.param('["é ü 中文 😀"]', id="raw-unicode"),
    ],
)
def test_every_prefix_is_jiters(text: str) -> None:
    """Every prefix of a document with every kind of token parses as jiter parses it."""
    assert_every_prefix(text)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "[NaN, -Infinity]", '"plain"', " 12 "])
def test_whole_texts_in_one_piece_as_json_loads(text: str) -> None:
    """A text fed in one piece (NaN and the infinities too) reads as json.loads reads it."""
    assert repr(fed([text])) == repr(json.loads(text))


def test_nothing_fed_is_none() -> None:
    """Before a value begins (nothing, blanks, an unfinished literal or number) the value is None."""
    parser = PartialJSON()
    assert parser.value is None
    for piece, value in [("", None), ("  ", None), ("-", None), ("1", -1), (".", None), ("5", -1.5)]:
        parser.feed(piece)
        assert parser.value == value


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('"\\ud83d"', id="lone-high"),
        pytest.param('"\\ude00"', id="lone-low"),
        pytest.param('"\\ud83d\\u0041"', id="high-then-other-escape"),
        pytest.param('"\\ud83dx"', id="high-then-character"),
        pytest.param('["\\ud83d\\ud83d\\ude00"]', id="high-then-pair"),
    ],
)
def test_lone_surrogates_as_json_loads(text: str) -> None:
    """A lone surrogate escape is kept alone, as json.loads keeps it (jiter rejects the document)."""
    assert fed(list(text)) == json.loads(text)
    assert fed([text]) == json.loads(text)


def test_surrogate_pair_split_across_pieces() -> None:
    """An escaped surrogate pair cut anywhere between two pieces is the one character; the high half waits."""
    text = '["a\\ud83d\\ude00b"]'
    for cut in range(len(text)):
        parser = PartialJSON()
        parser.feed(text[:cut])
        assert "\ud83d" not in str(parser.value)
        parser.feed(text[cut:])
        assert parser.value == ["a\U0001f600b"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[1 2]", r"expected ',' or '\]' at character 3", id="no-comma"),
        pytest.param('{"a":1 "b":2}', r"expected ',' or '}' at character 7", id="no-comma-in-object"),
        pytest.param('{"a" 1}', r"expected ':' at character 5", id="no-colon"),
        pytest.param("[1,]", r"a trailing comma at character 3", id="trailing-comma"),
        pytest.param('{"a":1,}', r"a trailing comma at character 7", id="trailing-comma-in-object"),
        pytest.param("01", r"an invalid number or literal at character 1", id="leading-zero"),
        pytest.param("[01", r"an invalid number or literal at character 2", id="leading-zero-at-end"),
        pytest.param("[1.e5]", r"an invalid number or literal at character 3", id="dot-exponent"),
        pytest.param("[tx", r"an invalid number or literal at character 2", id="bad-literal"),
        pytest.param("[nul]", r"an invalid number or literal at character 4", id="short-literal"),
        pytest.param('"\\x"', r"an invalid escape at character 1", id="bad-escape"),
        pytest.param('"\\u12g4"', r"an invalid \\u escape at character 1", id="bad-unicode-escape"),
        pytest.param('"a\tb"', r"a control character in a string at character 2", id="control-character"),
        pytest.param("{,}", r"expected a string key or '}' at character 1", id="comma-first-in-object"),
        pytest.param('{"a":1,,}', r"expected a string key at character 7", id="comma-for-key"),
        pytest.param("[,]", r"expected a value or '\]' at character 1", id="comma-first"),
        pytest.param("[1,,2]", r"expected a value at character 3", id="double-comma"),
        pytest.param("1 2", r"unexpected text after the document at character 2", id="extra-value"),
        pytest.param('{"a":1}}', r"unexpected text after the document at character 7", id="extra-mark"),
        pytest.param("[1}", r"expected ',' or '\]' at character 2", id="wrong-closer"),
        pytest.param('{"a"]', r"expected ':' at character 4", id="closer-for-colon"),
        pytest.param('{"a":}', r"expected a value at character 5", id="closer-for-value"),
        pytest.param("[1:", r"expected ',' or '\]' at character 2", id="colon-in-array"),
        pytest.param('["a" "b"]', r"expected ',' or '\]' at character 5", id="string-after-value"),
        pytest.param('{"a" [', r"expected ':' at character 5", id="container-for-colon"),
        pytest.param('{"a" 1', r"expected ':' at character 5", id="number-for-colon-at-end"),
        pytest.param('{"a" 1}', r"expected ':' at character 5", id="number-for-colon"),
        pytest.param("[1 @", r"expected ',' or '\]' at character 3", id="stray-character"),
        pytest.param('{"a":"b":1}', r"expected ',' or '}' at character 8", id="colon-after-value"),
        pytest.param('["a":1]', r"expected ',' or '\]' at character 4", id="colon-after-item"),
        pytest.param("\ufeff[1]", r"expected a value at character 0", id="bom"),
    ],
)
def test_text_that_can_never_be_json_raises_naming_the_character(text: str, message: str) -> None:
    """Text that can never become JSON raises ChunkError naming the character, whole, cut in two anywhere,
    or fed one character at a time."""
    for pieces in [[text], list(text)] + [[text[:cut], text[cut:]] for cut in range(1, min(len(text), 40))]:
        with pytest.raises(ChunkError, match=r"^<json>: " + message):
            fed(pieces)


def test_after_an_error_the_value_so_far_stays_and_feed_raises_again() -> None:
    """A bad piece leaves the value read up to the bad character; every later feed() raises the same error."""
    parser = PartialJSON()
    parser.feed('{"a": [1, "xy')
    with pytest.raises(ChunkError, match=r"a control character in a string at character 13"):
        parser.feed("\x01z")
    assert parser.value == {"a": [1, "xy"]}
    with pytest.raises(ChunkError, match=r"at character 13"):
        parser.feed("]}")
    assert parser.value == {"a": [1, "xy"]}


def test_value_is_live_and_deepcopy_keeps_a_snapshot() -> None:
    """value is the same containers from read to read, extended in place; copy.deepcopy keeps a snapshot."""
    parser = PartialJSON()
    parser.feed('{"rows": [{"n": 1}, "ab')
    first = parser.value
    snapshot = copy.deepcopy(first)
    assert parser.value is first
    parser.feed('c"]')
    assert parser.value is first
    assert first == {"rows": [{"n": 1}, "abc"]}
    assert snapshot == {"rows": [{"n": 1}, "ab"]}


@pytest.mark.parametrize(
    "copied", [copy.copy, lambda acc: pickle.loads(pickle.dumps(acc))], ids=["copy", "pickle"]
)
def test_a_copied_accumulator_parses_on_from_where_it_was(copied: Any) -> None:
    """An accumulator copied or pickled after a partial read goes on as the original does."""
    accumulator = StreamAccumulator()
    accumulator.add(call_chunk(0, '{"a": "x", "b": 1'))
    assert accumulator.parsed_arguments == [{"a": "x", "b": 1}]
    twin = copied(accumulator)
    for each in (accumulator, twin):
        each.add(call_chunk(0, "."))  # "1." cannot end there: "b" is left out again
        assert each.parsed_arguments == [{"a": "x"}]


def test_a_growing_value_under_a_repeated_key_gives_the_old_one_back() -> None:
    """A repeated key shows its new value while it can end there, and the old one while it cannot (as jiter)."""
    parser = PartialJSON()
    parser.feed('{"a": 1, "a": 2')
    assert parser.value == {"a": 2}
    parser.feed(".")
    assert parser.value == {"a": 1}
    parser.feed("5}")
    assert parser.value == {"a": 2.5}


def test_repr_says_how_far_it_read() -> None:
    """repr() gives how many characters were fed."""
    parser = PartialJSON()
    parser.feed("[1, 2")
    assert repr(parser) == "<PartialJSON at character 5>"


# -- Hypothesis: documents of every kind of token, cut into random pieces

blanks = st.sampled_from(["", " ", "\n  ", "\t", "\r\n"])
numbers = st.from_regex(r"\A-?(0|[1-9][0-9]{0,20})(\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?\Z")
strings = st.text(
    st.characters(codec="utf-8") | st.sampled_from(['"', "\\", "/", "\b", "\x00", "\U0001f600", "é"]),
    max_size=12,
).flatmap(lambda s: st.sampled_from([json.dumps(s), json.dumps(s, ensure_ascii=False)]))
scalars = numbers | strings | st.sampled_from(["true", "false", "null"])


def _wrapped(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def array(items: list[str], pad: str) -> str:
        return "[" + pad + ",".join(pad + item + pad for item in items) + "]"

    def obj(items: list[tuple[str, str]], pad: str) -> str:
        return "{" + pad + ",".join(f"{pad}{key}{pad}:{pad}{value}{pad}" for key, value in items) + "}"

    return st.builds(array, st.lists(children, max_size=5), blanks) | st.builds(
        obj, st.lists(st.tuples(strings, children), max_size=5), blanks
    )


documents = st.builds(
    lambda pad, doc: pad + doc + pad, blanks, st.recursive(scalars, _wrapped, max_leaves=25)
)


@given(documents, st.data())
def test_documents_cut_into_random_pieces_are_jiters_at_every_cut(text: str, data: st.DataObject) -> None:
    """A generated document cut into random pieces and read after each is jiter's value at every cut, json.loads' at the end."""
    cuts = sorted(data.draw(st.sets(st.integers(1, max(len(text) - 1, 1)), max_size=12)))
    parser = PartialJSON()
    start = 0
    for end in [*cuts, len(text)]:
        parser.feed(text[start:end])
        start = end
        assert same(parser.value, oracle(text[:end])), text[:end]
    assert same(parser.value, json.loads(text))


# -- the fold's parsed values


def partial_answers(path: Path, read_tool_calls: bool) -> tuple[StreamAccumulator, list[Any]]:
    """The capture folded, parsed_arguments checked against jiter after every chunk."""
    accumulator = StreamAccumulator()
    try:
        for position, chunk in enumerate(chunks_of(path)):
            accumulator.add(chunk)
            if read_tool_calls and position % 2:
                accumulator.tool_calls  # noqa: B018 - joined() collapses the fragments: both states are read
            expected = [oracle(call["function"]["arguments"]) for call in accumulator.tool_calls]
            assert accumulator.parsed_arguments == expected
    except StreamError:  # a capture of a stream that ends in an error
        pass
    return accumulator, accumulator.parsed_arguments


@pytest.mark.parametrize("read_tool_calls", [False, True], ids=["parts", "joined"])
@pytest.mark.parametrize("path", STREAM_PARAMS)
def test_parsed_arguments_on_every_capture(path: Path, read_tool_calls: bool) -> None:
    """On every capture of every format, parsed_arguments after each chunk is jiter's parse of each call's arguments so far."""
    accumulator, parsed = partial_answers(path, read_tool_calls)
    assert parsed == [
        json.loads(call["function"]["arguments"]) if call["function"]["arguments"] else None
        for call in accumulator.tool_calls
    ]


@pytest.mark.parametrize("path", STREAM_PARAMS)
def test_parsed_content_on_every_capture(path: Path) -> None:
    """A JSON answer's parsed_content after each chunk is jiter's parse of content so far; a text answer's
    raises at the end, naming content."""
    answer = folded(path).content
    json_answer = whole(answer) or answer.lstrip().startswith(("{", "["))
    accumulator = StreamAccumulator()
    try:
        for chunk in chunks_of(path):
            accumulator.add(chunk)
            if json_answer:
                assert accumulator.parsed_content == oracle(accumulator.content)
    except StreamError:
        pass
    if answer and not json_answer:
        with pytest.raises(ChunkError, match=r"^content: .* at character \d+$"):
            accumulator.parsed_content  # noqa: B018


def test_parsed_content_of_structured_output() -> None:
    """A json_schema answer's parsed_content is json.loads of its content, and before any content None."""
    accumulator = StreamAccumulator()
    assert accumulator.parsed_content is None
    for chunk in read_capture(SHARED_FIXTURES / "openai-sse" / "json-schema-content.sse"):
        accumulator.add(chunk)
    assert accumulator.parsed_content == json.loads(accumulator.content)
    assert accumulator.parsed_content == json.loads(accumulator.content)


def call_chunk(index: int, arguments: str, **call: Any) -> dict[str, Any]:
    return chunk_dict(delta={"tool_calls": [{"index": index, "function": {"arguments": arguments}, **call}]})


def test_invalid_arguments_raise_on_read_naming_the_call_and_the_fold_goes_on() -> None:
    """Arguments that can never be JSON raise on each read, naming the call; the rest of the fold is untouched."""
    accumulator = StreamAccumulator()
    accumulator.add(call_chunk(0, '{"a": 1}', id="call_0", type="function"))
    accumulator.add(call_chunk(1, '{"a": 1,', id="call_1", type="function"))
    accumulator.add(call_chunk(1, ' "b" 2}'))
    for _ in range(2):
        with pytest.raises(
            ChunkError, match=r"^tool_calls\[1\]\.function\.arguments: expected ':' at character 13$"
        ):
            accumulator.parsed_arguments  # noqa: B018
    assert accumulator.tool_calls[1]["function"]["arguments"] == '{"a": 1, "b" 2}'
    accumulator.add(chunk_dict(delta={"content": "done"}))
    assert accumulator.content == "done"


def test_parsed_arguments_before_any_call_and_before_its_first_fragment() -> None:
    """No tool call: []; a call whose arguments have not begun: None."""
    accumulator = StreamAccumulator()
    assert accumulator.parsed_arguments == []
    accumulator.add(call_chunk(0, "", id="call_0", type="function"))
    assert accumulator.parsed_arguments == [None]
    accumulator.add(call_chunk(0, '{"city": "Par'))
    assert accumulator.parsed_arguments == [{"city": "Par"}]


def test_a_call_that_comes_before_another_by_index_keeps_each_its_parser() -> None:
    """A call with a lower index arriving later moves the others along; each keeps its own arguments."""
    accumulator = StreamAccumulator()
    accumulator.add(call_chunk(2, '{"b": ', id="call_2", type="function"))
    assert accumulator.parsed_arguments == [{}]
    accumulator.add(call_chunk(0, '{"a": 1}', id="call_0", type="function"))
    accumulator.add(call_chunk(2, "2}"))
    assert accumulator.parsed_arguments == [{"a": 1}, {"b": 2}]


def test_a_surrogate_pair_split_over_two_chunks_after_joined() -> None:
    """A character whose escape a server split over two chunks is the one character once tool_calls joined them."""
    accumulator = StreamAccumulator()
    for piece in ['["a', "\ud83d", "\ude00", "b"]:
        accumulator.add(call_chunk(0, piece))
        accumulator.parsed_arguments  # noqa: B018
    assert accumulator.tool_calls[0]["function"]["arguments"] == '["a\U0001f600b'
    assert accumulator.parsed_arguments == [["a\U0001f600b"]]
    accumulator.add(call_chunk(0, '"]'))
    assert accumulator.parsed_arguments == [["a\U0001f600b"]]


def anthropic_stream(*blocks: dict[str, Any], deltas: list[str] = ()) -> list[dict[str, Any]]:  # type: ignore[assignment]
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude",
        "content": [],
        "usage": {},
    }
    events: list[dict[str, Any]] = [{"type": "message_start", "message": message}]
    for index, block in enumerate(blocks):
        events.append({"type": "content_block_start", "index": index, "content_block": block})
    events.extend(
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "input_json_delta", "partial_json": part},
        }
        for part in deltas
    )
    return events


def test_anthropic_input_that_came_whole_in_content_block_start() -> None:
    """A tool_use block whose input came whole in content_block_start, with no delta, gives that input
    ({} before its first fragment, as tool_calls gives "{}" and the anthropic SDK's snapshot {})."""
    accumulator = StreamAccumulator()
    for event in anthropic_stream(
        {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}},
        {"type": "tool_use", "id": "toolu_2", "name": "g", "input": {"x": [1, "y"]}},
        deltas=["", '{"a": "b'],
    ):
        accumulator.add(event)
    assert accumulator.parsed_arguments == [{"a": "b"}, {"x": [1, "y"]}]
    assert StreamAccumulator().parsed_arguments == []
    started = StreamAccumulator()
    for event in anthropic_stream(
        {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}, deltas=[""]
    ):
        started.add(event)
    assert started.parsed_arguments == [{}]


def text_events(*texts: str) -> list[dict[str, Any]]:
    """An Anthropic stream of one text block."""
    events = anthropic_stream({"type": "text", "text": ""})
    events.extend(
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}}
        for text in texts
    )
    return events


@pytest.mark.parametrize(
    "stream",
    [
        pytest.param(lambda *texts: [chunk_dict(delta={"content": text}) for text in texts], id="chat"),
        pytest.param(text_events, id="anthropic"),
    ],
)
def test_invalid_content_raises_on_each_read_naming_content(stream: Any) -> None:
    """JSON content that goes wrong raises on every read, naming content and the character."""
    accumulator = StreamAccumulator()
    first, then = stream('{"a": 1'), stream("]")[-1]
    for event in first:
        accumulator.add(event)
    assert accumulator.parsed_content == {"a": 1}
    accumulator.add(then)
    for _ in range(2):
        with pytest.raises(ChunkError, match=r"^content: expected ',' or '}' at character 7$"):
            accumulator.parsed_content  # noqa: B018


def _anthropic_text(parts: list[str], tool: bool = False) -> list[dict[str, Any]]:
    """An Anthropic stream whose one block (text, or a tool call's input) comes in ``parts``."""
    block = (
        {"type": "tool_use", "id": "t", "name": "f", "input": {}} if tool else {"type": "text", "text": ""}
    )
    delta = "input_json_delta" if tool else "text_delta"
    field = "partial_json" if tool else "text"
    return [
        {"type": "message_start", "message": {"id": "m", "model": "c", "usage": {"input_tokens": 1}}},
        {"type": "content_block_start", "index": 0, "content_block": block},
        *({"type": "content_block_delta", "index": 0, "delta": {"type": delta, field: p}} for p in parts),
    ]


def _chat_call(part: str) -> dict[str, Any]:
    return chunk_dict(delta={"tool_calls": [{"index": 0, "function": {"arguments": part}}]})


# A character beyond the BMP whose surrogate pair two fragments carry, as a
# server that splits its JSON escape over two chunks sends it.
HALVES = ['{"a": "x\ud83d', '\ude00y"}']


@pytest.mark.parametrize("read_text_between", [False, True], ids=["parsed-only", "text-read-between"])
@pytest.mark.parametrize(
    "kind", ["chat-arguments", "chat-content", "anthropic-arguments", "anthropic-content"]
)
def test_a_surrogate_pair_over_two_fragments_parses_as_the_text_reads(
    kind: str, read_text_between: bool
) -> None:
    """The parsed value is json.loads of the text the fold gives (its halves one
    character), whether or not the text was read between the fragments."""
    chunks: list[Any]
    if kind == "chat-arguments":
        chunks = [_chat_call(p) for p in HALVES]
    elif kind == "chat-content":
        chunks = [chunk_dict(delta={"content": p}) for p in HALVES]
    else:
        chunks = _anthropic_text(HALVES, tool=kind == "anthropic-arguments")
    arguments = kind.endswith("arguments")
    acc = StreamAccumulator()
    for chunk in chunks:
        acc.add(chunk)
        parsed = (acc.parsed_arguments or [None])[0] if arguments else acc.parsed_content
        if read_text_between:
            _ = acc.tool_calls if arguments else acc.content
    text = acc.tool_calls[0]["function"]["arguments"] if arguments else acc.content
    assert parsed == json.loads(text) == {"a": "x\U0001f600y"}


def _counting_feeds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    fed = [0]
    original = PartialJSON.feed

    def feed(self: PartialJSON, text: str) -> None:
        fed[0] += len(text)
        original(self, text)

    monkeypatch.setattr(PartialJSON, "feed", feed)
    return fed


@pytest.mark.parametrize("folder", ["anthropic", "openai-responses", "gemini"])
def test_an_event_folds_parsed_content_feeds_each_character_once(
    folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """parsed_content read after every event of every capture of an event format
    feeds its parser each character of content once (a done value that repeats
    a text is not fed again): a read costs what is new."""
    fed = _counting_feeds(monkeypatch)
    for path in sorted((SHARED_FIXTURES / folder).glob("*.sse")):
        fed[0] = 0
        acc = StreamAccumulator()
        try:
            for event in read_events(path):
                acc.add(event)
                try:
                    acc.parsed_content  # noqa: B018
                except ChunkError:
                    break  # a text answer: no JSON, no more feeding
        except StreamError:
            pass
        assert fed[0] <= len(acc.content), path.name


def test_an_event_folds_texts_parse_as_one_document() -> None:
    """Two text blocks are one content: its JSON parses across them."""
    acc = StreamAccumulator()
    acc.add({"type": "message_start", "message": {"id": "m", "model": "c", "usage": {"input_tokens": 1}}})
    seen = []
    for index, part in [(0, '{"a": '), (1, "[1, 2]}")]:
        acc.add(
            {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}}
        )
        acc.add(
            {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": part}}
        )
        seen.append(copy.deepcopy(acc.parsed_content))
    assert seen == [{}, {"a": [1, 2]}]
    assert acc.parsed_content == json.loads(acc.content)


def test_an_event_folds_content_read_between_the_halves_of_a_pair() -> None:
    """The text read between the fragments of a pair, then again after (which
    pairs them in the fold's list): parsed_content reads its texts again, whole."""
    acc = StreamAccumulator()
    events = _anthropic_text(HALVES)
    for event in events[:3]:
        acc.add(event)
    assert acc.parsed_content == {"a": "x"}
    acc.add(events[3])
    assert acc.content == '{"a": "x\U0001f600y"}'  # the fold's list now one string, the pair one character
    assert acc.parsed_content == {"a": "x\U0001f600y"}


def test_a_responses_text_added_before_one_read_is_read_in_its_place() -> None:
    """An output item added at a lower index after a later one's text was read:
    the content is read again in output order."""
    acc = StreamAccumulator()
    acc.add(
        {
            "type": "response.created",
            "response": {"id": "r", "model": "m", "output": []},
            "sequence_number": 0,
        }
    )
    for index, text in [(1, "[1, 2]}"), (0, '{"a": ')]:
        item = {"type": "message", "id": f"m{index}", "content": []}
        acc.add({"type": "response.output_item.added", "output_index": index, "item": item})
        acc.add(
            {"type": "response.output_text.delta", "output_index": index, "content_index": 0, "delta": text}
        )
        if index == 1:
            with pytest.raises(ChunkError, match=r"^content: "):
                acc.parsed_content  # noqa: B018
    assert acc.parsed_content == {"a": [1, 2]} == json.loads(acc.content)


@pytest.mark.parametrize(
    "text",
    [
        "1" * 5000,
        "-" + "1" * 5000,
        '{"a": ' + "1" * 5000,
        '{"a": ' + "1" * 5000 + "}",
        "[" + "1" * 5000 + "]",
    ],
    ids=["top", "negative", "member-unfinished", "member", "item"],
)
def test_an_integer_longer_than_int_reads_is_a_chunk_error(text: str) -> None:
    """json.loads refuses an integer of more digits than int() reads: so does
    PartialJSON, in one piece or cut anywhere, never leaving it out unsaid."""
    import sys

    if not getattr(sys, "get_int_max_str_digits", None):  # pragma: no cover - Python before 3.11
        pytest.skip("this Python's int() reads any number of digits")
    with pytest.raises(ValueError):
        json.loads(text)
    for cut in (len(text), 3000, 4301):
        parser = PartialJSON()
        with pytest.raises(ChunkError, match=r"an integer of more digits than int\(\) reads"):
            parser.feed(text[:cut])
            parser.feed(text[cut:])


def test_an_integer_int_reads_is_read() -> None:
    digits = "1" * 4300
    parser = PartialJSON()
    parser.feed("[" + digits + "]")
    assert parser.value == [int(digits)]
