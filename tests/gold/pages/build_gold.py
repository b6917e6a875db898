"""Writes the gold files of the synthetic pages (tests/texts/pages/*.txt) from the hand
decisions below; offsets are computed here from the exact surface text, never typed.

Each value is located by its surface text, inside a unique context string when the surface
alone is not unique: ``V("2", "IMD decile of 2")``. Run from the repository root:

    python tests/gold/pages/build_gold.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "tests" / "texts" / "pages"
OUT = ROOT / "tests" / "gold" / "pages"

ASCS = "Adult Social Care Survey"
SACE = "Survey of Adult Carers in England"
SFC = "Skills for Care Workforce Estimates"
SAC = "Safeguarding Adults Collection"


class Page:
    def __init__(self, stem: str):
        self.stem = stem
        self.path = PAGES / f"{stem}.txt"
        self.text = self.path.read_text(encoding="utf-8")

    def span(self, surface: str, ctx: str | None = None) -> tuple[int, int]:
        ctx = ctx or surface
        first = self.text.find(ctx)
        assert first >= 0, f"{self.stem}: context {ctx!r} not found"
        assert self.text.find(ctx, first + 1) < 0, f"{self.stem}: context {ctx!r} is not unique"
        start = self.text.index(surface, first)
        assert start + len(surface) <= first + len(ctx), f"{surface!r} not inside {ctx!r}"
        return start, start + len(surface)


def V(surface, ctx=None, **kw):
    return {"surface": surface, "ctx": ctx, **kw}


def build(page: Page, structure: dict, claims: list[dict], optional: list[dict], negatives: list[dict]):
    def located(spec: dict) -> dict:
        start, end = page.span(spec["surface"], spec["ctx"])
        return {"text": spec["surface"], "start": start, "end": end}

    out_claims = []
    for c in claims:
        loc = located(c)
        comps = []
        for comp in c.get("comparators", []):
            cl = located(comp)
            comps.append(
                {
                    "kind": comp["kind"],
                    "value": comp["value"],
                    **cl,
                    "qualifier": comp.get("qualifier"),
                    "direction": comp["direction"],
                }
            )
        source = c.get("source")
        out_claims.append(
            {
                "value": c["value"],
                "unit": c["unit"],
                # pages annotated before measures existed carry no key (not null: not annotated)
                **({"measure": c["measure"]} if "measure" in c else {}),
                **loc,
                "qualifier": c.get("qualifier"),
                "statement": c["statement"],
                "period": c.get("period"),
                "comparators": comps,
                "source": ({"name": source[0], "date": source[1], "text": source[2]} if source else None),
            }
        )
    gold = {
        "text_file": f"tests/texts/pages/{page.stem}.txt",
        "text_sha256": hashlib.sha256(page.path.read_bytes()).hexdigest(),
        "structure": structure,
        "claims": out_claims,
        "optional": [{**located(o), "reason": o["reason"]} for o in optional],
        "negatives": [{**located(n), "reason": n["reason"]} for n in negatives],
    }
    (OUT / f"{page.stem}.json").write_text(
        json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return gold


DATE = "date or period (the period of a claim, not a claim)"
LAW = "number in the name of a law, section or document"
SCALE = "definition of a scale, band or age group"
THRESHOLD = "threshold that defines what is counted"
STRUCTURE = "quality statement score / section label (structure, not a claim)"
LABEL = "label or compound adjective, not a quantity"


def brackenmoor():
    p = Page("brackenmoor_overview")
    about, money = "About Brackenmoor Borough Council", "Financial facts"
    summary = "Summary of strengths, areas for development and next steps"
    census = ("Census", "2021", "Census 2021")
    claims = [
        V("331,400", unit="count", value=331400, qualifier="approximately", statement=about),
        V("6%", "grow by 6%", unit="percent", value=6, statement=about, period="from 2021 to 2031"),
        V(
            "337,300",
            unit="count",
            value=337300,
            statement=about,
            comparators=[V("318,200", kind="previous", value=318200, direction="above")],
        ),
        V(
            "17.9%",
            unit="percent",
            value=17.9,
            qualifier="around",
            statement=about,
            comparators=[V("18.4%", kind="england_average", value=18.4, direction="below")],
        ),
        V("24th", unit="rank", value=24, statement=about),
        V("2", "IMD decile of 2", unit="score", value=2, statement=about),
        V("77.1", unit="years", value=77.1, statement=about),
        V("80.9", unit="years", value=80.9, statement=about),
        V(
            "79.46%",
            unit="percent",
            value=79.46,
            statement=about,
            comparators=[
                V("81.00%", kind="england_average", value=81.0, qualifier="lower", direction="below")
            ],
        ),
        V(
            "12.31%",
            unit="percent",
            value=12.31,
            statement=about,
            source=census,
            comparators=[V("9.60%", kind="england_average", value=9.6, direction="above")],
        ),
        V("3.02%", unit="percent", value=3.02, statement=about, source=census),
        V("2.87%", unit="percent", value=2.87, statement=about, source=census),
        V("51", "51 councillors", unit="count", value=51, statement=about),
        V("17", "17 wards", unit="count", value=17, statement=about),
        V("eight", unit="count", value=8, statement=about),
        V("£612,450,000", unit="gbp", value=612450000, statement=money, period="2023/24"),
        V("£618,900,000", unit="gbp", value=618900000, statement=money, period="2023/24"),
        V("£6,450,000", unit="gbp", value=6450000, statement=money, period="2023/24"),
        V("£148.2 million", unit="gbp", value=148200000, statement=money, period="2023/24"),
        V("£151,030,000", unit="gbp", value=151030000, statement=money, period="2023/24"),
        V("24.4%", unit="percent", value=24.4, statement=money, period="2023/24"),
        V("2%", "value of 2%", unit="percent", value=2, statement=money, period="2023/24"),
        V("4,870", unit="count", value=4870, qualifier="approximately", statement=money, period="2023/24"),
        V("1,310", unit="count", value=1310, qualifier="approximately", statement=money, period="2023/24"),
        V(
            "690",
            unit="count",
            value=690,
            statement=summary,
            period="November 2024",
            comparators=[V("1,240", kind="previous", value=1240, direction="below", qualifier="reduced")],
        ),
        V("1 in 6", unit="ratio", value=round(1 / 6, 6), statement=summary),
        V("£2.3m", unit="gbp", value=2300000, statement=summary),
        V("1,050", unit="count", value=1050, statement=summary),
    ]
    optional = [
        V(
            "two",
            "the two carers' centres",
            reason="debatable: a description of services, not a measured value",
        ),
    ]
    negatives = [
        V("14 March 2025", reason=DATE),
        V("2021 to 2031", reason=DATE),
        V("65", "aged 65 years", reason=SCALE),
        V("317", reason=SCALE + " (denominator of the rank)"),
        V("1", "with 1 being", reason=SCALE),
        V("10", "and 10 the least", reason=SCALE),
        V("2021", "Census 2021", reason=DATE + " (the date of the cited dataset)"),
        V("59", "scored 59 out of 100", reason="overall score: structure, not a claim"),
        V("100", "59 out of 100", reason=SCALE),
        V("2", "Assessing needs\nScore: 2", reason=STRUCTURE),
        V("3", "Learning, improvement and innovation\nScore: 3", reason=STRUCTURE),
        V("6", "longer than 6 months", reason=THRESHOLD),
        V("2014", "Care Act 2014", reason=LAW),
        V("2023/24", "total budget for 2023/24", reason=DATE),
    ]
    structure = {
        "local_authority": "Brackenmoor Borough Council",
        "published": "2025-03-14",
        "overall_rating": "Requires improvement",
        "overall_score_percent": 59,
        "statements": [],
    }
    return build(p, structure, claims, optional, negatives)


def oakhurst():
    p = Page("oakhurst_assessing_needs")
    st = "Assessing needs"
    claims = [
        V("64%", unit="percent", value=64, statement=st, period="2023/24"),
        V(
            "58.40%",
            unit="percent",
            value=58.4,
            statement=st,
            period="2023/24",
            source=(ASCS, "2023/24", "Adult Social Care Survey (ASCS) for 2023/24"),
            comparators=[
                V("63.20%", kind="england_average", value=63.2, qualifier="somewhat worse", direction="below")
            ],
        ),
        V(
            "71.1%",
            unit="percent",
            value=71.1,
            statement=st,
            source=(ASCS, "2023-2024", "ASCS, 2023-2024"),
            comparators=[V("67.4%", kind="england_average", value=67.4, direction="above")],
        ),
        V(
            "62.5%",
            unit="percent",
            value=62.5,
            statement=st,
            source=(ASCS, "2023-2024", "ASCS, 2023-2024"),
            comparators=[V("77.0%", kind="england_average", value=77.0, direction="below")],
        ),
        V(
            "38.2%",
            unit="percent",
            value=38.2,
            statement=st,
            source=(ASCS, "2023/24", "Adult Social Care Survey 2023/24"),
        ),
        V("1,085", unit="count", value=1085, statement=st, period="At the time of our assessment"),
        V("46", "median wait was 46", unit="days", value=46, statement=st),
        V("212", unit="count", value=212, statement=st),
        V(
            "41%",
            unit="percent",
            value=41,
            statement=st,
            period="December 2024",
            comparators=[V("53%", kind="previous", value=53, direction="below", qualifier="down")],
        ),
        V("2,310", unit="count", value=2310, statement=st),
        V(
            "38%",
            "(38%)",
            unit="percent",
            value=38,
            statement=st,
            comparators=[V("15%", kind="target", value=15, direction="above")],
        ),
        V(
            "24.9%",
            unit="percent",
            value=24.9,
            statement=st,
            source=(SACE, "2023-24", "Survey of Adult Carers in England (SACE) 2023-24"),
            comparators=[
                V(
                    "36.83%",
                    kind="england_average",
                    value=36.83,
                    qualifier="significantly worse",
                    direction="below",
                )
            ],
        ),
        V(
            "59.30%",
            unit="percent",
            value=59.3,
            statement=st,
            source=(SACE, "2024", "SACE, 2024"),
            comparators=[
                V("64.70%", kind="england_average", value=64.7, qualifier="similar", direction="below")
            ],
        ),
        V("312", unit="count", value=312, statement=st),
        V("38", "average wait of 38", unit="days", value=38, statement=st),
        V("Seven", unit="count", value=7, statement=st),
        V("96", unit="count", value=96, statement=st, period="Between April and September 2024"),
        V("19", "19 of which", unit="count", value=19, statement=st),
    ]
    negatives = [
        V("2", "Score: 2", reason=STRUCTURE),
        V("2", "2 - Evidence", reason=STRUCTURE),
        V("6", "longer than 6 months", reason=THRESHOLD),
        V("28", "within 28 days", reason=THRESHOLD),
        V("12", "more than 12 months", reason=THRESHOLD),
        V("2014", "Care Act 2014 and", reason=LAW),
        V("2", "Regulation 2", reason=LAW),
        V("2015", "Regulations 2015", reason=LAW),
        V("October 2024", reason=DATE),
        V("2023-24", "(SACE) 2023-24", reason=DATE),
    ]
    structure = {
        "local_authority": "Oakhurst County Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": "Assessing needs", "theme": 1, "score": 2}],
    }
    return build(p, structure, claims, [], negatives)


def whitmere():
    p = Page("whitmere_providing_support")
    cp, sg = "Care provision, integration and continuity", "Safeguarding"
    claims = [
        V("1,420", unit="count", value=1420, statement=cp, period="by 2030"),
        V("1,186", unit="count", value=1186, statement=cp, period="at the time of our assessment"),
        V("48", "from 48 care", unit="count", value=48, statement=cp),
        V("31", "and 31 home", unit="count", value=31, statement=cp),
        V(
            "71%",
            unit="percent",
            value=71,
            statement=cp,
            comparators=[
                V("76%", kind="regional_average", value=76, direction="below"),
                V("78%", kind="england_average", value=78, direction="below"),
            ],
        ),
        V("Three", unit="count", value=3, statement=cp),
        V("6.5%", unit="percent", value=6.5, statement=cp, period="2024/25"),
        V("5.8%", unit="percent", value=5.8, statement=cp, period="2024/25"),
        V("£23.10", unit="gbp", value=23.10, statement=cp, period="2024/25"),
        V(
            "64",
            "2023/24, 64 people",
            unit="count",
            value=64,
            statement=cp,
            period="2023/24",
            comparators=[V("51", "from 51", kind="previous", value=51, direction="above")],
        ),
        V(
            "31.2%",
            unit="percent",
            value=31.2,
            statement=cp,
            source=(SFC, "2023/24", "Skills for Care Workforce Estimates, 2023/24"),
            comparators=[
                V("27.5%", kind="regional_average", value=27.5, qualifier="higher", direction="above"),
                V("28.3%", kind="england_average", value=28.3, qualifier="higher", direction="above"),
            ],
        ),
        V(
            "9.4%",
            unit="percent",
            value=9.4,
            statement=cp,
            comparators=[V("8.1%", kind="regional_average", value=8.1, direction="above")],
        ),
        V("40", "recruited 40", unit="count", value=40, statement=cp),
        V("350", unit="count", value=350, qualifier="around", statement=cp),
        V("3,460", unit="count", value=3460, statement=sg, period="2023/24"),
        V("27%", unit="percent", value=27, statement=sg, period="2023/24"),
        V("83%", unit="percent", value=83, statement=sg),
        V(
            "91.2%",
            unit="percent",
            value=91.2,
            statement=sg,
            period="2023-24",
            source=(SAC, "2023-24", "Safeguarding Adults Collection, 2023-24"),
            comparators=[V("94.6%", kind="england_average", value=94.6, direction="below")],
        ),
        V(
            "1,640",
            unit="count",
            value=1640,
            statement=sg,
            period="December 2024",
            comparators=[V("1,210", kind="previous", value=1210, direction="above", qualifier="up")],
        ),
        V("112", unit="count", value=112, statement=sg),
        V("two thirds", unit="ratio", value=round(2 / 3, 6), qualifier="around", statement=sg),
    ]
    negatives = [
        V("2", "Theme 2", reason=STRUCTURE),
        V("3", "Theme 3", reason=STRUCTURE),
        V("2", "Care provision, integration and continuity\n\nScore: 2", reason=STRUCTURE),
        V("2030", reason=DATE),
        V("18 to 64", reason=SCALE),
        V("42", "Section 42", reason=LAW),
        V("2014", "Care Act 2014", reason=LAW),
        V("5", "within 5 working days", reason=THRESHOLD),
        V("2024/25", "agreed for 2024/25", reason=DATE),
        V("March 2024", reason=DATE),
    ]
    structure = {
        "local_authority": "Whitmere City Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": cp, "theme": 2, "score": 2}, {"title": sg, "theme": 3, "score": 2}],
    }
    return build(p, structure, claims, [], negatives)


def ashcombe():
    p = Page("ashcombe_governance")
    st = "Governance, management and sustainability"
    claims = [
        V("14", "14 key performance", unit="count", value=14, statement=st),
        V("£214.6 million", unit="gbp", value=214600000, statement=st, period="2024/25"),
        V(
            "£7.2m",
            unit="gbp",
            value=7200000,
            statement=st,
            comparators=[V("£4.1m", kind="previous", value=4100000, direction="above", qualifier="up")],
        ),
        V(
            "£9.8 million",
            unit="gbp",
            value=9800000,
            statement=st,
            period="January 2025",
            comparators=[V("£12.5 million", kind="target", value=12500000, direction="below")],
        ),
        V("78%", unit="percent", value=78, statement=st, period="January 2025"),
        V("£6m", unit="gbp", value=6000000, statement=st),
        V("£3.4 million", unit="gbp", value=3400000, statement=st, period="2023/24"),
        V("286", unit="count", value=286, statement=st, period="2024"),
        V("64", "64 managers", unit="count", value=64, statement=st, period="2024"),
        V(
            "12.8%",
            unit="percent",
            value=12.8,
            statement=st,
            comparators=[V("17.5%", kind="previous", value=17.5, direction="below", qualifier="down")],
        ),
        V("173", unit="count", value=173, statement=st, period="2023/24"),
        V("21%", unit="percent", value=21, statement=st, period="2023/24"),
        V("41%", unit="percent", value=41, statement=st),
        V("88%", unit="percent", value=88, statement=st),
        V("9", "upheld 9", unit="count", value=9, statement=st, period="2024"),
    ]
    optional = [
        V("Two", "Two members", reason="debatable: a description (who visited), not a measured value"),
        V("14", "of the 14 complaints", reason="debatable: the denominator of '9 of the 14' is also a count"),
    ]
    negatives = [
        V("2", "Score: 2", reason=STRUCTURE),
        V("2", "Year 2", reason=LABEL),
        V("2024–2027", reason=LAW + " (the plan's name)"),
        V("3", "through a Level 3", reason=LABEL),
        V("3", "Level 3 safeguarding", reason=LABEL),
        V("9", "At month 9", reason=LABEL + " (month of the financial year: a period)"),
        V("6", "at month 6", reason=LABEL + " (month of the financial year: a period)"),
        V("3", "3-year", reason=LABEL),
        V("20", "within 20 working days", reason=THRESHOLD),
        V("2022/23", reason=DATE),
    ]
    structure = {
        "local_authority": "Ashcombe County Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": st, "theme": 4, "score": 2}],
    }
    return build(p, structure, claims, optional, negatives)


# --- generality round 3: three pages written blind (before the extraction was run) ---
ASCOF = "Adult Social Care Outcomes Framework"
CENSUS = "Census"
CODE = "measure code (label of an indicator), not a quantity"


def fernleigh():
    p = Page("fernleigh_safety")
    sp, sg = "Safe pathways, systems and transitions", "Safeguarding"
    sac = (SAC, "2023-24", "Safeguarding Adults Collection, 2023-24")
    claims = [
        V("57", unit="count", value=57, statement=sp, period="in the six months to January 2025"),
        V("286", unit="count", value=286, statement=sp, period="At the time of our assessment"),
        V("74", unit="count", value=74, statement=sp),
        V(
            "92.3%",
            unit="percent",
            value=92.3,
            statement=sp,
            period="Between April and December 2024",
            comparators=[
                V("88.0%", kind="regional_average", value=88.0, qualifier="above", direction="above")
            ],
        ),
        V("96%", unit="percent", value=96, statement=sp, period="Between April and December 2024"),
        V(
            "41",
            "averaged 41 per day",
            unit="count",
            value=41,
            statement=sp,
            period="December 2024",
            comparators=[
                V("63", "from 63 per day", kind="previous", value=63, direction="below", qualifier="down")
            ],
        ),
        V("38", "commissioned 38", unit="count", value=38, statement=sp),
        V(
            "26",
            "stay was 26 days",
            unit="days",
            value=26,
            statement=sp,
            comparators=[V("21", "target of 21 days", kind="target", value=21, direction="above")],
        ),
        V("19", "moved 19 people", unit="count", value=19, statement=sp, period="In 2024"),
        V("5,204", unit="count", value=5204, statement=sg, period="2023/24"),
        V("11%", unit="percent", value=11, statement=sg, period="2023/24"),
        V("1,187", unit="count", value=1187, statement=sg, source=sac),
        V(
            "22.8%",
            unit="percent",
            value=22.8,
            statement=sg,
            source=sac,
            comparators=[
                V("31.5%", kind="england_average", value=31.5, qualifier="lower", direction="below")
            ],
        ),
        V("146", unit="count", value=146, statement=sg, period="when we visited"),
        V("71%", unit="percent", value=71, statement=sg),
        V("34%", unit="percent", value=34, statement=sg, period="2023/24"),
        V("46%", unit="percent", value=46, statement=sg, period="2023/24"),
        V("3", "published 3 safeguarding", unit="count", value=3, statement=sg, period="since 2022"),
        V(
            "79.4%",
            unit="percent",
            value=79.4,
            statement=sg,
            source=(SAC, "2023-24", "Safeguarding Adults Collection (SAC) 2023-24"),
            comparators=[
                V(
                    "83.7%",
                    kind="england_average",
                    value=83.7,
                    qualifier="tending towards a negative statistical variation",
                    direction="below",
                )
            ],
        ),
        V(
            "95.1%",
            unit="percent",
            value=95.1,
            statement=sg,
            source=(SAC, "2023-24", "SAC, 2023-24"),
            comparators=[
                V("94.8%", kind="england_average", value=94.8, qualifier="in line with", direction="above")
            ],
        ),
        V(
            "72.6%",
            unit="percent",
            value=72.6,
            statement=sg,
            source=(ASCS, "2023-24", "Adult Social Care Survey 2023-24"),
            comparators=[
                V("69.7%", kind="england_average", value=69.7, qualifier="somewhat better", direction="above")
            ],
        ),
        V(
            "1,412",
            unit="count",
            value=1412,
            statement=sg,
            period="January 2025",
            comparators=[V("1,960", kind="previous", value=1960, direction="below", qualifier="down")],
        ),
        V("302", unit="count", value=302, statement=sg),
        V(
            "14%",
            unit="percent",
            value=14,
            statement=sg,
            comparators=[V("50%", kind="target", value=50, direction="below")],
        ),
        V("23", "and 23 additional", unit="count", value=23, statement=sg),
    ]
    optional = [
        V("a third", reason="debatable: a hedged fraction reported by parents ('around a third')"),
        V("two", "two weeks' notice", reason="debatable: the notice period of one provider exit"),
    ]
    negatives = [
        V("3", "Theme 3", reason=LABEL),
        V("2", "transitions\nScore: 2", reason=STRUCTURE),
        V("2", "2 - Evidence shows some shortfalls\nWhat people expect\nWhen", reason=STRUCTURE),
        V("2", "Safeguarding\nScore: 2", reason=STRUCTURE),
        V("six", "six months to January", reason=DATE),
        V("January 2025", "six months to January 2025", reason=DATE),
        V("14", "aged 14 to 25", reason=SCALE),
        V("25", "aged 14 to 25", reason=SCALE),
        V("17th", reason=SCALE + " (an age)"),
        V("24", "within 24 hours", reason=THRESHOLD),
        V("December 2024", "per day in December 2024", reason=DATE),
        V("2023/24", "annual report for 2023/24", reason=DATE),
        V("2022/23", reason=DATE),
        V("42", "section 42", reason=LAW),
        V("42", "s.42", reason=LAW),
        V("2", "within 2 working days", reason=THRESHOLD),
        V("90", "within 90 days", reason=THRESHOLD),
        V("2014", "Care Act 2014", reason=LAW),
        V("2023/24", "SAB annual report 2023/24", reason=LAW + " (the report's name)"),
        V("2022", "since 2022", reason=DATE),
        V(
            "2023-24",
            "(Safeguarding Adults Collection, 2023-24)",
            reason=DATE + " (the date of the cited dataset)",
        ),
        V("12", "over 12 months", reason=THRESHOLD),
        V("21-day", reason=THRESHOLD),
        V("2005", "Mental Capacity Act 2005", reason=LAW),
    ]
    structure = {
        "local_authority": "Fernleigh County Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": sp, "theme": 3, "score": 2}, {"title": sg, "theme": 3, "score": 2}],
    }
    return build(p, structure, claims, optional, negatives)


def hollinsford():
    p = Page("hollinsford_healthier_equity")
    hl, eq = "Supporting people to lead healthier lives", "Equity in experience and outcomes"
    census = (CENSUS, "2021", "Census 2021")
    claims = [
        V("£1.8 million", unit="gbp", value=1800000, statement=hl),
        V("27", "and 27 voluntary", unit="count", value=27, statement=hl, period="2024/25"),
        V("6", "borough's 6 primary", unit="count", value=6, statement=hl),
        V("4,310", unit="count", value=4310, statement=hl, period="2023/24"),
        V(
            "87.9%",
            unit="percent",
            value=87.9,
            statement=hl,
            source=(ASCOF, "2023-24", "Adult Social Care Outcomes Framework, 2023-24"),
            comparators=[
                V("83.8%", kind="england_average", value=83.8, direction="above"),
                V("82.1%", kind="regional_average", value=82.1, direction="above"),
            ],
        ),
        V(
            "1.9%",
            unit="percent",
            value=1.9,
            statement=hl,
            source=(ASCOF, None, "ASCOF 2B(2)"),
            comparators=[V("2.9%", kind="england_average", value=2.9, qualifier="below", direction="below")],
        ),
        V(
            "81.4%",
            unit="percent",
            value=81.4,
            statement=hl,
            period="2023/24",
            source=(ASCOF, "2023/24", "ASCOF data for 2023/24"),
            comparators=[V("77.5%", kind="england_average", value=77.5, direction="above")],
        ),
        V(
            "498.2",
            unit="per_100k",
            value=498.2,
            statement=hl,
            period="2023/24",
            comparators=[
                V("560.5", kind="comparable_authorities", value=560.5, qualifier="lower", direction="below")
            ],
        ),
        V(
            "94%",
            unit="percent",
            value=94,
            statement=hl,
            comparators=[V("90%", kind="target", value=90, qualifier="exceeding", direction="above")],
        ),
        V("£2,480,000", unit="gbp", value=2480000, statement=hl, period="2023/24"),
        V("312", unit="count", value=312, statement=hl, period="2023/24"),
        V(
            "31",
            "was 31 weeks",
            unit="weeks",
            value=31,
            statement=hl,
            comparators=[V("44", "with 44 weeks", kind="previous", value=44, direction="below")],
        ),
        V("186", unit="count", value=186, statement=hl),
        V("19", "average of 19 weeks", unit="weeks", value=19, statement=hl),
        V(
            "31.4%",
            unit="percent",
            value=31.4,
            statement=hl,
            source=(ASCOF, "2023-24", "ASCOF, 2023-24"),
            comparators=[
                V("26.2%", kind="regional_average", value=26.2, qualifier="above", direction="above"),
                V("26.7%", kind="england_average", value=26.7, qualifier="above", direction="above"),
            ],
        ),
        V("6.2", "by 6.2 percentage", unit="percent", value=6.2, statement=hl, period="since 2022"),
        V("20.3%", unit="percent", value=20.3, statement=eq, source=census),
        V("16.8%", unit="percent", value=16.8, statement=eq, source=census),
        V("9%", "only 9%", unit="percent", value=9, statement=eq),
        V(
            "34",
            "median of 34 days",
            unit="days",
            value=34,
            statement=eq,
            comparators=[V("21", "against 21 days", kind="other", value=21, direction="above")],
        ),
        V("7.5", "were 7.5 percentage", unit="percent", value=7.5, statement=eq),
        V("40", "more than 40 languages", unit="count", value=40, qualifier="more than", statement=eq),
        V("12", "and 12 community", unit="count", value=12, statement=eq),
        V("1,150", unit="count", value=1150, qualifier="around", statement=eq),
        V("14%", unit="percent", value=14, statement=eq),
    ]
    optional = [
        V("one in five", reason="debatable: the same quantity as the exact percentage beside it"),
        V("£30,000", reason="debatable: the scheme's grant limit (a definition) or a fact about the service"),
        V(
            "9",
            "all 9 protected",
            reason="debatable: the statutory set of characteristics, not a measured value",
        ),
    ]
    negatives = [
        V("1", "Theme 1", reason=LABEL),
        V("3", "lives\nScore: 3", reason=STRUCTURE),
        V("3", "3 - Evidence shows a good", reason=STRUCTURE),
        V("2", "outcomes\nScore: 2", reason=STRUCTURE),
        V("2024/25", reason=DATE),
        V("65", "(aged 65 and over)", reason=SCALE),
        V("65", "aged 65 and over were", reason=SCALE),
        V("65", "aged 65 and over make up", reason=SCALE),
        V("91", "91 days", reason=THRESHOLD),
        V("2B(1)", reason=CODE),
        V("2B(2)", reason=CODE),
        V("2D", reason=CODE),
        V(
            "2023-24",
            "(Adult Social Care Outcomes Framework, 2023-24)",
            reason=DATE + " (the date of the cited dataset)",
        ),
        V("100,000", "per 100,000 population", reason=SCALE + " (the rate's base)"),
        V("100,000", "560.5 per 100,000", reason=SCALE + " (the rate's base)"),
        V("7", "within 7 days", reason=THRESHOLD),
        V("£1,000", reason=THRESHOLD),
        V("2022/23", reason=DATE),
        V("2022", "since 2022", reason=DATE),
        V("2021", "Census 2021", reason=DATE + " (the date of the cited dataset)"),
        V("2.2", "WCAG 2.2", reason=LABEL + " (version of a standard)"),
        V("2010", "Equality Act 2010", reason=LAW),
    ]
    structure = {
        "local_authority": "Hollinsford Metropolitan Borough Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": hl, "theme": 1, "score": 3}, {"title": eq, "theme": 1, "score": 2}],
    }
    return build(p, structure, claims, optional, negatives)


def harrowfield():
    p = Page("harrowfield_overview")
    about, money = "About Harrowfield County Council", "Financial facts"
    summary = "Summary of strengths, areas for development and next steps"
    census = (CENSUS, "2021", "2021 Census")
    claims = [
        V("612,000", unit="count", value=612000, qualifier="around", statement=about),
        V("45th", unit="rank", value=45, statement=about),
        V(
            "22.6%",
            unit="percent",
            value=22.6,
            qualifier="around",
            statement=about,
            comparators=[
                V("18.6%", kind="england_average", value=18.6, qualifier="higher", direction="above")
            ],
        ),
        V("27%", unit="percent", value=27, statement=about, period="by 2040"),
        V("91.2%", unit="percent", value=91.2, statement=about, source=census),
        V("3.4%", unit="percent", value=3.4, statement=about, source=census),
        V("2,100", unit="count", value=2100, qualifier="around", statement=about),
        V("640", unit="count", value=640, qualifier="about", statement=about),
        V("7", "There are 7 district", unit="count", value=7, statement=about),
        V("£312.6 million", unit="gbp", value=312600000, statement=money, period="2024/25"),
        V("4.5%", unit="percent", value=4.5, statement=money, period="2024/25"),
        V("£145m", unit="gbp", value=145000000, statement=money),
        V("46%", unit="percent", value=46, statement=money),
        V("£45m", unit="gbp", value=45000000, statement=money, period="over the next 3 years"),
        V("£1,234,567", unit="gbp", value=1234567, statement=money, period="2023/24"),
        V("2%", "set at 2%", unit="percent", value=2, statement=money, period="2024/25"),
        V("8,900", unit="count", value=8900, qualifier="around", statement=money, period="2023/24"),
        V(
            "1,480",
            unit="count",
            value=1480,
            statement=summary,
            period="October 2024",
            comparators=[V("2,050", kind="previous", value=2050, direction="below")],
        ),
        V(
            "73%",
            unit="percent",
            value=73,
            statement=summary,
            period="2023/24",
            comparators=[V("70%", kind="target", value=70, qualifier="met", direction="above")],
        ),
        V(
            "9.8%",
            unit="percent",
            value=9.8,
            statement=summary,
            comparators=[
                V("14.0%", kind="comparable_authorities", value=14.0, qualifier="below", direction="below")
            ],
        ),
    ]
    optional = [
        V(
            "one",
            "one integrated care board",
            reason="debatable: a description of the area, not a measured value",
        ),
    ]
    negatives = [
        V("7 February 2025", reason=DATE),
        V("151", reason=SCALE + " (denominator of the rank)"),
        V("65", "aged 65 or over", reason=SCALE),
        V("2040", reason=DATE),
        V("2021", "2021 Census", reason=DATE + " (the date of the cited dataset)"),
        V("2024/25", "budget for 2024/25", reason=DATE),
        V("3", "next 3 years", reason=DATE + " (a period)"),
        V("52", "scored 52 out of 100", reason="overall score: structure, not a claim"),
        V("100", "52 out of 100", reason=SCALE),
        V("2", "Assessing needs\nScore: 2", reason=STRUCTURE),
        V("3", "healthier lives\nScore: 3", reason=STRUCTURE),
        V("1", "Score: 1", reason=STRUCTURE),
        V("October 2024", reason=DATE),
        V("April 2023", reason=DATE),
    ]
    structure = {
        "local_authority": "Harrowfield County Council",
        "published": "2025-02-07",
        "overall_rating": "Requires improvement",
        "overall_score_percent": 52,
        "statements": [],
    }
    return build(p, structure, claims, optional, negatives)


# Three pages written and annotated blind (issue 9): gold decided from GUIDE.md and MEASURES.md
# alone, committed before the extraction was run on them. Every claim says its measure.
ONS = "Office for National Statistics"
ASCOF = "Adult Social Care Outcomes Framework"
SALT = "Short and Long-Term Support"
AGE = "age or age band (defines a group, not a claim)"
MODEL = "name of a practice model that holds a number"


def lowmoor():
    p = Page("lowmoor_about")
    about, money = "About Lowmoor District Council", "Financial facts"
    census = ("Census", "2021", "Census 2021")
    claims = [
        V(
            "212,600",
            unit="count",
            value=212600,
            qualifier="approximately",
            statement=about,
            source=census,
            measure="pop-total",
        ),
        V("5.2%", unit="percent", value=5.2, statement=about, period="over the last 10 years", measure=None),
        V("41st", unit="rank", value=41, statement=about, measure="imd-rank"),
        V("4", "decile of 4", unit="score", value=4, statement=about, measure="imd-decile"),
        V(
            "19.6%",
            unit="percent",
            value=19.6,
            qualifier="around",
            statement=about,
            measure="pop-aged-65-plus",
            comparators=[V("18.4%", kind="england_average", value=18.4, direction="above")],
        ),
        V("20.1%", unit="percent", value=20.1, statement=about, measure="pop-aged-0-17"),
        V("60.3%", unit="percent", value=60.3, statement=about, measure="pop-aged-18-64"),
        V(
            "16.4%",
            unit="percent",
            value=16.4,
            statement=about,
            period="2021",
            measure=None,
            source=("Census", "2021", "2021 census"),
            comparators=[V("11.2%", kind="previous", value=11.2, qualifier="increasing", direction="above")],
        ),
        V(
            "1 in 3.5",
            unit="ratio",
            value=round(1 / 3.5, 6),
            statement=about,
            measure=None,
            source=(
                "Lowmoor State of the District report",
                "2024",
                "Lowmoor State of the District report (2024)",
            ),
        ),
        V(
            "78.3",
            unit="years",
            value=78.3,
            statement=about,
            measure=None,
            source=(ONS, "2023", "Office of National Statistics, 2023"),
        ),
        V(
            "82.0",
            unit="years",
            value=82.0,
            statement=about,
            measure=None,
            source=(ONS, "2023", "Office of National Statistics, 2023"),
        ),
        V("£402,850,000", unit="gbp", value=402850000, statement=money, period="2023/24", measure=None),
        V("£409,120,000", unit="gbp", value=409120000, statement=money, measure=None),
        V("£6,270,000", unit="gbp", value=6270000, statement=money, measure=None),
        V("£131.7 million", unit="gbp", value=131700000, statement=money, period="2023/24", measure=None),
        V("one million", unit="gbp", value=1000000, statement=money, measure=None),
        V("£132.7 million", unit="gbp", value=132700000, statement=money, measure=None),
        V("32.4%", unit="percent", value=32.4, statement=money, period="2023/24", measure="asc-budget-share"),
        V(
            "2%",
            "value of 2%",
            unit="percent",
            value=2,
            statement=money,
            period="2023/24",
            measure="asc-precept",
        ),
        V(
            "3,960",
            unit="count",
            value=3960,
            qualifier="approximately",
            statement=money,
            period="2023/24",
            measure="asc-long-term-support-count",
        ),
        V(
            "1,120",
            unit="count",
            value=1120,
            qualifier="approximately",
            statement=money,
            period="2023/24",
            measure="asc-short-term-support-count",
        ),
    ]
    negatives = [
        V("6 June 2025", reason=DATE),
        V("10", "last 10 years", reason=DATE + " (a period)"),
        V("153", reason=SCALE + " (denominator of the rank)"),
        V("1st", "with 1st being", reason=SCALE),
        V("1", "a decile of 1", reason=SCALE),
        V("65", "65+", reason=AGE),
        V("90", reason=AGE),
        V("2011", "doubled since 2011", reason=DATE),
        V("75-84", reason=AGE),
        V("18", "under 18", reason=AGE),
        V("18 to 64", reason=AGE),
        V("2011", "from 11.2% in 2011", reason=DATE),
        V("2024", "report (2024)", reason=DATE + " (the date of the cited document)"),
        V("two", "No two care packages", reason="number word used idiomatically, not a quantity"),
        V("46", "section 46", reason=LAW),
        V("2022", "Act 2022", reason=LAW),
    ]
    structure = {
        "local_authority": "Lowmoor District Council",
        "published": "2025-06-06",
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [],
    }
    return build(p, structure, claims, [], negatives)


def sedgebrook():
    p = Page("sedgebrook_support")
    st = "Supporting people to live healthier lives"
    ascs = (ASCS, "2023-2024", "ASCS, 2023-2024")
    claims = [
        V(
            "72.6%",
            unit="percent",
            value=72.6,
            statement=st,
            source=ascs,
            measure="ascs-control-over-daily-life",
            comparators=[V("77.6%", kind="england_average", value=77.6, direction="below")],
        ),
        V("412", unit="count", value=412, statement=st, source=ascs, measure=None),
        V(
            "38.9%",
            unit="percent",
            value=38.9,
            statement=st,
            source=ascs,
            measure="ascs-social-contact",
            comparators=[V("45.6%", kind="england_average", value=45.6, direction="below")],
        ),
        V("221", unit="count", value=221, statement=st, source=ascs, measure=None),
        V(
            "61.4%",
            unit="percent",
            value=61.4,
            statement=st,
            measure="ascs-easy-to-find-information",
            source=(ASCS, "2023-2024", "the same survey"),
            comparators=[
                V("67.1%", kind="england_average", value=67.1, qualifier="slightly lower", direction="below")
            ],
        ),
        V(
            "2.9%",
            "offered to 2.9%",
            unit="percent",
            value=2.9,
            statement=st,
            measure="ascof-reablement-offered",
            source=(ASCOF, "2023-24", "ASCOF 2B(2), 2023-24"),
            comparators=[V("2.9%", "compared to 2.9%", kind="england_average", value=2.9, direction="equal")],
        ),
        V(
            "79.5%",
            unit="percent",
            value=79.5,
            statement=st,
            measure="ascof-at-home-91-days",
            comparators=[
                V("77.8%", kind="england_average", value=77.8, qualifier="better", direction="above")
            ],
        ),
        V(
            "81.3%",
            unit="percent",
            value=81.3,
            statement=st,
            measure="ascof-short-term-no-further-support",
            source=(SALT, "23/24", "SALT 23/24"),
            comparators=[
                V("77.5%", kind="england_average", value=77.5, qualifier="above", direction="above")
            ],
        ),
        V(
            "640",
            unit="count",
            value=640,
            statement=st,
            period="2024",
            measure=None,
            comparators=[V("515", kind="previous", value=515, qualifier="up", direction="above")],
        ),
        V(
            "9",
            "on average 9 days",
            unit="days",
            value=9,
            statement=st,
            measure=None,
            comparators=[V("5", "target of 5 days", kind="target", value=5, direction="above")],
        ),
    ]
    negatives = [
        V("2", "Score: 2", reason=STRUCTURE),
        V("2", "2 - Evidence", reason=STRUCTURE),
        V("3", "the 3 conversations", reason=MODEL),
        V("Three", "Three Conversations", reason=MODEL),
        V("2023", "approach in 2023", reason=DATE),
        V("2", "undertaken 2 years", reason=DATE + " (a period)"),
        V("2023-2024", reason=DATE),
        V("2B(2)", reason=LAW + " (a measure code)"),
        V("2023-24", reason=DATE),
        V("91", "91 days", reason=THRESHOLD),
        V("23/24", reason=DATE),
        V("2023", "515 in 2023", reason=DATE),
    ]
    structure = {
        "local_authority": "Sedgebrook Borough Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": st, "theme": 1, "score": 2}],
    }
    return build(p, structure, claims, [], negatives)


def tarnside():
    p = Page("tarnside_overview")
    people = "Summary of people's experiences"
    claims = [
        V("412", unit="count", value=412, statement=people, measure=None),
        V("96", unit="count", value=96, statement=people, measure=None),
        V("38%", unit="percent", value=38, statement=people, measure=None),
        V(
            "29.4%",
            unit="percent",
            value=29.4,
            statement=people,
            measure="sace-carer-satisfied",
            source=(SACE, "23/24", "SACE 23/24"),
            comparators=[V("36.8%", kind="england_average", value=36.8, direction="below")],
        ),
        V(
            "94%",
            unit="percent",
            value=94,
            statement=people,
            measure="sac-outcomes-met",
            source=(
                SAC,
                "2023-24",
                "Safeguarding Adults data collated and published by NHS England, 2023-24",
            ),
        ),
    ]
    scores = [
        ("Assessing needs", 1, 2),
        ("Supporting people to live healthier lives", 1, 3),
        ("Equity in experience and outcomes", 1, 2),
        ("Care provision, integration and continuity", 2, 2),
        ("Partnerships and communities", 2, 3),
        ("Safe pathways, systems and transitions", 3, 2),
        ("Safeguarding", 3, 3),
        ("Governance, management and sustainability", 4, 2),
        ("Learning, improvement and innovation", 4, 2),
    ]
    negatives = [
        V("21 February 2025", reason=DATE),
        V("59%", reason="overall score: structure, not a claim"),
        V("2", "Assessing needs\nScore: 2", reason=STRUCTURE),
        V("3", "Safeguarding\nScore: 3", reason=STRUCTURE),
        V("6", "longer than 6 months", reason=THRESHOLD),
        V("April 2024", reason=DATE),
        V("23/24", reason=DATE),
    ]
    structure = {
        "local_authority": "Tarnside Metropolitan Borough Council",
        "published": "2025-02-21",
        "overall_rating": "Requires improvement",
        "overall_score_percent": 59,
        "statements": [{"title": t, "theme": th, "score": sc} for t, th, sc in scores],
    }
    return build(p, structure, claims, [], negatives)


# Four pages written and annotated blind (second round): gold decided from GUIDE.md and
# MEASURES.md alone, committed before the extraction was run on them.
IMD = "Index of Multiple Deprivation"


def dunsworth():
    p = Page("dunsworth_about")
    about, money = "About Dunsworth Borough Council", "Financial facts"
    claims = [
        # "an estimated" says what the figure is, not a hedge of the guide's list: no qualifier
        V(
            "287,450",
            unit="count",
            value=287450,
            statement=about,
            measure="pop-total",
            source=(ONS, "2023", "ONS mid-year estimates, 2023"),
        ),
        V(
            "7.4%",
            unit="percent",
            value=7.4,
            qualifier="around",
            statement=about,
            period="by 2035",
            measure=None,
        ),
        V(
            "22.8%",
            unit="percent",
            value=22.8,
            statement=about,
            measure="pop-aged-65-plus",
            comparators=[
                V("18.4%", kind="england_average", value=18.4, qualifier="well above", direction="above")
            ],
        ),
        V("17.2%", unit="percent", value=17.2, statement=about, measure="pop-aged-0-17"),
        V(
            "91.3%",
            unit="percent",
            value=91.3,
            statement=about,
            measure="pop-white",
            source=("Census", "2021", "2021 Census"),
            comparators=[V("81.0%", kind="england_average", value=81.0, direction="above")],
        ),
        V(
            "96th",
            unit="rank",
            value=96,
            statement=about,
            measure="imd-rank",
            source=(IMD, "2019", "Index of Multiple Deprivation 2019"),
        ),
        # how many of its neighbourhoods are in the index's most deprived tenth: an IMD figure,
        # so the sentence's citation covers it
        V(
            "14",
            "and 14 of its",
            unit="count",
            value=14,
            statement=about,
            measure=None,
            source=(IMD, "2019", "Index of Multiple Deprivation 2019"),
        ),
        V("61.2", unit="years", value=61.2, statement=about, measure=None),
        V("2.5", unit="years", value=2.5, statement=about, measure=None),
        V("10.9%", unit="percent", value=10.9, statement=about, measure=None),
        V("51", unit="count", value=51, statement=about, measure=None),
        V("27", "27 of whom", unit="count", value=27, statement=about, measure=None),
        V("9", "one of 9", unit="count", value=9, statement=about, measure=None),
        V("£318,604,000", unit="gbp", value=318604000, statement=money, period="2023/24", measure=None),
        V("£311,977,000", unit="gbp", value=311977000, statement=money, measure=None),
        V("£6,627,000", unit="gbp", value=6627000, statement=money, measure=None),
        V("£97,215,000", unit="gbp", value=97215000, statement=money, period="2023/24", measure=None),
        V("£104,380,000", unit="gbp", value=104380000, statement=money, measure=None),
        V("£7,165,000", unit="gbp", value=7165000, statement=money, measure=None),
        V(
            "33.46%",
            unit="percent",
            value=33.46,
            statement=money,
            period="2023/24",
            measure="asc-budget-share",
        ),
        V(
            "2%",
            "value of 2%",
            unit="percent",
            value=2,
            statement=money,
            period="2023/24",
            measure="asc-precept",
        ),
        V(
            "4,215",
            unit="count",
            value=4215,
            qualifier="approximately",
            statement=money,
            period="2023/24",
            measure="asc-long-term-support-count",
        ),
        V(
            "1,890",
            unit="count",
            value=1890,
            qualifier="approximately",
            statement=money,
            period="2023/24",
            measure="asc-short-term-support-count",
        ),
    ]
    optional = [V("178", reason="the total of which 14 are counted: debatable as a claim of its own")]
    negatives = [
        V("14 March 2025", reason=DATE),
        V("2023", "estimates, 2023", reason=DATE + " (the date of the citation)"),
        V("2035", reason=DATE),
        V("65", "aged 65 and over", reason=AGE),
        V("18", "under 18", reason=AGE),
        V("2021", "2021 Census", reason=DATE + " (the date of the citation)"),
        V("296", reason=SCALE + " (denominator of the rank)"),
        V("2019", reason=DATE + " (edition of the index)"),
        V("1", "where 1 is", reason=SCALE),
        V("10%", "most deprived 10%", reason=THRESHOLD),
        V("five", "aged five and over", reason=AGE),
        V("one", "one of 9", reason="number word used idiomatically, not a quantity"),
        V("2023/24", "In 2023/24, 33.46%", reason=DATE),
    ]
    structure = {
        "local_authority": "Dunsworth Borough Council",
        "published": "2025-03-14",
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [],
    }
    return build(p, structure, claims, optional, negatives)


def kestrelford():
    p = Page("kestrelford_safeguarding")
    st = "Safeguarding"
    sac = (SAC, "2023-24", "SAC, 2023-24")
    year = "the year to March 2024"
    claims = [
        V("3,412", unit="count", value=3412, statement=st, period=year, source=sac, measure=None),
        V("1,127", unit="count", value=1127, statement=st, period=year, source=sac, measure=None),
        V(
            "33%",
            unit="percent",
            value=33,
            statement=st,
            period=year,
            source=sac,
            measure=None,
            comparators=[V("41%", kind="regional_average", value=41, qualifier="below", direction="below")],
        ),
        V(
            "1,046",
            unit="per_100k",
            value=1046,
            statement=st,
            measure="sac-concerns-per-100k",
            comparators=[V("1,191", kind="england_average", value=1191, direction="below")],
        ),
        V(
            "86",
            unit="count",
            value=86,
            statement=st,
            period="January 2025",
            measure=None,
            comparators=[V("240", kind="previous", value=240, qualifier="down", direction="below")],
        ),
        V(
            "88%",
            unit="percent",
            value=88,
            statement=st,
            period="quarter 3 of 2024/25",
            measure=None,
            comparators=[V("95%", kind="target", value=95, direction="below")],
        ),
        V(
            "92.6%",
            unit="percent",
            value=92.6,
            statement=st,
            measure="sac-outcomes-met",
            source=(SAC, "2023/24", "Safeguarding Adults Collection, NHS England, 2023/24"),
            comparators=[
                V("94.4%", kind="england_average", value=94.4, qualifier="slightly below", direction="below")
            ],
        ),
        V(
            "81%",
            unit="percent",
            value=81,
            statement=st,
            measure="sac-advocate-lacking-capacity",
            comparators=[V("83.5%", kind="england_average", value=83.5, direction="below")],
        ),
        V(
            "66.9%",
            unit="percent",
            value=66.9,
            statement=st,
            measure="ascs-feel-safe",
            source=(ASCS, "2023/24", "ASCS 2023/24"),
            comparators=[
                V(
                    "71.1%",
                    kind="england_average",
                    value=71.1,
                    qualifier="not statistically different",
                    direction="below",
                )
            ],
        ),
        V(
            "84.2%",
            unit="percent",
            value=84.2,
            statement=st,
            measure="ascs-services-make-feel-safe",
            source=(ASCS, "2023/24", "ASCS 2023/24"),
            comparators=[V("87.0%", kind="england_average", value=87.0, direction="below")],
        ),
        V("512", unit="count", value=512, statement=st, measure=None),
        # how long the oldest waited is asserted, it does not define what is counted
        V(
            "18",
            "more than 18 months",
            unit="months",
            value=18,
            qualifier="more than",
            statement=st,
            measure=None,
        ),
        V("2", "published 2 Safeguarding", unit="count", value=2, statement=st, period="2024", measure=None),
        V("11", "and 11 of", unit="count", value=11, statement=st, period="December 2024", measure=None),
    ]
    optional = [
        V("14", "of their 14", reason="the total of which 11 are counted: debatable as a claim of its own")
    ]
    negatives = [
        V("2", "Score: 2", reason=STRUCTURE),
        V("2", "2 - Evidence", reason=STRUCTURE),
        V("42", "Section 42", reason=LAW),
        V("2023-24", reason=DATE),
        V("100,000", "per 100,000 adults", reason=SCALE),
        V("100,000", "per 100,000 nationally", reason=SCALE),
        V("24", "within 24 hours", reason=THRESHOLD),
        V("3", "quarter 3", reason=DATE),
        V("2024/25", reason=DATE),
        V("2023/24", "NHS England, 2023/24", reason=DATE),
        V("2022", "since 2022", reason=DATE),
        V("44", "section 44", reason=LAW),
        V("2014", "Care Act 2014", reason=LAW),
        V("2005", "Act 2005", reason=LAW),
    ]
    structure = {
        "local_authority": "Kestrelford City Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": st, "theme": 3, "score": 2}],
    }
    return build(p, structure, claims, optional, negatives)


def marlwick():
    p = Page("marlwick_care_provision")
    st = "Care provision, integration and continuity"
    sfc = (SFC, "2024", "Skills for Care, 2024")
    claims = [
        V("64", unit="count", value=64, statement=st, measure=None),
        V(
            "87%",
            unit="percent",
            value=87,
            statement=st,
            measure=None,
            comparators=[
                V("79%", kind="comparable_authorities", value=79, qualifier="above", direction="above")
            ],
        ),
        V("18%", unit="percent", value=18, statement=st, period="since April 2023", measure=None),
        V(
            "9",
            "from 57 to 9",
            unit="count",
            value=9,
            statement=st,
            measure=None,
            comparators=[V("57", kind="previous", value=57, qualifier="fell", direction="below")],
        ),
        V("£23.4m", unit="gbp", value=23400000, statement=st, period="2023/24", measure=None),
        V(
            "£24.10",
            unit="gbp",
            value=24.10,
            statement=st,
            measure=None,
            comparators=[V("£23.20", kind="regional_average", value=23.20, direction="above")],
        ),
        V(
            "498.6",
            unit="per_100k",
            value=498.6,
            statement=st,
            measure="ascof-care-home-admissions-65-plus",
            source=(ASCOF, "2023-24", "ASCOF 2023-24"),
            comparators=[V("566.0", kind="england_average", value=566.0, direction="below")],
        ),
        V(
            "31.2%",
            unit="percent",
            value=31.2,
            statement=st,
            measure="ascof-direct-payments",
            comparators=[
                V("26.2%", kind="england_average", value=26.2, qualifier="much higher", direction="above")
            ],
        ),
        V(
            "58.7%",
            unit="percent",
            value=58.7,
            statement=st,
            measure="ascs-choice-over-services",
            source=(ASCS, "2024", "ASCS 2024"),
            comparators=[V("70.3%", kind="england_average", value=70.3, direction="below")],
        ),
        V(
            "7.3%",
            unit="percent",
            value=7.3,
            statement=st,
            period="2023/24",
            measure="sfc-vacancy-rate",
            source=sfc,
            comparators=[V("8.1%", kind="england_average", value=8.1, qualifier="lower", direction="below")],
        ),
        V(
            "26.9%",
            unit="percent",
            value=26.9,
            statement=st,
            measure="sfc-turnover-rate",
            source=sfc,
            comparators=[V("28.3%", kind="england_average", value=28.3, direction="below")],
        ),
        V("1,450", unit="count", value=1450, qualifier="around", statement=st, measure=None),
    ]
    negatives = [
        V("3", "Score: 3", reason=STRUCTURE),
        V("3", "3 - Evidence", reason=STRUCTURE),
        V("April 2023", reason=DATE),
        V("2023/24", "home care in 2023/24", reason=DATE),
        V("24/7", reason=LABEL),
        V("5", "section 5", reason=LAW),
        V("2014", "Act 2014", reason=LAW),
        V("65", "aged 65", reason=AGE),
        V("100,000", reason=SCALE),
        V("2023-24", reason=DATE),
        V("2024", "ASCS 2024", reason=DATE),
    ]
    structure = {
        "local_authority": "Marlwick Metropolitan Borough Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": st, "theme": 2, "score": 3}],
    }
    return build(p, structure, claims, [], negatives)


def penhallow():
    p = Page("penhallow_learning")
    st = "Learning, improvement and innovation"
    sfc = (SFC, "October 2024", "Skills for Care Workforce Estimates, October 2024")
    claims = [
        V("214", unit="count", value=214, statement=st, period="2023/24", measure=None),
        V("19%", unit="percent", value=19, statement=st, measure=None),
        V("62%", unit="percent", value=62, statement=st, measure=None),
        V("9", "upheld 9", unit="count", value=9, statement=st, period="2023-24", measure=None),
        V(
            "75%",
            unit="percent",
            value=75,
            statement=st,
            period="2023-24",
            measure=None,
            comparators=[V("81%", kind="comparable_authorities", value=81, direction="below")],
        ),
        V(
            "14%",
            unit="percent",
            value=14,
            statement=st,
            measure=None,
            comparators=[V("23%", kind="previous", value=23, qualifier="down", direction="below")],
        ),
        V("1,350", unit="count", value=1350, statement=st, measure=None),
        V(
            "71%",
            unit="percent",
            value=71,
            statement=st,
            measure=None,
            comparators=[V("80%", kind="target", value=80, direction="below")],
        ),
        V("6", "led 6", unit="count", value=6, statement=st, measure=None),
        V("300", unit="count", value=300, qualifier="over", statement=st, measure=None),
        V("12", "and 12 staff", unit="count", value=12, statement=st, measure=None),
        V(
            "93.5%",
            unit="percent",
            value=93.5,
            statement=st,
            measure="sfc-safeguarding-training",
            source=sfc,
            comparators=[
                V("88.9%", kind="england_average", value=88.9, qualifier="above", direction="above")
            ],
        ),
        V("74.0%", unit="percent", value=74.0, statement=st, measure="sfc-care-certificate", source=sfc),
        V(
            "6.9",
            unit="score",
            value=6.9,
            statement=st,
            measure="sace-carer-quality-of-life",
            source=(SACE, "2023-24", "SACE, 2023-24"),
            comparators=[V("7.3", kind="england_average", value=7.3, direction="below")],
        ),
        V("4", "set out 4", unit="count", value=4, statement=st, measure=None),
    ]
    negatives = [
        V("2", "Score: 2", reason=STRUCTURE),
        V("2", "2 - Evidence", reason=STRUCTURE),
        V("20", "20 working day", reason=THRESHOLD),
        V("March 2023", reason=DATE),
        V("3", "Level 3", reason=LABEL),
        V("October 2024", reason=DATE),
        V("2023-2026", reason=LAW),
        V("2", "phase 2", reason=LABEL),
        V("September 2024", reason=DATE),
    ]
    structure = {
        "local_authority": "Penhallow County Council",
        "published": None,
        "overall_rating": None,
        "overall_score_percent": None,
        "statements": [{"title": st, "theme": 4, "score": 2}],
    }
    return build(p, structure, claims, [], negatives)


if __name__ == "__main__":
    for make in (
        brackenmoor,
        oakhurst,
        whitmere,
        ashcombe,
        fernleigh,
        hollinsford,
        harrowfield,
        lowmoor,
        sedgebrook,
        tarnside,
        dunsworth,
        kestrelford,
        marlwick,
        penhallow,
    ):
        gold = make()
        print(gold["text_file"], len(gold["claims"]), "claims,", len(gold["negatives"]), "negatives")
