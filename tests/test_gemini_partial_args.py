"""Vertex AI's streamed function-call arguments (``partialArgs``) built into ``args``.

The captures are vercel/ai's recorded Vertex AI streams (tests/captures/gemini-vertex/,
Apache-2.0, see its README); vercel's own accumulator's answers for two of them
are the oracle (EXPECTED's first two rows, from its test snapshot).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import ChunkError, GeminiCallResponseChunk, StreamAccumulator
from chunkwrap._gemini.partial_args import StreamedArgs, steps

CAPTURES = Path(__file__).parent / "captures" / "gemini-vertex"
RECIPE = (
    '{"recipe":{"ingredients":[{"amount":"16 oz","name":"Lasagna noodles"},{"amount":"1 lb","name":'
    '"Ground beef"},{"amount":"15 oz","name":"Ricotta cheese"},{"amount":"3 cups","name":"Mozzarella '
    'cheese"},{"amount":"1/2 cup","name":"Parmesan cheese"},{"amount":"24 oz","name":"Tomato sauce"},'
    '{"amount":"1","name":"Egg"},{"amount":"2 cloves","name":"Garlic"},{"amount":"1 tsp","name":"Salt"},'
    '{"amount":"1/2 tsp","name":"Pepper"}],"name":"Lasagna","steps":["Preheat oven to 375°F (190°C).",'
    '"Cook lasagna noodles according to package directions, drain and set aside.","Brown ground beef '
    'with minced garlic in a skillet. Drain fat and stir in tomato sauce. Simmer for 10 minutes.","In a '
    'bowl, mix ricotta cheese, egg, salt, pepper, and Parmesan cheese.","In a 9x13 baking dish, spread a '
    'thin layer of meat sauce.","Layer noodles, ricotta mixture, mozzarella, and meat sauce. Repeat.",'
    '"Top with remaining mozzarella cheese.","Cover with foil and bake for 25 minutes.","Remove foil and '
    'bake for another 25 minutes until golden.","Let stand for 15 minutes before serving."]}}'
)
EXPECTED = {
    "google-vertex-stream-tool-call-arguments-nested.1": [("cookRecipe", RECIPE)],
    "google-stream-tool-call-arguments": [
        ("getWeather", '{"location":"Boston"}'),
        ("getWeather", '{"location":"San Francisco"}'),
    ],
    # Read off the captures: a call sent whole with no args, then three streamed.
    "google-stream-no-args-tool-call": [
        ("read_theme", "{}"),
        ("read_screen", '{"id":"A"}'),
        ("read_screen", '{"id":"B"}'),
        ("read_screen", '{"id":"C"}'),
    ],
    # The last partial argument ends the call (no willContinue), and no functionCall: {} follows.
    "google-stream-tool-call-array-arguments-missing-terminal-function-call": [
        (
            "writeItems",
            '{"operations":[{"action":"add","description":"Fresh red apple","itemid":"apple_001","price":0.5},'
            '{"action":"add","description":"Ripe yellow banana","itemid":"banana_001","price":0.3}]}',
        )
    ],
}


def chunks_of(name: str) -> list[dict[str, Any]]:
    """A capture's chunks: each line one SSE data payload, as vercel recorded them."""
    text = (CAPTURES / f"{name}.chunks.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def sdk_chunk(chunk: dict[str, Any]) -> Any:
    """The chunk as google-genai builds it from Vertex AI's JSON."""
    pytest.importorskip("google.genai", reason="google-genai is not installed")
    from google.genai import models, types

    return types.GenerateContentResponse._from_response(
        response=models._GenerateContentResponse_from_vertex(chunk), kwargs={}
    )


def folded(chunks: list[Any]) -> StreamAccumulator:
    acc = StreamAccumulator()
    for chunk in chunks:
        acc.add(chunk)
    return acc


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_streamed_arguments_are_built_as_the_call_would_have_sent_them(name: str) -> None:
    """Each capture's calls: names and arguments as vercel's accumulator gives them,
    parsed_arguments the same objects, and to_dict() each call's part with its args."""
    acc = folded(chunks_of(name))
    expected = EXPECTED[name]
    assert [(c["function"]["name"], c["function"]["arguments"]) for c in acc.tool_calls] == expected
    assert acc.parsed_arguments == [json.loads(arguments) for _, arguments in expected]
    calls = [
        p["functionCall"] for p in acc.to_dict()["candidates"][0]["content"]["parts"] if "functionCall" in p
    ]
    assert [(c["name"], c.get("args", {})) for c in calls] == [(n, json.loads(a)) for n, a in expected]
    assert not any("partialArgs" in c or "willContinue" in c for c in calls)
    assert acc.common_finish_reasons == ["tool_calls"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_sdks_models_fold_to_the_same_calls(name: str) -> None:
    """google-genai's models of the same chunks (partial_args, will_continue) fold alike."""
    chunks = chunks_of(name)
    mine, theirs = folded(chunks), folded([sdk_chunk(c) for c in chunks])
    assert theirs.tool_calls == mine.tool_calls
    assert theirs.to_dict() == mine.to_dict()


def test_arguments_read_after_each_chunk_grow_as_they_stream() -> None:
    """Read after every chunk, a streamed call's arguments are the object so far:
    each a prefix of the next as JSON values go (a string as far as it has come)."""
    acc = StreamAccumulator()
    seen = []
    for chunk in chunks_of("google-stream-tool-call-arguments"):
        acc.add(chunk)
        seen.append([c["function"]["arguments"] for c in acc.tool_calls])
    assert seen[:4] == [
        ["{}"],
        ['{"location":"Boston"}'],
        ['{"location":"Boston"}'],
        ['{"location":"Boston"}'],
    ]


def test_one_chunks_wrapper_gives_no_finished_arguments() -> None:
    """A wrapper sees one chunk: a streamed call's first part gives arguments "" (not a finished {}),
    a continuation no call."""
    chunks = chunks_of("google-stream-tool-call-arguments")
    calls = [GeminiCallResponseChunk(c).tool_calls for c in chunks[:3]]
    assert [[c["function"]["arguments"] for c in found] for found in calls] == [[""], [], []]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$.a", ("a",)),
        ("$.a.b[0].c", ("a", "b", 0, "c")),
        ("$['a b']['c']", ("a b", "c")),
        ('$["q\\"x"][12]', ('q"x', 12)),
        ("$.ingredients[10]", ("ingredients", 10)),
    ],
)
def test_json_paths(path: str, expected: tuple[Any, ...]) -> None:
    assert steps(path, "p") == expected


