"""The fairness report of a scoring run: metrics, data, summary, sensitivity, scale, plots, HTML.

``metrics`` is pure NumPy; ``data`` reads a run through the scoring service; no front-end imports.
"""
