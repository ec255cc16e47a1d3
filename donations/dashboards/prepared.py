"""XLSX exports prepared in the background. At a million gifts the file takes minutes
to write, longer than any proxy waits for a first byte, so asking for one records a
``PreparedExport`` and queues ``donations.tasks.build_prepared_export``, which writes it
into private storage; the person who asked downloads it from "Your exports" while they
still hold the export's permission, for a week (``remove_old_exports``, run by beat).

A build is claimed on its row first, so a repeated task never rebuilds a ready file nor
runs beside a build in progress; a failed or lost build can be asked for again."""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from accounts.models import User
from campaigns.models import MemberOrganisation

from .. import tasks
from ..models import ExportLog, PreparedExport
from ..private_storage import private_exports
from . import exports
from .periods import Period
from .spreadsheets import write_xlsx

logger = logging.getLogger(__name__)

KEPT_FOR = timedelta(days=7)
Status = PreparedExport.Status
Kind = ExportLog.Kind

PERIOD_EXPORTS = {
    Kind.GIFTS: exports.gifts,
    Kind.PLANS: exports.plans,
    Kind.CAMPAIGN_TOTALS: exports.campaign_totals,
}


def may_take(user: User, export: PreparedExport) -> bool:
    """Whether the user still holds the permission the export was asked for with."""
    return exports.may_export(user, export.kind, export.organisation)


def request_export(
    user: User, kind: str, filters: dict, organisation: MemberOrganisation | None
) -> PreparedExport:
    """Record the export and queue its build once the row is committed. The same export
    asked for again while it is being prepared is that one (a double click builds once)."""
    same = _being_prepared(user, kind, filters, organisation)
    if same is not None:
        return same
    export = PreparedExport.objects.create(
        kind=kind,
        organisation=organisation,
        filters=filters,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        requested_by=user,
    )
    _queue(export.pk)
    return export


def _being_prepared(
    user: User, kind: str, filters: dict, organisation: MemberOrganisation | None
) -> PreparedExport | None:
    unfinished = PreparedExport.objects.filter(
        requested_by=user,
        kind=kind,
        organisation=organisation,
        status__in=[Status.PENDING, Status.RUNNING],
    ).exclude(PreparedExport.retryable())
    return next((export for export in unfinished if export.filters == filters), None)


def _queue(export_pk: int) -> None:
    transaction.on_commit(lambda: tasks.build_prepared_export.delay(export_pk), robust=True)


def ask_again(export: PreparedExport) -> bool:
    """Queue a failed or lost build once more; False when it is not one."""
    again = PreparedExport.objects.filter(PreparedExport.retryable(), pk=export.pk).update(
        status=Status.PENDING, error="", created_at=timezone.now(), finished_at=None
    )
    if again:
        _queue(export.pk)
    return bool(again)


def build(export_pk: int) -> None:
    """Write the export's file, unless it is ready or another run is writing it. A build
    that fails is marked failed (and logged) rather than raised: nothing retries it on
    its own, the person who asked may."""
    export = _claim(export_pk)
    if export is None:
        return
    try:
        with translation.override(export.language):
            _write(export)
    except Exception as error:
        logger.exception("Prepared export %s failed", export_pk)
        PreparedExport.objects.filter(pk=export_pk).update(
            status=Status.FAILED, error=repr(error), finished_at=timezone.now()
        )


def _claim(export_pk: int) -> PreparedExport | None:
    claimable = Q(status=Status.PENDING) | PreparedExport.retryable()
    if not PreparedExport.objects.filter(claimable, pk=export_pk).update(status=Status.RUNNING):
        return None
    return PreparedExport.objects.select_related("organisation").get(pk=export_pk)


def _contents(export: PreparedExport) -> exports.Export:
    if export.kind == Kind.CONSENTING_DONORS:
        return exports.consenting_donors(export.organisation)
    return PERIOD_EXPORTS[export.kind](Period.from_filters(export.filters), export.organisation)


def _write(export: PreparedExport) -> None:
    """Into a temporary file first, so a crash leaves no half-written export behind."""
    contents = _contents(export)
    _remove_files(export.pk)
    with tempfile.TemporaryFile() as spool:
        export.row_count = write_xlsx(spool, contents.header, contents.rows)
        spool.seek(0)
        export.file.save(f"{contents.name}.xlsx", File(spool), save=False)
    export.status, export.finished_at = Status.READY, timezone.now()
    export.save(update_fields=["file", "row_count", "status", "finished_at"])


def _remove_files(export_pk: int) -> None:
    """The export's folder and all in it (a file a crashed build left too)."""
    folder = str(export_pk)
    if not private_exports.exists(folder):
        return
    for name in private_exports.listdir(folder)[1]:
        private_exports.delete(f"{folder}/{name}")
    os.rmdir(private_exports.path(folder))


def remove_old_exports(now: datetime | None = None) -> int:
    """Exports asked for more than a week ago, file and row; returns how many."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    old = list(PreparedExport.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True))
    for export_pk in old:
        _remove_files(export_pk)
        PreparedExport.objects.filter(pk=export_pk).delete()
    return len(old)
