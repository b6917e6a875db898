"""The review server's safety and its API (Flask's test client; one test runs the real server).

Each refusal has its test: a foreign Host (DNS rebinding), a foreign Origin or a cross-site
request, a change not sent as JSON, a body the models reject, a correction that would not
apply, a report or claim it does not serve, anything outside the site, a body too large. And
what it writes: only ``CORRECTIONS/<stem>.json``, atomically, as the answer says.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from builders.review import STEM, TEXT, sigint_as_at_a_terminal, write_output

import pipeline
from pipeline.models import CORRECTIONS_VERSION, Corrections
from pipeline.outputs.review import ReviewError, create_app
from pipeline.quality.corrections import anchor_at, corrections_json, rebase

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
REPORT = pipeline.extract(TEXT, name=STEM)
CLAIMS = {claim.text: claim for claim in REPORT.claims}
PAGE = f"{STEM}.html"


@pytest.fixture()
def site(tmp_path):
    (tmp_path / "output").mkdir()
    write_output(tmp_path / "output")
    app = create_app(tmp_path / "output", None, tmp_path / "corrections", PORT)
    return tmp_path, app.test_client()


def saved(tmp_path: Path) -> dict | None:
    path = tmp_path / "corrections" / f"{STEM}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def anchored(claim) -> dict:
    """The anchor the server writes for a claim: its quote with 32 characters either side."""
    return {
        "exact": claim.text,
        "prefix": TEXT[max(0, claim.start - 32) : claim.start],
        "suffix": TEXT[claim.end : claim.end + 32],
        "start": claim.start,
        "end": claim.end,
    }


def put_verdict(client, claim_id: str, body, **kwargs):
    return client.put(f"/api/{PAGE}/claims/{claim_id}", json=body, base_url=BASE, **kwargs)


# ---------------------------------------------------------------------------------------------
# What it serves


def test_the_overview_and_the_review_page(site):
    _, client = site
    overview = client.get("/", base_url=BASE)
    assert overview.status_code == 200 and f'href="{PAGE}"'.encode() in overview.data
    page = client.get(f"/{PAGE}", base_url=BASE)
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'sha256-" in policy and "unsafe" not in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    state = client.get(f"/api/{PAGE}/state", base_url=BASE).get_json()
    assert set(state["claims"]) == {c.id for c in REPORT.claims}
    assert {m["id"] for m in state["reference"]["measures"]} >= {"ascs-satisfied-with-care"}
    assert state["exists"] is False and state["corrections"]["sha256"] == REPORT.sha256


@pytest.mark.parametrize(
    "path",
    [
        "/../output/brookvale.json",
        "/..%2foutput%2fbrookvale.json",
        f"/{STEM}.json",
        f"/{STEM}.txt",
        "/static/review.js",
        "/templates/review.js",
        "/report.js",
        "/etc/passwd",
        "/api/index.html/state",
        "/api/../output/brookvale.json/state",
        "/nothing.html",
    ],
)
def test_nothing_outside_the_site_is_served(site, path):
    _, client = site
    response = client.get(path, base_url=BASE)
    assert response.status_code == 404, path
    assert TEXT[:40].encode() not in response.data


# ---------------------------------------------------------------------------------------------
# Refusals


@pytest.mark.parametrize(
    "base",
    [
        "http://evil.example:8765",
        "http://127.0.0.1:9999",
        "http://localhost.evil.example:8765",
        "http://[::1]:8765",
    ],
)
def test_a_foreign_host_is_refused(site, base):
    tmp_path, client = site
    assert client.get(f"/{PAGE}", base_url=base).status_code == 421
    response = client.put(f"/api/{PAGE}/claims/{CLAIMS['19'].id}", json={"verdict": "correct"}, base_url=base)
    assert response.status_code == 421 and saved(tmp_path) is None


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:9999"},
        {"Origin": "https://127.0.0.1:8765"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_foreign_origin_is_refused(site, headers):
    tmp_path, client = site
    assert put_verdict(client, CLAIMS["19"].id, {"verdict": "correct"}, headers=headers).status_code == 403
    assert client.get(f"/api/{PAGE}/state", base_url=BASE, headers=headers).status_code == 403
    assert saved(tmp_path) is None


def test_its_own_origin_is_answered(site):
    tmp_path, client = site
    for origin in (BASE, f"http://localhost:{PORT}"):
        response = put_verdict(
            client,
            CLAIMS["19"].id,
            {"verdict": "correct"},
            headers={"Origin": origin, "Sec-Fetch-Site": "same-origin"},
        )
        assert response.status_code == 200
    assert saved(tmp_path)["claims"] == {
        CLAIMS["19"].id: {"verdict": "correct", "anchor": anchored(CLAIMS["19"])}
    }


def test_a_change_not_sent_as_json_is_refused(site):
    tmp_path, client = site
    response = client.put(
        f"/api/{PAGE}/claims/{CLAIMS['19'].id}",
        data="verdict=correct",
        content_type="application/x-www-form-urlencoded",
        base_url=BASE,
    )
    assert response.status_code == 415 and saved(tmp_path) is None
    response = client.put(
        f"/api/{PAGE}/reviewed", data='{"reviewed": true}', content_type="text/plain", base_url=BASE
    )
    assert response.status_code == 415 and saved(tmp_path) is None


@pytest.mark.parametrize(
    "path, body, message",
    [
        (f"claims/{CLAIMS['19'].id}", {"verdict": "maybe"}, "verdict"),
        (f"claims/{CLAIMS['19'].id}", {"verdict": "fix"}, "names no field"),
        (f"claims/{CLAIMS['19'].id}", {"verdict": "correct", "extra": 1}, "extra"),
        (f"claims/{CLAIMS['19'].id}", {"verdict": "fix", "unit": "furlongs"}, "unit"),
        (f"claims/{CLAIMS['19'].id}", ["verdict", "correct"], "dictionary"),
        ("added", {"start": 1, "end": 2}, "value"),
        ("added", {"start": -1, "end": 2, "value": 1, "unit": "count"}, "start"),
        ("reviewed", {"reviewed": "yes please"}, "reviewed"),
        ("reviewed", {"reviewed": True, "report": "other"}, "report: Extra inputs"),
        ("reviewed", {}, "reviewed: Field required"),
    ],
)
def test_a_body_the_models_reject_is_refused(site, path, body, message):
    tmp_path, client = site
    method = client.post if path == "added" else client.put
    response = method(f"/api/{PAGE}/{path}", json=body, base_url=BASE)
    assert response.status_code == 422 and message in response.get_json()["error"]
    assert saved(tmp_path) is None


@pytest.mark.parametrize(
    "path, body, message",
    [
        (
            f"claims/{CLAIMS['19'].id}",
            {"verdict": "fix", "measure": "no-such-measure"},
            "not in the catalogue",
        ),
        (f"claims/{CLAIMS['19'].id}", {"verdict": "fix", "statement": "nowhere"}, "statement"),
        (
            "added",
            {
                "start": TEXT.index("40 minutes"),
                "end": TEXT.index("40 minutes") + 2,
                "value": 41,
                "unit": "count",
            },
            "does not show 41",
        ),
        (
            "added",
            {"start": CLAIMS["19"].start, "end": CLAIMS["19"].end, "value": 19, "unit": "count"},
            "the extraction now reads",
        ),
        ("added", {"start": 10**6, "end": 10**6 + 1, "value": 1, "unit": "count"}, "outside the text"),
    ],
)
def test_a_correction_that_would_not_apply_is_refused(site, path, body, message):
    tmp_path, client = site
    method = client.post if path == "added" else client.put
    response = method(f"/api/{PAGE}/{path}", json=body, base_url=BASE)
    assert response.status_code == 422 and message in response.get_json()["error"]
    assert saved(tmp_path) is None


def test_an_unknown_report_or_claim_is_refused(site):
    tmp_path, client = site
    assert put_verdict(client, "0123456789abcdef", {"verdict": "correct"}).status_code == 404
    response = client.put(
        f"/api/other.html/claims/{CLAIMS['19'].id}", json={"verdict": "correct"}, base_url=BASE
    )
    assert response.status_code == 404
    assert client.delete(f"/api/{PAGE}/claims/{CLAIMS['19'].id}", json={}, base_url=BASE).status_code == 404
    assert client.delete(f"/api/{PAGE}/added/1-2", json={}, base_url=BASE).status_code == 404
    assert saved(tmp_path) is None


def test_a_body_too_large_is_refused(site):
    tmp_path, client = site
    response = put_verdict(client, CLAIMS["19"].id, {"verdict": "correct", "note": "x" * 300_000})
    assert response.status_code == 413 and saved(tmp_path) is None


def test_a_corrections_file_made_on_another_text_is_never_overwritten(site):
    tmp_path, client = site
    folder = tmp_path / "corrections"
    folder.mkdir()
    other = {
        "report": STEM,
        "sha256": "0" * 64,
        "reviewed": True,
        "claims": {"0123456789abcdef": {"verdict": "correct"}},
        "added": [],
    }
    (folder / f"{STEM}.json").write_text(json.dumps(other), encoding="utf-8")
    state = client.get(f"/api/{PAGE}/state", base_url=BASE).get_json()
    assert state["stale"] and "the report text changed" in state["stale"][0]
    response = put_verdict(client, CLAIMS["19"].id, {"verdict": "correct"})
    assert response.status_code == 409 and "another text" in response.get_json()["error"]
    assert saved(tmp_path) == other


def test_a_file_made_on_an_earlier_edition_is_shown_moved_and_rewritten_on_the_next_save(site):
    tmp_path, client = site
    earlier = TEXT.replace("promptly", "without any delay")
    old = pipeline.extract(earlier, name=STEM)
    old_19 = next(c for c in old.claims if c.text == "19")
    folder = tmp_path / "corrections"
    folder.mkdir()
    made = rebase(
        old,
        earlier,
        Corrections(
            report=STEM,
            sha256=old.sha256,
            claims={old_19.id: {"verdict": "not_a_claim", "note": "a denominator"}},
        ),
    )
    (folder / f"{STEM}.json").write_bytes(corrections_json(made))

    state = client.get(f"/api/{PAGE}/state", base_url=BASE).get_json()
    assert state["stale"] == [] and len(state["moved"]) == 1
    assert (
        f"moved from {old_19.start}:{old_19.end} to {CLAIMS['19'].start}:{CLAIMS['19'].end}"
        in state["moved"][0]
    )
    assert list(state["corrections"]["claims"]) == [CLAIMS["19"].id]  # as it stands on this text
    assert saved(tmp_path)["sha256"] == old.sha256  # nothing written by looking

    assert put_verdict(client, CLAIMS["63.5%"].id, {"verdict": "correct"}).status_code == 200
    after = saved(tmp_path)
    assert after["sha256"] == REPORT.sha256
    assert after["claims"] == {
        CLAIMS["19"].id: {
            "verdict": "not_a_claim",
            "note": "a denominator",
            "anchor": anchored(CLAIMS["19"]),
        },
        CLAIMS["63.5%"].id: {"verdict": "correct", "anchor": anchored(CLAIMS["63.5%"])},
    }
    assert client.get(f"/api/{PAGE}/state", base_url=BASE).get_json()["moved"] == []


NOT_NUMBERS = [
    ("NaN value of a fix", "claims/{id}", '{"verdict": "fix", "value": NaN}', "value"),
    ("Infinity value of a fix", "claims/{id}", '{"verdict": "fix", "value": Infinity}', "value"),
    ("1e309 value of a fix", "claims/{id}", '{"verdict": "fix", "value": 1e309}', "value"),
    (
        "-Infinity comparator",
        "claims/{id}",
        '{"verdict": "fix", "comparators": [{"kind": "target", "value": -Infinity, "unit": "count",'
        ' "text": "2,870", "start": 1, "end": 6}]}',
        "comparators.0.value",
    ),
    ("NaN added number", "added", '{"start": 1, "end": 2, "value": NaN, "unit": "count"}', "value"),
]


@pytest.mark.parametrize("name, path, body, field", NOT_NUMBERS, ids=[n[0] for n in NOT_NUMBERS])
def test_a_number_that_is_not_finite_is_refused(site, name, path, body, field):
    tmp_path, client = site
    method = client.post if path == "added" else client.put
    response = method(
        f"/api/{PAGE}/{path.format(id=CLAIMS['19'].id)}",
        data=body,
        content_type="application/json",
        base_url=BASE,
    )
    assert response.status_code == 422, response.get_json()
    assert f"{field}: Input should be a finite number" in response.get_json()["error"]
    assert saved(tmp_path) is None


# ---------------------------------------------------------------------------------------------
# What it writes


def test_every_change_is_written_at_once_to_the_reports_file_only(site):
    tmp_path, client = site
    fixed, removed = CLAIMS["63.5%"], CLAIMS["19"]
    start = TEXT.index("40 minutes")
    steps = [
        (client.put, f"claims/{removed.id}", {"verdict": "not_a_claim", "note": "a denominator"}),
        (client.put, f"claims/{fixed.id}", {"verdict": "fix", "value": 64.5}),
        (
            client.post,
            "added",
            {"start": start, "end": start + 2, "value": 40, "unit": "count", "text": "40"},
        ),
        (client.put, "reviewed", {"reviewed": True}),
    ]
    for method, path, body in steps:
        response = method(f"/api/{PAGE}/{path}", json=body, base_url=BASE)
        assert response.status_code == 200, response.get_json()
        answer = response.get_json()
        assert answer["saved"] is True and answer["corrections"] == saved(tmp_path)
    assert saved(tmp_path) == {
        "schema_version": CORRECTIONS_VERSION,
        "report": STEM,
        "sha256": REPORT.sha256,
        "reviewed": True,
        "claims": {
            removed.id: {"verdict": "not_a_claim", "note": "a denominator", "anchor": anchored(removed)},
            fixed.id: {"verdict": "fix", "anchor": anchored(fixed), "value": 64.5},
        },
        "added": [
            {
                "start": start,
                "end": start + 2,
                "value": 40.0,
                "unit": "count",
                "text": "40",
                "anchor": anchor_at(TEXT, start, start + 2).model_dump(),
            }
        ],
    }
    assert sorted(p.name for p in (tmp_path / "corrections").iterdir()) == [f"{STEM}.json"]
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [f"{STEM}.json", f"{STEM}.txt"]

    # undo: a verdict cleared, an added number removed
    assert client.delete(f"/api/{PAGE}/claims/{fixed.id}", json={}, base_url=BASE).status_code == 200
    assert client.delete(f"/api/{PAGE}/added/{start}-{start + 2}", json={}, base_url=BASE).status_code == 200
    assert saved(tmp_path)["claims"] == {
        removed.id: {"verdict": "not_a_claim", "note": "a denominator", "anchor": anchored(removed)}
    }
    assert saved(tmp_path)["added"] == []


def test_a_curated_output_is_not_served(tmp_path):
    (tmp_path / "output").mkdir()
    output, _ = write_output(tmp_path / "output")
    data = json.loads(output.read_text(encoding="utf-8"))
    data["claims"][0]["corrected"] = ["value"]
    output.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReviewError, match="extracted with --corrections"):
        create_app(tmp_path / "output", None, tmp_path / "corrections", PORT)


# ---------------------------------------------------------------------------------------------
# The real server: loopback only, its address printed, stopped by Ctrl-C


def _other_address() -> str | None:
    """An address of this machine that is not loopback, when it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: it only picks the interface
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_the_server_listens_on_loopback_and_stops_on_ctrl_c(tmp_path):
    (tmp_path / "output").mkdir()
    write_output(tmp_path / "output")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "review", str(tmp_path / "output"), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
        preexec_fn=sigint_as_at_a_terminal,
    )
    try:
        lines = [server.stdout.readline(), server.stdout.readline()]
        assert f"written to {tmp_path / 'corrections'}/" in lines[0], lines
        assert lines[1].startswith("open http://127.0.0.1:"), lines
        address = lines[1].split()[1]
        port = int(address.rstrip("/").rsplit(":", 1)[1])
        with urllib.request.urlopen(f"{address}{PAGE}", timeout=10) as response:
            assert response.status == 200 and b'id="text"' in response.read()
        other = _other_address()
        if other:
            with pytest.raises(OSError):
                socket.create_connection((other, port), timeout=2).close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            status = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise
    assert status == 0, server.stderr.read()
    assert "stopped" in server.stderr.read()


@pytest.mark.parametrize(
    "port, message",
    [
        ("99999", "a port is 1-65535 (or 0 for any free one), not 99999"),
        ("-1", "a port is 1-65535 (or 0 for any free one), not -1"),
        ("eighty", "not a port number: 'eighty'"),
    ],
)
def test_a_port_out_of_range_is_a_clear_error(tmp_path, capsys, port, message):
    from pipeline.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["review", str(tmp_path), f"--port={port}"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and message in err and "Traceback" not in err


def test_a_port_out_of_range_given_to_the_function_is_a_clear_error(tmp_path, capsys):
    from pipeline.outputs.review import run_review

    assert run_review(tmp_path, None, None, 99999) == 2
    assert "a port is 1-65535" in capsys.readouterr().err
