"""The versioned rubric prompt sent with each video, and validation of the model's answer."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from hackoclock.content.model import InvalidAnswer

PROMPT_VERSION = "content-rubric-2"
MAX_REASONS = 8
MAX_REASON_CHARS = 300
CRITERIA = ("originality", "effort", "clarity", "harm")

PROMPT = f"""Rubric version: {PROMPT_VERSION}

You review short videos for a short-video platform's creator rewards programme, which pays for
original, valuable content. Watch the attached video (picture and sound) and rate it on four
criteria, each from 0.0 to 1.0:

- "originality": 1.0 for the creator's own footage, performance and sound; lower for a duet or
  stitch that mostly shows someone else's video, for a trending sound used with little of the
  creator's own, and for content that looks AI-generated (synthetic faces or voices, generated
  scenes, text-to-video artefacts); 0.0 for a re-upload of someone else's video (watermarks of
  other accounts, screen recordings, compilations of others' clips).
- "effort": the work that went into it: filming, editing (cuts, transitions, effects,
  captions and music are human work and count in favour), rehearsal, research. 0.0 for a
  static image or a clip with nothing added.
- "clarity": whether a viewer understands what it shows or says: audible speech, readable
  text, a clear subject, a point, a story, a skill or useful information.
- "harm": how unsafe it is for a general audience (dangerous acts, harassment, hate, sexual
  content, medical or financial misinformation, spam or scams): 0.0 for harmless, 1.0 for
  clearly harmful.

Reach-bait (asking for likes or follows, #fyp, praise words in the caption) is not value: do
not let it raise any criterion. If the video gives too little to judge (it is black, frozen
or a few frames), answer {{"judgeable": false, "reasons": ["..."]}} instead.

Answer with JSON only, exactly this shape:
{{"originality": <0..1>, "effort": <0..1>, "clarity": <0..1>, "harm": <0..1>,
 "reasons": ["<short reason>", "..."]}}
Give one to five short reasons."""


@dataclass(frozen=True, slots=True)
class RubricAnswer:
    """The model's ratings and the content score made of them (None: too little to judge).

    ``score = (originality + effort + clarity) / 3 x (1 - harm)``: the mean of the three
    value criteria, scaled down by harm, so a harmful video scores near 0 however well made.
    """

    score: float | None
    reasons: tuple[str, ...]
    criteria: dict[str, float]


def _criterion(data: dict[str, object], name: str, text: str) -> float:
    if name not in data:
        raise InvalidAnswer(f"the model's answer has no {name!r}: {text[:200]!r}")
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidAnswer(f"the model's {name!r} is not a number: {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise InvalidAnswer(f"the model's {name!r} {value!r} is outside 0..1")
    return float(value)


def rubric_score(criteria: dict[str, float]) -> float:
    """The content score of validated ratings (see ``RubricAnswer``), rounded to 4 places."""
    value = sum(criteria[c] for c in ("originality", "effort", "clarity")) / 3
    return round(value * (1.0 - criteria["harm"]), 4)


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
    reasons = data.get("reasons", [])
    if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
        raise InvalidAnswer(f"the model's 'reasons' is not a list of strings: {reasons!r}")
    cleaned = tuple(r.strip()[:MAX_REASON_CHARS] for r in reasons if r.strip())[:MAX_REASONS]
    if data.get("judgeable") is False:
        return RubricAnswer(None, cleaned, {})
    criteria = {name: _criterion(data, name, text) for name in CRITERIA}
    return RubricAnswer(rubric_score(criteria), cleaned, criteria)
