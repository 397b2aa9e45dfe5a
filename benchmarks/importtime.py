"""W6: import time, from ``python -X importtime`` and from wall time minus a bare start-up.

The contenders alternate run by run, like every other comparison here, and
each keeps its minimum: the machine's background load drifts over minutes.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from typing import NamedTuple

_CUMULATIVE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)$")


class Contender(NamedTuple):
    python: str
    module: str
    pythonpath: str | None


def _env(pythonpath: str | None) -> dict[str, str]:
    # Bytecode as an installed package has it: pip compiles at install, but a
    # source checkout under PYTHONDONTWRITEBYTECODE would compile every time
    # (about 15 ms of chunkwrap's import here).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def _importtime_us(c: Contender, env: dict[str, str]) -> float:
    err = subprocess.run(
        [c.python, "-X", "importtime", "-c", f"import {c.module}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    for line in err.splitlines():
        match = _CUMULATIVE.match(line)
        if match and match.group(3) == c.module and not match.group(2):
            return float(match.group(1))
    raise RuntimeError(f"-X importtime did not report {c.module}")


def _wall_s(python: str, code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([python, "-c", code], env=env, check=True)
    return time.perf_counter() - start


def measure(contenders: dict[str, Contender], runs: int) -> dict[str, dict[str, float]]:
    """Per contender: the smallest ``-X importtime`` cumulative µs, and the
    smallest wall time of the import minus that of a bare start-up, in ms."""
    envs = {name: _env(c.pythonpath) for name, c in contenders.items()}
    for name, c in contenders.items():  # warm-up: writes the bytecode
        subprocess.run([c.python, "-c", f"import {c.module}"], env=envs[name], check=True)
    importtime = {name: float("inf") for name in contenders}
    wall = {name: float("inf") for name in contenders}
    bare = {name: float("inf") for name in contenders}
    for _ in range(runs):
        for name, c in contenders.items():
            env = envs[name]
            importtime[name] = min(importtime[name], _importtime_us(c, env))
            bare[name] = min(bare[name], _wall_s(c.python, "pass", env))
            wall[name] = min(wall[name], _wall_s(c.python, f"import {c.module}", env))
    return {
        name: {"importtime_us": importtime[name], "wall_ms": max(0.0, (wall[name] - bare[name]) * 1000)}
        for name in contenders
    }
