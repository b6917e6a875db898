"""The review site (pipeline/outputs/view.py), tested on the parsed HTML, never by string search.

Each page case is a real extraction (the corpus report, the test pages in other councils'
wording, a CRLF copy) rendered and parsed: every claim is one highlighted element with its
offsets and its text, the page's text is the report's text exactly, every in-page link lands.
Escaping: hostile strings in the report text and in every field the page shows come out as
text. The browser tests (tests/test_view_browser.py) check what scripts do.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import tomllib
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest
from htmltree import Element, parse

import pipeline
from pipeline.cli import main
from pipeline.outputs import view
from pipeline.reference.catalogue import BY_ID as MEASURES
from pipeline.reference.framework import STATEMENTS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
PAGES = sorted((ROOT / "tests" / "texts" / "pages").glob("*.txt"))
SOURCES = {p.stem: p for p in [*CORPUS, *PAGES]}
CRLF_CASE = "crlf-" + PAGES[0].stem  # the first page with Windows line ends

# Strings that would be markup or template code if the page trusted its data.
HOSTILE = {
    "script": "<script>alert('text')</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "template": "{{ 7*7 }} {% if true %}jinja{% endif %} {# comment #}",
    "entity": "&lt;b&gt; &amp; &#60;i&#62;",
}
# A paragraph of a statement's key findings holding them, with claims around them.
HOSTILE_PARAGRAPH = (
    "Staff told us {script} that 47% of reviews were late {attribute} and that "
    "{template} 38% of carers had a review; {entity} was written in a leaflet."
).format(**HOSTILE)


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def source_text(case: str) -> str:
    if case == CRLF_CASE:
        return read(PAGES[0]).replace("\n", "\r\n")
    if case == "hostile":
        lines = read(PAGES[0]).split("\n")
        # after the first line of key findings' prose (a long line), so it is report text
        at = next(i for i, line in enumerate(lines) if i > 8 and len(line) > 100)
        return "\n".join([*lines[: at + 1], HOSTILE_PARAGRAPH, *lines[at + 1 :]])
    return read(SOURCES[case])


@cache
def rendered(case: str) -> tuple[dict, str, str, Element]:
    text = source_text(case)
    report = json.loads(pipeline.extract(text, name=case).model_dump_json())
    html = view.render_report(report, text, case)
    return report, text, html, parse(html)


CASES = [*SOURCES, CRLF_CASE, "hostile"]


def text_root(tree: Element) -> Element:
    return tree.by_id("text")


# ---------------------------------------------------------------------------------------------
# Highlights and offsets


@pytest.mark.parametrize("case", CASES)
def test_every_claim_is_one_highlighted_element_with_its_offsets(case):
    report, text, _, tree = rendered(case)
    marks = text_root(tree).find_all("mark", class_="claim")
    assert report["claims"], "a case without claims tests nothing"
    by_id: dict[str, list[Element]] = {}
    for mark in marks:
        by_id.setdefault(mark.get("data-claim"), []).append(mark)
    problems = []
    for claim in report["claims"]:
        found = by_id.pop(claim["id"], [])
        if len(found) != 1:
            problems.append(f"claim {claim['text']!r} at {claim['start']}: {len(found)} elements")
            continue
        mark = found[0]
        if (int(mark.get("data-start")), int(mark.get("data-end"))) != (claim["start"], claim["end"]):
            problems.append(
                f"claim {claim['text']!r}: element says "
                f"[{mark.get('data-start')}, {mark.get('data-end')}), claim "
                f"[{claim['start']}, {claim['end']})"
            )
        if mark.text != text[claim["start"] : claim["end"]] or mark.text != claim["text"]:
            problems.append(f"claim {claim['text']!r} at {claim['start']}: element holds {mark.text!r}")
        if mark.get("id") != view.claim_anchor(claim["id"]) or mark.get("tabindex") != "0":
            problems.append(
                f"claim {claim['text']!r}: id {mark.get('id')!r}, tabindex {mark.get('tabindex')!r}"
            )
    problems += [f"a highlight for no claim: {key}" for key in by_id]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES)
def test_the_pages_text_is_the_report_text(case):
    _, text, _, tree = rendered(case)
    shown = text_root(tree).text
    assert shown == text, next(
        f"first difference at {i}: page {shown[i : i + 40]!r}, text {text[i : i + 40]!r}"
        for i in range(min(len(shown), len(text)) + 1)
        if shown[i : i + 1] != text[i : i + 1]
    )


@pytest.mark.parametrize("case", CASES)
def test_every_comparator_is_highlighted_with_its_direction_in_words(case):
    report, text, _, tree = rendered(case)
    marks = {
        (int(m.get("data-start")), int(m.get("data-end"))): m
        for m in text_root(tree).find_all("mark", class_="cmp")
    }
    problems = []
    for claim in report["claims"]:
        for comparator in claim["comparators"]:
            mark = marks.get((comparator["start"], comparator["end"]))
            if mark is None:
                problems.append(f"{comparator['text']!r} at {comparator['start']} not highlighted")
                continue
            if mark.text != text[comparator["start"] : comparator["end"]]:
                problems.append(f"{comparator['text']!r}: element holds {mark.text!r}")
            if claim["id"] not in mark.get("data-claims").split():
                problems.append(f"{comparator['text']!r} does not name claim {claim['text']!r}")
            if comparator["direction"]:
                symbol, word = view.DIRECTIONS[comparator["direction"]]
                if f"{symbol} {word}" not in mark.get("data-sym") or word not in mark.get("aria-label"):
                    problems.append(
                        f"{comparator['text']!r}: direction {comparator['direction']} "
                        f"not in {mark.get('data-sym')!r} / {mark.get('aria-label')!r}"
                    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES)
def test_every_claim_has_its_detail(case):
    report, _, _, tree = rendered(case)
    problems = []
    for claim in report["claims"]:
        detail = tree.by_id(f"detail-{claim['id']}")
        if detail is None or detail.tag != "template":
            problems.append(f"claim {claim['text']!r}: no detail template")
            continue
        shown = " ".join(detail.text.split())
        expected = [view.format_value(claim["value"], claim["unit"])]
        expected += [view.COMPARATOR_KINDS[c["kind"]] for c in claim["comparators"]]
        expected += [c["qualifier"] for c in claim["comparators"] if c["qualifier"]]
        if claim["source"]:
            expected.append(claim["source"]["name"])
            if claim["source"]["date"]:
                expected.append(claim["source"]["date"])
        if claim["period"]:
            expected.append(claim["period"]["text"])
            expected += [claim["period"][key] for key in ("from", "to") if claim["period"][key]]
        problems += [
            f"claim {claim['text']!r}: detail lacks {item!r}"
            for item in expected
            if " ".join(item.split()) not in shown
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES)
def test_every_link_in_the_page_lands(case):
    _, _, _, tree = rendered(case)
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    links = [e.get("href")[1:] for e in tree.find_all("a") if (e.get("href") or "").startswith("#")]
    assert links
    assert sorted(set(links) - ids) == []


@pytest.mark.parametrize("case", CASES)
def test_outline_lists_every_statement_with_its_score(case):
    report, _, _, tree = rendered(case)
    outline = tree.find("nav", class_="outline")
    for theme in report["themes"]:
        for statement in theme["statements"]:
            link = outline.find("a", href=f"#statement-{statement['slug']}")
            assert link is not None, statement["slug"]
            badge = link.find("span", class_="badge")
            assert badge.text == (str(statement["score"]) if statement["score"] else "–")
            assert f"s{statement['score'] or 0}" in badge.classes


@pytest.mark.parametrize("case", CASES)
def test_chart_has_a_row_per_claim_with_an_england_average(case):
    report, _, _, tree = rendered(case)
    expected = {
        c["id"]: next(k for k in c["comparators"] if k["kind"] == "england_average")
        for c in report["claims"]
        if any(k["kind"] == "england_average" for k in c["comparators"])
    }
    rows = {a.get("data-claim"): a for a in tree.find_all("a", class_="row")}
    assert set(rows) == set(expected)
    for claim_id, average in expected.items():
        row = rows[claim_id]
        dot = float(row.find("circle", class_="dot").get("cx"))
        tick = float(row.find("line", class_="avg").get("x1"))
        seen = "above" if dot > tick else "below" if dot < tick else "equal"
        assert seen == average["direction"], f"claim {claim_id}: dot {dot}, tick {tick}"
        assert average["direction"] in row.find("text", class_="dir").text


def test_structure_headings_are_marked_where_the_text_holds_them():
    report, text, _, tree = rendered(CORPUS[0].stem)
    heads = text_root(tree).find_all("span", class_="h-statement")
    statements = [s for t in report["themes"] for s in t["statements"]]
    assert [h.text for h in heads] == [s["title"] for s in statements]


# ---------------------------------------------------------------------------------------------
# Escaping


def no_markup_from_data(tree: Element) -> list[str]:
    """Elements or attributes that only an injection could have made."""
    problems = []
    scripts = tree.find_all("script")
    if len(scripts) != 1 or scripts[0].attrs:
        problems.append(f"{len(scripts)} script elements: {scripts}")
    problems += [f"an injected element: {e}" for e in tree.find_all("img")]
    problems += [
        f"an event handler attribute: {e}"
        for e in tree.iter()
        if any(name.startswith("on") for name in e.attrs)
    ]
    return problems


def test_hostile_report_text_renders_as_text():
    report, text, _, tree = rendered("hostile")
    assert HOSTILE_PARAGRAPH in text
    assert no_markup_from_data(tree) == []
    shown = text_root(tree).text
    for name, value in HOSTILE.items():
        assert value in shown, name
    assert "49" not in shown  # {{ 7*7 }} was not evaluated
    claims = {c["text"] for c in report["claims"]}
    assert {"47%", "38%"} <= claims  # the paragraph is report text, with its claims


def hostile_report() -> tuple[dict, str]:
    """The corpus page's output with a hostile value in every field the page shows."""
    report, text, _, _ = rendered(PAGES[0].stem)
    report = json.loads(json.dumps(report))
    bad = " | ".join(HOSTILE.values())
    report["local_authority"] = bad
    report["name"] = bad
    report["published"] = bad
    report["pipeline_version"] = bad
    report["input"] = {"format": bad, "pages": bad, "text": "x.txt"}
    report["overall"]["rating"] = bad
    for section in report["sections"]:
        section["title"] = bad
    for theme in report["themes"]:
        theme["title"] = bad
        for statement in theme["statements"]:
            statement["title"] = bad
            statement["score_label"] = bad
    for claim in report["claims"]:
        claim.update(qualifier=bad, period=bad, section=bad, measure=bad, page=bad)
        for comparator in claim["comparators"]:
            comparator["qualifier"] = bad
        if claim["source"]:
            claim["source"].update(name=bad, date=bad, abbreviation=bad)
    report["warnings"].append({"code": bad, "message": bad, "spans": [], "claim_ids": []})
    return report, text


