"""Review in the browser: ``python -m pipeline review OUTPUT_DIR --texts DIR [--corrections DIR] [--port N]``.

A small Flask application on 127.0.0.1 serves the review site of ``view`` (the overview and a
page per report, rendered by ``pipeline.outputs.view``) with review controls on each report
page (``templates/review.js``): a verdict on each claim (correct, not a claim, fix), a number
missed by the extraction added from a selection of the text, the report marked reviewed.
Every change is one request, validated against the models (``pipeline.models.Corrections``)
and against the report (the correction must apply: ``pipeline.quality.corrections.apply``),
then written at once and atomically to ``CORRECTIONS/<stem>.json``; the answer is the file as
saved, which the page shows.

Safety: the server listens on the loopback address only; it answers only requests whose
``Host`` is its own address (a DNS-rebinding page cannot reach it under another name), and
refuses any request whose ``Origin`` is another site's, or that a browser marks cross-site;
writes need a JSON body (so a cross-site form cannot send one without a preflight nobody
answers); it writes only ``CORRECTIONS/<stem>.json`` for the reports it serves (the stem is
looked up, never joined from the request), and serves only its pages and its API: no static
folder, no file from disk by name.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, request
from flask.json.provider import DefaultJSONProvider
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from werkzeug.exceptions import HTTPException

from pipeline.files import write_atomic
from pipeline.models import AddedClaim, ClaimCorrection, Corrections, Report
from pipeline.outputs.view import (
    COMPARATOR_KINDS,
    INDEX,
    ViewError,
    page_name,
    read_outputs,
    render_overview,
    render_report,
)
from pipeline.quality.corrections import (
    CorrectionsError,
    apply,
    apply_placed,
    corrections_json,
    corrections_path,
    folder_status,
    place,
    read_corrections,
    rebase,
)
from pipeline.reference import lexicon
from pipeline.reference.catalogue import CATALOGUE
from pipeline.reference.framework import STATEMENTS

HOST = "127.0.0.1"
MAX_BODY = 256 * 1024  # a correction is a few hundred bytes


@dataclass(frozen=True)
class Served:
    """A report the server serves: its output (as read), its text, its page's name."""

    stem: str
    report: Mapping[str, Any]
    text: str
    model: Report


class ReviewedFlag(BaseModel):
    """The body that marks a report reviewed (or not)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    reviewed: bool


class ReviewError(Exception):
    """The server cannot start (no outputs, a folder missing): says what to do."""


def load_reports(output_dir: Path, texts: Path | None) -> tuple[dict[str, Served], list, list[str]]:
    """(page name -> served report, every entry for the overview, problems)."""
    try:
        entries, problems = read_outputs(output_dir, texts)
    except ViewError as error:
        raise ReviewError(str(error)) from None
    served: dict[str, Served] = {}
    for entry in entries:
        if entry.text is None:
            continue
        try:
            model = Report.model_validate(entry.report)
        except ValidationError as error:
            problems.append(
                f"{output_dir / entry.stem}.json: not a report of this pipeline's "
                f"schema ({error.error_count()} problems): extract it again"
            )
            continue
        if any(claim.added or claim.corrected for claim in model.claims):
            problems.append(
                f"{output_dir / entry.stem}.json: extracted with --corrections; "
                "review the extraction made without them (not served)"
            )
            continue
        served[page_name(entry.stem)] = Served(entry.stem, entry.report, entry.text, model)
    return served, entries, problems


def _reference() -> dict[str, Any]:
    """What the review controls offer: the catalogue's measures, statements, units, kinds."""
    from typing import get_args

    from pipeline.models import ComparatorKind, Direction, Unit

    return {
        "measures": [{"id": m.id, "name": m.name, "unit": m.unit, "dataset": m.dataset} for m in CATALOGUE],
        "statements": [{"slug": s.slug, "title": s.title} for s in STATEMENTS],
        "units": list(get_args(Unit)),
        "kinds": [
            {"id": kind, "name": COMPARATOR_KINDS.get(kind, kind)} for kind in get_args(ComparatorKind)
        ],
        "directions": list(get_args(Direction)),
        "datasets": [d.name for d in lexicon.DATASETS],
    }


