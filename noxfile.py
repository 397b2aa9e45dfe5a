"""The version matrix, lint and types: ``python -m nox`` (``-l`` lists the sessions).

Every Python from 3.9 to 3.13 runs the tests against openai's oldest
supported 1.x and its newest release for that Python; the newest also with
the newest google-genai for that Python, the oldest without google-genai (see
OPENAI), as ``tests_without_openai`` runs with no SDK at all. In CI (``CI`` set) a
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
# openai before 1.55.3 passes httpx a `proxies` argument that httpx 0.28 removed, and no
# google-genai after 1.2.0 installs beside httpx<0.28: the oldest corner takes the test
# tools less google-genai (the test-core extra), and its Gemini oracle tests skip.
OPENAI = {
    "oldest": (".[test-core]", "openai==1.40.0", "httpx<0.28"),
    "newest": (".[test]", "openai"),
}
# The compatibility target; it pins openai<2 and google-genai<2, so these are also
# the newest openai 1.x and google-genai 1.x.
MIRASCOPE = "mirascope[openai,anthropic,google]==1.25.7"
# ruff's version is pinned once, in the pre-commit config: a ruff release
# cannot change what lint accepts without a change here.
RUFF = "ruff==" + re.search(
    r"ruff-pre-commit\s+rev: v([0-9.]+)", Path(__file__).with_name(".pre-commit-config.yaml").read_text()
).group(1)


def versions(*names: str) -> str:
    """A ``python -c`` program that prints each distribution's version (or "not installed")."""
    return (
        "import importlib.metadata as m, sys\n"
        "def v(n):\n"
        "    try:\n"
        "        return m.version(n)\n"
        "    except m.PackageNotFoundError:\n"
        "        return 'not installed'\n"
        f"print(*(n + ' ' + v(n) for n in {names!r}), 'on', sys.version.split()[0])"
    )


@nox.session(python=PYTHONS)
@nox.parametrize("openai", list(OPENAI))
def tests(session: nox.Session, openai: str) -> None:
    """The test suite on one Python with one openai (and, with the newest, the newest google-genai)."""
    extras, *pins = OPENAI[openai]
    session.install("-e", extras, *pins)
    session.run("python", "-c", versions("openai", "google-genai"))
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session(python=PYTHONS[-1])
def tests_without_openai(session: nox.Session) -> None:
    """No SDK (openai, anthropic, google-genai) and no pydantic installed: the dict path, the
    protocol, the command line, import; every SDK oracle test skips."""
    session.install("-e", ".", "pytest", "hypothesis")
    session.run(
        "python",
        "-c",
        "import importlib.metadata as m, sys\n"
        "for n in ('openai', 'anthropic', 'google-genai', 'pydantic'):\n"
        "    try:\n"
        "        sys.exit(n + ' ' + m.version(n) + ' is installed')\n"
        "    except m.PackageNotFoundError:\n"
        "        pass",
    )
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session(python="3.11")
def mirascope(session: nox.Session) -> None:
    """The tests with Mirascope installed: tests/test_mirascope_oracle.py asks it
    the same questions as chunkwrap (skipped elsewhere), on the newest openai 1.x
    and google-genai 1.x, which it pins."""
    session.install("-e", ".[test]", MIRASCOPE)
    session.run("python", "-c", versions("mirascope", "openai", "google-genai"))
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
