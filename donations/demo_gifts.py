"""A year of demo gifts for ``seed_demo`` (run through ``settings.DEMO_DATA_SEEDERS``, so
campaigns never imports donations): donors, one-off gifts and monthly installments spread
over the published campaigns, a few refunds, monthly plans in every state with their
failed renewals, and contact consents. Written in bulk, then the kept totals and the
per-day and per-month aggregates are rebuilt from the ledger, so the dashboards agree
with the gifts. Like the ledger's, every gift has its receipt number (gapless per year,
from ``ReceiptCounter``; its receipt counts as sent) and every refunded gift its
succeeded ``Refund``, so the finance pages agree too. Seeds once: a second run finds
the demo gifts and adds nothing."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign

from . import daily_totals, totals
from .consents.wording import contact_consent_wording
from .models import (
    Consent,
    ConsentSource,
    Donor,
    FailedRenewal,
    Gift,
    ReceiptCounter,
    RecurringPlan,
    Refund,
)

DEMO_PREFIX = "demo"
DONORS = 400
DAYS = 365
GIFTS_PER_CAMPAIGN_DAY = (0, 4)
MONTHLY_SHARE = 0.2
REFUND_SHARE = 0.02
PLANS = 120
FALLBACK_AMOUNTS = [10000, 25000, 50000, 100000]


def seed_year_of_gifts() -> str:
    """Seed the year (unless seeded already); returns a line for seed_demo's summary."""
    if Gift.objects.filter(stripe_payment_intent_id__startswith=f"pi_{DEMO_PREFIX}_").exists():
        return "  demo gifts: in place already"
    campaigns = list(Campaign.objects.published().order_by("pk"))
    if not campaigns:
        return "  demo gifts: no published campaign to give to"
    chance = random.Random(2026)  # the same demo year every time
    donors = _donors()
    start = timezone.localdate() - timedelta(days=DAYS - 1)
    gifts = sorted(_gifts(chance, campaigns, donors, start), key=lambda gift: gift.paid_at)
    _number_receipts(gifts)
    Gift.objects.bulk_create(gifts, batch_size=2000)
    _plans(chance, campaigns, donors)
    _failed_renewals(chance)
    _consents(chance, donors, campaigns)
    _refunds(chance)
    daily_totals.rebuild_days(since=start)
    totals.recompute_totals(fix=True)
    return f"  demo gifts: {len(gifts)} over {DAYS} days"


def _donors() -> list[Donor]:
    Donor.objects.bulk_create(
        [
            Donor(email=f"{DEMO_PREFIX}-donor-{n}@example.org", name=f"Demo Givare {n}")
            for n in range(1, DONORS + 1)
        ],
        ignore_conflicts=True,
    )
    return list(Donor.objects.filter(email__startswith=f"{DEMO_PREFIX}-donor-").order_by("pk"))


def _gifts(chance, campaigns, donors, start):
    """Gifts on every day of the year up to today, none later than now."""
    zone, now = timezone.get_current_timezone(), timezone.now()
    number = 0
    for offset in range(DAYS):
        day = start + timedelta(days=offset)
        for campaign in campaigns:
            amounts = [a.amount_minor for a in campaign.amount_suggestions()] or FALLBACK_AMOUNTS
            for _gift in range(chance.randint(*GIFTS_PER_CAMPAIGN_DAY)):
                number += 1
                yield _gift_row(
                    chance,
                    campaign,
                    chance.choice(donors),
                    chance.choice(amounts),
                    number,
                    min(
                        now,
                        datetime.combine(
                            day, time(chance.randint(7, 22), chance.randint(0, 59)), tzinfo=zone
                        ),
                    ),
                )


def _gift_row(chance, campaign, donor, amount, number, paid_at) -> Gift:
    monthly = chance.random() < MONTHLY_SHARE
    refunded = amount if chance.random() < REFUND_SHARE else 0
    return Gift(
        campaign=campaign,
        donor=donor,
        donor_name=donor.name,
        kind=Gift.Kind.MONTHLY if monthly else Gift.Kind.ONCE,
        status=Gift.Status.REFUNDED if refunded else Gift.Status.PAID,
        amount_minor=amount,
        refunded_minor=refunded,
        currency=campaign.currency,
        stripe_payment_intent_id=f"pi_{DEMO_PREFIX}_{number}",
        paid_at=paid_at,
    )


