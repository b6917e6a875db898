"""The stages that turn a report's text into a ``Report``, one module each, in pipeline order.

``segment`` (text -> ``Document``: sections, themes, statements, paragraphs, with offsets),
``claims`` (numeric claims, their comparators, periods and cited sources; a package in parts,
mapped in its docstring), ``sources`` (the dataset citations the claims stage reads),
``measures`` (which catalogued measure each claim reports), ``checks`` (consistency warnings). Each is a plain function over frozen models;
offsets are half-open ``[start, end)`` into the text exactly as read. ``pipeline.extract``
composes them. Stages read ``pipeline.reference`` and the models, never the tools above them.
"""
