"""What the dashboards' exports say, read back as a spreadsheet reader gets them: kinds,
statuses, campaign titles and languages in the export's language (never their codes),
and in XLSX times as date cells and amounts as numbers shown with two decimals."""

import csv
import io
from datetime import datetime

import openpyxl
import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from donations.consents.records import record_consent
from donations.models import Consent, ConsentSource, PreparedExport, RecurringPlan
from tests.donations.dashboards.conftest import counted_gift
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import DonorFactory
from tests.roles import log_in_as

pytestmark = pytest.mark.django_db

GIFT_WORDS = {
    "sv": (
        ["Slag", "Status", "Kampanj", "Kampanjens adress"],
        ["Betalning av månadsgåva", "Återbetald", "Vår kampanj"],
    ),
    "en": (
        ["Kind", "Status", "Campaign", "Campaign slug"],
        ["Monthly installment", "Refunded", "Our campaign"],
    ),
}


def _export(client, language, *args, name="dashboards:export"):
    """The export's sheet as rows of cell values: CSV as text, XLSX as openpyxl reads
    it (the XLSX built in the asker's language and fetched from "Your exports")."""
    with translation.override(language):
        url = reverse(name, args=args)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url)
    if args[-1] == "csv":
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(body)))
    export = PreparedExport.objects.get()
    download = client.get(reverse("dashboards:export-download", args=[export.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    return [list(row) for row in sheet.iter_rows()]


def _values(row):
    return [getattr(cell, "value", cell) for cell in row]


def _refunded_installment(world):
    paid_at = timezone.now().replace(second=0, microsecond=0)
    return counted_gift(
        campaign=world["ours"],
        kind="monthly",
        status="refunded",
        amount_minor=12345,
        refunded_minor=12345,
        donor=DonorFactory(email="refunded@example.org"),
        paid_at=paid_at,
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_gift_kind_status_and_campaign_are_words_in_the_exports_language(
    client, world, language, file_format
):
    _refunded_installment(world)
    log_in_as(client, "finance")
    rows = [_values(row) for row in _export(client, language, "gifts", file_format)]
    headers, words = GIFT_WORDS[language]
    assert rows[0][2:6] == headers
    refunded = next(row for row in rows if row[13] == "refunded@example.org")
    assert refunded[2:6] == [*words, world["ours"].slug]
    assert {row[3] for row in rows[1:]} <= {words[1], "Betald", "Paid"}


def test_the_xlsx_holds_payment_times_as_dates_and_amounts_as_numbers(client, world):
    gift = _refunded_installment(world)
    log_in_as(client, "finance")
    rows = _export(client, "en", "gifts", "xlsx")
    refunded = next(row for row in rows if row[13].value == "refunded@example.org")
    paid, amount, net = refunded[1], refunded[6], refunded[9]
    assert isinstance(paid.value, datetime)
    assert paid.value == timezone.make_naive(gift.paid_at)
    assert paid.number_format == "yyyy-mm-dd hh:mm"
    assert (amount.value, amount.number_format) == (123.45, "0.00")
    assert (net.value, net.number_format) == (0, "0.00")


def test_the_csv_holds_the_same_local_time_and_amount_as_text(client, world):
    gift = _refunded_installment(world)
    log_in_as(client, "finance")
    rows = _export(client, "sv", "gifts", "csv")
    refunded = next(row for row in rows if row[13] == "refunded@example.org")
    local = timezone.localtime(gift.paid_at)
    assert (refunded[1], refunded[6]) == (local.strftime("%Y-%m-%d %H:%M"), "123.45")


@pytest.mark.parametrize(
    ("language", "words"),
    [("sv", ["Aktiv", "Vår kampanj"]), ("en", ["Active", "Our campaign"])],
)
def test_the_monthly_gift_export_names_its_status_and_campaign(client, world, language, words):
    started = timezone.now().replace(second=0, microsecond=0)
    RecurringPlan.objects.create(
        stripe_subscription_id="sub_words",
        donor=DonorFactory(),
        campaign=world["ours"],
        amount_minor=20000,
        currency="SEK",
        created_at=started,
    )
    log_in_as(client, "finance")
    row = _export(client, language, "monthly-gifts", "xlsx")[1]
    status, title = words
    assert _values(row)[2:6] == [status, None, title, world["ours"].slug]
    assert row[1].value == timezone.make_naive(started) and row[6].value == 200


def test_campaign_totals_are_by_title_falling_back_to_swedish(client, world):
    untitled = CampaignFactory(
        title_sv="Bara svenska", title_en="", organisation=world["organisation"]
    )
    counted_gift(campaign=untitled, amount_minor=5000, paid_at=timezone.now())
    log_in_as(client, "fundraising")
    rows = _export(client, "en", "campaign-totals", "csv")
    assert [row[:2] for row in rows[1:]] == [
        ["Bara svenska", untitled.slug],
        ["Our campaign", world["ours"].slug],
        ["Their campaign", world["theirs"].slug],
    ]


def test_consenting_donors_language_is_named_in_the_exports_language(client, world):
    organisation = world["organisation"]
    donor = DonorFactory(email="en@example.org", language="en")
    record_consent(
        donor,
        given=True,
        organisation=organisation,
        topic=Consent.Topic.CONTACT,
        wording="Ok",
        source=ConsentSource.GIVING_FORM,
    )
    log_in_as(client, "organisation_admin", organisation)
    args = [organisation.slug, "donors", "xlsx"]
    rows = _export(client, "en", *args, name="dashboards:organisation-export")
    assert _values(rows[1]) == [donor.name, "en@example.org", "English"]
