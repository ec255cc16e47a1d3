"""A payout's balance transactions, stored once each and matched to what they belong to:
a charge to its gift, a refund (or its failure) to its refund, a dispute's withdrawal or
reinstatement to its dispute, the payout's own line to the payout. A line that matches
nothing is kept with ``matched=False`` for staff to see."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
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
# A refund that failed later returns its money in a ``refund_failure`` line, whose
# source is the refund too.
REFUND_TYPES = frozenset({"refund", "payment_refund", "refund_failure"})
PAYOUT_TYPES = frozenset({"payout"})
# A payout the bank returned comes back into a later payout as two lines that cancel
# out: the failed payout's own line and its ``payout_failure`` (or a cancelled one's).
PAYOUT_RETURN_TYPES = frozenset({"payout", "payout_failure", "payout_cancel"})


@dataclass
class Matches:
    """The primary keys of our rows for a chunk of lines, by Stripe id (a few queries)."""

    gifts_by_charge: dict[str, int] = field(default_factory=dict)
    gifts_by_payment_intent: dict[str, int] = field(default_factory=dict)
    refunds: dict[str, int] = field(default_factory=dict)
    disputes: dict[str, int] = field(default_factory=dict)
    payouts: dict[str, int] = field(default_factory=dict)


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
    payout_ids = {r.source_id for r in records if r.type in PAYOUT_RETURN_TYPES}
    return Matches(
        gifts_by_charge=_pks(Gift, "stripe_charge_id", charges),
        gifts_by_payment_intent=_pks(Gift, "stripe_payment_intent_id", intents),
        refunds=_pks(Refund, "stripe_refund_id", refund_ids),
        disputes=_pks(Dispute, "stripe_dispute_id", dispute_ids),
        payouts=_pks(Payout, "stripe_payout_id", payout_ids),
    )


def _pks(model: type[Model], field_name: str, stripe_ids: set[str]) -> dict[str, int]:
    if not stripe_ids:
        return {}
    rows = model._default_manager.filter(**{f"{field_name}__in": stripe_ids})
    return dict(rows.values_list(field_name, "pk"))


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
        line.gift_id = _gift_for(record, matches)
    elif record.type in REFUND_TYPES:
        line.refund_id = matches.refunds.get(record.source_id)
    else:
        line.dispute_id = matches.disputes.get(record.source_id)
    line.matched = _is_matched(line, payout, matches)
    return line


def _gift_for(record: LineRecord, matches: Matches) -> int | None:
    gift = matches.gifts_by_charge.get(record.charge_id or record.source_id)
    if gift is None and record.payment_intent_id:
        gift = matches.gifts_by_payment_intent.get(record.payment_intent_id)
    return gift


def _is_matched(line: BalanceTransaction, payout: Payout, matches: Matches) -> bool:
    """In the payout's currency, and tied to one of our rows: a gift, refund or dispute,
    the payout itself, or a payout we recorded that the bank returned."""
    if line.currency != payout.currency:
        return False
    if line.type in PAYOUT_RETURN_TYPES:
        return line.source_id in matches.payouts
    return any(link is not None for link in (line.gift_id, line.refund_id, line.dispute_id))


def _record_settlements(lines: Sequence[BalanceTransaction]) -> None:
    """What each gift became in the settlement currency, copied from its charge's line
    in one UPDATE for the chunk (the gift's charge id too, if it was not known yet)."""
    gift_ids = {line.gift_id for line in lines if line.gift_id and line.type in CHARGE_TYPES}
    if not gift_ids:
        return
    charge_line = BalanceTransaction.objects.filter(
        gift=OuterRef("pk"), type__in=CHARGE_TYPES
    ).order_by("pk")

    def from_line(field: str) -> Subquery:
        return Subquery(charge_line.values(field)[:1])

    Gift.objects.filter(pk__in=gift_ids).update(
        settlement_amount_minor=from_line("amount_minor"),
        fee_minor=from_line("fee_minor"),
        settlement_currency=from_line("currency"),
        exchange_rate=from_line("exchange_rate"),
        stripe_charge_id=Coalesce("stripe_charge_id", from_line("source_id")),
    )


def _chunks(records: Iterable[LineRecord], size: int) -> Iterable[list[LineRecord]]:
    chunk: list[LineRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
