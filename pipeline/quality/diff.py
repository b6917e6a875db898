"""What changed between two extractions: ``python -m pipeline diff OLD NEW [--json]``.

OLD and NEW are two output folders (reports matched by file name; error records too) or two
report files. Works on the JSON as written, not through the models, so outputs from an older
schema can still be compared.

Claims are matched by identity, never by list position or by what they say, in rounds (each
round sees only what the earlier ones left unmatched):

1. the claim ``id`` (document sha256 + span: same text and same span);
2. when both reports have the same text (same ``sha256``): the same value span (outputs of
   versions whose ids were derived otherwise);
3. when the texts differ and both are found (beside the outputs, or ``--old-texts`` /
   ``--new-texts``): the anchored span, as a reviewer's correction finds its claim again on a
   new edition (``pipeline.quality.corrections.find_anchor``): the old claim's quote with its
   context, found in the new text, at the span of a new claim.

Any other claim is removed or added, never "changed": two claims that only read alike (a
number a reviewer marked not a claim, and one they added with the same text) are two claims.

Offsets are compared only when both reports have the same text; when the text differs they
shift with every edit, and ``sha256`` itself is reported instead. Structure (overall, score
list, sections, themes, statements, subsections) is compared by key: theme number, statement
slug, section title, subsection heading. Warnings are compared by (code, message).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.files import ERROR_SUFFIX

OFFSET_KEYS = frozenset(
    {
        "start",
        "end",
        "sentence",
        "spans",
        "rating_span",
        "score_span",
        "local_authority_span",
        "published_span",
    }
)
LIST_KEYS = {  # list field -> the key its items are matched by
    "themes": "number",
    "statements": "slug",
    "score_list": "slug",
    "sections": "title",
    "subsections": "heading",
    "comparators": "kind",
}
NOT_STRUCTURE = frozenset({"claims", "warnings", "name"})
_ABSENT = object()


@dataclass
class Change:
    path: str
    old: object = None
    new: object = None


@dataclass
class ClaimChange:
    old_id: str
    new_id: str
    text: str
    fields: list[str]
    changes: list[Change]
    provenance: str = ""  # the NEW claim's, when a reviewer corrected it (see ``provenance``)


@dataclass
class ReportDiff:
    name: str
    status: str  # "changed", "same", "added", "removed", "failing", "fixed"
    message: str | None = None  # for failing/fixed: the error message
    claims_added: list[dict] = field(default_factory=list)
    claims_removed: list[dict] = field(default_factory=list)
    claims_changed: list[ClaimChange] = field(default_factory=list)
    structure: list[Change] = field(default_factory=list)
    warnings_added: list[dict] = field(default_factory=list)
    warnings_removed: list[dict] = field(default_factory=list)
    note: str | None = None  # how claims were matched, when not as well as they could be

    @property
    def differs(self) -> bool:
        return self.status != "same"


class DiffError(Exception):
    """OLD/NEW cannot be compared (missing, a file and a folder, not JSON)."""


# ---------------------------------------------------------------------------------------------
# Generic comparison


def _brief(item) -> object:
    if isinstance(item, dict):
        for key in ("title", "heading", "slug", "kind", "code"):
            if key in item:
                score = f" (score {item['score']})" if item.get("score") is not None else ""
                return f"{item[key]}{score}"
    return item


def _keyed(items: list, key: str) -> dict[str, object]:
    """Items by their key; a repeated key gets ``#2``, ``#3``... in order."""
    seen: Counter = Counter()
    result: dict[str, object] = {}
    for item in items:
        base = str(item.get(key)) if isinstance(item, dict) else json.dumps(item)
        seen[base] += 1
        result[base if seen[base] == 1 else f"{base}#{seen[base]}"] = item
    return result