def test_hostile_fields_render_as_text():
    report, text = hostile_report()
    tree = parse(view.render_report(report, text, "hostile-fields"))
    assert no_markup_from_data(tree) == []
    bad = " | ".join(HOSTILE.values())
    assert tree.find("title").text.startswith(bad)
    assert tree.find("h1").text == bad
    detail = tree.by_id(f"detail-{report['claims'][0]['id']}")
    assert detail.text.count(bad) >= 4  # qualifier, measure, period, section (at least)


def test_hostile_fields_render_as_text_in_the_overview():
    report, text = hostile_report()
    html = view.render_overview([view.Entry("hostile-fields", report, text)])
    tree = parse(html)
    assert no_markup_from_data(tree) == []
    bad = " | ".join(HOSTILE.values())
    assert tree.find("tbody").find("th").find("a").text == bad


def test_a_hostile_file_name_is_escaped_and_its_link_lands(tmp_path):
    stem = 'odd "name" <b>&amp; #1?'
    entry = view.Entry(stem, rendered(PAGES[0].stem)[0], rendered(PAGES[0].stem)[1])
    site = view.build_site([entry])
    view.write_site(site, tmp_path)
    row = parse(site["index.html"]).find("tbody").find("tr")
    assert row.get("data-stem") == stem
    assert (tmp_path / unquote(row.find("a").get("href"))).is_file()
    assert no_markup_from_data(parse(site["index.html"])) == []


