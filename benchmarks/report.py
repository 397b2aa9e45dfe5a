"""The Markdown report: goals first, then every measurement behind them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

GOALS_PYTHON = "3.11"
"""The goals are set on this Python; on 3.12 and newer the floor itself is
about twice as fast, so the same table there shows how the ratios move."""


def markers(python: str) -> tuple[str, str]:
    """The README markers around the report for one Python (major.minor)."""
    return f"<!-- benchmarks python{python}:start -->", f"<!-- benchmarks python{python}:end -->"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _fmt(x: float | None, suffix: str = "x") -> str:
    return "n/a" if x is None else f"{x:.2f}{suffix}"


# W10's goals per capture (json, orjson), issue 20's: anthropic 2.16 made
# messages.stream() 2.2x faster.
_W10_BARS = {"anthropic thinking-text": (8, 9.5), "anthropic web-search": (7, None)}

HELD = {"W1 text": 2.09, "W2 text": 3.71, "W5 SDK chunks": 3.68, "W5 dicts": 2.53}
"""The held lines: each ratio as measured on Python 3.11 when it was held (W1 2.20x, W2 3.90x
faster than Mirascope; W5 3.50x and 2.41x the floor), with 5% of room."""


def goals(  # noqa: PLR0915 - one goal a few lines, in the order the report shows them
    here: dict[str, Any], mira: dict[str, Any] | None, imports: dict[str, Any]
) -> list[tuple[str, str, str, bool | None]]:
    """(workload, goal, measured, met) rows."""
    rows: list[tuple[str, str, str, bool | None]] = []
    h = here["results"]
    m = mira["results"] if mira else None

    def at_least(workload: str, goal: str, ratio: float | None, bar: float) -> None:
        rows.append((workload, goal, _fmt(ratio), ratio is not None and ratio >= bar))

    def at_most(workload: str, goal: str, ratio: float | None, bar: float) -> None:
        rows.append((workload, goal, _fmt(ratio), ratio is not None and ratio <= bar))

    def vs_mirascope(workload: str, kind: str, bar: float, held: bool = False) -> None:
        goal = f"{'held: ' if held else ''}>= {bar}x faster than Mirascope"
        if m is None:
            rows.append((f"{workload} {kind}", goal, "Mirascope not installed", None))
        else:
            w = m[workload][kind]
            at_least(f"{workload} {kind}", goal, _ratio(w["Mirascope"], w["chunkwrap (SDK)"]), bar)

    # W1 and W2 sit at the frozen, checked wrapper's ceiling on 3.11 (docs/benchmarks.md says
    # why): they are held, no longer goals, at today's ratio less 5%.
    vs_mirascope("W1", "text", HELD["W1 text"], held=True)
    vs_mirascope("W2", "text", HELD["W2 text"], held=True)
    w2 = (m or h)["W2"]["text"]
    at_most("W2 text", "<= 3.0x the floor", _ratio(w2["chunkwrap (SDK)"], w2["floor (SDK)"]), 3.0)
    vs_mirascope("W2", "mix", 4.0)
    w3 = h["W3"]
    at_most(
        "W3",
        "cached read <= 2x a plain property",
        _ratio(w3["chunkwrap cached read"], w3["plain property"]),
        2.0,
    )
    if m is not None:
        w4 = m["W4"]["text"]
        goal = ">= 3x faster than json + model_validate + Mirascope"
        at_least(
            "W4 text",
            goal,
            _ratio(w4["json + model_validate + Mirascope"], w4["json + chunkwrap (dict)"]),
            3.0,
        )
    w5 = h["W5"]
    sdk_state = w5["openai ChatCompletionStreamState"]
    # W5's 100x against the SDK's accumulator was retired: the fold is held at its floor ratio.
    for kind, contender in (("SDK chunks", "SDK"), ("dicts", "dict")):
        rows.append(
            (
                f"W5 {kind}",
                "faster than the SDK's accumulator (fed SDK chunks; no goal)",
                _fmt(_ratio(sdk_state, w5[f"chunkwrap ({contender})"])),
                None,
            )
        )
        bar = HELD[f"W5 {kind}"]
        floor = _ratio(w5[f"chunkwrap ({contender})"], w5[f"floor ({contender})"])
        at_most(f"W5 {kind}", f"held: <= {bar}x the floor", floor, bar)
    at_most("W5", "linear: 50,000 chunks ~10x 5,000", w5["50k/5k time ratio"], 13)
    cw_import = imports["chunkwrap"]["importtime_us"]
    at_most(
        "W6", "<= 1.25x the import time of attrs", _ratio(cw_import, imports["attrs"]["importtime_us"]), 1.25
    )
    if "mirascope.core.openai" in imports:
        r6 = _ratio(imports["mirascope.core.openai"]["importtime_us"], cw_import)
        at_least("W6", ">= 15x faster than mirascope.core.openai", r6, 15)
    for capture, w8 in h.get("W8", {}).items():
        sdk = w8["openai Stream + chunkwrap"]
        at_least(f"W8 {capture}", ">= 24x less CPU than the SDK's Stream", _ratio(sdk, w8["wrap_sse"]), 24)
        if "wrap_sse (orjson)" in w8:
            goal = ">= 32x less CPU than the SDK's Stream (orjson)"
            at_least(f"W8 {capture}", goal, _ratio(sdk, w8["wrap_sse (orjson)"]), 32)
        at_most(f"W8 {capture}", "<= 1.1x the floor", _ratio(w8["wrap_sse"], w8["floor"]), 1.1)
        events = h["W8 events"][capture]
        if "httpx-sse" in events:
            goal = ">= 2x faster per event than httpx-sse"
            at_least(f"W8 {capture}", goal, _ratio(events["httpx-sse"], events["SSEDecoder"]), 2)
        w9 = h["W9"][capture]
        goal = ">= 30x less CPU than Stream + ChatCompletionStreamState"
        ratio = _ratio(w9["openai Stream + ChatCompletionStreamState"], w9["wrap_sse + StreamAccumulator"])
        at_least(f"W9 {capture}", goal, ratio, 30)
    for workload, helper, bars in (
        ("W10", "anthropic messages.stream()", _W10_BARS),
        ("W11", "openai responses.stream()", {"": (20, None)}),
        ("W12", "google-genai generate_content_stream()", {"": (20, None)}),
    ):
        unit = "chunk" if workload == "W12" else "event"
        for capture, times in h.get(workload, {}).items():
            bar, orjson_bar = bars.get(capture, bars.get("", (0, None)))
            goal = f">= {bar}x less CPU per {unit} than {helper}"
            at_least(
                f"{workload} {capture}",
                goal,
                _ratio(times[helper], times["wrap_sse + StreamAccumulator"]),
                bar,
            )
            if orjson_bar is not None and "wrap_sse (orjson) + StreamAccumulator" in times:
                at_least(
                    f"{workload} {capture}",
                    f">= {orjson_bar}x less CPU per {unit} than {helper} (orjson)",
                    _ratio(times[helper], times["wrap_sse (orjson) + StreamAccumulator"]),
                    orjson_bar,
                )
    w13 = h.get("W13")
    if w13:
        small, large = w13["20 KB"], w13["80 KB"]
        goal = ">= 3x less CPU than jiter reparsing each fragment (the SDKs')"
        at_least("W13 80 KB", goal, _ratio(large["jiter reparse (the SDKs')"], large["PartialJSON"]), 3)
        at_most("W13", "linear: 80 KB <= 4.5x 20 KB", _ratio(large["PartialJSON"], small["PartialJSON"]), 4.5)
        goal = "<= 30x the floor (one json.loads at the end)"
        at_most("W13 80 KB", goal, _ratio(large["PartialJSON"], large["json.loads at the end (floor)"]), 30)
    bytes_cw = (m or h)["W7"]["chunkwrap (SDK)"]
    rows.append(("W7", "<= 250 bytes a wrapper", f"{bytes_cw:.0f} B", bytes_cw <= 250))
    if m is not None:
        at_least("W7", ">= 2x smaller than Mirascope", _ratio(m["W7"]["Mirascope"], bytes_cw), 2)
    return rows


# The rows the README shows; the rest are in docs/benchmarks.md.
HEADLINE = (
    ("W1 text", "Mirascope"),
    ("W2 text", "Mirascope"),
    ("W5 SDK chunks", "held"),
    ("W8 openai json-object-content", "SDK's Stream"),
    ("W8 openai json-object-content", "(orjson)"),
    ("W8 openai json-object-content", "floor"),
    ("W8 openai json-object-content", "httpx-sse"),
    ("W9 openai json-object-content", "ChatCompletionStreamState"),
    ("W10 anthropic thinking-text", "messages.stream()"),
    ("W11 responses reasoning-summary", "responses.stream()"),
    ("W12 gemini thinking", "generate_content_stream()"),
    ("W13 80 KB", "jiter reparsing"),
    ("W13 80 KB", "the floor"),
)


def headline(
    here: dict[str, Any], mira: dict[str, Any] | None, imports: dict[str, Any], *, command: str, machine: str
) -> str:
    """The README's table: a few goal rows, with the command and machine that measured them."""
    rows = [
        row
        for row in goals(here, mira, imports)
        if any(row[0] == workload and words in row[1] for workload, words in HEADLINE)
    ]
    lines = [
        f"Python {here['env']['python']}, measured with `{command}` on {machine}; every row, and the"
        " tables behind it, in [docs/benchmarks.md](docs/benchmarks.md).",
        "",
        "| workload | goal | measured |",
        "|---|---|---|",
        *(f"| {workload} | {goal} | {measured} |" for workload, goal, measured, _ in rows),
    ]
    return "\n".join(lines) + "\n"


