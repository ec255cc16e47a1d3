"""Emailing last year's statement in January: once per donor and year.

The donor's ``YearlyStatementSent`` row is claimed (a unique donor and year) before the
email goes, and given back if sending fails, so the daily January run may repeat, or run
twice at once, and each donor still gets one statement."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from ..models import Donor, YearlyStatementSent
from ..notifications.emails import build_email
from ..notifications.links import absolute_url
from .figures import year_bounds, yearly_statement
from .pdf import render_statement_pdf
from .texts import statement_title, tax_outcome


def last_year() -> int:
    return timezone.localdate().year - 1


def donors_due_a_statement(year: int) -> QuerySet[Donor]:
    """Donors who gave in ``year`` and have not been sent its statement (an erased donor
    has no address left to send it to)."""
    start, end = year_bounds(year)
    return (
        Donor.objects.filter(
            gifts__paid_at__gte=start, gifts__paid_at__lt=end, erased_at__isnull=True
        )
        .exclude(statements_sent__year=year)
        .distinct()
    )


def send_yearly_statement(donor: Donor, year: int) -> bool:
    """Email the donor's statement for ``year`` with its PDF; returns whether it was sent
    now (False: nothing given that year, or sent already)."""
    statement = yearly_statement([donor], year)
    if statement is None:
        return False
    try:
        with transaction.atomic():
            claim = YearlyStatementSent.objects.create(donor=donor, year=year)
    except IntegrityError:
        return False
    try:
        with translation.override(donor.language):
            context = {
                "statement": statement,
                "purpose": statement_title(statement),
                "tax_outcome": tax_outcome(statement.tax) if statement.tax else "",
                "statement_url": absolute_url(
                    reverse("donor-area:statement", kwargs={"year": year})
                ),
            }
            message = build_email("yearly_statement", context, donor.email, donor=donor)
            message.attach(
                f"statement-{year}.pdf", render_statement_pdf(statement), "application/pdf"
            )
        message.send()
    except Exception:
        claim.delete()
        raise
    return True
