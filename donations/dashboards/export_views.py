"""Downloads offered from the dashboards, as CSV or XLSX, filtered like the page: the
fund's gifts (``donations.export_gifts``), monthly gifts (``donations.export_plans``)
and campaign totals (``campaigns.view_dashboard``); an organisation's own campaign
totals (``campaigns.view_organisation_dashboard``) and its consenting donors
(``campaigns.export_consenting_donors``). Each download is logged first. CSV streams
straight away; an XLSX is prepared in the background (``prepared``) and the person who
asked is sent to "Your exports" to wait for it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaigns.models import MemberOrganisation

from ..finance.csv_export import csv_response
from . import exports, prepared
from .forms import PeriodForm
from .periods import Period
from .spreadsheets import FORMATS, csv_cells
from .views import organisation_for, signed_in

Kind = exports.Kind
# The fund's exports by their address, each with its kind (which names its permission,
# ``exports.PERMISSIONS``) and what builds it.
FUND_EXPORTS: dict[str, tuple[str, Callable[..., exports.Export]]] = {
    "gifts": (Kind.GIFTS, exports.gifts),
    "monthly-gifts": (Kind.PLANS, exports.plans),
    "campaign-totals": (Kind.CAMPAIGN_TOTALS, exports.campaign_totals),
}


def _send(
    request: HttpRequest,
    export: exports.Export,
    file_format: str,
    filters: dict,
    organisation: MemberOrganisation | None = None,
) -> HttpResponse:
    exports.record_export(request.user, export.kind, file_format, filters)
    if file_format == "xlsx":
        prepared.request_export(request.user, export.kind, filters, organisation)
        return redirect("dashboards:exports")
    return csv_response(f"{export.name}.csv", export.header, csv_cells(export.rows))


class BadFilter(Exception):
    pass


def _period(request: HttpRequest) -> Period:
    form = PeriodForm.from_query(request.GET)
    if not form.is_valid():
        raise BadFilter(" ".join(str(error) for errors in form.errors.values() for error in errors))
    return form.period()


def bad_filter_explained(view: Callable) -> Callable:
    """A download asked for with a bad filter gets 400 and the reason, nothing else."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadFilter as error:
            return HttpResponseBadRequest(
                _("This export's filter is not valid: %(reason)s") % {"reason": error},
                content_type="text/plain; charset=utf-8",
            )

    return checked


@require_GET
@signed_in
@bad_filter_explained
def fund_export(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    if kind not in FUND_EXPORTS or file_format not in FORMATS:
        raise Http404
    export_kind, build = FUND_EXPORTS[kind]
    if not exports.may_export(request.user, export_kind):
        raise PermissionDenied
    period = _period(request)
    return _send(request, build(period), file_format, period.as_filters())


@require_GET
@signed_in
@bad_filter_explained
def organisation_export(
    request: HttpRequest, slug: str, kind: str, file_format: str
) -> HttpResponse:
    if file_format not in FORMATS:
        raise Http404
    if kind == "campaign-totals":
        organisation = organisation_for(
            request, slug, exports.PERMISSIONS[(Kind.CAMPAIGN_TOTALS, True)]
        )
        period = _period(request)
        export = exports.campaign_totals(period, organisation)
        filters = {**period.as_filters(), "organisation": organisation.slug}
    elif kind == "donors":
        organisation = organisation_for(
            request, slug, exports.PERMISSIONS[(Kind.CONSENTING_DONORS, True)]
        )
        export, filters = (
            exports.consenting_donors(organisation),
            {"organisation": organisation.slug},
        )
    else:
        raise Http404
    return _send(request, export, file_format, filters, organisation)
