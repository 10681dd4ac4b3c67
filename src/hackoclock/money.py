"""What points are worth: a fixed value per point in one currency, exact (Decimal, never float).

``HACKOCLOCK_POINT_VALUE`` (default 0.01) and ``HACKOCLOCK_CURRENCY`` (default USD): 100 points
are one dollar, so the default ``value`` rate of 40 points per 1,000 paid views is $0.40 per
1,000 views, the low end of what TikTok's Creator Rewards pays. Shop prices are set at face
value against the same rate. Earnings shown before crediting are estimates: held points may be
voided and a drop in views is clawed back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from hackoclock.errors import InvalidInput

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PointValue:
    """The money value of one point."""

    per_point: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not self.per_point.is_finite() or self.per_point <= 0:
            raise InvalidInput(f"the value of a point must be positive, got {self.per_point}")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise InvalidInput(f"currency must be a three-letter ISO code, got {self.currency!r}")

    def of(self, points: int) -> Decimal:
        """The money value of ``points``, to the cent (half to even)."""
        return (self.per_point * int(points)).quantize(CENT, rounding=ROUND_HALF_EVEN)

    def text(self, points: int) -> str:
        """'$12.34' (or '12.34 CHF' for a currency without a symbol here)."""
        amount = self.of(points)
        sign, amount = ("-", -amount) if amount < 0 else ("", amount)
        symbol = SYMBOLS.get(self.currency)
        if symbol:
            return f"{sign}{symbol}{amount:,.2f}"
        return f"{sign}{amount:,.2f} {self.currency}"

    def points_for(self, amount: Decimal) -> int:
        """Whole points worth ``amount`` (a price at face value), rounded half to even."""
        return int((amount / self.per_point).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
