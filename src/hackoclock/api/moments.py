"""Times in request bodies, read by the one parser the CLI uses too (``hackoclock.timetext``).

The API asks for explicit zones (a client's local time is not the server's), so a time without
one is a 422 here, where the CLI takes it as UTC. JSON numbers (Unix seconds) still work as
pydantic reads them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator, ValidationInfo

from hackoclock.errors import InvalidInput
from hackoclock.timetext import parse_moment


def _parse(value: object, info: ValidationInfo) -> object:
    if not isinstance(value, str):
        return value
    try:
        return parse_moment(value, what=info.field_name or "time", naive="reject")
    except InvalidInput as exc:
        raise ValueError(exc.message) from None


Moment = Annotated[AwareDatetime, BeforeValidator(_parse)]
