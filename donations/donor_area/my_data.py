"""Everything we hold about a donor, as a zip of JSON and CSV files (``export_zip``).

The same export serves the donor (their verified addresses' records) and staff (one
donor who asked by letter). Amounts are minor units with their currency, and the same
amount in major units as exact decimals; times are ISO 8601 in UTC."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from fundraising.money import minor_to_major

from ..models import CheckoutIntent, Consent, Donor, Gift, PlanChange, RecurringPlan

Row = dict[str, Any]


def export_zip(donors: QuerySet[Donor]) -> bytes:
    """``my-data.json`` with every section, and one CSV per section."""
    sections = collect(donors)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(sections, indent=2, ensure_ascii=False))
        for name, rows in sections.items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()


def collect(donors: QuerySet[Donor]) -> dict[str, list[Row]]:
    donor_list = list(donors.prefetch_related("statements_sent"))
    gifts = Gift.objects.filter(donor__in=donor_list).select_related("campaign")
    plans = RecurringPlan.objects.filter(donor__in=donor_list).select_related("campaign")
    intents = CheckoutIntent.objects.filter(donor__in=donor_list).select_related("campaign")
    changes = PlanChange.objects.filter(plan__donor__in=donor_list).select_related("plan")
    consents = Consent.objects.filter(donor__in=donor_list).select_related("organisation")
    return {
        "donors": [_donor(donor) for donor in donor_list],
        "gifts": [_gift(gift) for gift in gifts],
        "monthly_gifts": [_plan(plan) for plan in plans],
        "monthly_gift_changes": [_change(change) for change in changes],
        "checkouts": [_intent(intent) for intent in intents],
        "consents": [_consent(consent) for consent in consents],
        "emails_sent": _emails_sent(donor_list, gifts, plans, intents, changes),
    }


def _donor(donor: Donor) -> Row:
    return {
        "email": donor.email,
        "name": donor.name,
        "language": donor.language,
        "created": _time(donor.created_at),
    }


def _money(prefix: str, amount_minor: int | None, currency: str) -> Row:
    major = None if amount_minor is None else str(minor_to_major(amount_minor))
    return {f"{prefix}_minor": amount_minor, prefix: major, "currency": currency}


def _campaign(obj: Gift | RecurringPlan | CheckoutIntent) -> str:
    return obj.campaign.title if obj.campaign else ""


def _gift(gift: Gift) -> Row:
    return {
        "receipt_number": gift.receipt_reference,
        "paid": _time(gift.paid_at),
        "kind": gift.kind,
        "status": gift.status,
        **_money("amount", gift.amount_minor, gift.currency),
        "refunded_minor": gift.refunded_minor,
        "campaign": _campaign(gift),
        "name_on_gift": gift.donor_name,
        "shown_on_donor_wall": gift.show_on_wall,
        "public_message": gift.public_message,
    }


def _plan(plan: RecurringPlan) -> Row:
    return {
        "started": _time(plan.created_at),
        "status": plan.status,
        **_money("monthly_amount", plan.amount_minor, plan.currency),
        "campaign": _campaign(plan),
        "next_charge": _time(plan.next_charge_at),
        "paused_until": _time(plan.paused_until),
        "cancelled": _time(plan.cancelled_at),
    }


def _change(change: PlanChange) -> Row:
    return {
        "monthly_gift_started": _time(change.plan.created_at),
        "change": change.kind,
        "new_amount_minor": change.amount_minor,
        "pause_until": _time(change.resumes_at),
        "reason": change.reason,
        "requested": _time(change.requested_at),
        "confirmed": _time(change.confirmed_at),
        "not_made": _time(change.abandoned_at),
    }


def _intent(intent: CheckoutIntent) -> Row:
    return {
        "started": _time(intent.created_at),
        "status": intent.status,
        "frequency": intent.frequency,
        **_money("amount", intent.amount_minor, intent.currency),
        "campaign": _campaign(intent),
        "name_given": intent.donor_name,
        "language": intent.language,
        "tribute": intent.tribute_kind,
        "tribute_name": intent.tribute_name,
        "tribute_notify_email": intent.tribute_notify_email,
        "shown_on_donor_wall": intent.show_on_wall,
        "public_message": intent.public_message,
        "newsletter_consent": intent.newsletter_consent,
        "consent_wording": intent.consent_wording,
        "consent_given": _time(intent.consent_given_at),
    }


def _consent(consent: Consent) -> Row:
    return {
        "time": _time(consent.created_at),
        "topic": consent.topic,
        "organisation": str(consent.organisation) if consent.organisation else "",
        "given": consent.given,
        "wording": consent.wording,
        "language": consent.language,
        "source": consent.source,
    }


def _emails_sent(
    donors: list[Donor],
    gifts: Iterable[Gift],
    plans: Iterable[RecurringPlan],
    intents: Iterable[CheckoutIntent],
    changes: Iterable[PlanChange],
) -> list[Row]:
    """What we record about emails: which were sent, when and to whom (not their text)."""
    emails = {donor.pk: donor.email for donor in donors}
    rows = [
        _email("receipt", gift.receipt_sent_at, emails[gift.donor_id], gift.receipt_reference)
        for gift in gifts
    ]
    rows += [
        _email("tribute_card", intent.tribute_card_sent_at, intent.tribute_notify_email, "")
        for intent in intents
    ]
    rows += [
        _email("payment_failed", plan.past_due_notice_sent_at, emails[plan.donor_id], "")
        for plan in plans
    ]
    rows += [
        _email(f"monthly_gift_{change.kind}", change.confirmation_sent_at, "", "")
        for change in changes
    ]
    rows += [
        _email("yearly_statement", sent.sent_at, donor.email, str(sent.year))
        for donor in donors
        for sent in donor.statements_sent.all()
    ]
    return sorted((row for row in rows if row["sent"]), key=lambda row: row["sent"])


def _email(kind: str, sent_at: datetime | None, to: str, about: str) -> Row:
    return {"email": kind, "sent": _time(sent_at), "to": to, "about": about}


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _csv(rows: list[Row]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
