"""import chunkwrap stays light."""

from __future__ import annotations

import ast
import subprocess
import sys

import chunkwrap


def test_import_loads_no_heavy_modules() -> None:
    """A fresh `import chunkwrap` loads neither pydantic, openai, anthropic, google, asyncio nor json."""
    code = "import sys, chunkwrap; print(repr(sorted(sys.modules)))"
    loaded = set(ast.literal_eval(subprocess.check_output([sys.executable, "-c", code], text=True)))
    heavy = {
        m
        for m in loaded
        if m.split(".")[0]
        in {"openai", "pydantic", "pydantic_core", "asyncio", "json", "anthropic", "google"}
    }
    assert heavy == set()


def test_dict_path_works_without_openai_importable() -> None:
    """With openai and pydantic made unimportable, wrapping dicts and the accumulator still work."""
    code = (
        "import sys\n"
        "sys.modules['openai'] = None; sys.modules['pydantic'] = None\n"
        "import chunkwrap\n"
        "w = chunkwrap.wrap({'choices': [{'index': 0, 'delta': {'content': 'hi'}}]})\n"
        "acc = chunkwrap.StreamAccumulator(); acc.add(w)\n"
        "print(w.content, acc.content, chunkwrap.CallResponseChunk(w).content)\n"
    )
    out = subprocess.check_output([sys.executable, "-c", code], text=True)
    assert out.split() == ["hi", "hi", "hi"]


def test_version_is_a_literal_string() -> None:
    """__version__ is a plain string, readable in vendored copies."""
    assert isinstance(chunkwrap.__version__, str)
    assert chunkwrap.__version__.count(".") == 2


def test_all_is_sorted_and_complete() -> None:
    """__all__ is sorted and every name in it exists."""
    assert list(chunkwrap.__all__) == sorted(chunkwrap.__all__)
    for name in chunkwrap.__all__:
        assert hasattr(chunkwrap, name)


def test_mit_licence_is_declared_and_shipped() -> None:
    """The MIT licence text is in LICENSE, and pyproject.toml declares it (expression and classifier)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert (
        (root / "LICENSE").read_text().startswith("MIT License\n\nCopyright (c) 2026 the chunkwrap authors")
    )
    pyproject = (root / "pyproject.toml").read_text()
    assert '\nlicense = "MIT"\n' in pyproject
    assert '"License :: OSI Approved :: MIT License"' in pyproject
    assert '"LICENSE"' in pyproject  # in the sdist's include list
