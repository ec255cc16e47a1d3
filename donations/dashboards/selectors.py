"""What the dashboards show, read from the kept per-day aggregates (never the gift
table) and the plans table. ``organisation`` narrows everything to that member
organisation's own campaigns; None is the whole fund."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek, TruncYear
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Country, MemberOrganisation, Programme, Region

from ..models import DailyAmountCount, DailyGiftTotal, Gift, PreparedExport, RecurringPlan
from .periods import Period

NET = Sum(F("gross_minor") - F("refunded_minor"))
TRUNCATE = {"week": TruncWeek, "month": TruncMonth, "year": TruncYear}
PAST_DUE_LIST_LENGTH = 50


def scoped(queryset: QuerySet, organisation: MemberOrganisation | None) -> QuerySet:
    if organisation is None:
        return queryset
    return queryset.filter(campaign__organisation=organisation)


def _days(period: Period, organisation: MemberOrganisation | None) -> QuerySet[DailyGiftTotal]:
    rows = DailyGiftTotal.objects.filter(
        currency=period.currency, day__gte=period.start, day__lte=period.end
    )
    return scoped(rows, organisation)


@dataclass(frozen=True)
class Figures:
    """A period's key figures: net of refunds, one-off vs monthly, average and median."""

    net_minor: int
    gross_minor: int
    gift_count: int
    once_net_minor: int
    monthly_net_minor: int
    median_minor: int

    @property
    def average_minor(self) -> int:
        """The average gift as given (before refunds), rounded to the minor unit."""
        return (
            (self.gross_minor + self.gift_count // 2) // self.gift_count if self.gift_count else 0
        )


def figures(period: Period, organisation: MemberOrganisation | None = None) -> Figures:
    by_kind = {
        row["kind"]: row
        for row in _days(period, organisation)
        .values("kind")
        .annotate(net=NET, gross=Sum("gross_minor"), gifts=Sum("gift_count"))
        .order_by()
    }
    empty = {"net": 0, "gross": 0, "gifts": 0}
    once, monthly = by_kind.get(Gift.Kind.ONCE, empty), by_kind.get(Gift.Kind.MONTHLY, empty)
    return Figures(
        net_minor=once["net"] + monthly["net"],
        gross_minor=once["gross"] + monthly["gross"],
        gift_count=once["gifts"] + monthly["gifts"],
        once_net_minor=once["net"],
        monthly_net_minor=monthly["net"],
        median_minor=median_gift(period, organisation),
    )


def median_gift(period: Period, organisation: MemberOrganisation | None = None) -> int:
    """The median gift amount, from the per-amount counts (amounts cluster, so this
    reads a few hundred rows however many gifts there are)."""
    rows = scoped(
        DailyAmountCount.objects.filter(
            currency=period.currency, day__gte=period.start, day__lte=period.end
        ),
        organisation,
    )
    counts = list(
        rows.values_list("amount_minor").annotate(gifts=Sum("gift_count")).order_by("amount_minor")
    )
    total = sum(gifts for _amount, gifts in counts)
    if not total:
        return 0
    lower, upper = _nth_amount(counts, (total - 1) // 2), _nth_amount(counts, total // 2)
    return (lower + upper) // 2


def _nth_amount(counts: list[tuple[int, int]], index: int) -> int:
    seen = 0
    for amount, gifts in counts:
        seen += gifts
        if index < seen:
            return amount
    raise IndexError(index)


def raised_by_time(period: Period, organisation: MemberOrganisation | None = None) -> list[tuple]:
    """(bucket's first day, net) for every bucket of the period, empty ones as zero."""
    rows = _days(period, organisation)
    if period.grain == "day":
        grouped = rows.values_list("day").annotate(net=NET).order_by()
    else:
        grouped = (
            rows.annotate(bucket=TRUNCATE[period.grain]("day"))
            .values_list("bucket")
            .annotate(net=NET)
            .order_by()
        )
    by_bucket = dict(grouped)
    return [(bucket, by_bucket.get(bucket, 0)) for bucket in period.buckets()]


@dataclass(frozen=True)
class Share:
    label: str
    net_minor: int
    gift_count: int


# Each breakdown: the aggregate's column to group by, the model that names it and what
# a row without one is called.
BREAKDOWNS: dict[str, tuple[str, type, Callable[[], str]]] = {
    "campaign": ("campaign_id", Campaign, lambda: _("Gifts to the fund (no campaign)")),
    "programme": ("campaign__programme_id", Programme, lambda: _("No programme")),
    "country": ("campaign__countries", Country, lambda: _("No country")),
    "region": ("campaign__programme__region_id", Region, lambda: _("No region")),
    "organisation": (
        "campaign__organisation_id",
        MemberOrganisation,
        lambda: _("The centre itself"),
    ),
}


def raised_by(
    dimension: str, period: Period, organisation: MemberOrganisation | None = None
) -> list[Share]:
    """Net raised per campaign, programme, country, region or member organisation, most
    first. A campaign for several countries counts in each of them."""
    column, model, unnamed = BREAKDOWNS[dimension]
    rows = list(
        _days(period, organisation)
        .values_list(column)
        .annotate(net=NET, gifts=Sum("gift_count"))
        .order_by("-net", column)
    )
    names = model.objects.in_bulk([key for key, _net, _gifts in rows if key is not None])
    return [
        Share(str(names[key]) if key is not None else unnamed(), net, gifts)
        for key, net, gifts in rows
    ]


@dataclass(frozen=True)
class PlanFigures:
    active_plans: int
    active_donors: int
    monthly_minor: int
    new_plans: int
    cancelled_plans: int
    failed_renewals: int
    past_due_plans: int


def _plans(period: Period, organisation: MemberOrganisation | None) -> QuerySet[RecurringPlan]:
    return scoped(RecurringPlan.objects.filter(currency=period.currency), organisation)


def plan_figures(period: Period, organisation: MemberOrganisation | None = None) -> PlanFigures:
    """Monthly giving now (active plans, donors, recurring amount, past due) and in the
    period (new, cancelled, failed renewals: plans whose payment failure was notified),
    in one pass over the plans."""
    since, until = period.moments()
    active = Q(status=RecurringPlan.Status.ACTIVE)
    row = _plans(period, organisation).aggregate(
        active_plans=Count("pk", filter=active),
        active_donors=Count("donor", filter=active, distinct=True),
        monthly_minor=Sum("amount_minor", filter=active, default=0),
        new_plans=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until)),
        cancelled_plans=Count("pk", filter=Q(cancelled_at__gte=since, cancelled_at__lt=until)),
        failed_renewals=Count(
            "pk",
            filter=Q(past_due_notice_sent_at__gte=since, past_due_notice_sent_at__lt=until),
        ),
        past_due_plans=Count("pk", filter=Q(status=RecurringPlan.Status.PAST_DUE)),
    )
    return PlanFigures(**row)


def past_due_plans(period: Period) -> list[RecurringPlan]:
    """Plans to follow up (the fundraising team's list), longest overdue first."""
    return list(
        _plans(period, None)
        .filter(status=RecurringPlan.Status.PAST_DUE)
        .select_related("donor", "campaign")
        .order_by("status_synced_at", "pk")[:PAST_DUE_LIST_LENGTH]
    )


def prepared_exports_of(user) -> QuerySet[PreparedExport]:
    """The user's own prepared exports, newest first (a week's worth: older are removed)."""
    return PreparedExport.objects.filter(requested_by=user).select_related("organisation")
