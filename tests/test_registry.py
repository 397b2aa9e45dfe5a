"""Every format in the registry (``chunkwrap._formats.FORMATS``) takes part everywhere,
and the layout keeps its rule: a format depends on the core alone.

A new format added to FORMATS is picked up here: it must name its captures
(:data:`CAPTURE_FOLDERS`), answer every protocol member on each of their
events, and be routed by ``wrap()``, ``wrap_sse()`` and ``StreamAccumulator``.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

import chunkwrap
from chunkwrap import StreamAccumulator, StreamError, wrap, wrap_sse
from chunkwrap._core.server import server_error
from chunkwrap._formats import BY_NAME, FORMATS, fold_of, foreign, format_of, wrapper_of
from chunkwrap.protocol import BaseCallResponseChunk

from .conftest import SHARED_FIXTURES

PACKAGE = Path(chunkwrap.__file__).parent

# Each format's folders of real captures under ../shared/fixtures.
CAPTURE_FOLDERS = {
    "chat": ("openai-sse", "chat-compatible"),
    "anthropic": ("anthropic",),
    "responses": ("openai-responses",),
    "gemini": ("gemini",),
}
PROTOCOL_MEMBERS = (
    "chunk",
    "content",
    "finish_reasons",
    "model",
    "id",
    "usage",
    "input_tokens",
    "cached_tokens",
    "output_tokens",
    "cost_metadata",
    "common_finish_reasons",
    "common_usage",
)
NAMES = [entry.spec.NAME for entry in FORMATS]


def captures(name: str) -> list[Path]:
    return sorted(
        path for folder in CAPTURE_FOLDERS[name] for path in (SHARED_FIXTURES / folder).glob("*.sse")
    )


def payloads(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a capture's data lines (the events the wire reads)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("data:") and line[5:].strip().startswith("{"):
            found.append(json.loads(line[5:]))
    return found


def every_capture() -> list[Any]:
    return [pytest.param(name, path, id=f"{name}/{path.name}") for name in NAMES for path in captures(name)]


def test_the_registry_lists_each_format_once_with_its_captures() -> None:
    """Each format has a spec that names it and its stream, and real captures;
    a format added to FORMATS without captures fails here."""
    assert len(set(NAMES)) == len(NAMES) == len(BY_NAME)
    assert set(NAMES) == set(CAPTURE_FOLDERS), "name the new format's captures in CAPTURE_FOLDERS"
    for entry in FORMATS:
        assert entry.spec.STREAM and callable(entry.spec.claims)
        assert captures(entry.spec.NAME), f"no captures for {entry.spec.NAME}"


@pytest.mark.parametrize(("name", "path"), every_capture())
def test_each_format_is_routed_everywhere_and_answers_the_protocol(name: str, path: Path) -> None:
    """Every event of every capture: the registry says its format, wrap() and
    wrap_sse() give that format's wrapper, which answers every protocol member,
    and StreamAccumulator folds the stream with that format's fold."""
    events = [p for p in payloads(path) if p.get("type") != "ping"]
    failed = next((i for i, p in enumerate(events) if server_error(p) is not None), None)
    if failed is not None:  # a stream the server ended with its error: what came before it
        events = events[:failed]
    wrapper = wrapper_of(name)
    for event in events:
        assert format_of(event) == name
        wrapped = wrap(event)
        assert type(wrapped) is wrapper
        assert isinstance(wrapped, BaseCallResponseChunk)
        for member in PROTOCOL_MEMBERS:
            getattr(wrapped, member)  # answers, or raises for what the chunk holds: never
    from_wire: list[Any] = []
    if failed is None:
        from_wire += wrap_sse([path.read_bytes()])
    else:
        with pytest.raises(StreamError):
            from_wire += (w for w in wrap_sse([path.read_bytes()]))
    assert [type(w) for w in from_wire] == [wrapper] * len(events)
    assert [w.chunk for w in from_wire] == events
    acc = StreamAccumulator()
    for w in from_wire:
        acc.add(w)
    if BY_NAME[name].fold is None:
        assert acc._events is None  # Chat Completions: the accumulator's own fold
    else:
        assert type(acc._events) is fold_of(name)
    for member in ("content", "finish_reasons", "model", "id", "usage", "common_usage", "cost_metadata"):
        getattr(acc, member)
    json.dumps(acc.to_dict())


def _imports(path: Path) -> list[tuple[int, str]]:
    """The package-relative modules ``path`` imports, as dotted names under chunkwrap, with their level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE).parent.parts
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - node.level + 1])
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            names = [target] if node.module else [f"{target}.{a.name}".strip(".") for a in node.names]
            found += [(node.col_offset, n) for n in names]
    return found


FORMAT_PACKAGES = {f"_{name}" for name in NAMES}


@pytest.mark.parametrize("package", sorted(FORMAT_PACKAGES))
def test_a_format_depends_on_the_core_alone(package: str) -> None:
    """A format's modules import the core and their own folder: never another
    format, the wire or the front (the registry, asked lazily for an error
    message, is the one exception, inside a function)."""
    for path in sorted((PACKAGE / package).glob("*.py")):
        for indent, module in _imports(path):
            top = module.split(".")[0]
            if top == "_formats":
                assert indent > 0, f"{path.name} imports the registry at module level"
                continue
            assert top in {"_core", package}, f"{package}/{path.name} imports {module}"


def test_the_core_and_the_decoder_know_no_format() -> None:
    """The core imports only itself and the public protocol (and the registry
    lazily, for one error); the sans-IO decoder only the errors."""
    for path in sorted((PACKAGE / "_core").glob("*.py")):
        for indent, module in _imports(path):
            top = module.split(".")[0]
            lazy = top == "_formats" and indent > 0
            assert top in {"_core", "protocol"} or lazy, f"_core/{path.name} imports {module}"
    assert {module for _, module in _imports(PACKAGE / "_wire" / "sse.py")} == {"_core.errors"}


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        pytest.param({"choices": []}, "choices: a Chat Completions chunk in an Anthropic Messages stream", id="chat"),
        pytest.param({"candidates": []}, "candidates: a Gemini chunk in an Anthropic Messages stream", id="gemini"),
        pytest.param({"type": "response.created"}, None, id="typed-event"),
        pytest.param({"foo": 1}, None, id="no-format"),
    ],
)
def test_foreign_names_an_untyped_chunk_of_another_format(payload: dict[str, Any], expected: str | None) -> None:
    """The registry's error for a Chat Completions or Gemini chunk inside an event
    stream; an event (its fold reads its type) or an object of no format has none."""
    error = foreign(payload, "an Anthropic Messages")
    assert (None if error is None else str(error)) == expected