def _number_receipts(gifts: list[Gift]) -> None:
    """Receipt numbers in payment order, taken from each year's counter under its lock
    as the ledger takes them (``ledger.gifts``), so real gifts after the demo continue
    the series without a gap; the receipts count as sent when the gifts were paid."""
    with transaction.atomic():
        counters: dict[int, ReceiptCounter] = {}
        for gift in gifts:
            year = timezone.localtime(gift.paid_at).year
            if year not in counters:
                ReceiptCounter.objects.get_or_create(year=year)
                counters[year] = ReceiptCounter.objects.select_for_update().get(year=year)
            counter = counters[year]
            counter.last_number += 1
            gift.receipt_year, gift.receipt_number = year, counter.last_number
            gift.receipt_sent_at = gift.paid_at
        for counter in counters.values():
            counter.save(update_fields=["last_number"])


def _refunds(chance) -> None:
    """The Stripe refund behind each refunded demo gift, made within two weeks of the
    payment (never in the future), as finance's refund list shows it."""
    now = timezone.now()
    refunded = Gift.objects.filter(
        stripe_payment_intent_id__startswith=f"pi_{DEMO_PREFIX}_", refunded_minor__gt=0
    ).order_by("paid_at", "pk")
    Refund.objects.bulk_create(
        [
            Refund(
                gift=gift,
                stripe_refund_id=f"re_{DEMO_PREFIX}_{gift.pk}",
                amount_minor=gift.refunded_minor,
                currency=gift.currency,
                reason="requested_by_customer",
                status=Refund.Status.SUCCEEDED,
                created_at=min(now, gift.paid_at + timedelta(days=chance.randint(1, 14))),
            )
            for gift in refunded
        ],
        ignore_conflicts=True,
    )


def _plans(chance, campaigns, donors) -> None:
    now = timezone.now()
    statuses = [RecurringPlan.Status.ACTIVE] * 8 + [
        RecurringPlan.Status.PAST_DUE,
        RecurringPlan.Status.CANCELLED,
    ]
    plans = []
    for n in range(1, PLANS + 1):
        status = chance.choice(statuses)
        campaign = chance.choice(campaigns)
        created = now - timedelta(days=chance.randint(1, DAYS))
        plans.append(
            RecurringPlan(
                stripe_subscription_id=f"sub_{DEMO_PREFIX}_{n}",
                donor=chance.choice(donors),
                campaign=campaign,
                amount_minor=chance.choice([10000, 15000, 20000, 30000]),
                currency=campaign.currency,
                status=status,
                created_at=created,
                status_synced_at=now - timedelta(days=chance.randint(0, 20)),
                cancelled_at=created + (now - created) / 2
                if status == RecurringPlan.Status.CANCELLED
                else None,
                past_due_notice_sent_at=now - timedelta(days=chance.randint(0, 20))
                if status == RecurringPlan.Status.PAST_DUE
                else None,
            )
        )
    RecurringPlan.objects.bulk_create(plans, ignore_conflicts=True)


def _failed_renewals(chance) -> None:
    """Every past-due plan's failed renewal, and some active plans' that were paid after
    all (the dashboards' "failed renewals in the period")."""
    now = timezone.now()
    plans = RecurringPlan.objects.filter(
        stripe_subscription_id__startswith=f"sub_{DEMO_PREFIX}_",
        status__in=[RecurringPlan.Status.PAST_DUE, RecurringPlan.Status.ACTIVE],
    ).order_by("pk")
    renewals = []
    for plan in plans:
        past_due = plan.status == RecurringPlan.Status.PAST_DUE
        if not past_due and chance.random() > 0.1:
            continue
        failed = plan.past_due_notice_sent_at or now - timedelta(days=chance.randint(20, DAYS))
        renewals.append(
            FailedRenewal(
                stripe_invoice_id=f"in_{DEMO_PREFIX}_failed_{plan.pk}",
                plan=plan,
                campaign_id=plan.campaign_id,
                amount_minor=plan.amount_minor,
                currency=plan.currency,
                failed_at=failed,
                recovered_at=None if past_due else failed + timedelta(days=3),
            )
        )
    FailedRenewal.objects.bulk_create(renewals, ignore_conflicts=True)


def _consents(chance, donors, campaigns) -> None:
    organisations = {c.organisation for c in campaigns if c.organisation is not None}
    rows = [
        Consent(
            donor=donor,
            topic=Consent.Topic.CONTACT,
            organisation=organisation,
            given=True,
            wording=contact_consent_wording(organisation),
            language="sv",
            source=ConsentSource.GIVING_FORM,
        )
        for donor in donors
        for organisation in sorted(organisations, key=lambda o: o.pk)
        if chance.random() < 0.15
    ]
    Consent.objects.bulk_create(rows)
