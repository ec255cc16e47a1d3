"""Covering the fees: what a donor adds so the organisation receives the whole gift.

Stripe takes ``percent × charged + fixed`` from a card payment (the estimate per
currency is in the settings ``STRIPE_FEE_PERCENT_BASIS_POINTS`` and
``STRIPE_FEE_FIXED_MINOR``). To keep ``gift`` after the fee, the donor is charged the
gross-up ``(gift + fixed) / (1 - percent)``, rounded up to the öre/cent; the cover is
that minus the gift. The server computes it (``static/js/give.js`` only shows the same
estimate live), and it is an estimate: Stripe's real fee is recorded on each gift."""

from dataclasses import dataclass

from django.conf import settings

BASIS_POINTS = 10_000


@dataclass(frozen=True)
class FeeEstimate:
    percent_basis_points: int
    fixed_minor: int


def fee_estimate(currency: str) -> FeeEstimate:
    return FeeEstimate(
        percent_basis_points=settings.STRIPE_FEE_PERCENT_BASIS_POINTS[currency],
        fixed_minor=settings.STRIPE_FEE_FIXED_MINOR[currency],
    )


def fee_cover_minor(gift_minor: int, currency: str) -> int:
    """What to add to ``gift_minor`` so that it is left after the estimated fee."""
    estimate = fee_estimate(currency)
    numerator = (gift_minor + estimate.fixed_minor) * BASIS_POINTS
    denominator = BASIS_POINTS - estimate.percent_basis_points
    charged = -(-numerator // denominator)  # rounded up: never short by an öre
    return charged - gift_minor
