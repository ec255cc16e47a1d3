"""The fundraising team's dashboard (``campaigns.view_dashboard``) and a member
organisation's (``campaigns.view_organisation_dashboard``, its own campaigns only).
Thin: the filter form gives a period, the selectors read the aggregates, charts.py
draws them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from campaigns.models import MemberOrganisation
from campaigns.rules import organisation_ids_of

from . import charts, exports, selectors
from .forms import PeriodForm
from .periods import Period
from .spreadsheets import FORMATS

TOP_CAMPAIGNS = 10
# The downloads each page offers: address, label and kind (``exports.PERMISSIONS``).
FUND_DOWNLOADS = [
    ("gifts", gettext_lazy("Gifts"), exports.Kind.GIFTS),
    ("monthly-gifts", gettext_lazy("Monthly gifts"), exports.Kind.PLANS),
    ("campaign-totals", gettext_lazy("Campaign totals"), exports.Kind.CAMPAIGN_TOTALS),
]
ORGANISATION_DOWNLOADS = [
    ("campaign-totals", gettext_lazy("Campaign totals"), exports.Kind.CAMPAIGN_TOTALS),
    ("donors", gettext_lazy("Donors who may be contacted"), exports.Kind.CONSENTING_DONORS),
]


def signed_in(view: Callable) -> Callable:
    """Anonymous visitors are sent to sign in."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return checked


def organisation_for(request: HttpRequest, slug: str, permission: str) -> MemberOrganisation:
    """The organisation if the user may open it: another organisation's staff get 404
    (never told it exists), everyone else without the permission 403."""
    organisation = get_object_or_404(MemberOrganisation, slug=slug)
    if request.user.has_perm(permission, organisation):
        return organisation
    if request.user.has_perm("campaigns.use_portal"):
        raise Http404
    raise PermissionDenied


def change_in_percent(now: int, before: int) -> int | None:
    """Whole percent change from the compared period (None when it had nothing)."""
    if before <= 0:
        return None
    return round((now - before) * 100 / before)


def _breakdown_chart(
    dimension: str,
    title: str,
    header: str,
    period: Period,
    organisation: MemberOrganisation | None,
) -> charts.Chart:
    shares = selectors.raised_by(dimension, period, organisation)
    return charts.bar_chart(
        dimension,
        title,
        [(share.label, share.net_minor) for share in shares],
        period.currency,
        header,
        most_bars=TOP_CAMPAIGNS,
    )


def _context(request: HttpRequest, organisation: MemberOrganisation | None) -> dict:
    form = PeriodForm.from_query(request.GET)
    period = form.period()
    comparison = period.comparison()
    now, before = (
        selectors.figures(period, organisation),
        selectors.figures(comparison, organisation),
    )
    time_chart = charts.column_chart(
        "time",
        _("Raised, net of refunds, by %(grain)s")
        % {"grain": dict(form.fields["by"].choices)[period.grain].lower()},
        [
            (charts.bucket_label(bucket, period.grain), net)
            for bucket, net in selectors.raised_by_time(period, organisation)
        ],
        period.currency,
        _("Period"),
    )
    breakdowns = [
        _breakdown_chart("campaign", _("Top campaigns"), _("Campaign"), period, organisation),
        _breakdown_chart("programme", _("By programme"), _("Programme"), period, organisation),
        _breakdown_chart("country", _("By country"), _("Country"), period, organisation),
        _breakdown_chart("region", _("By region"), _("Region"), period, organisation),
    ]
    if organisation is None:
        breakdowns.append(
            _breakdown_chart(
                "organisation", _("By member organisation"), _("Member organisation"), period, None
            )
        )
    return {
        "downloads": _downloads(request, organisation, period),
        "form": form,
        "period": period,
        "organisation": organisation,
        "now": now,
        "before": before,
        "comparison": comparison,
        "net_change": change_in_percent(now.net_minor, before.net_minor),
        "count_change": change_in_percent(now.gift_count, before.gift_count),
        "time_chart": time_chart,
        "breakdowns": breakdowns,
        "plans": selectors.plan_figures(period, organisation),
    }


def _downloads(
    request: HttpRequest, organisation: MemberOrganisation | None, period: Period
) -> list[dict[str, str]]:
    """The exports this user may take from this page, with the page's filter."""
    query = "?" + urlencode(period.as_filters())
    if organisation is None:
        offered, url_name, head = FUND_DOWNLOADS, "dashboards:export", []
    else:
        offered, url_name = ORGANISATION_DOWNLOADS, "dashboards:organisation-export"
        head = [organisation.slug]
    return [
        {
            "label": str(label),
            **{fmt: reverse(url_name, args=[*head, kind, fmt]) + query for fmt in FORMATS},
        }
        for kind, label, export_kind in offered
        if exports.may_export(request.user, export_kind, organisation)
    ]


@require_GET
@signed_in
def fundraising_dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("campaigns.view_dashboard"):
        raise PermissionDenied
    context = _context(request, None)
    context["past_due"] = selectors.past_due_plans(context["period"])
    return render(request, "dashboards/dashboard.html", context)


@require_GET
@signed_in
def organisation_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for(request, slug, "campaigns.view_organisation_dashboard")
    return render(request, "dashboards/dashboard.html", _context(request, organisation))


@require_GET
@signed_in
def my_organisation_dashboard(request: HttpRequest) -> HttpResponse:
    """The Work menu's link for organisation staff: their (first) organisation's page
    (the fund's for the fundraising team when they work for none)."""
    ids = organisation_ids_of(request.user)
    if not ids and request.user.has_perm("campaigns.view_dashboard"):
        return redirect(_with_query(reverse("dashboards:fundraising"), request))
    if not ids:
        raise PermissionDenied
    organisation = MemberOrganisation.objects.filter(pk__in=ids).order_by("name").first()
    return redirect(
        _with_query(reverse("dashboards:organisation", args=[organisation.slug]), request)
    )


def _with_query(url: str, request: HttpRequest) -> str:
    """The address with the request's filter (its query string) kept."""
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url
