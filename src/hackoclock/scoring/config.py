"""Scoring configuration: TOML files, defaults shipped in the package, validated and hashed.

A user file only needs the keys it changes; the rest come from ``defaults/<method>.toml``.
The run stores the *effective* configuration text (defaults merged with the file) and its sha256,
so a run can always be repeated exactly.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from hackoclock.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """The effective configuration of one run: the merged tables and their canonical text."""

    method: str
    values: dict[str, Any]
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def get(self, section: str, key: str) -> Any:
        return self.values[section][key]

    def number(self, section: str, key: str) -> float:
        return float(self.values[section][key])

    @property
    def spark_master(self) -> str:
        return str(self.values["engine"]["spark_master"])


def default_text(method: str) -> str:
    """The shipped defaults for a method, as TOML text."""
    _check_method(method)
    return resources.files("hackoclock.scoring").joinpath(f"defaults/{method}.toml").read_text()


def load_config(method: str = "value", path: Path | None = None) -> ScoringConfig:
    """Defaults for ``method`` merged with the file at ``path`` (if any), validated."""
    _check_method(method)
    defaults = tomllib.loads(default_text(method))
    user: dict[str, Any] = {}
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise InvalidInput(f"scoring config {path} does not exist") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"scoring config {path} is not valid TOML: {exc}") from exc
    return _build(method, defaults, user, str(path))


def config_from_text(method: str, text: str) -> ScoringConfig:
    """The configuration a run stored (its effective TOML text), checked as a file would be."""
    _check_method(method)
    try:
        user = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"stored scoring config is not valid TOML: {exc}") from exc
    return _build(method, tomllib.loads(default_text(method)), user, "stored in the run")


def _build(
    method: str, defaults: dict[str, Any], user: dict[str, Any], where: str
) -> ScoringConfig:
    file_method = user.pop("method", method)
    if file_method != method:
        raise InvalidInput(f"scoring config {where} is for method {file_method!r}, not {method!r}")
    merged = _merge(defaults, user, where)
    _registry().get(method).validate(merged)
    return ScoringConfig(method=method, values=merged, text=_dump(merged))


def _registry() -> Any:
    from hackoclock.scoring.methods import registry  # the methods import this module

    return registry


def _check_method(method: str) -> None:
    _registry().get(method)


def _merge(defaults: dict[str, Any], user: dict[str, Any], where: str) -> dict[str, Any]:
    merged: dict[str, Any] = {
        k: (dict(v) if isinstance(v, dict) else v) for k, v in defaults.items()
    }
    for section, table in sorted(user.items()):
        if section not in defaults or not isinstance(defaults[section], dict):
            raise InvalidInput(f"scoring config {where}: unknown section [{section}]")
        if not isinstance(table, dict):
            raise InvalidInput(f"scoring config {where}: [{section}] must be a table")
        for key, value in sorted(table.items()):
            if key not in defaults[section]:
                raise InvalidInput(f"scoring config {where}: unknown key {section}.{key}")
            expected = defaults[section][key]
            if (
                isinstance(expected, float)
                and isinstance(value, int)
                and not isinstance(value, bool)
            ):
                value = float(value)
            if type(value) is not type(expected):
                raise InvalidInput(
                    f"scoring config {where}: {section}.{key} must be "
                    f"{type(expected).__name__}, got {value!r}"
                )
            merged[section][key] = value
    return merged


def need(ok: bool, message: str) -> None:
    """A configuration rule: ``InvalidInput`` with ``message`` when it does not hold."""
    if not ok:
        raise InvalidInput(f"scoring config: {message}")


def check_shrinkage(cfg: dict[str, Any]) -> None:
    """The ``[shrinkage]`` rules shared by the methods that shrink per-view rates."""
    shrink = cfg["shrinkage"]
    need(shrink["credibility_z"] >= 0, "shrinkage.credibility_z must not be negative")
    need(
        0 < shrink["min_prior_strength"] <= shrink["max_prior_strength"],
        "shrinkage needs 0 < min_prior_strength <= max_prior_strength",
    )


def _dump(cfg: dict[str, Any]) -> str:
    """Canonical TOML text (sorted keys), so equal configurations hash equally."""
    lines: list[str] = []
    for key, value in sorted(cfg.items()):
        if not isinstance(value, dict):
            lines.append(f"{key} = {_literal(value)}")
    for section, table in sorted(cfg.items()):
        if isinstance(table, dict):
            lines.append(f"\n[{section}]")
            lines.extend(f"{k} = {_literal(v)}" for k, v in sorted(table.items()))
    return "\n".join(lines) + "\n"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float):
        return repr(value)
    return str(value)
