"""``python -m benchmarks``: run every workload, print the report, optionally write it into the README.

Mirascope v1 pins ``openai<2``, so its comparisons run in an environment of
its own (``.benchmarks-env/mirascope-py3.11`` for Python 3.11, built on first
use with the Python running this): chunkwrap, the floor and Mirascope are
timed there in one process, on openai 1.x. The workloads that need no
Mirascope also run here, on the openai installed here.

Run it with each Python to compare: ``--write-readme`` fills that Python's
section of docs/benchmarks.md (and on Python 3.11, where the goals are set,
the README's headline table). ``python -m benchmarks micro`` times single
techniques instead (``benchmarks/micro.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

from . import importtime
from .report import GOALS_PYTHON, headline, render, write_headline, write_readme

ROOT = Path(__file__).resolve().parents[1]
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
MIRASCOPE_ENV = ROOT / ".benchmarks-env" / f"mirascope-py{PYTHON}"
MIRASCOPE_REQUIREMENTS = ["mirascope[openai]==1.25.7", "openai<2", "attrs", "pyperf"]


def mirascope_python(build: bool) -> str | None:
    """The Mirascope environment's interpreter, built if missing; None when it cannot be had."""
    python = MIRASCOPE_ENV / "bin" / "python"
    if not python.exists():
        if not build:
            return None
        print(f"building {MIRASCOPE_ENV} (once) ...", file=sys.stderr)
        try:
            venv.create(MIRASCOPE_ENV, with_pip=True, clear=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *MIRASCOPE_REQUIREMENTS], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"Mirascope: not installed ({exc})", file=sys.stderr)
            return None
    check = subprocess.run([str(python), "-c", "import mirascope.core.openai"], capture_output=True)
    return str(python) if check.returncode == 0 else None


def run_worker(python: str, quick: bool, pyperf_file: Path | None, mirascope: bool) -> dict[str, Any]:
    command = [python, "-m", "benchmarks.worker"]
    if quick:
        command.append("--quick")
    if mirascope:
        command.append("--mirascope")
    if pyperf_file is not None:
        command += ["--pyperf", str(pyperf_file)]
    out = subprocess.run(
        command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"benchmark worker failed under {python}:\n{out.stderr}")
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def cpu_model() -> str:
    """The CPU's name as Linux reports it, else what platform knows."""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer items and rounds: a fast pass, not numbers to quote"
    )
    parser.add_argument(
        "--write-readme",
        action="store_true",
        help=(
            "write the report into this Python's section of docs/benchmarks.md and, on "
            f"Python {GOALS_PYTHON}, the headline table into README.md"
        ),
    )
    parser.add_argument(
        "--no-mirascope",
        action="store_true",
        help="skip Mirascope's environment (report it as not installed)",
    )
    parser.add_argument("--pyperf-dir", type=Path, help="also write every timing as pyperf JSON files here")
    args = parser.parse_args()

    if args.pyperf_dir:
        args.pyperf_dir.mkdir(parents=True, exist_ok=True)
    here = run_worker(
        sys.executable,
        args.quick,
        args.pyperf_dir / "here.json" if args.pyperf_dir else None,
        mirascope=False,
    )
    mira_python = None if args.no_mirascope else mirascope_python(build=True)
    mirascope = (
        run_worker(
            mira_python,
            args.quick,
            args.pyperf_dir / "mirascope-env.json" if args.pyperf_dir else None,
            mirascope=True,
        )
        if mira_python
        else None
    )

    # Sixty: an import is ~30 ms here, and twenty left W6 ~15% apart between full runs.
    runs = 5 if args.quick else 60
    contenders = {
        "chunkwrap": importtime.Contender(sys.executable, "chunkwrap", str(ROOT)),
        "attrs": importtime.Contender(sys.executable, "attrs", None),
    }
    if mira_python:
        contenders["mirascope.core.openai"] = importtime.Contender(mira_python, "mirascope.core.openai", None)
    imports = importtime.measure(contenders, runs)

    command = "python -m benchmarks" + (" --quick" if args.quick else "")
    machine = f"{platform.system()} {platform.machine()} ({cpu_model()}), {os.cpu_count()} cores"
    report = render(here, mirascope, imports, command=command, machine=machine)
    print(report)
    if args.write_readme:
        write_readme(ROOT / "docs" / "benchmarks.md", report, PYTHON)
        if PYTHON == GOALS_PYTHON:
            table = headline(here, mirascope, imports, command=command, machine=machine)
            write_headline(ROOT / "README.md", table)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["micro"]:
        from . import micro

        sys.exit(micro.main(sys.argv[2:]))
    sys.exit(main())
