"""Measure polarity: for which measures a higher value is better, as reference data only.

Used by ``pipeline.checks`` to judge "better"/"worse" against the numbers. A measure is
recognised by a cue phrase (a regular expression, matched case-insensitively on word
boundaries) in the sentence that holds the claim. A sentence whose cues disagree, or that
has no cue, has unknown polarity and no better/worse check: the checks never guess.

``HIGHER_IS_BETTER``: satisfaction and experience survey measures (ASCS, SACE), reablement
outcomes, training completion. ``LOWER_IS_BETTER``: workforce churn, waiting, delays,
readmissions, admissions to care homes (ASCOF 2A counts them as a worse outcome).
"""

from __future__ import annotations

HIGHER = "higher"
LOWER = "lower"

# cue phrase (regex, case-insensitive, word-bounded) -> which way is better
POLARITY_CUES: tuple[tuple[str, str], ...] = (
    # lower is better
    (r"turnover", LOWER),
    (r"vacanc(?:y|ies)(?: rates?)?", LOWER),
    (r"waiting (?:times?|lists?)", LOWER),
    (r"wait(?:ed|ing)? (?:for|longer|more than)", LOWER),
    (r"waits?", LOWER),
    (r"readmi(?:ssions?|tted)", LOWER),
    (r"delayed (?:transfers?|discharges?)", LOWER),
    (r"delays?", LOWER),
    (r"backlogs?", LOWER),
    (r"overdue", LOWER),
    (r"sickness absence", LOWER),
    (r"admissions? (?:to|into) (?:residential|nursing|care) (?:and nursing )?(?:homes?|care)", LOWER),
    # higher is better
    (r"satisf(?:ied|action)", HIGHER),
    (r"felt safe|feel safe|feeling safe", HIGHER),
    (r"as much social contact", HIGHER),
    (r"easy to find information|found it easy to find", HIGHER),
    (r"control over (?:their )?daily li(?:fe|ves)", HIGHER),
    (r"quality of life", HIGHER),
    (r"still at home 91 days|at home 91 days after discharge|91 days after discharge", HIGHER),
    (r"completed (?:[\w()]+ ){0,10}?training", HIGHER),
    (r"care certificate", HIGHER),
    (r"easy to (?:access|find) information", HIGHER),
    (r"choice over (?:services|their care|the services)", HIGHER),
    (r"(?:planned or unplanned )?review of their needs", HIGHER),
    (r"received reablement|reablement or rehabilitation services after discharge", HIGHER),
    (r"no longer required support", HIGHER),
    (r"adequate food and drink", HIGHER),
    (r"supported by an advocate", HIGHER),
    (r"direct payments", HIGHER),
)
