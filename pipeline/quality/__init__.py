"""How good an extraction is: ``evaluate`` (metrics against a hand-checked gold annotation),
``explain`` (each number of a text with what it became and the rule that decided it), ``diff``
(a regression diff between two extractions). They read outputs, stages and reference data,
never the batch runner or the CLI above them.
"""
