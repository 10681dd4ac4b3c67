"""Validation of the Gemini answer (rubric 2: originality, effort, clarity, harm) and the
versioned prompt."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hackoclock.content.model import InvalidAnswer
from hackoclock.content.rubric import CRITERIA, PROMPT, PROMPT_VERSION, parse_answer, rubric_score


def _answer(**values: object) -> str:
    base: dict[str, object] = {"originality": 0.9, "effort": 0.6, "clarity": 0.9, "harm": 0.0}
    return json.dumps({**base, **values})


def test_the_prompt_carries_its_version_and_names_every_criterion() -> None:
    assert PROMPT_VERSION == "content-rubric-2"
    assert f"Rubric version: {PROMPT_VERSION}" in PROMPT
    for criterion in CRITERIA:
        assert f'"{criterion}"' in PROMPT
    assert "re-upload" in PROMPT and "AI-generated" in PROMPT and "duet or" in PROMPT
    assert '"judgeable": false' in PROMPT


def test_the_score_is_the_mean_of_the_value_criteria_scaled_down_by_harm() -> None:
    answer = parse_answer(_answer(reasons=["real people", " original "]))
    assert answer.score == pytest.approx(0.8)
    assert answer.reasons == ("real people", "original")
    assert answer.criteria == {"originality": 0.9, "effort": 0.6, "clarity": 0.9, "harm": 0.0}
    assert parse_answer(_answer(harm=0.75)).score == pytest.approx(0.2)
    assert parse_answer(_answer(harm=1)).score == 0.0


def test_a_reupload_rated_zero_originality_scores_lower_than_the_original() -> None:
    assert parse_answer(_answer(originality=0)).score < parse_answer(_answer()).score  # type: ignore[operator]


def test_too_little_to_judge_is_an_unknown_score_not_a_neutral_one() -> None:
    answer = parse_answer('{"judgeable": false, "reasons": ["black screen"]}')
    assert (answer.score, answer.reasons, answer.criteria) == (None, ("black screen",), {})


@given(st.lists(st.floats(0, 1), min_size=4, max_size=4))
def test_any_valid_ratings_give_a_score_in_zero_to_one(values: list[float]) -> None:
    score = rubric_score(dict(zip(CRITERIA, values, strict=True)))
    assert 0.0 <= score <= 1.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("Sure! The score is 0.8", "not JSON"),
        ("[0.8]", "not a JSON object"),
        ('{"score": 0.8, "reasons": ["x"]}', "no 'originality'"),
        (_answer(effort="high"), "'effort' is not a number"),
        (_answer(clarity=True), "'clarity' is not a number"),
        (_answer(harm=1.7), r"'harm' 1.7 is outside 0..1"),
        (_answer(originality=-0.1), "outside 0..1"),
        (_answer(reasons="good"), "not a list"),
    ],
)
def test_bad_answers_raise_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(InvalidAnswer, match=message):
        parse_answer(text)