def test_pages_allow_only_their_own_inline_style_and_script():
    _, _, html, tree = rendered(PAGES[0].stem)
    policy = tree.find("meta", http_equiv="Content-Security-Policy").get("content")
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["script-src"].startswith("'sha256-") and rules["style-src"].startswith("'sha256-")
    assert view.csp(tree.find("style").text, tree.find("script").text) == policy


# ---------------------------------------------------------------------------------------------
# Fields of newer outputs, shown when present


def test_input_page_and_measure_are_shown_when_present():
    report, text, _, _ = rendered(PAGES[0].stem)
    report = json.loads(json.dumps(report))
    report["input"] = {"format": "pdf", "sha256": "ab" * 32, "text": "x.txt", "pages": 7}
    claim = report["claims"][0]
    claim["measure"], claim["page"] = "ascs-satisfied", 4
    report["themes"][0]["statements"][0]["page"] = 3
    tree = parse(view.render_report(report, text, "newer"))
    assert "pdf" in tree.find("p", class_="meta").text and "7 pages" in tree.find("p", class_="meta").text
    detail = tree.by_id(f"detail-{claim['id']}")
    assert "Measure" in [dt.text for dt in detail.find_all("dt")]
    assert detail.find("code").text == "ascs-satisfied" and "p. 4" in detail.text
    assert tree.find("nav").find("small", class_="page").text == "p. 3"
    overview = parse(view.render_overview([view.Entry("newer", report, text)]))
    assert overview.find("tbody").find("span", class_="fmt").text == "pdf"


