"""The version matrix, lint and types: ``python -m nox`` (``-l`` lists the sessions).

Every Python from 3.9 to 3.13 runs the tests against openai's oldest
supported 1.x and its newest release for that Python. In CI (``CI`` set) a
missing interpreter fails the run, so the matrix cannot pass by skipping;
on a developer's machine it is skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nox

nox.options.error_on_missing_interpreters = bool(os.environ.get("CI"))
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "tests_without_openai", "mirascope", "lint", "types"]

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
# openai before 1.55.3 passes httpx a `proxies` argument that httpx 0.28 removed.
OPENAI = {"oldest": ["openai==1.40.0", "httpx<0.28"], "newest": ["openai"]}
# The compatibility target; it pins openai<2, so this is also the newest openai 1.x.
MIRASCOPE = "mirascope[openai,anthropic]==1.25.7"
# ruff's version is pinned once, in the pre-commit config: a ruff release
# cannot change what lint accepts without a change here.
RUFF = "ruff==" + re.search(
    r"ruff-pre-commit\s+rev: v([0-9.]+)", Path(__file__).with_name(".pre-commit-config.yaml").read_text()
).group(1)


@nox.session(python=PYTHONS)
@nox.parametrize("openai", list(OPENAI))
def tests(session: nox.Session, openai: str) -> None:
    """The test suite on one Python with one openai."""
    session.install("-e", ".[test]", *OPENAI[openai])
    session.run(
        "python",
        "-c",
        "import openai, sys; print('openai', openai.__version__, 'on', sys.version.split()[0])",
    )
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session(python=PYTHONS[-1])
def tests_without_openai(session: nox.Session) -> None:
    """No openai (and no pydantic) installed: the dict path, the protocol, the command line, import."""
    session.install("-e", ".", "pytest", "hypothesis")
    session.run(
        "python",
        "-c",
        "import importlib.util as u, sys; sys.exit(bool(u.find_spec('openai') or u.find_spec('pydantic')))",
    )
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session(python="3.11")
def mirascope(session: nox.Session) -> None:
    """The tests with Mirascope installed: tests/test_mirascope_oracle.py asks it
    the same questions as chunkwrap (skipped elsewhere), on the newest openai 1.x."""
    session.install("-e", ".[test]", MIRASCOPE)
    session.run(
        "python",
        "-c",
        "import importlib.metadata as m; print('mirascope', m.version('mirascope'), 'openai', m.version('openai'))",
    )
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session(python=PYTHONS[-1])
def lint(session: nox.Session) -> None:
    session.install(RUFF)
    session.run("ruff", "check", "chunkwrap", "tests", "benchmarks", "typing_tests", "noxfile.py")
    session.run("ruff", "format", "--check", "chunkwrap", "tests", "benchmarks", "typing_tests", "noxfile.py")


@nox.session(python=PYTHONS[0])
def types(session: nox.Session) -> None:
    """mypy --strict and pyright strict on the package and the static protocol checks,
    with Python 3.9's rules (``python_version``, ``pythonVersion``). On Python 3.9,
    so that pydantic, openai and anthropic are releases that run there: the
    newest pydantic has ``match`` statements, which mypy rejects under 3.9's rules."""
    session.install("-e", ".[lint]")
    session.run("mypy", "--strict", "chunkwrap", "typing_tests")
    session.run("pyright", "chunkwrap", "typing_tests")
