"""Emails to finance staff (``settings.FINANCE_EMAIL``): a dispute has opened."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from fundraising.money import format_money

from ..models import Dispute
from .emails import _send_once, one_line

DASHBOARD = "https://dashboard.stripe.com"


def dispute_dashboard_url(dispute: Dispute) -> str:
    """The dispute in Stripe's dashboard (its test-mode view for a test dispute)."""
    mode = "" if dispute.livemode else "/test"
    return f"{DASHBOARD}{mode}/disputes/{dispute.stripe_dispute_id}"


def send_dispute_notice(dispute: Dispute) -> bool:
    """Tell finance staff a dispute opened, with the deadline for evidence and a link to
    it in Stripe; sent once (claimed on the dispute's row). Nothing without a
    ``FINANCE_EMAIL``."""
    if not settings.FINANCE_EMAIL or dispute.finance_notified_at is not None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        message = EmailMessage(
            subject=one_line(
                _("Dispute opened: %(amount)s on gift %(receipt)s")
                % {"amount": _amount(dispute), "receipt": _gift_reference(dispute)}
            ),
            body=_dispute_body(dispute),
            to=[settings.FINANCE_EMAIL],
        )
    return _send_once(Dispute.objects.filter(pk=dispute.pk), "finance_notified_at", message)


def _amount(dispute: Dispute) -> str:
    return format_money(dispute.amount_minor, dispute.currency)


def _gift_reference(dispute: Dispute) -> str:
    return dispute.gift.receipt_reference or str(dispute.gift_id)


def _dispute_body(dispute: Dispute) -> str:
    due = (
        formats.date_format(timezone.localtime(dispute.evidence_due_by), "DATETIME_FORMAT")
        if dispute.evidence_due_by
        else _("not given")
    )
    lines = [
        _("A donor's bank has disputed a gift."),
        "",
        _("Amount: %(amount)s") % {"amount": _amount(dispute)},
        _("Gift: %(receipt)s, paid %(paid)s")
        % {
            "receipt": _gift_reference(dispute),
            "paid": formats.date_format(timezone.localtime(dispute.gift.paid_at), "DATE_FORMAT"),
        },
        _("Reason: %(reason)s") % {"reason": dispute.reason or "-"},
        _("Status: %(status)s") % {"status": dispute.get_status_display()},
        _("Evidence due by: %(due)s") % {"due": due},
        "",
        _("Answer the dispute in Stripe's dashboard:"),
        dispute_dashboard_url(dispute),
    ]
    return "\n".join(lines) + "\n"
