"""The README's example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re

from .conftest import ROOT


def test_readme_example_runs() -> None:
    """The first Python block of README.md runs; its commented output is what it prints."""
    text = (ROOT / "README.md").read_text()
    example = re.search(r"```python\n(.*?)```", text, re.S)
    assert example is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example.group(1), "README.md", "exec"), {})
    expected = [
        line.split("# ", 1)[1]
        for line in example.group(1).splitlines()
        if line.startswith("# ") and "Usage(" in line
    ]
    assert out.getvalue().splitlines()[0] == "Hello"
    assert expected[0] in out.getvalue()
    assert "9 8 9" in out.getvalue()
