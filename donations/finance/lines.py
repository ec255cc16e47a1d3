"""A payout's balance transactions, stored once each and matched to what they belong to:
a charge to its gift, a refund to its refund, a dispute's withdrawal or reinstatement
to its dispute, the payout's own line to the payout. A line that matches nothing is
kept with ``matched=False`` for staff to see."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..models import BalanceTransaction, Dispute, Gift, Payout, Refund
from ..stripe_records import BalanceTransaction as LineRecord

CHUNK = 500
LINE_FIELDS = [
    "payout",
    "type",
    "reporting_category",
    "amount_minor",
    "fee_minor",
    "net_minor",
    "currency",
    "exchange_rate",
    "source_id",
    "description",
    "stripe_created_at",
    "available_on",
    "gift",
    "refund",
    "dispute",
    "matched",
]
CHARGE_TYPES = frozenset({"charge", "payment"})
REFUND_TYPES = frozenset({"refund", "payment_refund"})
PAYOUT_TYPES = frozenset({"payout"})


@dataclass
class Matches:
    """Our rows for a page of lines, looked up in a few queries."""

    gifts_by_charge: dict[str, Gift] = field(default_factory=dict)
    gifts_by_payment_intent: dict[str, Gift] = field(default_factory=dict)
    refunds: dict[str, Refund] = field(default_factory=dict)
    disputes: dict[str, Dispute] = field(default_factory=dict)


def store_payout_lines(payout: Payout, records: Iterable[LineRecord]) -> int:
    """Store (or refresh) every line of the payout and the settlement of its gifts;
    returns how many lines. Safe to run again: lines are unique on their Stripe id."""
    count = 0
    with transaction.atomic():
        for chunk in _chunks(records, CHUNK):
            _store_chunk(payout, chunk)
            count += len(chunk)
        Payout.objects.filter(pk=payout.pk).update(lines_fetched_at=timezone.now())
    return count


def _store_chunk(payout: Payout, records: Sequence[LineRecord]) -> None:
    matches = _find_matches(records)
    lines = [_line(payout, record, matches) for record in records]
    BalanceTransaction.objects.bulk_create(
        lines,
        update_conflicts=True,
        unique_fields=["stripe_balance_transaction_id"],
        update_fields=LINE_FIELDS,
    )
    _record_settlements(lines)


def _find_matches(records: Sequence[LineRecord]) -> Matches:
    charges = {r.charge_id for r in records if r.charge_id and r.type in CHARGE_TYPES}
    charges |= {r.source_id for r in records if r.type in CHARGE_TYPES and r.source_id}
    intents = {r.payment_intent_id for r in records if r.payment_intent_id}
    refund_ids = {r.source_id for r in records if r.type in REFUND_TYPES}
    dispute_ids = {r.source_id for r in records if r.source_id.startswith("dp_")}
    gifts = Gift.objects.filter(stripe_charge_id__in=charges) if charges else []
    by_intent = Gift.objects.filter(stripe_payment_intent_id__in=intents) if intents else []
    return Matches(
        gifts_by_charge={gift.stripe_charge_id: gift for gift in gifts},
        gifts_by_payment_intent={gift.stripe_payment_intent_id: gift for gift in by_intent},
        refunds=Refund.objects.in_bulk(refund_ids, field_name="stripe_refund_id"),
        disputes=Dispute.objects.in_bulk(dispute_ids, field_name="stripe_dispute_id"),
    )


def _line(payout: Payout, record: LineRecord, matches: Matches) -> BalanceTransaction:
    line = BalanceTransaction(
        stripe_balance_transaction_id=record.id,
        payout=payout,
        type=record.type,
        reporting_category=record.reporting_category,
        amount_minor=record.amount_minor,
        fee_minor=record.fee_minor,
        net_minor=record.net_minor,
        currency=record.currency,
        exchange_rate=record.exchange_rate,
        source_id=record.source_id,
        description=record.description,
        stripe_created_at=record.created,
        available_on=record.available_on,
    )
    if record.type in CHARGE_TYPES:
        line.gift = _gift_for(record, matches)
    elif record.type in REFUND_TYPES:
        line.refund = matches.refunds.get(record.source_id)
    elif record.source_id in matches.disputes:
        line.dispute = matches.disputes[record.source_id]
    line.matched = _is_matched(line, payout)
    return line


def _gift_for(record: LineRecord, matches: Matches) -> Gift | None:
    charge_id = record.charge_id or record.source_id
    gift = matches.gifts_by_charge.get(charge_id)
    if gift is None and record.payment_intent_id:
        gift = matches.gifts_by_payment_intent.get(record.payment_intent_id)
    return gift


def _is_matched(line: BalanceTransaction, payout: Payout) -> bool:
    """Tied to one of our rows, or the payout's own line; and in the payout's currency."""
    if line.currency != payout.currency:
        return False
    if line.type in PAYOUT_TYPES:
        return line.source_id == payout.stripe_payout_id
    return any(link is not None for link in (line.gift_id, line.refund_id, line.dispute_id))


def _record_settlements(lines: Sequence[BalanceTransaction]) -> None:
    """What each gift became in the settlement currency, from its charge's line."""
    settled = []
    for line in lines:
        gift = line.gift
        if gift is None or line.type not in CHARGE_TYPES:
            continue
        if _settlement_of(gift) == _settlement_of_line(line):
            continue
        gift.settlement_amount_minor, gift.fee_minor = line.amount_minor, line.fee_minor
        gift.settlement_currency, gift.exchange_rate = line.currency, line.exchange_rate
        gift.stripe_charge_id = gift.stripe_charge_id or line.source_id
        settled.append(gift)
    Gift.objects.bulk_update(
        settled,
        [
            "settlement_amount_minor",
            "fee_minor",
            "settlement_currency",
            "exchange_rate",
            "stripe_charge_id",
        ],
        batch_size=CHUNK,
    )


def _settlement_of(gift: Gift) -> tuple[object, ...]:
    return (
        gift.settlement_amount_minor,
        gift.fee_minor,
        gift.settlement_currency,
        gift.exchange_rate,
    )


def _settlement_of_line(line: BalanceTransaction) -> tuple[object, ...]:
    return (line.amount_minor, line.fee_minor, line.currency, line.exchange_rate)


def _chunks(records: Iterable[LineRecord], size: int) -> Iterable[list[LineRecord]]:
    chunk: list[LineRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
