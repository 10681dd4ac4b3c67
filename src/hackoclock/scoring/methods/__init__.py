"""Scoring methods (``seed``, ``fair``, ``rank``), one module each, and the components they share.

Pure Ibis expressions over a period table (points, flags, eligibility, statistics, allocation):
no SQLAlchemy, FastAPI, Streamlit or Typer here.
"""
