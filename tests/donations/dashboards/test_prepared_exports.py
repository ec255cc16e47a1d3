"""XLSX exports prepared in the background: the build (read back with openpyxl, in the
asker's language, into private storage), repeated and failed builds, the week's
clean-up, and "Your exports": who sees and fetches what, for every role."""

import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role, revoke_role
from campaigns.models import OrganisationMembership
from donations import tasks
from donations.dashboards import prepared
from donations.dashboards.periods import Period
from donations.models import ExportLog, PreparedExport
from tests.roles import ROLES, log_in_as, person_in

pytestmark = pytest.mark.django_db

Status = PreparedExport.Status


def _this_year() -> dict[str, str]:
    today = timezone.localdate()
    return Period(today.replace(month=1, day=1), today, "SEK", "month").as_filters()


def _ask(user, kind=ExportLog.Kind.GIFTS, organisation=None, filters=None):
    """An export asked for and built (the task runs eagerly once the row commits)."""
    filters = _this_year() if filters is None else filters
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = prepared.request_export(user, kind, filters, organisation)
    export.refresh_from_db()
    return export


def _rows(content: bytes) -> list[list[str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def _file_rows(export: PreparedExport) -> list[list[str]]:
    with export.file.open("rb") as handle:
        return _rows(handle.read())


def test_a_gift_export_is_built_into_private_storage_in_the_askers_language(world, settings):
    user = person_in("finance")
    with translation.override("en"):
        export = _ask(user)
    assert (export.status, export.row_count, export.language) == (Status.READY, 3, "en")
    assert export.finished_at is not None and export.error == ""
    path = Path(export.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_EXPORTS_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.name == f"gifts-{export.filters['start']}-{export.filters['end']}.xlsx"
    rows = _file_rows(export)
    assert rows[0][:2] == ["Receipt", "Paid"]
    assert sorted(float(row[6]) for row in rows[1:]) == [100, 300, 777]
    assert {tuple(row[4:6]) for row in rows[1:]} == {
        ("Our campaign", world["ours"].slug),
        ("Their campaign", world["theirs"].slug),
    }
    assert _rows(path.read_bytes())[0][0] == "Receipt"


def test_headers_follow_swedish_when_asked_for_in_swedish(world):
    export = _ask(person_in("finance"))
    assert _file_rows(export)[0][0] == "Kvitto"


def test_an_organisations_donor_export_is_built_for_that_organisation(world):
    organisation = world["organisation"]
    user = person_in("organisation_admin", organisation)
    export = _ask(
        user, ExportLog.Kind.CONSENTING_DONORS, organisation, {"organisation": organisation.slug}
    )
    assert export.status == Status.READY
    assert export.row_count == 0 and len(_file_rows(export)) == 1


def test_running_the_task_again_never_rebuilds_a_ready_export(world, monkeypatch):
    export = _ask(person_in("finance"))
    written = []
    monkeypatch.setattr(prepared, "write_xlsx", lambda *args: written.append(args))
    tasks.build_prepared_export(export.pk)
    again = PreparedExport.objects.get(pk=export.pk)
    assert written == []
    assert (again.status, again.file.name, again.finished_at) == (
        Status.READY,
        export.file.name,
        export.finished_at,
    )


def test_a_build_in_progress_is_left_alone_until_it_counts_as_lost(world):
    export = _ask(person_in("finance"))
    PreparedExport.objects.filter(pk=export.pk).update(status=Status.RUNNING, row_count=None)
    tasks.build_prepared_export(export.pk)
    assert PreparedExport.objects.get(pk=export.pk).status == Status.RUNNING
    lost_at = timezone.now() - PreparedExport.STUCK_AFTER - timedelta(minutes=1)
    PreparedExport.objects.filter(pk=export.pk).update(created_at=lost_at)
    assert PreparedExport.objects.get(pk=export.pk).has_failed
    tasks.build_prepared_export(export.pk)
    rebuilt = PreparedExport.objects.get(pk=export.pk)
    assert (rebuilt.status, rebuilt.row_count) == (Status.READY, 3)
    assert len(list(Path(rebuilt.file.path).parent.iterdir())) == 1  # the old file went


def test_a_failed_build_leaves_no_file_and_can_be_built_again(world, monkeypatch):
    def broken(period, organisation):
        raise RuntimeError("database went away")

    monkeypatch.setitem(prepared.PERIOD_EXPORTS, ExportLog.Kind.GIFTS, broken)
    export = _ask(person_in("finance"))
    assert export.status == Status.FAILED and export.has_failed
    assert "database went away" in export.error and not export.file
    assert not Path(prepared.private_exports.location, str(export.pk)).exists()
    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert prepared.ask_again(export)
    export.refresh_from_db()
    assert (export.status, export.row_count, export.error) == (Status.READY, 3, "")
    assert not prepared.ask_again(export)  # a ready export is not queued again


def test_the_same_export_asked_for_twice_while_waiting_is_built_once(world):
    user = person_in("finance")
    with TestCase.captureOnCommitCallbacks() as queued:
        first = prepared.request_export(user, ExportLog.Kind.GIFTS, _this_year(), None)
        second = prepared.request_export(user, ExportLog.Kind.GIFTS, _this_year(), None)
        other = prepared.request_export(user, ExportLog.Kind.PLANS, _this_year(), None)
    assert first == second != other
    assert len(queued) == 2


def test_exports_older_than_a_week_are_removed_with_their_files(world):
    user = person_in("finance")
    old, fresh = _ask(user), _ask(user, ExportLog.Kind.PLANS)
    old_folder = Path(old.file.path).parent
    PreparedExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    assert tasks.remove_old_prepared_exports() == 1
    assert list(PreparedExport.objects.all()) == [fresh]
    assert not old_folder.exists() and Path(fresh.file.path).exists()
    assert prepared.remove_old_exports(timezone.now() + timedelta(days=8)) == 1
    assert not PreparedExport.objects.exists()


# --- "Your exports" ----------------------------------------------------------------


def _download(client, export):
    return client.get(reverse("dashboards:export-download", args=[export.pk]))


def test_the_list_shows_ones_own_exports_and_their_state(client, world):
    user = log_in_as(client, "finance")
    ready = _ask(user)
    waiting = PreparedExport.objects.create(
        kind=ExportLog.Kind.PLANS, filters=_this_year(), language="sv", requested_by=user
    )
    failed = PreparedExport.objects.create(
        kind=ExportLog.Kind.CAMPAIGN_TOTALS,
        filters=_this_year(),
        language="sv",
        requested_by=user,
        status=Status.FAILED,
    )
    _ask(person_in("finance"), ExportLog.Kind.PLANS)  # someone else's
    page = client.get(reverse("dashboards:exports"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.text
    assert "Dina exporter" in html
    assert html.count('id="export-') == 3
    assert reverse("dashboards:export-download", args=[ready.pk]) in html
    assert f'id="export-{waiting.pk}"' in html and "Väntar" in html
    assert reverse("dashboards:export-again", args=[failed.pk]) in html
    assert "Det gick inte att ta fram filen." in html
    assert 'data-check-seconds="5"' in html and "js/exports.js" in html
    waiting.delete()
    quiet = client.get(reverse("dashboards:exports")).text
    assert "data-check-seconds" not in quiet and "js/exports.js" not in quiet


def test_the_list_is_in_english_under_en(client, world):
    user = log_in_as(client, "fundraising")
    _ask(user)
    with translation.override("en"):
        url = reverse("dashboards:exports")
    assert url.startswith("/en/")
    html = client.get(url).text
    assert "Your exports" in html and "Ready: 3 rows" in html


def test_the_dashboard_links_to_the_list(client, world):
    log_in_as(client, "fundraising")
    html = client.get(reverse("dashboards:fundraising")).text
    assert f'href="{reverse("dashboards:exports")}"' in html


@pytest.mark.parametrize("role", ROLES)
def test_the_list_is_for_anyone_signed_in_and_shows_only_their_own(client, world, role):
    _ask(person_in("finance"))
    response = client.get(reverse("dashboards:exports"))
    assert response.status_code == 302  # not signed in yet
    if log_in_as(client, role, world["organisation"]) is None:
        return
    response = client.get(reverse("dashboards:exports"))
    assert response.status_code == 200 and 'id="export-' not in response.text


def test_the_asker_downloads_the_file(client, world):
    user = log_in_as(client, "finance")
    export = _ask(user)
    response = _download(client, export)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    assert Path(export.file.name).name in response["Content-Disposition"]
    assert len(_rows(b"".join(response.streaming_content))) == 4


@pytest.mark.parametrize("role", ROLES)
def test_nobody_else_may_download_or_ask_again_for_an_export(client, world, role):
    export = _ask(person_in("finance"))
    failed = _ask(person_in("finance"), ExportLog.Kind.PLANS)
    PreparedExport.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    log_in_as(client, role, world["organisation"])
    download = _download(client, export)
    again = client.post(reverse("dashboards:export-again", args=[failed.pk]))
    if role == "anonymous":
        assert download.status_code == again.status_code == 302
    else:
        assert download.status_code == again.status_code == 404
    assert PreparedExport.objects.get(pk=failed.pk).status == Status.FAILED


def test_an_export_not_ready_is_not_downloadable(client, world):
    user = log_in_as(client, "finance")
    waiting = PreparedExport.objects.create(
        kind=ExportLog.Kind.GIFTS, filters=_this_year(), language="sv", requested_by=user
    )
    assert _download(client, waiting).status_code == 404


def test_finance_staff_who_lost_their_role_cannot_fetch_their_export(client, world):
    user = log_in_as(client, "finance")
    export = _ask(user)
    revoke_role(user, Role.FINANCE)
    assert _download(client, export).status_code == 403


def test_organisation_staff_who_lost_their_role_cannot_fetch_their_export(client, world):
    organisation = world["organisation"]
    user = log_in_as(client, "organisation_editor", organisation)
    export = _ask(
        user,
        ExportLog.Kind.CAMPAIGN_TOTALS,
        organisation,
        {**_this_year(), "organisation": organisation.slug},
    )
    assert _download(client, export).status_code == 200
    OrganisationMembership.objects.filter(user=user).delete()
    assert _download(client, export).status_code == 403
    assert client.post(reverse("dashboards:export-again", args=[export.pk])).status_code == 403


def test_a_failed_export_is_asked_for_again_from_the_list(client, world):
    user = log_in_as(client, "finance")
    export = _ask(user)
    PreparedExport.objects.filter(pk=export.pk).update(status=Status.FAILED)
    url = reverse("dashboards:export-again", args=[export.pk])
    assert client.get(url).status_code == 405
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:exports")
    assert PreparedExport.objects.get(pk=export.pk).status == Status.READY
    assert ExportLog.objects.filter(exported_by=user, file_format="xlsx").count() == 1
    client.post(url)  # ready now: nothing to ask again, nothing logged
    assert ExportLog.objects.count() == 1


def test_asking_for_an_xlsx_sends_to_the_list_and_a_bad_filter_still_gets_400(client, world):
    user = log_in_as(client, "fundraising")
    url = reverse("dashboards:export", args=["monthly-gifts", "xlsx"])
    bad = client.get(url, {"start": "2026-05-01", "end": "2026-01-01"})
    assert bad.status_code == 400
    assert not PreparedExport.objects.exists() and not ExportLog.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url, {"currency": "EUR"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:exports")
    export = PreparedExport.objects.get()
    log = ExportLog.objects.get()
    assert (export.kind, export.requested_by, export.status) == (
        ExportLog.Kind.PLANS,
        user,
        Status.READY,
    )
    assert export.filters == log.filters and log.filters["currency"] == "EUR"


def test_the_admin_lists_prepared_exports_without_linking_their_files(client, world):
    export = _ask(person_in("finance"))
    PreparedExport.objects.filter(pk=export.pk).update(
        status=Status.FAILED, error="RuntimeError('disk full')"
    )
    log_in_as(client, "superuser")
    listed = client.get(reverse("admin:donations_preparedexport_changelist"))
    assert listed.status_code == 200 and export.requested_by.email in listed.text
    shown = client.get(reverse("admin:donations_preparedexport_change", args=[export.pk]))
    assert "disk full" in shown.text and Path(export.file.name).name not in shown.text
