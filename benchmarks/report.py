"""The Markdown report: goals first, then every measurement behind them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _fmt(x: float | None, suffix: str = "x") -> str:
    return "n/a" if x is None else f"{x:.2f}{suffix}"


def goals(
    here: dict[str, Any], mira: dict[str, Any] | None, imports: dict[str, Any]
) -> list[tuple[str, str, str, bool | None]]:
    """(workload, goal, measured, met) rows."""
    rows: list[tuple[str, str, str, bool | None]] = []
    h = here["results"]
    m = mira["results"] if mira else None

    def vs_mirascope(workload: str, kind: str, goal: float) -> None:
        if m is None:
            rows.append(
                (f"{workload} {kind}", f">= {goal}x faster than Mirascope", "Mirascope not installed", None)
            )
            return
        r = _ratio(m[workload][kind]["Mirascope"], m[workload][kind]["chunkwrap (SDK)"])
        rows.append(
            (f"{workload} {kind}", f">= {goal}x faster than Mirascope", _fmt(r), r is not None and r >= goal)
        )

    vs_mirascope("W1", "text", 3.5)
    vs_mirascope("W2", "text", 6.0)
    source = m or h
    floor = _ratio(source["W2"]["text"]["chunkwrap (SDK)"], source["W2"]["text"]["floor (SDK)"])
    rows.append(("W2 text", "<= 3.0x the floor", _fmt(floor), floor is not None and floor <= 3.0))
    vs_mirascope("W2", "mix", 4.0)
    w3 = _ratio(h["W3"]["chunkwrap cached read"], h["W3"]["plain property"])
    rows.append(("W3", "cached read <= 2x a plain property", _fmt(w3), w3 is not None and w3 <= 2.0))
    if m is not None:
        w4 = _ratio(
            m["W4"]["text"]["json + model_validate + Mirascope"], m["W4"]["text"]["json + chunkwrap (dict)"]
        )
        rows.append(
            (
                "W4 text",
                ">= 3x faster than json + model_validate + Mirascope",
                _fmt(w4),
                w4 is not None and w4 >= 3.0,
            )
        )
    w5 = h["W5"]
    sdk_ratio = _ratio(w5["openai ChatCompletionStreamState"], w5["chunkwrap (SDK)"])
    rows.append(
        (
            "W5 SDK chunks",
            ">= 100x faster than the SDK's accumulator",
            _fmt(sdk_ratio),
            sdk_ratio is not None and sdk_ratio >= 100,
        )
    )
    dict_ratio = _ratio(w5["openai ChatCompletionStreamState"], w5["chunkwrap (dict)"])
    rows.append(
        (
            "W5 dicts",
            ">= 100x faster than the SDK's accumulator (fed SDK chunks)",
            _fmt(dict_ratio),
            dict_ratio is not None and dict_ratio >= 100,
        )
    )
    floor5 = _ratio(w5["chunkwrap (dict)"], w5["floor (dict)"])
    rows.append(("W5 dicts", "<= 6x the floor", _fmt(floor5), floor5 is not None and floor5 <= 6))
    floor5_sdk = _ratio(w5["chunkwrap (SDK)"], w5["floor (SDK)"])
    rows.append(
        ("W5 SDK chunks", "<= 6x the floor", _fmt(floor5_sdk), floor5_sdk is not None and floor5_sdk <= 6)
    )
    linear = w5["50k/5k time ratio"]
    rows.append(("W5", "linear: 50,000 chunks ~10x 5,000", _fmt(linear), linear <= 13))
    attrs_ratio = _ratio(imports["chunkwrap"]["importtime_us"], imports["attrs"]["importtime_us"])
    rows.append(
        (
            "W6",
            "<= 1.25x the import time of attrs",
            _fmt(attrs_ratio),
            attrs_ratio is not None and attrs_ratio <= 1.25,
        )
    )
    if "mirascope.core.openai" in imports:
        r6 = _ratio(imports["mirascope.core.openai"]["importtime_us"], imports["chunkwrap"]["importtime_us"])
        rows.append(("W6", ">= 15x faster than mirascope.core.openai", _fmt(r6), r6 is not None and r6 >= 15))
    bytes_cw = (m or h)["W7"]["chunkwrap (SDK)"]
    rows.append(("W7", "<= 250 bytes a wrapper", f"{bytes_cw:.0f} B", bytes_cw <= 250))
    if m is not None:
        r7 = _ratio(m["W7"]["Mirascope"], bytes_cw)
        rows.append(("W7", ">= 2x smaller than Mirascope", _fmt(r7), r7 is not None and r7 >= 2))
    return rows


def _table(title: str, data: dict[str, dict[str, float]], unit: str = "ns/chunk") -> list[str]:
    contenders = list(next(iter(data.values())))
    lines = [
        f"**{title}** ({unit})",
        "",
        "| | " + " | ".join(contenders) + " |",
        "|---" * (len(contenders) + 1) + "|",
    ]
    for kind, values in data.items():
        lines.append(f"| {kind} | " + " | ".join(f"{values[c]:,.0f}" for c in contenders) + " |")
    return [*lines, ""]


def _env_line(env: dict[str, Any]) -> str:
    parts = [
        f"Python {env['python']}",
        f"openai {env['openai']}",
        f"pydantic {env['pydantic']}",
        f"attrs {env['attrs']}",
    ]
    parts.append(f"Mirascope {env['mirascope']}" if env.get("mirascope") else "Mirascope not installed")
    return ", ".join(parts)


def render(
    here: dict[str, Any], mira: dict[str, Any] | None, imports: dict[str, Any], *, command: str, machine: str
) -> str:
    lines = [
        f"Measured with `{command}` on {machine}: each comparison's contenders interleaved in one process, the minimum of every round kept.",
        "",
        f"- here: {_env_line(here['env'])}",
        f"- Mirascope's environment: {_env_line(mira['env'])}"
        if mira
        else "- Mirascope's environment: not installed",
        "",
        "| workload | goal | measured | met |",
        "|---|---|---|---|",
    ]
    for workload, goal, measured, met in goals(here, mira, imports):
        lines.append(
            f"| {workload} | {goal} | {measured} | {'yes' if met else 'no' if met is False else '-'} |"
        )
    lines.append("")
    source = mira or here
    where = "Mirascope's environment (openai 1.x)" if mira else "here"
    lines += _table(f"W1: wrap + content, {where}", source["results"]["W1"])
    lines += _table(f"W2: wrap + nine reads, {where}", source["results"]["W2"])
    if mira:
        lines += _table("W2 on the newest openai, here", here["results"]["W2"])
    lines += _table("W4: JSON bytes to the W2 values", source["results"]["W4"])
    w5 = {k: v for k, v in here["results"]["W5"].items() if not k.startswith("50k")}
    lines += _table("W5: fold a stream into the final message", {"per chunk": w5})
    lines += [
        f"W5 linearity: 50,000 chunks take {here['results']['W5']['50k/5k time ratio']:.1f}x as long as 5,000.",
        "",
    ]
    lines += _table(
        "W3: repeated read of a computed property", {"text": here["results"]["W3"]}, unit="ns/read"
    )
    lines += _table(
        "W6: import time",
        {
            k: {"-X importtime (µs)": v["importtime_us"], "wall minus start-up (ms)": v["wall_ms"]}
            for k, v in imports.items()
        },
        unit="",
    )
    lines += _table("W7: bytes each wrapper keeps after W2", {"text": source["results"]["W7"]}, unit="bytes")
    return "\n".join(lines).rstrip() + "\n"


def write_readme(path: Path, report: str) -> None:
    text = path.read_text()
    start, end = text.index(START) + len(START), text.index(END)
    path.write_text(text[:start] + "\n" + report + text[end:])
