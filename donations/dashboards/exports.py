"""What each export holds, filtered like the page it comes from: gifts and monthly gifts
in the period and currency, campaign totals from the kept aggregates, and an
organisation's donors who consented to be contacted by it. Rows are produced lazily
(``iterator``), so a million-row export never sits in memory; every export is logged.

Cells are typed for the writers (``spreadsheets``): times as local wall-clock
``datetime``, amounts as ``Decimal`` kronor, and words (kinds, statuses, campaign
titles, languages) in the export's language, the one active when it is asked for."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.models import MemberOrganisation
from fundraising.money import minor_to_major
from fundraising.translation import current_language

from ..consents.selectors import donors_consenting_to_contact
from ..models import DailyGiftTotal, ExportLog, Gift, RecurringPlan
from .periods import Period
from .selectors import scoped

CHUNK = 2000
Kind = ExportLog.Kind

# The permission each export needs: the fund's (False) or one organisation's (True).
PERMISSIONS = {
    (Kind.GIFTS, False): "donations.export_gifts",
    (Kind.PLANS, False): "donations.export_plans",
    (Kind.CAMPAIGN_TOTALS, False): "campaigns.view_dashboard",
    (Kind.CAMPAIGN_TOTALS, True): "campaigns.view_organisation_dashboard",
    (Kind.CONSENTING_DONORS, True): "campaigns.export_consenting_donors",
}


def may_export(user: User, kind: str, organisation: MemberOrganisation | None = None) -> bool:
    permission = PERMISSIONS.get((kind, organisation is not None))
    return permission is not None and user.has_perm(permission, organisation)


@dataclass(frozen=True)
class Export:
    kind: str
    name: str
    header: list[str]
    rows: Iterator[list[object]]


def record_export(user: User, kind: str, file_format: str, filters: dict[str, object]) -> ExportLog:
    """Log who downloads what, with which filters, before the file is sent."""
    return ExportLog.objects.create(
        kind=kind, file_format=file_format, filters=filters, exported_by=user
    )


def _local(moment: datetime | None) -> datetime | None:
    """The local wall-clock time, without a zone: spreadsheets know no time zones."""
    return timezone.make_naive(moment) if moment else None


def _labels(choices: list[tuple[str, object]]) -> dict[str, str]:
    """Labels in the active language, resolved now: a streamed CSV's rows are written
    after the view has returned."""
    return {value: str(label) for value, label in choices}


def _campaign_title() -> Coalesce:
    """The campaign's title in the active language, its Swedish one when that is empty."""
    return Coalesce(
        NullIf(F(f"campaign__title_{current_language()}"), Value("")),
        F(f"campaign__title_{settings.LANGUAGE_CODE}"),
    )


def gifts(period: Period, organisation: MemberOrganisation | None = None) -> Export:
    """Every gift paid in the period, oldest first, with what refunds and disputes took.
    The campaign's address stays beside its title, for matching with other books."""
    since, until = period.moments()
    kinds, statuses = _labels(Gift.Kind.choices), _labels(Gift.Status.choices)
    rows = (
        scoped(Gift.objects.all(), organisation)
        .filter(currency=period.currency, paid_at__gte=since, paid_at__lt=until)
        .order_by("paid_at", "pk")
        .values_list(
            "receipt_year",
            "receipt_number",
            "paid_at",
            "kind",
            "status",
            _campaign_title(),
            "campaign__slug",
            "amount_minor",
            "refunded_minor",
            "disputed_minor",
            "fee_cover_minor",
            "currency",
            "donor_name",
            "donor__email",
        )
    )

    def lines() -> Iterator[list[object]]:
        for (
            year,
            number,
            paid_at,
            kind,
            status,
            title,
            slug,
            amount,
            refunded,
            disputed,
            cover,
            currency,
            name,
            email,
        ) in rows.iterator(chunk_size=CHUNK):
            yield [
                f"{year}-{number:06d}" if number else "",
                _local(paid_at),
                kinds.get(kind, kind),
                statuses.get(status, status),
                title or "",
                slug or "",
                minor_to_major(amount),
                minor_to_major(refunded),
                minor_to_major(disputed),
                minor_to_major(amount - refunded - disputed),
                minor_to_major(cover),
                currency,
                name,
                email,
            ]

    header = [
        _("Receipt"),
        _("Paid"),
        _("Kind"),
        _("Status"),
        _("Campaign"),
        _("Campaign slug"),
        _("Amount"),
        _("Refunded"),
        _("Withheld by disputes"),
        _("Net"),
        _("Fee cover"),
        _("Currency"),
        _("Donor"),
        _("Email"),
    ]
    return Export(ExportLog.Kind.GIFTS, f"gifts-{period.start}-{period.end}", header, lines())


