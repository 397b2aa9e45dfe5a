"""Runs the workloads in this interpreter and prints the results as JSON.

``python -m benchmarks.worker [--quick] [--mirascope] [--pyperf FILE]``: the
orchestrator (``python -m benchmarks``) runs it here, and with ``--mirascope``
in Mirascope's own environment.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import platform
import sys
import tracemalloc
from typing import Any, Callable

from openai.types.chat import ChatCompletionChunk

from . import data, formats, partial, wire, workloads
from .timing import Contender, best, interleaved


def version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


Wrapper = Callable[[Any], Any]


def mirascope_wrapper() -> Wrapper:
    """Mirascope's chunk wrapper, called as its users call it (keyword only)."""
    from mirascope.core.openai import OpenAICallResponseChunk

    return lambda c: OpenAICallResponseChunk(chunk=c)


def sdk(items: list[dict[str, Any]]) -> list[Any]:
    return [ChatCompletionChunk.model_validate(d) for d in items]


def kinds(n: int) -> dict[str, list[dict[str, Any]]]:
    """n chunks of each kind, and n of the realistic mix."""
    batches = {name: data.batch(chunk, n) for name, chunk in data.KINDS.items()}
    mix = data.captured_chunks()
    batches["mix"] = (mix * (n // len(mix) + 1))[:n]
    return batches


def per_chunk(
    n: int, rounds: int, pyperf_runs: dict[str, list[float]], mirascope: Wrapper | None
) -> dict[str, Any]:
    from chunkwrap import OpenAICallResponseChunk, OpenAIDictChunk

    results: dict[str, Any] = {"W1": {}, "W2": {}}
    for kind, dicts in kinds(n).items():
        models = sdk(dicts)
        for workload, make, floor_sdk, floor_dict in (
            ("W1", workloads.make_w1, workloads.floor_w1_sdk, workloads.floor_w1_dict),
            ("W2", workloads.make_w2, workloads.floor_w2_sdk, workloads.floor_w2_dict),
        ):
            contenders: dict[str, Contender] = {
                "floor (SDK)": (floor_sdk, models, n),
                "chunkwrap (SDK)": (make(OpenAICallResponseChunk), models, n),
                "floor (dict)": (floor_dict, dicts, n),
                "chunkwrap (dict)": (make(OpenAIDictChunk), dicts, n),
            }
            if mirascope is not None:
                contenders["Mirascope"] = (make(mirascope), models, n)
            values = interleaved(contenders, rounds)
            for name, v in values.items():
                pyperf_runs[f"{workload}/{kind}/{name}"] = v
            results[workload][kind] = best(values)
    return results


def cached_read(n: int, rounds: int, pyperf_runs: dict[str, list[float]]) -> dict[str, float]:
    from chunkwrap import OpenAICallResponseChunk

    wrappers = [OpenAICallResponseChunk(c) for c in sdk(data.batch(data.KINDS["text"], n))]
    for w in wrappers:
        w.content
    holders = [workloads.Holder(w.content) for w in wrappers]
    values = interleaved(
        {
            "chunkwrap cached read": (workloads.w3_cached_read, wrappers, n),
            "plain property": (workloads.w3_plain_property, holders, n),
        },
        rounds * 2,
    )
    for name, v in values.items():
        pyperf_runs[f"W3/{name}"] = v
    return best(values)


def from_json(
    n: int, rounds: int, pyperf_runs: dict[str, list[float]], mirascope: Wrapper | None
) -> dict[str, Any]:
    from chunkwrap import OpenAICallResponseChunk, OpenAIDictChunk

    results = {}
    for kind, chunks in kinds(n).items():
        raw = [json.dumps(c).encode() for c in chunks]
        validate = ChatCompletionChunk.model_validate
        contenders: dict[str, Contender] = {
            "json + chunkwrap (dict)": (workloads.json_then(lambda d: d, OpenAIDictChunk), raw, n),
            "json + model_validate + chunkwrap": (
                workloads.json_then(validate, OpenAICallResponseChunk),
                raw,
                n,
            ),
        }
        if mirascope is not None:
            contenders["json + model_validate + Mirascope"] = (
                workloads.json_then(validate, mirascope),
                raw,
                n,
            )
        values = interleaved(contenders, rounds)
        for name, v in values.items():
            pyperf_runs[f"W4/{kind}/{name}"] = v
        results[kind] = best(values)
    return results


def fold(stream_length: int, rounds: int, pyperf_runs: dict[str, list[float]]) -> dict[str, Any]:
    dicts = data.fold_stream(stream_length)
    models = sdk(dicts)
    n = len(dicts)
    contenders: dict[str, Contender] = {
        "floor (dict)": (workloads.fold_floor_dict, dicts, n),
        "chunkwrap (dict)": (workloads.fold_chunkwrap, dicts, n),
        "floor (SDK)": (workloads.fold_floor_sdk, models, n),
        "chunkwrap (SDK)": (workloads.fold_chunkwrap, models, n),
        # In the same rounds as the rest, though one of its runs takes longer
        # than all the others' together: timed apart, under this machine's
        # drifting load, the 100x ratio ranged from ~50x to ~115x run to run.
        "openai ChatCompletionStreamState": (workloads.fold_sdk_state, models, n),
    }
    values = interleaved(contenders, rounds)
    for name, v in values.items():
        pyperf_runs[f"W5/{name}"] = v
    results: dict[str, Any] = best(values)
    short, long_ = data.text_stream(5_000), data.text_stream(50_000)
    linear = interleaved(
        {"5,000": (workloads.fold_chunkwrap, short, 1), "50,000": (workloads.fold_chunkwrap, long_, 1)},
        max(5, rounds // 2),
    )
    times = best(linear)
    results["50k/5k time ratio"] = times["50,000"] / times["5,000"]
    return results


def bytes_per_wrapper(n: int, mirascope: Wrapper | None) -> dict[str, float]:
    """W7: memory each wrapper keeps after the W2 reads, payloads excluded."""
    from chunkwrap import OpenAICallResponseChunk, OpenAIDictChunk

    models = sdk(data.batch(data.KINDS["text"], n))
    dicts = data.batch(data.KINDS["text"], n)
    makers: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
        "chunkwrap (SDK)": (OpenAICallResponseChunk, models),
        "chunkwrap (dict)": (OpenAIDictChunk, dicts),
    }
    if mirascope is not None:
        makers["Mirascope"] = (mirascope, models)
    results = {}
    for name, (make, items) in makers.items():
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        kept = []
        for c in items:
            w = make(c)
            for attr in workloads.W2_READS:
                getattr(w, attr)
            kept.append(w)
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        list_overhead = 8 * len(kept)  # the list holding them, not the wrappers
        results[name] = (after - before - list_overhead) / n
        del kept
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--mirascope",
        action="store_true",
        help="Mirascope's environment: time Mirascope too, and leave W5, which needs no Mirascope, to the other",
    )
    parser.add_argument("--pyperf", metavar="FILE", help="also write every timing as a pyperf JSON suite")
    args = parser.parse_args()
    # Told, not guessed from what imports: a user's own environment may have Mirascope too.
    mirascope = mirascope_wrapper() if args.mirascope else None
    n, rounds, stream_length = (200, 12, 600) if args.quick else (1000, 60, 2000)
    pyperf_runs: dict[str, list[float]] = {}
    env = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": f"{platform.machine()}, {platform.processor() or 'unknown cpu'}",
        "openai": version("openai"),
        "pydantic": version("pydantic"),
        "attrs": version("attrs"),
        "mirascope": version("mirascope") if mirascope is not None else None,
        "anthropic": version("anthropic"),
        "google-genai": version("google-genai"),
        "jiter": version("jiter"),
    }
    results: dict[str, Any] = per_chunk(n, rounds, pyperf_runs, mirascope)
    results["W3"] = cached_read(n, rounds, pyperf_runs)
    results["W4"] = from_json(n, rounds, pyperf_runs, mirascope)
    if mirascope is None:
        results["W5"] = fold(stream_length, max(3, rounds // 2), pyperf_runs)
    results["W7"] = bytes_per_wrapper(n, mirascope)
    results.update(wire.wire(max(5, rounds // 2), pyperf_runs, mirascope))
    if mirascope is None:
        results.update(formats.formats(max(5, rounds // 2), pyperf_runs))
        results.update(partial.partial(max(5, rounds // 6), pyperf_runs))
    if args.pyperf:
        write_pyperf(args.pyperf, pyperf_runs, env)
    json.dump({"env": env, "results": results}, sys.stdout)


def write_pyperf(path: str, runs: dict[str, list[float]], env: dict[str, Any]) -> None:
    import pyperf

    metadata = {f"chunkwrap_{k}": str(v) for k, v in env.items() if v}
    benchmarks = [
        pyperf.Benchmark(
            [
                pyperf.Run(
                    [v / 1e9 for v in values],
                    metadata={"name": name, "unit": "second", **metadata},
                    collect_metadata=False,
                )
            ]
        )
        for name, values in runs.items()
    ]
    pyperf.BenchmarkSuite(benchmarks).dump(path, replace=True)


if __name__ == "__main__":
    main()
