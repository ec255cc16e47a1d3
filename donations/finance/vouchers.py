"""The vouchers of a period, read from the ledger for the SIE export: one per day for
the money that moved on the Stripe balance, one per payout to the bank.

A day's voucher books, in Swedish kronor (``BOOK_CURRENCY``):

- gifts: debit the Stripe clearing account, credit gift income per campaign and
  programme; a EUR gift at the SEK amount it settled at (``Gift.settlement_amount_minor``);
- Stripe's fees on those gifts: debit card fees, credit clearing;
- refunds: debit gift income (per campaign and programme), credit clearing; a refund of
  a foreign-currency gift at its balance transaction's SEK amount, or else at the gift's
  own settlement rate; a refund that failed later, on the day its money came back,
  the other way (debit clearing, credit gift income) at its ``refund_failure``
  balance transaction's SEK amount, or else the same way as the refund;
- disputes: on the day one opens, what Stripe withdrew (debit disputed gifts, per
  campaign and programme) and the dispute fee (debit card fees), both against clearing;
  on the day it closes, what Stripe reinstated (the other way); in SEK as the dispute's
  balance transactions say, or else at the gift's settlement rate.

A payout's voucher moves its amount from clearing to the bank account, so clearing
always holds what is on the Stripe balance. Gifts aggregate in the database (one row a
day per campaign), refunds and disputes stream row by row; nothing grows with the
number of gifts. Every voucher balances: each amount is booked as a pair."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from itertools import groupby

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BalanceTransaction, Dispute, Gift, Payout, PayoutStatus, Refund

BOOK_CURRENCY = "SEK"
PROGRAMME_DIMENSION = 6  # SIE's reserved dimension for projects
CAMPAIGN_DIMENSION = 20  # the first dimension SIE leaves free for the user

Objects = tuple[tuple[int, str], ...]


class Section(IntEnum):
    """The order of a day voucher's lines."""

    GIFTS = 0
    FEES = 1
    REFUNDS = 2
    REFUND_FAILURES = 3
    DISPUTES = 4
    DISPUTE_FEES = 5
    REINSTATED = 6


@dataclass(frozen=True)
class Transaction:
    """One ``#TRANS`` line: ``account`` is a key of the chart (``"clearing"``...)."""

    account: str
    objects: Objects
    amount_minor: int


@dataclass(frozen=True)
class Voucher:
    day: date
    text: str
    transactions: tuple[Transaction, ...]


# (section, account, objects, amount): a posting's legs sum to zero.
Leg = tuple[Section, str, Objects, int]
Posting = tuple[date, tuple[Leg, ...]]


