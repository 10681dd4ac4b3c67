"""Typed path parameters shared by the routers, bounded so no value can overflow a column."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

MAX_INT_ID = 2**31 - 1  # the range of an INTEGER column on every database we support

RunId = Annotated[int, Path(ge=1, le=MAX_INT_ID, description="A scoring run id.")]
VideoId = Annotated[str, Path(min_length=1, max_length=64, description="A video id.")]
RewardId = Annotated[str, Path(min_length=1, max_length=64, description="A reward id.")]
RedemptionId = Annotated[str, Path(min_length=1, max_length=36, description="A redemption id.")]
