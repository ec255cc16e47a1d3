"""Skatteverket's rules for the tax reduction for gifts (skattereduktion för gåvor,
Inkomstskattelagen 67 kap. 20-26 §§), in one place for the yearly statement and the
KU65 report: only gifts of money in kronor of at least 200 kr per gift occasion count
(each one-off gift or monthly installment is an occasion, measured after refunds and
what a dispute withholds), a person's counted gifts must reach 2 000 kr in the year, and
the reduction is 25 % of them, at most 1 500 kr."""

GIFT_OCCASION_MINIMUM_MINOR = 20_000  # 200 kr
YEARLY_MINIMUM_MINOR = 200_000  # 2 000 kr
REDUCTION_PERCENT = 25
REDUCTION_MAXIMUM_MINOR = 150_000  # 1 500 kr
TAX_CURRENCY = "SEK"
