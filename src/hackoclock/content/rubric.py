"""The versioned rubric prompt sent with each video, and validation of the model's answer."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from hackoclock.content.model import InvalidAnswer

PROMPT_VERSION = "content-rubric-1"
MAX_REASONS = 8
MAX_REASON_CHARS = 300

PROMPT = f"""Rubric version: {PROMPT_VERSION}

You review short videos for a short-video platform's creator rewards programme.
Watch the attached video and judge how much the platform would want more content like it.

Score from 0.0 to 1.0:
- Higher for original, human-made content: real people, real places, genuine performance,
  skill, humour, creativity or useful information. Human editing (cuts, transitions, effects,
  captions, music) is human work and counts in favour.
- Lower for content that looks AI-generated (synthetic faces or voices, generated scenes,
  text-to-video artefacts), re-uploads of others' work, spam, reach-bait with no substance,
  and content unsafe for a general audience.
- 0.5 when the video gives too little to judge.

Answer with JSON only, exactly this shape:
{{"score": <number between 0 and 1>, "reasons": ["<short reason>", "..."]}}
Give one to five short reasons."""


@dataclass(frozen=True, slots=True)
class RubricAnswer:
    score: float
    reasons: tuple[str, ...]


def parse_answer(text: str | None) -> RubricAnswer:
    """Validate the model's JSON answer; raise ``InvalidAnswer`` saying what is wrong."""
    if not text or not text.strip():
        raise InvalidAnswer("the model returned an empty answer")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidAnswer(f"the model's answer is not JSON ({exc.msg}): {text[:200]!r}") from None
    if not isinstance(data, dict):
        raise InvalidAnswer(f"the model's answer is not a JSON object: {text[:200]!r}")
    if "score" not in data:
        raise InvalidAnswer(f"the model's answer has no 'score': {text[:200]!r}")
    score = data["score"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise InvalidAnswer(f"the model's 'score' is not a number: {score!r}")
    if not 0.0 <= float(score) <= 1.0:
        raise InvalidAnswer(f"the model's 'score' {score!r} is outside 0..1")
    reasons = data.get("reasons", [])
    if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
        raise InvalidAnswer(f"the model's 'reasons' is not a list of strings: {reasons!r}")
    cleaned = tuple(r.strip()[:MAX_REASON_CHARS] for r in reasons if r.strip())[:MAX_REASONS]
    return RubricAnswer(float(score), cleaned)
