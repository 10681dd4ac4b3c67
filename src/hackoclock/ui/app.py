"""The Hackoclock Streamlit app: ``hackoclock serve ui`` or ``streamlit run`` this file.

``streamlit run dashboard.py`` and ``streamlit run rewards.py`` at the repository root open the
same app on the Creator Dashboard or the Rewards Shop.
"""

from hackoclock.ui.shell import run_app

run_app(default="dashboard")
