"""The wire path's default decoder gives json.loads' answers and errors, on any text."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chunkwrap._wire import jsonscan as _json

from .conftest import SHARED_FIXTURES

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
WHITESPACE = st.text(alphabet=" \t\r\n", max_size=3)


def outcome(loads: Any, text: str) -> tuple[str, Any]:
    """What a decoder gives: its value, or its error's type and message."""
    try:
        value = loads(text)
    except Exception as exc:
        return "error", (type(exc), str(exc))
    return "value", json.dumps(value)  # NaN-safe, and types kept (1 vs 1.0 vs True)


def every_event_data() -> list[str]:
    return [
        line[len("data: ") :]
        for path in sorted(SHARED_FIXTURES.glob("*/*.sse"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("data: ")
    ]


def test_every_captured_event_decodes_as_json_loads_decodes_it() -> None:
    """Each event's data in every capture decodes to what json.loads gives."""
    texts = every_event_data()
    assert len(texts) > 1000
    for text in texts:
        assert outcome(_json.loads, text) == outcome(json.loads, text), text


@given(JSON_VALUES, WHITESPACE, WHITESPACE, st.booleans())
def test_any_document_with_any_padding(value: Any, before: str, after: str, ascii_only: bool) -> None:
    """Whitespace around a document goes to json.loads, and the value is the same."""
    text = before + json.dumps(value, ensure_ascii=ascii_only) + after
    assert outcome(_json.loads, text) == outcome(json.loads, text)


@given(JSON_VALUES, st.integers(min_value=0, max_value=60), st.text(max_size=3))
def test_any_cut_or_spliced_text_fails_as_json_loads_fails(value: Any, at: int, junk: str) -> None:
    """A document cut short, or with junk spliced in, raises json.loads' own error."""
    text = json.dumps(value)
    text = text[:at] + junk + text[at + len(junk) :]
    assert outcome(_json.loads, text) == outcome(json.loads, text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\ufeff{}", id="bom"),
        pytest.param('{"a": 1} {"b": 2}', id="extra-data"),
        pytest.param("[1, 2", id="unclosed"),
        pytest.param("NaN", id="nan"),
        pytest.param('"\\ud83d"', id="lone-surrogate"),
        pytest.param("[" * 100_000, id="nested-too-deeply"),
    ],
)
def test_edge_texts(text: str) -> None:
    """Texts json.loads treats specially get its answer or its error."""
    assert outcome(_json.loads, text) == outcome(json.loads, text)


def test_constants_as_json_loads_reads_them() -> None:
    """NaN and Infinity are read as json.loads reads them (floats), not rejected."""
    assert math.isnan(_json.loads("NaN"))
    assert _json.loads("[Infinity]") == [math.inf]
