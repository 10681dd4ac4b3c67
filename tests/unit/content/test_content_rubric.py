"""Validation of the Gemini answer and the versioned prompt."""

from __future__ import annotations

import pytest

from hackoclock.content.model import InvalidAnswer
from hackoclock.content.rubric import PROMPT, PROMPT_VERSION, parse_answer


def test_the_prompt_carries_its_version_and_the_ai_generated_rule() -> None:
    assert f"Rubric version: {PROMPT_VERSION}" in PROMPT
    assert "AI-generated" in PROMPT
    assert '"score"' in PROMPT and '"reasons"' in PROMPT


def test_a_valid_answer_gives_score_and_reasons() -> None:
    answer = parse_answer('{"score": 0.75, "reasons": ["real people", " original "]}')
    assert answer.score == 0.75
    assert answer.reasons == ("real people", "original")


def test_an_integer_score_at_the_bounds_is_accepted() -> None:
    assert parse_answer('{"score": 1, "reasons": []}').score == 1.0
    assert parse_answer('{"score": 0}').score == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("Sure! The score is 0.8", "not JSON"),
        ("[0.8]", "not a JSON object"),
        ('{"reasons": ["x"]}', "no 'score'"),
        ('{"score": "high"}', "not a number"),
        ('{"score": true}', "not a number"),
        ('{"score": 1.7}', "outside 0..1"),
        ('{"score": -0.1}', "outside 0..1"),
        ('{"score": 0.5, "reasons": "good"}', "not a list"),
    ],
)
def test_bad_answers_raise_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(InvalidAnswer, match=message):
        parse_answer(text)