def plans(period: Period, organisation: MemberOrganisation | None = None) -> Export:
    """Monthly gifts that ran at some time in the period (started before its end, not
    cancelled before its start)."""
    since, until = period.moments()
    statuses = _labels(RecurringPlan.Status.choices)
    rows = (
        scoped(RecurringPlan.objects.all(), organisation)
        .filter(currency=period.currency, created_at__lt=until)
        .exclude(cancelled_at__lt=since)
        .order_by("created_at", "pk")
        .values_list(
            "stripe_subscription_id",
            "created_at",
            "status",
            "cancelled_at",
            _campaign_title(),
            "campaign__slug",
            "amount_minor",
            "currency",
            "donor__name",
            "donor__email",
        )
    )

    def lines() -> Iterator[list[object]]:
        for (
            subscription,
            created,
            status,
            cancelled,
            title,
            slug,
            amount,
            currency,
            name,
            email,
        ) in rows.iterator(chunk_size=CHUNK):
            yield [
                subscription,
                _local(created),
                statuses.get(status, status),
                _local(cancelled),
                title or "",
                slug or "",
                minor_to_major(amount),
                currency,
                name,
                email,
            ]

    header = [
        _("Subscription"),
        _("Started"),
        _("Status"),
        _("Cancelled"),
        _("Campaign"),
        _("Campaign slug"),
        _("Monthly amount"),
        _("Currency"),
        _("Donor"),
        _("Email"),
    ]
    return Export(
        ExportLog.Kind.PLANS, f"monthly-gifts-{period.start}-{period.end}", header, lines()
    )


def campaign_totals(period: Period, organisation: MemberOrganisation | None = None) -> Export:
    """Per campaign in the period, from the kept aggregates, by title."""
    rows = (
        scoped(DailyGiftTotal.objects.all(), organisation)
        .filter(currency=period.currency, day__gte=period.start, day__lte=period.end)
        .values_list(
            _campaign_title(),
            "campaign__slug",
            "campaign__organisation__name",
        )
        .annotate(
            gross=Sum("gross_minor"),
            net=Sum(F("gross_minor") - F("refunded_minor")),
            gifts=Sum("gift_count"),
        )
        .order_by(_campaign_title().asc(nulls_last=True), "campaign__slug")
    )

    def lines() -> Iterator[list[object]]:
        for title, slug, organisation_name, gross, net, count in rows:
            yield [
                title or _("(no campaign)"),
                slug or "",
                organisation_name or "",
                minor_to_major(gross),
                minor_to_major(net),
                count,
                period.currency,
            ]

    header = [
        _("Campaign"),
        _("Campaign slug"),
        _("Member organisation"),
        _("Gross"),
        _("Net of refunds"),
        _("Gifts"),
        _("Currency"),
    ]
    return Export(
        ExportLog.Kind.CAMPAIGN_TOTALS,
        f"campaign-totals-{period.start}-{period.end}",
        header,
        lines(),
    )


def consenting_donors(organisation: MemberOrganisation) -> Export:
    """Donors whose latest word is that this organisation may contact them, with the
    language to write to them in."""
    languages = _labels(settings.LANGUAGES)
    rows = (
        donors_consenting_to_contact(organisation)
        .filter(erased_at__isnull=True)
        .order_by("email")
        .values_list("name", "email", "language")
    )

    def lines() -> Iterator[list[object]]:
        for name, email, language in rows.iterator(chunk_size=CHUNK):
            yield [name, email, languages.get(language, language)]

    return Export(
        ExportLog.Kind.CONSENTING_DONORS,
        f"donors-{organisation.slug}",
        [_("Name"), _("Email"), _("Language")],
        lines(),
    )
