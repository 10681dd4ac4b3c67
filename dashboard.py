"""`streamlit run dashboard.py`: the Hackoclock app, opening on the Creator Dashboard."""

from hackoclock.ui.shell import run_app

run_app(default="dashboard")