def test_without_newer_fields_nothing_is_shown_for_them():
    report, text, _, _ = rendered(PAGES[0].stem)
    report = json.loads(json.dumps(report))
    report.pop("input", None)
    for claim in report["claims"]:
        claim.pop("measure", None)
        claim.pop("page", None)
    tree = parse(view.render_report(report, text, "older"))
    detail = tree.by_id(f"detail-{report['claims'][0]['id']}")
    assert "Measure" not in [dt.text for dt in detail.find_all("dt")]
    assert "p. " not in detail.text
    assert tree.find_all("span", class_="fmt") == []


@pytest.mark.parametrize(
    "measure, shown",
    [
        (None, "none recognised"),
        ("ascs-feel-safe", None),  # a catalogue id: its name, then the id
        ("not-in-this-catalogue", "not-in-this-catalogue"),
    ],
    ids=["null", "catalogue", "unknown-id"],
)
def test_a_claims_measure_is_shown_by_name(measure, shown):
    report, text, _, _ = rendered(PAGES[0].stem)
    report = json.loads(json.dumps(report))
    claim = report["claims"][0]
    claim["measure"] = measure
    detail = parse(view.render_report(report, text, "m")).by_id(f"detail-{claim['id']}")
    dts = [dt.text for dt in detail.find_all("dt")]
    value = detail.find_all("dd")[dts.index("Measure")]
    if measure in MEASURES:
        assert value.text.startswith(MEASURES[measure].name) and value.find("code").text == measure
    else:
        assert value.text == shown


def test_element_ids_are_unique_even_when_a_statement_is_found_twice():
    report, text, _, _ = rendered(CORPUS[0].stem)
    report = json.loads(json.dumps(report))
    theme = report["themes"][0]
    theme["statements"].append(json.loads(json.dumps(theme["statements"][0])))
    tree = parse(view.render_report(report, text, "twice"))
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


# ---------------------------------------------------------------------------------------------
# Marks that cross


@pytest.mark.parametrize(
    "spans, expected",
    [
        # (kind, start, end, id) -> the elements (kind, start, end) and anchors left
        ([("claim", 10, 15, "c"), ("warn", 12, 20, "w")], [("claim", 10, 15), ("anchor", 12, 12)]),
        ([("claim", 10, 15, "c"), ("warn", 8, 20, "w")], [("warn", 8, 20), ("claim", 10, 15)]),
        ([("claim", 10, 15, "c"), ("warn", 10, 15, "w")], [("warn", 10, 15), ("claim", 10, 15)]),
        ([("claim", 10, 15, "c"), ("claim", 15, 18, "d")], [("claim", 10, 15), ("claim", 15, 18)]),
        ([("claim", 10, 15, "c"), ("src", 5, 12, None)], [("claim", 10, 15)]),
    ],
    ids=["warning-crosses-claim", "warning-holds-claim", "same-span", "touching", "source-crosses"],
)
def test_crossing_marks_keep_the_claim_whole(spans, expected):
    text = "abcdefghijklmnopqrstuvwxyz"
    marks = [
        view.Mark(kind, start, end, (("id", id_),) if id_ else (), i)
        for i, (kind, start, end, id_) in enumerate(spans)
    ]
    segments = view.text_segments(text, view.nest_marks(marks))
    opened = [(m.kind, m.start, m.end) for what, m in segments if what == "open"]
    assert opened == expected
    assert "".join(t for what, t in segments if what == "text") == text


# ---------------------------------------------------------------------------------------------
# Values


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (64.84, "percent", "64.84%"),
        (898000.0, "count", "898,000"),
        (4100000.0, "gbp", "£4,100,000"),
        (22.37, "gbp", "£22.37"),
        (12.0, "days", "12 days"),
        (1234.5, "per_100k", "1,234.5 per 100,000"),
        (45.0, "rank", "rank 45"),
        (0.0000001, "ratio", "ratio 1e-07"),
        (None, "percent", "–"),
    ],
    ids=["percent", "count", "money-millions", "money-pence", "days", "rate", "rank", "tiny", "none"],
)
def test_format_value(value, unit, expected):
    assert view.format_value(value, unit) == expected