@pytest.mark.parametrize("path", ["a.b", "$", "$.", "$[x]", "$..a", "$.a[", 5])
def test_json_paths_chunkwrap_does_not_read_are_chunk_errors(path: Any) -> None:
    with pytest.raises(ChunkError, match=r"^p"):
        steps(path, "p")


def _built(*arguments: dict[str, Any]) -> dict[str, Any]:
    args = StreamedArgs()
    args.feed({"partialArgs": list(arguments)}, "f")
    return args.value


def test_each_kind_of_value() -> None:
    assert _built(
        {"jsonPath": "$.s", "stringValue": "x"},
        {"jsonPath": "$.n", "numberValue": 2.5},
        {"jsonPath": "$.i", "numberValue": 3},
        {"jsonPath": "$.b", "boolValue": False},
        {"jsonPath": "$.z", "nullValue": "NULL_VALUE"},
        {"jsonPath": "$.l[0]", "stringValue": "a"},
        {"jsonPath": "$.l[1].k", "boolValue": True},
    ) == {"s": "x", "n": 2.5, "i": 3, "b": False, "z": None, "l": ["a", {"k": True}]}


def test_a_string_continues_only_while_it_says_so() -> None:
    """willContinue: the next partial argument for the same path goes on with the
    string; without it, the next one replaces it."""
    assert _built(
        {"jsonPath": "$.a", "stringValue": "Bos", "willContinue": True},
        {"jsonPath": "$.a", "stringValue": "ton"},
        {"jsonPath": "$.b", "stringValue": "x"},
        {"jsonPath": "$.b", "stringValue": "y"},
    ) == {"a": "Boston", "b": "y"}


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        (
            [{"jsonPath": "$.l[1]", "stringValue": "x"}],
            r"partialArgs\[0\]\.jsonPath: index \[1\] of a list of 0",
        ),
        (
            [{"jsonPath": "$.a", "stringValue": "x"}, {"jsonPath": "$.a.b", "stringValue": "y"}],
            r"partialArgs\[1\]\.jsonPath: 'a' is str, not an object",
        ),
        (
            [{"jsonPath": "$.a[0]", "stringValue": "x"}, {"jsonPath": "$.a.b", "stringValue": "y"}],
            r"partialArgs\[1\]\.jsonPath: 'a' is list, not an object",
        ),
        ([{"jsonPath": "$.a"}], r"partialArgs\[0\]: a partial argument with no value"),
        ([{"jsonPath": "$.a", "numberValue": "1"}], r"partialArgs\[0\]\.numberValue: expected a number"),
        ([{"jsonPath": "$.a", "boolValue": 1}], r"partialArgs\[0\]\.boolValue: expected a boolean"),
        ([{"jsonPath": "$.a", "stringValue": 1}], r"partialArgs\[0\]\.stringValue: expected a string"),
        (
            [{"jsonPath": "$.a", "stringValue": "x", "willContinue": "yes"}],
            r"partialArgs\[0\]\.willContinue: expected a boolean",
        ),
        ([5], r"partialArgs\[0\]: expected an object"),
        (
            [{"jsonPath": "$[0]", "stringValue": "x"}],
            r"partialArgs\[0\]\.jsonPath: an index \[0\] of an object",
        ),
    ],
)
def test_partial_arguments_that_do_not_fit_are_chunk_errors(arguments: list[Any], match: str) -> None:
    with pytest.raises(ChunkError, match=rf"^f\.{match}"):
        _built(*arguments)


