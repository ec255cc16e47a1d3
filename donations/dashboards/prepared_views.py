""" "Your exports": the XLSX exports a signed-in person asked for from the dashboards,
how far each has come, and their download (``prepared`` builds them). Only the person
who asked sees or fetches one (anyone else gets 404), and only while they still hold
the export's permission."""

from __future__ import annotations

import os

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from ..models import PreparedExport
from . import exports, prepared, selectors
from .spreadsheets import XLSX_TYPE
from .views import signed_in


def _own_export(request: HttpRequest, pk: int, **conditions) -> PreparedExport:
    export = get_object_or_404(
        PreparedExport.objects.select_related("organisation"),
        pk=pk,
        requested_by=request.user,
        **conditions,
    )
    if not prepared.may_take(request.user, export):
        raise PermissionDenied
    return export


@require_GET
@signed_in
def prepared_exports(request: HttpRequest) -> HttpResponse:
    listed = list(selectors.prepared_exports_of(request.user))
    waiting = any(export.being_prepared for export in listed)
    response = render(
        request, "dashboards/exports.html", {"prepared_exports": listed, "waiting": waiting}
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@signed_in
def download_prepared_export(request: HttpRequest, pk: int) -> FileResponse:
    export = _own_export(request, pk, status=PreparedExport.Status.READY)
    try:
        handle = export.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(export.file.name),
        content_type=XLSX_TYPE,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
@signed_in
def ask_again(request: HttpRequest, pk: int) -> HttpResponse:
    """A failed (or lost) export, queued once more and logged like a new download."""
    export = _own_export(request, pk)
    if prepared.ask_again(export):
        exports.record_export(request.user, export.kind, "xlsx", export.filters)
    return redirect("dashboards:exports")
