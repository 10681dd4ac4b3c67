"""Scoring configuration: shipped defaults, overrides, validation, canonical text and hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from hackoclock.errors import InvalidInput
from hackoclock.scoring.config import load_config


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_load_for_both_methods_with_a_stable_hash() -> None:
    fair, seed = load_config("fair"), load_config("seed")
    assert fair.get("points", "scale") == 1400
    assert seed.get("points", "multiplier") == 200
    assert load_config("fair").sha256 == fair.sha256 != seed.sha256


def test_a_file_overrides_only_the_keys_it_names(tmp_path: Path) -> None:
    cfg = load_config("fair", _write(tmp_path, "[weights]\nreach = 1\n"))
    assert cfg.number("weights", "reach") == 1.0
    assert cfg.number("weights", "quality") == 0.40
    assert cfg.sha256 != load_config("fair").sha256
    assert "reach = 1.0" in cfg.text


def test_the_stored_text_loads_back_to_the_same_configuration(tmp_path: Path) -> None:
    cfg = load_config("fair", _write(tmp_path, '[points]\nmode = "pool"\n'))
    again = load_config("fair", _write(tmp_path, cfg.text))
    assert again.values == cfg.values
    assert again.sha256 == cfg.sha256


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[weights]\nfame = 1\n", "unknown key weights.fame"),
        ("[bonus]\nx = 1\n", "unknown section [bonus]"),
        ('[points]\nscale = "big"\n', "points.scale must be int"),
        ('[points]\nmode = "lottery"\n', "points.mode must be one of"),
        ("[weights]\nreach = -1\n", "weights must not be negative"),
        ("[weights\n", "not valid TOML"),
        ('method = "seed"\n', "is for method 'seed'"),
    ],
)
def test_a_bad_configuration_is_refused_with_a_clear_message(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message.replace("[", r"\[")):
        load_config("fair", _write(tmp_path, text))


def test_an_unknown_method_or_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="unknown scoring method"):
        load_config("lottery")
    with pytest.raises(InvalidInput, match="does not exist"):
        load_config("fair", tmp_path / "nope.toml")