def compare(path: str, old, new, same_text: bool, out: list[Change], name: str = "") -> None:
    """Append a ``Change`` for every leaf that differs between ``old`` and ``new``."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            if not same_text and key in OFFSET_KEYS:
                continue
            sub = f"{path}.{key}" if path else key
            a, b = old.get(key, _ABSENT), new.get(key, _ABSENT)
            if key == "paragraphs" and isinstance(a, list) and isinstance(b, list):
                _compare_paragraphs(sub, a, b, same_text, out)
            else:
                compare(sub, a, b, same_text, out, key)
    elif isinstance(old, list) and isinstance(new, list) and name in LIST_KEYS:
        a, b = _keyed(old, LIST_KEYS[name]), _keyed(new, LIST_KEYS[name])
        for key in [*a, *(k for k in b if k not in a)]:
            sub = f"{path}[{key}]"
            if key not in b:
                out.append(Change(sub, _brief(a[key]), None))
            elif key not in a:
                out.append(Change(sub, None, _brief(b[key])))
            else:
                compare(sub, a[key], b[key], same_text, out, name)
    elif old is _ABSENT or new is _ABSENT:
        out.append(Change(path, None if old is _ABSENT else old, None if new is _ABSENT else new))
    elif old != new:
        out.append(Change(path, old, new))


def _compare_paragraphs(path: str, old: list, new: list, same_text: bool, out: list[Change]):
    if len(old) != len(new):
        out.append(Change(path, f"{len(old)} paragraphs", f"{len(new)} paragraphs"))
    elif same_text and old != new:
        moved = sum(1 for a, b in zip(old, new) if a != b)
        out.append(Change(path, f"{moved} of {len(old)} paragraph spans", "moved"))


# ---------------------------------------------------------------------------------------------
# Claims


def _span(claim: dict) -> tuple | None:
    start, end = claim.get("start"), claim.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def _anchored_span(claim: dict, old_text: str, new_text: str) -> tuple | None:
    """Where the old claim's quote (its text with its context) is in the new text, or None."""
    from pipeline.quality.corrections import relocate

    span = _span(claim)
    if span is None or not 0 <= span[0] < span[1] <= len(old_text):
        return None
    return relocate(old_text, span[0], span[1], new_text)


def match_claims(
    old: list[dict], new: list[dict], same_text: bool, texts: tuple[str, str] | None = None
) -> tuple[list, list, list]:
    """``(pairs, removed, added)``: ``pairs`` are ``(old_claim, new_claim)``. ``texts``: the
    old and new texts, when they differ and are known (to match by anchored span)."""
    left, right = list(old), list(new)
    pairs: list[tuple[dict, dict]] = []

    def by_key(key) -> None:
        pool: dict[object, list[dict]] = defaultdict(list)
        for claim in right:
            pool[key(claim)].append(claim)
        still = []
        for claim in left:
            candidates = pool.get(key(claim))
            if candidates:
                partner = candidates.pop(0)
                pairs.append((claim, partner))
                right.remove(partner)
            else:
                still.append(claim)
        left[:] = still

    by_key(lambda c: c.get("id"))
    if same_text:
        by_key(_span)
    elif texts is not None:
        old_text, new_text = texts
        at_span = {_span(c): c for c in right if _span(c) is not None}
        still = []
        for claim in left:
            partner = at_span.pop(_anchored_span(claim, old_text, new_text), None)
            if partner is None:
                still.append(claim)
            else:
                pairs.append((claim, partner))
                right.remove(partner)
        left[:] = still
    return pairs, left, right


def _claim_changes(old: dict, new: dict, same_text: bool) -> list[Change]:
    changes: list[Change] = []
    strip = {"id"}
    compare(
        "",
        {k: v for k, v in old.items() if k not in strip},
        {k: v for k, v in new.items() if k not in strip},
        same_text,
        changes,
    )
    return changes