@dataclass
class PeriodVouchers:
    """The vouchers of ``start``..``end`` (both included), and what could not be booked."""

    start: date
    end: date
    left_out: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Voucher]:
        days = (
            (voucher.day, 0, voucher.text, voucher) for voucher in _day_vouchers(self._postings())
        )
        payouts = ((voucher.day, 1, voucher.text, voucher) for voucher in self._payouts())
        for *_key, voucher in heapq.merge(days, payouts, key=lambda row: row[:3]):
            yield voucher

    def _bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_default_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def _postings(self) -> Iterator[Posting]:
        return heapq.merge(
            self._gift_postings(),
            self._refund_postings("created_at"),
            self._refund_postings("failed_at"),
            self._dispute_postings("opened_at"),
            self._dispute_postings("closed_at"),
            key=lambda posting: posting[0],
        )

    def _gift_postings(self) -> Iterator[Posting]:
        first, after = self._bounds()
        settled = Q(
            settlement_amount_minor__isnull=False, settlement_currency__iexact=BOOK_CURRENCY
        )
        own = Q(settlement_amount_minor__isnull=True, currency__iexact=BOOK_CURRENCY)
        rows = (
            Gift.objects.filter(paid_at__gte=first, paid_at__lt=after)
            .annotate(day=TruncDate("paid_at", tzinfo=timezone.get_default_timezone()))
            .values("day", "campaign_id", "campaign__programme_id")
            .annotate(
                settled=Sum("settlement_amount_minor", filter=settled),
                own=Sum("amount_minor", filter=own),
                fees=Sum("fee_minor", filter=settled | own),
                unsettled=Count("pk", filter=~(settled | own)),
            )
            .order_by("day")
        )
        for row in rows.iterator(chunk_size=2000):
            if row["unsettled"]:
                self.left_out.append(
                    _("%(day)s: gifts not settled in SEK yet (no amount from Stripe): %(count)d")
                    % {"day": row["day"], "count": row["unsettled"]}
                )
            objects = _objects(row["campaign_id"], row["campaign__programme_id"])
            gross, fees = (row["settled"] or 0) + (row["own"] or 0), row["fees"] or 0
            yield (
                row["day"],
                (
                    *_pair(Section.GIFTS, ("clearing", ()), ("gift_income", objects), gross),
                    *_pair(Section.FEES, ("card_fees", ()), ("clearing", ()), fees),
                ),
            )

    def _refund_postings(self, moment: str) -> Iterator[Posting]:
        """Refunds on the day they were made (``created_at``), and those that failed
        once more on the day their money came back (``failed_at``), the other way."""
        first, after = self._bounds()
        made = moment == "created_at"
        settled = BalanceTransaction.objects.filter(
            refund=OuterRef("pk"),
            currency__iexact=BOOK_CURRENCY,
            **{"amount_minor__lt" if made else "amount_minor__gt": 0},
        ).order_by("pk")
        rows = (
            Refund.objects.filter(**{f"{moment}__gte": first, f"{moment}__lt": after})
            .annotate(settled=Subquery(settled.values("amount_minor")[:1]))
            .order_by(moment, "pk")
            .values_list(moment, "amount_minor", "currency", "settled", *GIFT_FIELDS)
        )
        for at, amount, currency, settled_amount, *gift in rows.iterator(chunk_size=2000):
            day = timezone.localtime(at).date()
            sek = (
                abs(settled_amount)
                if settled_amount is not None
                else _in_sek(amount, currency, gift)
            )
            if sek is None:
                self.left_out.append(
                    _("%(day)s: a refund of a gift not settled in SEK yet") % {"day": day}
                )
                continue
            objects = _objects(*gift[3:])
            if made:
                yield day, _pair(Section.REFUNDS, ("gift_income", objects), ("clearing", ()), sek)
            else:
                yield (
                    day,
                    _pair(Section.REFUND_FAILURES, ("clearing", ()), ("gift_income", objects), sek),
                )

    def _dispute_postings(self, moment: str) -> Iterator[Posting]:
        first, after = self._bounds()
        opening = moment == "opened_at"
        line = BalanceTransaction.objects.filter(
            dispute=OuterRef("pk"),
            currency__iexact=BOOK_CURRENCY,
            **{"amount_minor__lt" if opening else "amount_minor__gt": 0},
        ).order_by("pk")
        rows = (
            Dispute.objects.filter(**{f"{moment}__gte": first, f"{moment}__lt": after})
            .annotate(settled=Subquery(line.values("amount_minor")[:1]))
            .order_by(moment, "pk")
            .values_list(
                moment,
                "settled",
                "funds_withdrawn_minor",
                "funds_reinstated_minor",
                "currency",
                "fee_minor",
                "fee_currency",
                *GIFT_FIELDS,
            )
        )
        for at, settled, withdrawn, reinstated, currency, fee, fee_currency, *gift in rows.iterator(
            chunk_size=2000
        ):
            day = timezone.localtime(at).date()
            moved = withdrawn if opening else reinstated
            sek = abs(settled) if settled is not None else _in_sek(moved, currency, gift)
            if sek is None:
                self.left_out.append(
                    _("%(day)s: a dispute on a gift not settled in SEK yet") % {"day": day}
                )
                continue
            objects = _objects(*gift[3:])
            if not opening:
                yield day, _pair(Section.REINSTATED, ("clearing", ()), ("disputes", objects), sek)
                continue
            fee = fee if fee_currency.upper() in (BOOK_CURRENCY, "") else 0
            yield (
                day,
                (
                    *_pair(Section.DISPUTES, ("disputes", objects), ("clearing", ()), sek),
                    *_pair(Section.DISPUTE_FEES, ("card_fees", ()), ("clearing", ()), fee),
                ),
            )

    def _payouts(self) -> Iterator[Voucher]:
        rows = (
            Payout.objects.filter(
                status=PayoutStatus.PAID, arrival_date__gte=self.start, arrival_date__lte=self.end
            )
            .order_by("arrival_date", "stripe_payout_id")
            .values_list("arrival_date", "stripe_payout_id", "amount_minor", "currency")
        )
        for day, payout_id, amount, currency in rows.iterator(chunk_size=2000):
            if currency.upper() != BOOK_CURRENCY:
                self.left_out.append(
                    _("%(day)s: payout %(payout)s is in %(currency)s, not SEK")
                    % {"day": day, "payout": payout_id, "currency": currency.upper()}
                )
                continue
            yield Voucher(
                day=day,
                text=f"Stripe-utbetalning {payout_id}",
                transactions=(
                    Transaction("bank", (), amount),
                    Transaction("clearing", (), -amount),
                ),
            )


GIFT_FIELDS = (
    "gift__amount_minor",
    "gift__settlement_amount_minor",
    "gift__settlement_currency",
    "gift__campaign_id",
    "gift__campaign__programme_id",
)


def _in_sek(amount: int, currency: str, gift: list) -> int | None:
    """``amount`` of the gift's currency in SEK: as it is, or at the rate the gift
    settled at (rounded half up); None when the gift has not settled in SEK."""
    gift_amount, settled, settlement_currency = gift[:3]
    if currency.upper() == BOOK_CURRENCY:
        return amount
    if settled is None or settlement_currency.upper() != BOOK_CURRENCY or not gift_amount:
        return None
    return (2 * amount * settled + gift_amount) // (2 * gift_amount)


def _objects(campaign_id: int | None, programme_id: int | None) -> Objects:
    objects: list[tuple[int, str]] = []
    if programme_id is not None:
        objects.append((PROGRAMME_DIMENSION, str(programme_id)))
    if campaign_id is not None:
        objects.append((CAMPAIGN_DIMENSION, str(campaign_id)))
    return tuple(objects)


def _pair(
    section: Section, debit: tuple[str, Objects], credit: tuple[str, Objects], amount: int
) -> tuple[Leg, ...]:
    if not amount:
        return ()
    return (section, *debit, amount), (section, *credit, -amount)


def _day_vouchers(postings: Iterable[Posting]) -> Iterator[Voucher]:
    for day, day_postings in groupby(postings, key=lambda posting: posting[0]):
        sums: dict[tuple[Section, int, str, Objects], int] = defaultdict(int)
        for _day, legs in day_postings:
            for leg_index, (section, account, objects, amount) in enumerate(legs):
                sums[(section, leg_index % 2, account, objects)] += amount
        transactions = tuple(
            Transaction(account, objects, amount)
            for (_section, _side, account, objects), amount in sorted(sums.items())
            if amount
        )
        if transactions:
            yield Voucher(day=day, text=f"Stripe {day.isoformat()}", transactions=transactions)