# ---------------------------------------------------------------------------------------------
# The overview


def test_overview_has_a_row_per_report_with_the_nine_scores():
    entries = [view.Entry(case, rendered(case)[0], rendered(case)[1]) for case in SOURCES]
    tree = parse(view.render_overview(entries))
    rows = tree.find("tbody").find_all("tr")
    entries.sort(key=lambda e: ((e.report["local_authority"] or e.stem).lower(), e.stem))
    assert [r.get("data-stem") for r in rows] == [e.stem for e in entries]
    for row, entry in zip(rows, entries):
        cells = row.find_all("td", class_="score")
        scores = view.statement_scores(entry.report)
        assert [c.get("data-v") for c in cells] == [
            str((scores.get(s.slug) or {}).get("score") or "") for s in STATEMENTS
        ]
        assert row.find("a").get("href") == f"{entry.stem}.html"
        numbers = row.find_all("td", class_="num")
        assert numbers[-2].text == str(len(entry.report["claims"]))
        assert numbers[-1].text == str(len(entry.report["warnings"]))


def test_every_overview_column_can_be_sorted():
    entries = [view.Entry(case, rendered(case)[0], rendered(case)[1]) for case in SOURCES]
    tree = parse(view.render_overview(entries))
    columns = sorted(int(b.get("data-col")) for b in tree.find("thead").find_all("button"))
    row = tree.find("tbody").find("tr")
    cells = [c for c in row.children if not isinstance(c, str)]
    assert columns == list(range(len(cells)))
    assert all(c.get("data-v") is not None for c in cells)


def test_site_is_deterministic_and_independent_of_order():
    entries = [view.Entry(case, rendered(case)[0], rendered(case)[1]) for case in list(SOURCES)[:3]]
    first = view.build_site(entries)
    assert view.build_site(list(reversed(entries))) == first
    assert set(first) == {"index.html", *(f"{e.stem}.html" for e in entries)}


def test_a_report_named_index_does_not_replace_the_overview():
    entry = view.Entry("index", rendered(PAGES[0].stem)[0], rendered(PAGES[0].stem)[1])
    site = view.build_site([entry])
    assert set(site) == {"index.html", "index-report.html"}
    link = parse(site["index.html"]).find("tbody").find("a")
    assert link.get("href") == "index-report.html"


def test_corpus_report_page_stays_under_two_megabytes():
    _, _, html, _ = rendered(CORPUS[0].stem)
    assert len(html.encode("utf-8")) < 2_000_000