def create_app(output_dir: Path, texts: Path | None, corrections_dir: Path, port: int) -> Flask:
    """The application, serving the reports of ``output_dir`` and writing ``corrections_dir``.

    ``port`` is the one the server listens on: requests must name ``127.0.0.1:<port>`` or
    ``localhost:<port>`` as their host (and origin, when they carry one).
    """
    served, entries, problems = load_reports(Path(output_dir), texts)
    if not served:
        raise ReviewError(
            f"{output_dir}: no report to review"
            + ("".join(f"\n  {p}" for p in problems) if problems else " (no *.json outputs with their texts)")
        )
    corrections_dir = Path(corrections_dir)
    hosts = {f"{HOST}:{port}", f"localhost:{port}"}
    origins = {f"http://{host}" for host in hosts}
    lock = threading.Lock()
    reference = _reference()
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY, JSON_SORT_KEYS=False)
    # Flask's default provider (the one that has sort_keys): the JSON keeps the outputs' order
    assert isinstance(app.json, DefaultJSONProvider)
    app.json.sort_keys = False
    app.extensions["cqc_review"] = {"served": served, "problems": problems}

    @app.before_request
    def _guard() -> None:
        if request.host not in hosts:
            abort(421, f"this server answers to {' or '.join(sorted(hosts))} only")
        origin = request.headers.get("Origin")
        if origin is not None and origin not in origins:
            abort(403, "a request from another site")
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            abort(403, "a request from another site")
        if request.method not in ("GET", "HEAD") and not request.is_json:
            abort(415, "a change must be sent as JSON")

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        return response

    @app.errorhandler(HTTPException)
    def _error(error: HTTPException):
        return jsonify(error=error.description, status=error.code), error.code

    def page_of(page: str) -> Served:
        found = served.get(page)
        if found is None:
            abort(404, "no such report")
        return found

    def read(found: Served) -> Corrections:
        path = corrections_path(corrections_dir, found.stem)
        if not path.is_file():
            return Corrections(report=found.stem, sha256=found.model.sha256)
        try:
            return read_corrections(path)
        except CorrectionsError as error:
            abort(409, f"{error}: fix or move the file, then reload")

    def answer(found: Served, corrections: Corrections, saved: bool = False):
        """The corrections as they stand on this text (a file made on an earlier edition is
        shown rebased: keys, anchors and offsets of this text; written so on the next change),
        the stale ones and the moved ones."""
        _, stale, moved = apply_placed(found.model, found.text, place(found.model, found.text, corrections))
        return jsonify(
            corrections=json.loads(corrections_json(rebase(found.model, found.text, corrections))),
            file=str(corrections_path(corrections_dir, found.stem)),
            exists=corrections_path(corrections_dir, found.stem).is_file(),
            stale=[w.message for w in stale],
            moved=[w.message for w in moved],
            saved=saved,
        )

    def change(page: str, edit) -> Response:
        """Read the file, change it, check the change applies, write it atomically (every entry
        anchored on this text: ``rebase``)."""
        found = page_of(page)
        with lock:
            on_file = read(found)
            placed = place(found.model, found.text, on_file)
            lost = [cid for cid, c in placed.unplaced_claims.items() if c.anchor is None] + [
                f"{a.start}:{a.end}" for a in placed.unplaced_added if a.anchor is None
            ]
            if on_file.sha256 != found.model.sha256 and lost:
                abort(
                    409,
                    f"{corrections_path(corrections_dir, found.stem)} was made on another "
                    f"text of this report, and {len(lost)} of its corrections carry no "
                    "anchor to find their place by: move it away to review this one",
                )
            before = rebase(found.model, found.text, on_file)
            data = before.model_dump(mode="json", exclude_unset=True)
            data.setdefault("claims", {})
            data.setdefault("added", [])
            edit(found, data)
            try:
                after = rebase(found.model, found.text, Corrections.model_validate(data))
            except ValidationError as error:
                abort(422, _message(error))
            _, old = apply(found.model, found.text, before)
            _, new = apply(found.model, found.text, after)
            known = {w.message for w in old}
            fresh = [w.message for w in new if w.message not in known]
            if fresh:
                abort(422, "; ".join(fresh))
            write_atomic(corrections_path(corrections_dir, found.stem), corrections_json(after))
            return answer(found, after, saved=True)

    def body(adapter: TypeAdapter):
        data = request.get_json(silent=True)
        if data is None:
            abort(400, "the body is not JSON")
        try:
            return adapter.validate_python(data)
        except ValidationError as error:
            abort(422, _message(error))

    claim_adapter = TypeAdapter(ClaimCorrection)
    added_adapter = TypeAdapter(AddedClaim)
    reviewed_adapter = TypeAdapter(ReviewedFlag)

    def statuses() -> dict[str, Any]:
        """Where each served report's review stands, from its file as it is now."""
        return {
            found.stem: folder_status(corrections_dir, found.stem, found.model, found.text)
            for found in served.values()
        }

    @app.get("/")
    def overview():
        return _page(render_overview(entries, statuses()))

    @app.get("/<page>")
    def report_page(page: str):
        if page == INDEX:
            return _page(render_overview(entries, statuses()))
        found = page_of(page)
        return _page(render_report(found.report, found.text, found.stem, review=True))

    @app.get("/api/<page>/state")
    def state(page: str):
        found = page_of(page)
        response = answer(found, read(found))
        data = response.get_json()
        data["reference"] = reference
        data["claims"] = {c["id"]: c for c in found.report.get("claims") or []}
        data["text_length"] = len(found.text)
        return jsonify(data)

    @app.put("/api/<page>/claims/<claim_id>")
    def set_verdict(page: str, claim_id: str):
        correction = body(claim_adapter)
        if claim_id not in {c.id for c in page_of(page).model.claims}:
            abort(404, f"the report holds no claim {claim_id}")

        def edit(found: Served, data: dict) -> None:
            # the anchor is the server's to write (``rebase``), from the claim's span
            data["claims"][claim_id] = correction.model_dump(
                mode="json", exclude_unset=True, exclude={"anchor"}
            )

        return change(page, edit)

    @app.delete("/api/<page>/claims/<claim_id>")
    def clear_verdict(page: str, claim_id: str):
        def edit(found: Served, data: dict) -> None:
            if data["claims"].pop(claim_id, None) is None:
                abort(404, f"no verdict on claim {claim_id}")

        return change(page, edit)

    @app.post("/api/<page>/added")
    def add_number(page: str):
        added = body(added_adapter)

        def edit(found: Served, data: dict) -> None:
            if any(a["start"] < added.end and added.start < a["end"] for a in data["added"]):
                abort(422, f"a number added already overlaps {added.start}:{added.end}")
            data["added"].append(added.model_dump(mode="json", exclude_unset=True, exclude={"anchor"}))
            data["added"].sort(key=lambda a: (a["start"], a["end"]))

        return change(page, edit)

    @app.delete("/api/<page>/added/<int:start>-<int:end>")
    def remove_number(page: str, start: int, end: int):
        def edit(found: Served, data: dict) -> None:
            kept = [a for a in data["added"] if (a["start"], a["end"]) != (start, end)]
            if len(kept) == len(data["added"]):
                abort(404, f"no number added at {start}:{end}")
            data["added"] = kept

        return change(page, edit)

    @app.put("/api/<page>/reviewed")
    def mark_reviewed(page: str):
        flag = body(reviewed_adapter)

        def edit(found: Served, data: dict) -> None:
            data["reviewed"] = flag.reviewed

        return change(page, edit)

    return app


