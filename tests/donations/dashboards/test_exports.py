"""The dashboards' exports: who may take which, what is in them (read back with csv and
openpyxl; an XLSX through "Your exports", as a browser gets it), only the organisation's
own, formula neutralisation, and the log."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from donations.consents.records import record_consent
from donations.models import Consent, ConsentSource, ExportLog, PreparedExport
from tests.donations.dashboards.conftest import counted_gift
from tests.factories.donations import DonorFactory
from tests.roles import ROLES, log_in_as

pytestmark = pytest.mark.django_db

FUND_EXPORTS_OPEN_FOR = {
    "gifts": {"fundraising", "finance", "superuser"},
    "monthly-gifts": {"fundraising", "finance", "superuser"},
    "campaign-totals": {"fundraising", "superuser"},
}


def _get(client, url, query=None):
    """A CSV as it streams; an XLSX is asked for, built once the request commits (tasks
    run eagerly in tests) and downloaded from "Your exports"."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url, query or {})
    if response.status_code == 302 and response["Location"] == reverse("dashboards:exports"):
        export = PreparedExport.objects.get()
        response = client.get(reverse("dashboards:export-download", args=[export.pk]))
    return response


def _read(response):
    body = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", FUND_EXPORTS_OPEN_FOR)
@pytest.mark.parametrize("role", ROLES)
def test_fund_exports_open_for_their_roles_only(client, world, role, kind, file_format):
    user = log_in_as(client, role, world["organisation"])
    response = _get(client, reverse("dashboards:export", args=[kind, file_format]))
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    elif role in FUND_EXPORTS_OPEN_FOR[kind]:
        assert response.status_code == 200
        rows = _read(response)
        assert len(rows) >= 1
        log = ExportLog.objects.get()
        assert (log.exported_by, log.file_format) == (user, file_format)
        assert log.filters["currency"] == "SEK"
        if file_format == "xlsx":
            export = PreparedExport.objects.get()
            assert (export.requested_by, export.filters) == (user, log.filters)
    else:
        assert response.status_code == 403
        assert not ExportLog.objects.exists()
        assert not PreparedExport.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_gift_export_holds_the_periods_gifts_with_formulas_neutralised(
    client, world, file_format
):
    counted_gift(
        campaign=world["ours"],
        amount_minor=12300,
        donor_name='=HYPERLINK("http://evil.example","x")',
        donor=DonorFactory(email="evil@example.org"),
        paid_at=timezone.now(),
    )
    log_in_as(client, "finance")
    response = _get(client, reverse("dashboards:export", args=["gifts", file_format]))
    rows = _read(response)
    evil = next(row for row in rows if row[13] == "evil@example.org")
    assert evil[12] == '\'=HYPERLINK("http://evil.example","x")'
    assert Decimal(evil[6]) == Decimal("123.00")
    assert len(rows) == 1 + 4  # this year's four gifts, not last year's


def test_the_gift_export_follows_the_pages_filter(client, world):
    log_in_as(client, "fundraising")
    today = timezone.localdate()
    last_year = today.replace(year=today.year - 1)
    response = client.get(
        reverse("dashboards:export", args=["gifts", "csv"]),
        {"start": (last_year.replace(day=1)).isoformat(), "end": last_year.isoformat()},
    )
    rows = _read(response)
    assert [row[6] for row in rows[1:]] == ["200.00"]


def test_a_bad_filter_gets_400_and_its_reason(client, world):
    log_in_as(client, "fundraising")
    response = client.get(
        reverse("dashboards:export", args=["gifts", "csv"]),
        {"start": "2026-05-01", "end": "2026-01-01"},
    )
    assert response.status_code == 400
    assert not ExportLog.objects.exists()
    assert client.get(reverse("dashboards:export", args=["gifts", "pdf"])).status_code == 404
    assert client.get(reverse("dashboards:export", args=["secrets", "csv"])).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ROLES)
def test_organisation_campaign_totals_hold_only_its_own(client, world, role, file_format):
    log_in_as(client, role, world["organisation"])
    url = reverse(
        "dashboards:organisation-export",
        args=[world["organisation"].slug, "campaign-totals", file_format],
    )
    response = _get(client, url)
    if role == "anonymous":
        assert response.status_code == 302
    elif role in {"organisation_editor", "organisation_admin", "fundraising", "superuser"}:
        rows = _read(response)
        assert [row[:2] for row in rows[1:]] == [["Vår kampanj", world["ours"].slug]]
        assert Decimal(rows[1][4]) == Decimal("400")
    elif role == "other_organisation_admin":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ROLES)
def test_consenting_donors_go_to_the_organisations_own_staff_only(client, world, role, file_format):
    organisation = world["organisation"]
    consenting, withdrawn, elsewhere = (
        DonorFactory(email="yes@example.org", name="@SUM(A1)"),
        DonorFactory(email="no@example.org"),
        DonorFactory(email="other@example.org"),
    )
    consent = {"topic": Consent.Topic.CONTACT, "wording": "Ok", "source": ConsentSource.GIVING_FORM}
    record_consent(consenting, given=True, organisation=organisation, **consent)
    record_consent(withdrawn, given=True, organisation=organisation, **consent)
    record_consent(withdrawn, given=False, organisation=organisation, **consent)
    record_consent(elsewhere, given=True, organisation=world["theirs"].organisation, **consent)
    log_in_as(client, role, organisation)
    url = reverse("dashboards:organisation-export", args=[organisation.slug, "donors", file_format])
    response = _get(client, url)
    if role == "anonymous":
        assert response.status_code == 302
    elif role in {"organisation_editor", "organisation_admin", "superuser"}:
        rows = _read(response)  # a superuser holds every permission
        assert rows[1:] == [["'@SUM(A1)", "yes@example.org", "Svenska"]]
        assert ExportLog.objects.get().filters == {"organisation": organisation.slug}
    elif role == "other_organisation_admin":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


def test_the_export_log_is_listed_in_the_admin(client, world):
    user = log_in_as(client, "superuser")
    client.get(reverse("dashboards:export", args=["gifts", "csv"]), {"currency": "EUR"})
    response = client.get(reverse("admin:donations_exportlog_changelist"))
    assert response.status_code == 200
    assert user.email in response.text and "EUR" in response.text
