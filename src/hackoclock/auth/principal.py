"""Who is calling: the verified identity a token carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Role = Literal["creator", "operator"]
ROLES: tuple[str, ...] = get_args(Role)


@dataclass(frozen=True, slots=True)
class Principal:
    """A verified caller: ``sub`` is the creator id (or the operator's id), ``role`` its role."""

    sub: str
    role: Role

    @property
    def is_operator(self) -> bool:
        return self.role == "operator"

    @property
    def is_creator(self) -> bool:
        return self.role == "creator"
