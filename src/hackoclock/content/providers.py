"""Build a provider by name from the settings (the one place that knows every provider)."""

from __future__ import annotations

from pathlib import Path

from hackoclock.content.model import ContentProvider
from hackoclock.errors import InvalidInput
from hackoclock.settings import Settings

PROVIDERS = ("lexicon", "gemini")


def make_provider(
    name: str, settings: Settings, *, videos_dir: Path | None = None, workers: int | None = None
) -> ContentProvider:
    """The named provider, configured from ``settings`` (and the CLI's overrides)."""
    # Imported here so that the CLI starts without loading VADER or the google-genai SDK.
    if name == "lexicon":
        from hackoclock.content.lexicon import LexiconProvider

        return LexiconProvider()
    if name == "gemini":
        from hackoclock.content.gemini import GeminiConfig, GeminiProvider

        return GeminiProvider(
            GeminiConfig.from_settings(settings, videos_dir=videos_dir, workers=workers)
        )
    raise InvalidInput(f"unknown content provider {name!r}; choose one of {', '.join(PROVIDERS)}")
