"""Keep secrets (the Gemini API key) out of every message we log or store."""

from __future__ import annotations

REDACTED = "[redacted]"


class Redactor:
    """Replaces each secret with ``[redacted]``; secrets shorter than 4 characters are ignored."""

    def __init__(self, *secrets: str | None) -> None:
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text