def test_bad_partial_arguments_in_a_stream_name_their_wire_path() -> None:
    """In the fold, a partial argument's error names where it was sent."""
    chunks = chunks_of("google-stream-tool-call-arguments")
    bad = json.loads(json.dumps(chunks[1]))
    bad["candidates"][0]["content"]["parts"][0]["functionCall"]["partialArgs"][0]["jsonPath"] = "location"
    acc = folded(chunks[:1])
    with pytest.raises(
        ChunkError, match=r"^candidates\[0\]\.content\.parts\[0\]\.functionCall\.partialArgs\[0\]"
    ):
        acc.add(bad)


def test_partial_args_that_are_not_a_list_are_a_chunk_error() -> None:
    args = StreamedArgs()
    with pytest.raises(ChunkError, match=r"^f\.partialArgs: expected a list, got dict$"):
        args.feed({"partialArgs": {"jsonPath": "$.a"}}, "f")


def _call_chunk(call: dict[str, Any], **part: Any) -> dict[str, Any]:
    return {"candidates": [{"content": {"role": "model", "parts": [{"functionCall": call, **part}]}}]}


def test_a_call_streamed_in_its_first_part_alone_and_a_continuations_other_fields() -> None:
    """A first part with every partial argument and no willContinue is the whole
    call; a continuation's fields beside its functionCall (a signature) are the call's part's."""
    acc = folded(
        [
            _call_chunk({"name": "f", "partialArgs": [{"jsonPath": "$.a", "numberValue": 1}]}),
            _call_chunk({"name": "g", "willContinue": True}),
            _call_chunk({"partialArgs": [{"jsonPath": "$.b", "boolValue": True}]}, thoughtSignature="c2ln"),
        ]
    )
    assert [c["function"]["arguments"] for c in acc.tool_calls] == ['{"a":1}', '{"b":true}']
    assert acc.to_dict()["candidates"][0]["content"]["parts"] == [
        {"functionCall": {"name": "f", "args": {"a": 1}}},
        {"functionCall": {"name": "g", "args": {"b": True}}, "thoughtSignature": "c2ln"},
    ]


def test_a_willcontinue_that_is_not_a_boolean_is_a_chunk_error() -> None:
    acc = folded([_call_chunk({"name": "g", "willContinue": True})])
    with pytest.raises(
        ChunkError, match=r"^candidates\[0\]\.content\.parts\[0\]\.functionCall\.willContinue"
    ):
        acc.add(_call_chunk({"partialArgs": [], "willContinue": "yes"}))
