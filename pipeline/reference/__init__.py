"""Reference data, no logic: what the stages look things up in.

``framework`` (CQC's themes, the nine quality statements, score labels, rating bands),
``lexicon`` (datasets and their abbreviations, judgement words, number words), ``catalogue``
(the published measures a claim may report: id, name, dataset, unit, which way is better, cue
phrases). Imports nothing of the package above the models.
"""
