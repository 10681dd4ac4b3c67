"""`streamlit run rewards.py`: the Hackoclock app, opening on the Rewards Shop."""

from hackoclock.ui.shell import run_app

run_app(default="rewards")