def _page(html: str) -> Response:
    """A page with its own Content-Security-Policy (the meta tag's, and no framing)."""
    response = Response(html, mimetype="text/html")
    marker = 'http-equiv="Content-Security-Policy" content="'
    start = html.index(marker) + len(marker)
    policy = unescape(html[start : html.index('"', start)])
    response.headers["Content-Security-Policy"] = f"{policy}; frame-ancestors 'none'"
    return response


def _message(error: ValidationError) -> str:
    parts = []
    for item in error.errors()[:3]:
        place = ".".join(str(p) for p in item["loc"])
        parts.append(f"{place}: {item['msg']}" if place else item["msg"])
    return "; ".join(parts)


def run_review(output_dir: Path, texts: Path | None, corrections_dir: Path | None, port: int = 0) -> int:
    """CLI: serve until Ctrl-C. Port 0 takes a free one; the address is printed."""
    from werkzeug.serving import make_server

    if texts is not None and not texts.is_dir():
        print(f"review: --texts {texts}: not a folder", file=sys.stderr)
        return 2
    if not 0 <= port <= 65535:  # the CLI checks it first (``cli._port``)
        print(f"review: --port {port}: a port is 1-65535 (or 0 for any free one)", file=sys.stderr)
        return 2
    corrections_dir = corrections_dir or Path(output_dir).resolve().parent / "corrections"
    try:
        server = make_server(HOST, port, Flask("placeholder"), threaded=True)
    except OSError as error:
        print(f"review: cannot listen on {HOST}:{port}: {error.strerror}", file=sys.stderr)
        return 2
    port = server.socket.getsockname()[1]
    try:
        app = create_app(Path(output_dir), texts, corrections_dir, port)
    except ReviewError as error:
        server.server_close()
        print(f"review: {error}", file=sys.stderr)
        return 2
    server.app = app
    for problem in app.extensions["cqc_review"]["problems"]:
        print(f"review: {problem}", file=sys.stderr)
    count = len(app.extensions["cqc_review"]["served"])
    print(f"reviewing {count} report(s); corrections are written to {corrections_dir}/", flush=True)
    print(f"open http://{HOST}:{port}/  (Ctrl-C stops the server)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    print("review: stopped", file=sys.stderr)
    return 0