def test_templates_are_packaged():
    """`pip install .` must ship the templates: package-data names every file in the folder."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["pipeline.outputs"]
    templates = ROOT / "pipeline" / "outputs" / "templates"
    files = sorted(p.relative_to(templates.parent).as_posix() for p in templates.iterdir())
    assert files and all(any(Path(f).match(p) for p in patterns) for f in files)


# ---------------------------------------------------------------------------------------------
# Finding texts, and the command


def write_output(folder: Path, case: str, stem: str | None = None, **extra) -> dict:
    report, _, _, _ = rendered(case)
    report = {**report, **extra}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem or case}.json").write_text(json.dumps(report), encoding="utf-8")
    return report


def test_text_beside_the_output_is_found(tmp_path):
    case = PAGES[1].stem
    write_output(tmp_path / "out", case)
    shutil.copy(PAGES[1], tmp_path / "out" / f"{case}.txt")
    entries, problems = view.read_outputs(tmp_path / "out")
    assert problems == [] and entries[0].text == read(PAGES[1])


def test_texts_folder_is_searched_first(tmp_path):
    case = PAGES[1].stem
    write_output(tmp_path / "out", case)
    (tmp_path / "out" / f"{case}.txt").write_text("an older text", encoding="utf-8")
    (tmp_path / "texts").mkdir()
    shutil.copy(PAGES[1], tmp_path / "texts")
    entries, problems = view.read_outputs(tmp_path / "out", tmp_path / "texts")
    assert problems == [] and entries[0].text == read(PAGES[1])


def test_text_named_in_the_output_is_found(tmp_path):
    case = PAGES[1].stem
    write_output(
        tmp_path / "out", case, input={"format": "text", "sha256": "0" * 64, "text_file": "renamed.txt"}
    )
    shutil.copy(PAGES[1], tmp_path / "out" / "renamed.txt")
    entries, problems = view.read_outputs(tmp_path / "out")
    assert problems == [] and entries[0].text == read(PAGES[1])


def test_missing_text_is_a_clear_error_naming_it(tmp_path):
    case = PAGES[1].stem
    write_output(tmp_path / "out", case)
    entries, problems = view.read_outputs(tmp_path / "out")
    assert entries[0].text is None
    assert len(problems) == 1
    assert f"'{case}.txt' not found" in problems[0] and "--texts" in problems[0]
    assert str(tmp_path / "out" / f"{case}.json") in problems[0]


def test_a_different_text_is_refused(tmp_path):
    case = PAGES[1].stem
    write_output(tmp_path / "out", case)
    (tmp_path / "out" / f"{case}.txt").write_text(read(PAGES[1]) + "\nedited", encoding="utf-8")
    _, problems = view.read_outputs(tmp_path / "out")
    assert len(problems) == 1 and "sha256 differs" in problems[0]


def test_view_command_writes_the_site_and_reports_what_it_could_not(tmp_path, capsys):
    out, site = tmp_path / "out", tmp_path / "site"
    good, missing = PAGES[1].stem, PAGES[2].stem
    write_output(out, good)
    write_output(out, missing)
    shutil.copy(PAGES[1], out / f"{good}.txt")
    (out / "broken.error.json").write_text('{"file": "broken.txt"}', encoding="utf-8")
    (out / "notes.json").write_text("[1, 2]", encoding="utf-8")

    assert main(["view", str(out), "--out", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"'{missing}.txt' not found" in err and "notes.json: not a report output" in err
    assert "broken" not in err
    assert sorted(p.name for p in site.iterdir()) == sorted(["index.html", f"{good}.html"])
    overview = parse((site / "index.html").read_text(encoding="utf-8"))
    rows = overview.find("tbody").find_all("tr")
    assert sorted(r.get("data-stem") for r in rows) == sorted([good, missing])
    assert [r.find("a") is not None for r in rows] == [r.get("data-stem") == good for r in rows]


def test_view_command_succeeds_with_texts(tmp_path, capsys):
    out, site = tmp_path / "out", tmp_path / "site"
    for page in PAGES[:3]:
        write_output(out, page.stem)
    assert main(["view", str(out), "--out", str(site), "--texts", str(PAGES[0].parent)]) == 0
    assert capsys.readouterr().err == ""
    assert len(list(site.glob("*.html"))) == 4
    # every link between pages lands on a page of the site
    for page in site.glob("*.html"):
        for link in parse(page.read_text(encoding="utf-8")).find_all("a"):
            href = link.get("href") or ""
            if href and not href.startswith("#"):
                assert (site / unquote(href)).is_file(), f"{page.name}: {href}"


@pytest.mark.parametrize(
    "args, message",
    [
        (["view", "{tmp}/nowhere", "--out", "{tmp}/site"], "not a folder of extraction outputs"),
        (["view", "{tmp}", "--out", "{tmp}/site"], "no report outputs"),
        (["view", "{tmp}", "--out", "{tmp}/site", "--texts", "{tmp}/nowhere"], "--texts"),
    ],
    ids=["no-output-folder", "empty-output-folder", "no-texts-folder"],
)
def test_view_command_refuses_bad_folders(tmp_path, capsys, args, message):
    assert main([a.format(tmp=tmp_path) for a in args]) == 1
    assert message in capsys.readouterr().err


def test_readme_view_command_writes_the_site_after_the_quick_start(tmp_path, monkeypatch, capsys):
    """docs/review.md's command, run as written where the Quick start left `output/`."""
    page = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    section = page.split("\n## Looking at the extraction", 1)[1]
    command = re.search(r"```sh\n(python -m pipeline view [^\n]*)\n", section).group(1)
    words = shlex.split(command)
    assert words[:3] == ["python", "-m", "pipeline"]
    os.symlink(ROOT / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "corpus", "--out", "output", "--progress", "never", "--jobs", "1"]) == 0
    assert main(words[3:]) == 0
    site = tmp_path / words[words.index("--out") + 1]
    assert sorted(p.name for p in site.iterdir()) == sorted(
        ["index.html", *(f"{p.stem}.html" for p in CORPUS)]
    )
    assert "written to" in capsys.readouterr().out
