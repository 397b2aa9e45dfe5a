"""W6: import time, from ``python -X importtime`` and from wall time minus a bare start-up."""

from __future__ import annotations

import os
import re
import subprocess
import time


def importtime_us(python: str, module: str, env: dict[str, str], runs: int) -> float:
    """The smallest cumulative µs ``-X importtime`` reports for ``module`` over ``runs``."""
    best = float("inf")
    pattern = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)$")
    for _ in range(runs):
        err = subprocess.run(
            [python, "-X", "importtime", "-c", f"import {module}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        for line in err.splitlines():
            match = pattern.match(line)
            if match and match.group(3) == module and not match.group(2):
                best = min(best, float(match.group(1)))
    return best


def wall_ms(python: str, module: str, env: dict[str, str], runs: int) -> float:
    """Smallest wall time of ``import module`` minus that of a bare start-up, in ms."""

    def fastest(code: str) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([python, "-c", code], env=env, check=True)
            times.append(time.perf_counter() - start)
        return min(times)

    bare = fastest("pass")
    return max(0.0, (fastest(f"import {module}") - bare) * 1000)


def measure(python: str, module: str, pythonpath: str | None, runs: int) -> dict[str, float]:
    # Bytecode as an installed package has it: pip compiles at install, but a
    # source checkout under PYTHONDONTWRITEBYTECODE would compile every time
    # (about 15 ms of chunkwrap's import here). One warm-up run writes it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    subprocess.run([python, "-c", f"import {module}"], env=env, check=True)
    return {
        "importtime_us": importtime_us(python, module, env, runs),
        "wall_ms": wall_ms(python, module, env, runs),
    }
