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
from chunkwrap import ChunkError, StreamAccumulator, StreamError, wrap, wrap_sse
from chunkwrap._core.server import server_error
from chunkwrap._formats import BY_NAME, FORMATS, fold_of, foreign, format_of, wrapper_of
from chunkwrap.protocol import MEMBERS, BaseCallResponseChunk

from .conftest import REPO_CAPTURES, SHARED_FIXTURES
from .helpers import FOLD_ANSWERS

PACKAGE = Path(chunkwrap.__file__).parent

# Each format's folders of real captures under ../shared/fixtures.
CAPTURE_FOLDERS = {
    "chat": ("openai-sse", "chat-compatible"),
    "anthropic": ("anthropic",),
    "responses": ("openai-responses",),
    "gemini": ("gemini",),
}
PROTOCOL_MEMBERS = MEMBERS  # every member of the protocol, as chunkwrap.protocol lists them
NAMES = [entry.spec.NAME for entry in FORMATS]


def captures(name: str) -> list[Path]:
    """The format's captures: ../shared/fixtures' folders, then this repository's (tests/captures/)."""
    return sorted(
        path
        for folder in CAPTURE_FOLDERS[name]
        for root in (SHARED_FIXTURES, REPO_CAPTURES)
        for path in (root / folder).glob("*.sse")
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
    for member in FOLD_ANSWERS:  # each answer the accumulator gives, which an event format's fold gives
        getattr(acc, member)
    json.dumps(acc.to_dict())
    try:
        acc.parsed_arguments  # noqa: B018
        acc.parsed_content  # noqa: B018
    except ChunkError:
        pass  # a text answer is no JSON: the error is the answer


def _imports(path: Path) -> list[tuple[bool, str]]:
    """The chunkwrap modules ``path`` imports, dotted under the package (``_core.read``),
    each with whether the import is inside a function (lazy) or not."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE).parent.parts
    lazy_nodes = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        lazy = id(node) in lazy_nodes
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - node.level + 1])
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            names = [target] if node.module else [f"{target}.{a.name}".strip(".") for a in node.names]
            found += [(lazy, name) for name in names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "chunkwrap":
            found.append((lazy, node.module.partition(".")[2] or "__init__"))  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found += [
                (lazy, a.name.partition(".")[2]) for a in node.names if a.name.split(".")[0] == "chunkwrap"
            ]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
            "import_module",
            "__import__",
        }:
            found.append((lazy, "<dynamic import>"))
    return found


FORMAT_PACKAGES = {f"_{name}" for name in NAMES}


@pytest.mark.parametrize("package", sorted(FORMAT_PACKAGES))
def test_a_format_depends_on_the_core_alone(package: str) -> None:
    """A format's modules import the core and their own folder: never another
    format, the wire or the front (the registry, asked lazily for an error
    message, is the one exception, inside a function)."""
    paths = sorted((PACKAGE / package).rglob("*.py"))
    assert paths, f"no folder {package}: a format's folder is named _<its spec's NAME>"
    for path in paths:
        for lazy, module in _imports(path):
            top = module.split(".")[0]
            if top == "_formats":
                assert lazy, f"{path.name} imports the registry at module level"
                continue
            assert top in {"_core", package}, f"{package}/{path.name} imports {module}"


def test_the_core_and_the_decoder_know_no_format() -> None:
    """The core imports only itself and the public protocol (and the registry
    lazily, for one error); the sans-IO decoder only the errors."""
    for path in sorted((PACKAGE / "_core").rglob("*.py")):
        for lazy, module in _imports(path):
            top = module.split(".")[0]
            assert top in {"_core", "protocol"} or (top == "_formats" and lazy), (
                f"_core/{path.name} imports {module}"
            )
    assert {module for _, module in _imports(PACKAGE / "_wire" / "sse.py")} == {"_core.errors"}


def test_each_spec_lives_in_its_formats_folder() -> None:
    """A format's spec is ``_<NAME>/spec.py``: the folder the layout rule checks."""
    for entry in FORMATS:
        assert entry.spec.__name__ == f"chunkwrap._{entry.spec.NAME}.spec"


def test_the_import_checker_sees_what_would_break_the_rule(tmp_path: Path) -> None:
    """The checker above finds another format's module imported every way a module can."""
    fake = PACKAGE / "_gemini" / "_probe_for_the_checker.py"
    source = (
        "from .._anthropic.fold import AnthropicFold\n"
        "import chunkwrap._responses.fold\n"
        "from chunkwrap._chat import read\n"
        "def later():\n    from .. import _formats\n    import importlib\n    importlib.import_module('x')\n"
    )
    try:
        fake.write_text(source, encoding="utf-8")
        found = _imports(fake)
    finally:
        fake.unlink()
    assert found == [
        (False, "_anthropic.fold"),
        (False, "_responses.fold"),
        (False, "_chat"),
        (True, "_formats"),
        (True, "<dynamic import>"),
    ]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        pytest.param({"choices": []}, None, id="chat"),  # the fold's mixed(), which it asks first
        pytest.param(
            {"candidates": []}, "candidates: a Gemini chunk in an Anthropic Messages stream", id="gemini"
        ),
        pytest.param({"type": "response.created"}, None, id="typed-event"),
        pytest.param({"foo": 1}, None, id="no-format"),
    ],
)
def test_foreign_names_an_untyped_chunk_of_another_format(
    payload: dict[str, Any], expected: str | None
) -> None:
    """The registry's error for a Gemini chunk (an event format with no ``type``)
    inside another event stream; a chat chunk (the fold's own ``mixed()``), an
    event (its fold reads its type) or an object of no format has none."""
    error = foreign(payload, "an Anthropic Messages")
    assert (None if error is None else str(error)) == expected


@pytest.mark.parametrize("chunk", [{"usage": {}}, {"object": "chat.completion.chunk"}, {"x_groq": {}}])
def test_a_typeless_chunk_without_choices_in_an_event_stream_is_a_type_error(chunk: dict[str, Any]) -> None:
    """In an event stream, a chunk with a chat member but no choices (and no
    type) is an event without a type, as it was before the registry."""
    acc = StreamAccumulator()
    acc.add({"type": "message_start", "message": {"id": "m", "model": "x", "usage": {"input_tokens": 1}}})
    with pytest.raises(ChunkError, match=r"^type: expected a string, got null$"):
        acc.add(chunk)
