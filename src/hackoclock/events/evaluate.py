"""Precision and recall of the flagged viewers against a generator's manifest."""

from __future__ import annotations

from typing import Any


def score_detection(
    flagged: set[str], manifest: dict[str, Any], honest: set[str]
) -> dict[str, Any]:
    """Recall per attack and overall, precision, the false-flag rate among honest viewers and
    among honest viral-burst viewers."""
    planted: set[str] = set()
    per: list[dict[str, Any]] = []
    for a in manifest["attacks"]:
        ids = set(a["viewers"])
        planted |= ids
        per.append(
            {"kind": a["kind"], "accounts": len(ids), "recall": len(ids & flagged) / len(ids)}
        )
    burst = {v for b in manifest["bursts"] for v in b["viewers"]}
    tp = len(flagged & planted)
    false = flagged - planted
    return {
        "flagged": len(flagged),
        "recall": tp / len(planted) if planted else 1.0,
        "precision": tp / len(flagged) if flagged else 1.0,
        "false_flag_rate_honest": len(false & honest) / max(len(honest), 1),
        "false_flag_rate_bursts": len(false & burst) / max(len(burst), 1),
        "attacks": per,
    }