def _table(title: str, data: dict[str, dict[str, float]], unit: str = "ns/chunk") -> list[str]:
    contenders = list(next(iter(data.values())))
    lines = [
        f"**{title}** ({unit})" if unit else f"**{title}**",
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
    if env.get("anthropic"):
        parts.append(f"anthropic {env['anthropic']}")
    for package in ("google-genai", "jiter"):
        if env.get(package):
            parts.append(f"{package} {env[package]}")
    parts.append(f"Mirascope {env['mirascope']}" if env.get("mirascope") else "Mirascope not installed")
    return ", ".join(parts)


# The package each workload's contenders run on: a ratio moves when that package's release does.
_MEASURED_WITH = {
    "W1": "mirascope",
    "W2": "mirascope",
    "W4": "mirascope",
    "W7": "mirascope",
    "W5": "openai",
    "W8": "openai",
    "W9": "openai",
    "W11": "openai",
    "W10": "anthropic",
    "W12": "google-genai",
    "W13": "jiter",
}


def measured_with(workload: str, env: dict[str, Any], mira_env: dict[str, Any] | None) -> str:
    """The versions a goal row was measured with (docs/benchmarks.md's last column)."""
    package = _MEASURED_WITH.get(workload.split(maxsplit=1)[0])
    if package == "mirascope":
        if mira_env is None:
            package = "openai"
        else:
            return f"Mirascope {mira_env['mirascope']}, openai {mira_env['openai']}"
    if package is None or not env.get(package):
        return "-"
    return f"{package} {env[package]}"


def render(
    here: dict[str, Any], mira: dict[str, Any] | None, imports: dict[str, Any], *, command: str, machine: str
) -> str:
    lines = [
        f"Measured with `{command}` on {machine}: each comparison's contenders interleaved in one process, the minimum of every round kept.",
        "",
    ]
    python = ".".join(here["env"]["python"].split(".")[:2])
    if python != GOALS_PYTHON:
        lines += [
            f"The goals are set on Python {GOALS_PYTHON}; this is the same table on Python {python}, where the floor is faster too.",
            "",
        ]
    lines += [
        f"- here: {_env_line(here['env'])}",
        f"- Mirascope's environment: {_env_line(mira['env'])}"
        if mira
        else "- Mirascope's environment: not installed",
        "",
        "| workload | goal | measured | met | measured with |",
        "|---|---|---|---|---|",
    ]
    for workload, goal, measured, met in goals(here, mira, imports):
        lines.append(
            f"| {workload} | {goal} | {measured} | {'yes' if met else 'no' if met is False else '-'}"
            f" | {measured_with(workload, here['env'], mira['env'] if mira else None)} |"
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
    if "W8" in here["results"]:
        lines += _table("W8: SSE bytes in 8 KiB pieces to the nine W2 values, here", here["results"]["W8"])
        lines += _table("W8: SSE bytes to events, decoders alone", here["results"]["W8 events"], "ns/event")
        if mira and mira["results"].get("W8"):
            lines += _table("W8: Mirascope's path, in its environment", mira["results"]["W8"])
        lines += _table("W9: SSE bytes to the final chat.completion", here["results"]["W9"])
    for workload, title in (
        ("W10", "W10: an Anthropic Messages stream to the final message, per event at the margin"),
        ("W11", "W11: an OpenAI Responses stream to the final response, per event at the margin"),
        ("W12", "W12: a Gemini stream to the final response, per chunk at the margin"),
    ):
        if here["results"].get(workload):
            lines += _table(title, here["results"][workload], "ns/chunk" if workload == "W12" else "ns/event")
    if here["results"].get("W13"):
        title = "W13: a tool call's arguments read as JSON after every fragment"
        lines += _table(title, here["results"]["W13"], "µs of CPU per stream")
    return "\n".join(lines).rstrip() + "\n"


HEADLINE_MARKERS = ("<!-- benchmarks headline:start -->", "<!-- benchmarks headline:end -->")


def write_headline(path: Path, table: str) -> None:
    """Put the headline table between the README's headline markers."""
    text = path.read_text()
    start, end = HEADLINE_MARKERS
    if start not in text:
        raise SystemExit(f"{path.name} has no headline markers to write the table between")
    head, rest = text.split(start, 1)
    path.write_text(head + start + "\n" + table + end + rest.split(end, 1)[1])


def write_readme(path: Path, report: str, python: str) -> None:
    """Put the report between ``python``'s markers, adding a section for a Python not there yet
    (``path`` is docs/benchmarks.md)."""
    text = path.read_text()
    start, end = markers(python)
    if start not in text:
        last = max(text.rindex(markers(v)[1]) for v in _pythons_in(text))
        at = text.index("\n", last) + 1
        section = f"\n### Python {python}\n\n{start}\n{end}\n"
        text = text[:at] + section + text[at:]
    head, rest = text.split(start, 1)
    path.write_text(head + start + "\n" + report + end + rest.split(end, 1)[1])


def _pythons_in(text: str) -> list[str]:
    found = re.findall(r"<!-- benchmarks python([0-9.]+):end -->", text)
    if not found:
        raise SystemExit("README.md has no benchmark markers to write the report between")
    return found
