"""What the dashboards show, read from the kept aggregates (never the gift table): a
period's whole months from the monthly rows, its odd days from the daily rows, added up
in one query (UNION ALL); monthly giving from the plans and the kept failed renewals.
``organisation`` narrows everything to that member organisation's own campaigns; None
is the whole fund."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek, TruncYear
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Country, MemberOrganisation, Programme, Region

from ..models import (
    DailyAmountCount,
    DailyGiftTotal,
    FailedRenewal,
    Gift,
    MonthlyAmountCount,
    MonthlyGiftTotal,
    PreparedExport,
    RecurringPlan,
)
from .periods import Period

NET = Sum(F("gross_minor") - F("refunded_minor"))
TRUNCATE = {"week": TruncWeek, "month": TruncMonth, "year": TruncYear}
PAST_DUE_LIST_LENGTH = 50


def scoped(queryset: QuerySet, organisation: MemberOrganisation | None) -> QuerySet:
    if organisation is None:
        return queryset
    return queryset.filter(campaign__organisation=organisation)


@dataclass(frozen=True)
class Kept:
    """The kept rows that cover a period, each with the column it is dated by."""

    parts: list[tuple[QuerySet, str]]

    def grouped(self, *columns: str, dated: Callable | None = None, **sums) -> dict:
        """``{key: [sums...]}``: each part grouped by ``columns`` (and by its date column
        through ``dated`` when given), then the parts added up key by key."""
        queries = []
        for rows, date_column in self.parts:
            if dated is not None:
                rows = rows.annotate(bucket=dated(date_column))
            keys = [*columns, *(["bucket"] if dated is not None else [])]
            queries.append(rows.values_list(*keys).annotate(**sums).order_by())
        combined = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        width = len(columns) + (dated is not None)
        added: dict[Hashable, list[int]] = {}
        for row in combined:
            key = row[0] if width == 1 else row[:width]
            values = [value or 0 for value in row[width:]]
            added[key] = [
                a + b for a, b in zip(added.get(key, [0] * len(values)), values, strict=True)
            ]
        return added


def _kept(
    period: Period, organisation: MemberOrganisation | None, daily: type, monthly: type
) -> Kept:
    cut = period.cut()
    parts = []
    if cut.months:
        first, last = cut.months
        rows = monthly.objects.filter(currency=period.currency, month__gte=first, month__lte=last)
        parts.append((scoped(rows, organisation), "month"))
    if cut.days:
        days = Q()
        for first, last in cut.days:
            days |= Q(day__gte=first, day__lte=last)
        rows = daily.objects.filter(days, currency=period.currency)
        parts.append((scoped(rows, organisation), "day"))
    return Kept(parts)


def _totals(period: Period, organisation: MemberOrganisation | None) -> Kept:
    return _kept(period, organisation, DailyGiftTotal, MonthlyGiftTotal)


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
    by_kind = _totals(period, organisation).grouped(
        "kind", net=NET, gross=Sum("gross_minor"), gifts=Sum("gift_count")
    )
    once, monthly = (
        by_kind.get(Gift.Kind.ONCE, [0, 0, 0]),
        by_kind.get(Gift.Kind.MONTHLY, [0, 0, 0]),
    )
    return Figures(
        net_minor=once[0] + monthly[0],
        gross_minor=once[1] + monthly[1],
        gift_count=once[2] + monthly[2],
        once_net_minor=once[0],
        monthly_net_minor=monthly[0],
        median_minor=median_gift(period, organisation),
    )


def median_gift(period: Period, organisation: MemberOrganisation | None = None) -> int:
    """The median gift amount, from the per-amount counts (amounts cluster, so this
    reads a few hundred rows however many gifts there are)."""
    kept = _kept(period, organisation, DailyAmountCount, MonthlyAmountCount)
    counts = sorted(
        (amount, gifts)
        for amount, (gifts,) in kept.grouped("amount_minor", gifts=Sum("gift_count")).items()
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
    """(bucket's first day, net) for every bucket of the period, empty ones as zero. Days
    and weeks are read from the daily rows; months and years from whole months too."""
    if period.grain == "day":
        by_bucket = dict(
            _days(period, organisation).values_list("day").annotate(net=NET).order_by()
        )
    elif period.grain == "week":
        by_bucket = dict(
            _days(period, organisation)
            .annotate(bucket=TruncWeek("day"))
            .values_list("bucket")
            .annotate(net=NET)
            .order_by()
        )
    else:
        by_bucket = {
            bucket: net
            for bucket, (net,) in _totals(period, organisation)
            .grouped(dated=TRUNCATE[period.grain], net=NET)
            .items()
        }
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
    rows = sorted(
        _totals(period, organisation).grouped(column, net=NET, gifts=Sum("gift_count")).items(),
        key=lambda row: (-row[1][0], row[0] is None, row[0] or 0),
    )
    names = model.objects.in_bulk([key for key, _sums in rows if key is not None])
    return [
        Share(str(names[key]) if key is not None else unnamed(), net, gifts)
        for key, (net, gifts) in rows
    ]


@dataclass(frozen=True)
class PlanFigures:
    active_plans: int
    active_donors: int
    monthly_minor: int
    new_plans: int
    cancelled_plans: int
    failed_renewals: int
    recovered_renewals: int
    past_due_plans: int


def _plans(period: Period, organisation: MemberOrganisation | None) -> QuerySet[RecurringPlan]:
    return scoped(RecurringPlan.objects.filter(currency=period.currency), organisation)


def plan_figures(period: Period, organisation: MemberOrganisation | None = None) -> PlanFigures:
    """Monthly giving now (active plans, donors, recurring amount, past due) and in the
    period (new, cancelled; failed renewals and how many were paid after all). Each is
    one query an index answers (the active plans from the index alone)."""
    since, until = period.moments()
    plans = _plans(period, organisation)
    standing = plans.filter(status=RecurringPlan.Status.ACTIVE).aggregate(
        active_plans=Count("pk"),
        active_donors=Count("donor", distinct=True),
        monthly_minor=Sum("amount_minor", default=0),
    )
    failures = scoped(
        FailedRenewal.objects.filter(
            currency=period.currency, failed_at__gte=since, failed_at__lt=until
        ),
        organisation,
    ).aggregate(
        failed_renewals=Count("pk"),
        recovered_renewals=Count("pk", filter=Q(recovered_at__isnull=False)),
    )
    return PlanFigures(
        **standing,
        **failures,
        new_plans=plans.filter(created_at__gte=since, created_at__lt=until).count(),
        cancelled_plans=plans.filter(cancelled_at__gte=since, cancelled_at__lt=until).count(),
        past_due_plans=plans.filter(status=RecurringPlan.Status.PAST_DUE).count(),
    )


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
