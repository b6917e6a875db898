"""``batch.dumps_indented`` writes exactly ``json.dumps(value, indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from pipeline.batch import dumps_indented, extract_file, report_json

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))


def reference(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("source", CORPUS, ids=[path.stem for path in CORPUS])
def test_corpus_reports_are_written_as_json_dumps_writes_them(source: Path):
    report = extract_file(source)
    expected = (reference(report.model_dump(mode="json")) + "\n").encode()
    assert report_json(report) == expected


TRICKY = [
    1e16, 1e-7, -0.0, 0.0, 0.1, 1.5e300, 5e-324, 2**63, -(2**70), 123456789.123456789,
    float("nan"), float("inf"), float("-inf"),
    True, False, None, 0, -1,
    "", "£1,060,812,000 – “quoted” café", "tab\there\nnew\rline\x00\x1f\x7f", 'quote " and \\',
    "\u2028\u2029", "😀 emoji", "\ud800 lone surrogate",
    [], {}, [[]], [{}], {"a": []}, {"a": {}}, {"": ""}, [[[]], {}], {"a": [{}, [], [[]]]},
    (1, 2), {"t": (1, [2, ()])},
    {"k": {"nested": {"deep": [1, 2.5, "x", None, True, {"z": []}]}}},
    {"ünïcode kéy": "välue", "emoji 😀": ["😀"]},
]


@pytest.mark.parametrize("value", TRICKY, ids=[repr(v)[:40] for v in TRICKY])
def test_tricky_values(value):
    assert dumps_indented(value) == reference(value)
    assert dumps_indented([value, {"v": value}]) == reference([value, {"v": value}])


def test_what_json_rewrites_or_refuses_is_left_to_json():
    # Non-string keys (json turns them into strings), deep nesting, subclasses of scalars.
    class Int(int):
        pass

    deep: list = []
    for _ in range(100):
        deep = [deep]
    for value in ({1: "a", 1.5: "b", True: "c", None: "d"}, {"x": {2: [1]}}, deep, [Int(3)],
                  {"x": Int(4)}):
        assert dumps_indented(value) == reference(value)
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(ValueError):
        dumps_indented(cycle)
    with pytest.raises(TypeError):
        dumps_indented({"x": object()})
    with pytest.raises(TypeError):
        dumps_indented({("tuple", "key"): 1})


def test_generated_values():
    rng = random.Random(6)
    alphabet = "ab \"\\\n\t\x01£é😀\u2028"

    def scalar():
        return rng.choice([
            lambda: rng.randint(-10**20, 10**20),
            lambda: rng.uniform(-1e6, 1e6),
            lambda: 10.0 ** rng.randint(-30, 30) * rng.choice([1, -1, 1.5]),
            lambda: "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))),
            lambda: rng.choice([None, True, False, math.inf, -0.0]),
        ])()

    def value(depth):
        if depth > 4 or rng.random() < 0.4:
            return scalar()
        if rng.random() < 0.5:
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]
        return {"".join(rng.choice(alphabet) for _ in range(3)): value(depth + 1)
                for _ in range(rng.randint(0, 4))}

    for _ in range(3000):
        generated = value(0)
        assert dumps_indented(generated) == reference(generated)