def _field_of(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


# ---------------------------------------------------------------------------------------------
# Reports


def _warning_key(warning: dict) -> tuple:
    return (warning.get("code"), warning.get("message"))


def diff_reports(
    old: dict, new: dict, name: str = "", old_text: str | None = None, new_text: str | None = None
) -> ReportDiff:
    """Compare two report documents (parsed JSON), with their texts when known."""
    same_text = old.get("sha256") == new.get("sha256")
    result = ReportDiff(name=name or str(new.get("name") or old.get("name") or ""), status="same")
    texts = (old_text, new_text) if old_text is not None and new_text is not None else None
    if not same_text and texts is None:
        result.note = (
            "the texts differ and were not both found: claims matched by id only "
            "(give --old-texts and --new-texts to match them by their anchored span)"
        )

    pairs, removed, added = match_claims(old.get("claims", []), new.get("claims", []), same_text, texts)
    result.claims_removed, result.claims_added = removed, added
    for a, b in pairs:
        changes = _claim_changes(a, b, same_text)
        if changes:
            fields = list(dict.fromkeys(_field_of(c.path) for c in changes))
            result.claims_changed.append(
                ClaimChange(
                    a.get("id", ""), b.get("id", ""), str(b.get("text")), fields, changes, provenance(b)
                )
            )

    compare(
        "",
        {k: v for k, v in old.items() if k not in NOT_STRUCTURE},
        {k: v for k, v in new.items() if k not in NOT_STRUCTURE},
        same_text,
        result.structure,
    )

    old_w = Counter(_warning_key(w) for w in old.get("warnings", []))
    new_w = Counter(_warning_key(w) for w in new.get("warnings", []))
    result.warnings_removed = [{"code": c, "message": m} for (c, m) in (old_w - new_w).elements()]
    result.warnings_added = [{"code": c, "message": m} for (c, m) in (new_w - old_w).elements()]

    if (
        result.claims_added
        or result.claims_removed
        or result.claims_changed
        or result.structure
        or result.warnings_added
        or result.warnings_removed
    ):
        result.status = "changed"
    return result


def _read_json(path: Path) -> dict:
    try:
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise DiffError(f"{path}: cannot read: {error.strerror}") from error
    except ValueError as error:
        raise DiffError(f"{path}: not JSON ({error})") from error
    if not isinstance(document, dict):
        raise DiffError(f"{path}: not a report (a JSON object)")
    return document


def _outputs(folder: Path) -> dict[str, tuple[str, Path]]:
    """stem -> ("report" | "error", path)."""
    found: dict[str, tuple[str, Path]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name.endswith(ERROR_SUFFIX):
            found.setdefault(path.name[: -len(ERROR_SUFFIX)], ("error", path))
        else:
            found[path.stem] = ("report", path)
    return found


def _text(document: dict, path: Path, texts: Path | None) -> str | None:
    """The text a report's offsets index (beside it, or in ``texts``), or None when not found."""
    from pipeline.formats.reading import TextNotFound, find_text

    try:
        return find_text(document, path, texts)
    except TextNotFound:
        return None


def _diff_files(old: Path, new: Path, name: str, texts: tuple[Path | None, Path | None]) -> ReportDiff:
    a, b = _read_json(old), _read_json(new)
    if a.get("sha256") == b.get("sha256"):
        return diff_reports(a, b, name=name)
    return diff_reports(a, b, name=name, old_text=_text(a, old, texts[0]), new_text=_text(b, new, texts[1]))


def diff_paths(
    old: Path, new: Path, old_texts: Path | None = None, new_texts: Path | None = None
) -> list[ReportDiff]:
    """Compare two report files, or two output folders report by report. Where a report's
    text changed, its claims are matched by anchored span when both texts are found."""
    texts = (old_texts, new_texts)
    for path in (old, new):
        if not path.exists():
            raise DiffError(f"{path}: no such file or folder")
    if old.is_file() and new.is_file():
        return [_diff_files(old, new, new.name, texts)]
    if not (old.is_dir() and new.is_dir()):
        raise DiffError(f"compare two files or two folders, not a file and a folder: {old}, {new}")
    before, after = _outputs(old), _outputs(new)
    results = []
    for stem in sorted(set(before) | set(after)):
        a, b = before.get(stem), after.get(stem)
        name = f"{stem}.json"
        if a and b and a[0] == b[0] == "report":
            results.append(_diff_files(a[1], b[1], name, texts))
        elif a and b and a[0] == b[0] == "error":
            old_message, new_message = _read_json(a[1]).get("message"), _read_json(b[1]).get("message")
            diff = ReportDiff(name, "same" if old_message == new_message else "failing", new_message)
            results.append(diff)
        elif b and b[0] == "error":
            results.append(ReportDiff(name, "failing", _read_json(b[1]).get("message")))
        elif b:
            status = "fixed" if a else "added"
            results.append(ReportDiff(name, status, claims_added=_read_json(b[1]).get("claims", [])))
        elif a and a[0] == "report":
            results.append(ReportDiff(name, "removed", claims_removed=_read_json(a[1]).get("claims", [])))
        else:  # an error record that is gone, with no report either
            results.append(ReportDiff(name, "removed", message="error record removed"))
    return results


# ---------------------------------------------------------------------------------------------
# Output


def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 100 else text[:97] + "..."


def describe_claim(claim: dict) -> str:
    value = claim.get("value")
    value = int(value) if isinstance(value, float) and value.is_integer() else value
    where = claim.get("statement") or claim.get("section") or "outside the statements"
    return (
        f"{claim.get('id')} {json.dumps(claim.get('text'), ensure_ascii=False)} = {value} "
        f"{claim.get('unit')} [{where}]{provenance(claim)}"
    )


def provenance(claim: dict) -> str:
    """What a reviewer did to the claim (``extract --corrections``), as a suffix; else ''."""
    if claim.get("added"):
        return " (added by a reviewer)"
    if claim.get("corrected"):
        return f" (corrected by a reviewer: {', '.join(claim['corrected'])})"
    return ""


def format_diffs(diffs: list[ReportDiff]) -> str:
    lines: list[str] = []
    changed = [d for d in diffs if d.differs]
    for d in changed:
        head = {
            "added": "only in NEW",
            "removed": "only in OLD",
            "failing": "now fails",
            "fixed": "was an error, now extracted",
        }.get(d.status)
        counts = (
            f"claims: {len(d.claims_added)} added, {len(d.claims_removed)} removed, "
            f"{len(d.claims_changed)} changed; {len(d.structure)} structure changes; "
            f"warnings: {len(d.warnings_added)} added, {len(d.warnings_removed)} removed"
        )
        lines.append(
            f"{d.name}: {head}" + (f": {d.message}" if d.message else "") if head else f"{d.name}: {counts}"
        )
        if d.note:
            lines.append(f"  note: {d.note}")
        if d.status in ("added", "removed", "fixed"):
            count = len(d.claims_added) + len(d.claims_removed)
            lines.append(f"  ({count} claims)")
            continue
        for change in d.structure:
            lines.append(f"  ~ {change.path}: {_show(change.old)} -> {_show(change.new)}")
        for claim in d.claims_removed:
            lines.append(f"  - claim {describe_claim(claim)}")
        for claim in d.claims_added:
            lines.append(f"  + claim {describe_claim(claim)}")
        for c in d.claims_changed:
            ident = c.new_id if c.old_id == c.new_id else f"{c.old_id} -> {c.new_id}"
            lines.append(
                f"  ~ claim {ident} {json.dumps(c.text, ensure_ascii=False)} "
                f"({', '.join(c.fields)}){c.provenance}:"
            )
            for change in c.changes:
                lines.append(f"      {change.path}: {_show(change.old)} -> {_show(change.new)}")
        for w in d.warnings_removed:
            lines.append(f"  - warning {w['code']}: {w['message']}")
        for w in d.warnings_added:
            lines.append(f"  + warning {w['code']}: {w['message']}")
    if changed:
        lines.append(f"{len(changed)} of {len(diffs)} reports differ")
    else:
        lines.append(f"no differences ({len(diffs)} reports compared)")
    return "\n".join(lines)


def diffs_as_dict(diffs: list[ReportDiff]) -> dict:
    reports = []
    for d in diffs:
        if not d.differs:
            continue
        item = asdict(d)
        item["claims_changed"] = [
            {**asdict(c), "changes": [asdict(x) for x in c.changes]} for c in d.claims_changed
        ]
        reports.append(item)
    return {"compared": len(diffs), "differ": len(reports), "reports": reports}


def run_diff(
    old: Path, new: Path, as_json: bool = False, old_texts: Path | None = None, new_texts: Path | None = None
) -> int:
    """``python -m pipeline diff``: 0 when nothing differs, 1 when something does, 2 on error."""
    for folder, what in ((old_texts, "--old-texts"), (new_texts, "--new-texts")):
        if folder is not None and not Path(folder).is_dir():
            print(f"error: {what} {folder}: not a folder", file=sys.stderr)
            return 2
    try:
        diffs = diff_paths(Path(old), Path(new), old_texts, new_texts)
    except DiffError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(diffs_as_dict(diffs), indent=2, ensure_ascii=False))
    else:
        print(format_diffs(diffs))
    return 1 if any(d.differs for d in diffs) else 0
