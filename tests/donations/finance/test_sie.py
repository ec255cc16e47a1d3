"""The SIE 4I export, read back with an independent reader (``sie_reader``): every
voucher balances, the totals per account are what the ledger says, nothing about a donor
is in the file, and the same period gives the same file."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from donations.finance.sie import InvalidPeriod, write_sie
from donations.models import BalanceTransaction, Dispute, ExportedPeriod, Payout, Refund
from tests.donations.finance.sie_reader import read_sie
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import DonorFactory, GiftFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
GENERATED = date(2027, 1, 15)


def at(*parts):
    return datetime(*parts, tzinfo=STOCKHOLM)


def gift(campaign, amount, *, when, fee=None, currency="SEK", settled=None, donor=None):
    return GiftFactory(
        campaign=campaign,
        donor=donor or DonorFactory(),
        amount_minor=amount,
        currency=currency,
        fee_minor=fee,
        settlement_amount_minor=settled if currency != "SEK" else amount,
        settlement_currency="SEK" if currency == "SEK" or settled else "",
        paid_at=when,
    )


@pytest.fixture
def books():
    """A year of Stripe money: gifts (one in EUR, one not settled yet), refunds, a
    dispute opened and won, and payouts."""
    balkans = CampaignFactory(title_sv='Västra Balkan "nu" \\ 🌍')
    fund_wide = CampaignFactory(programme=None)
    donor = DonorFactory(name="Greta Gåvogivare", email="greta@example.org")
    a = gift(balkans, 50000, fee=875, when=at(2026, 3, 5, 10), donor=donor)
    b = gift(fund_wide, 25000, fee=400, when=at(2026, 3, 5, 23, 30))
    eur = gift(balkans, 3000, fee=600, currency="EUR", settled=33250, when=at(2026, 3, 5, 12))
    gift(None, 10000, when=at(2026, 3, 6, 0, 10))  # the fund itself, fee not known yet
    gift(balkans, 2000, currency="EUR", when=at(2026, 3, 7, 9))  # not settled: left out
    gift(balkans, 99900, fee=1000, when=at(2025, 12, 31, 23, 30))  # the year before
    refund(a, 10000, at(2026, 3, 10, 9))
    refund(eur, 1000, at(2026, 3, 10, 11))  # 10 € at the gift's rate: 110.83 kr
    settled_refund = refund(eur, 1001, at(2026, 3, 10, 12))  # as its balance line says
    BalanceTransaction.objects.create(
        stripe_balance_transaction_id="txn_refund",
        type="refund",
        amount_minor=-11100,
        fee_minor=0,
        net_minor=-11100,
        currency="sek",
        refund=settled_refund,
    )
    Dispute.objects.create(
        stripe_dispute_id="dp_1",
        gift=b,
        stripe_charge_id="ch_b",
        status=Dispute.Status.WON,
        amount_minor=25000,
        currency="SEK",
        funds_withdrawn_minor=25000,
        funds_reinstated_minor=25000,
        fee_minor=15000,
        fee_currency="sek",
        opened_at=at(2026, 4, 1, 8),
        closed_at=at(2026, 5, 2, 8),
    )
    payout("po_march", 50000, date(2026, 3, 12))
    payout("po_failed", 7000, date(2026, 3, 13), status=Payout.Status.FAILED)
    payout("po_next_year", 1000, date(2027, 1, 2))
    return {"balkans": balkans, "fund_wide": fund_wide}


def refund(gift_row, amount, when):
    return Refund.objects.create(
        gift=gift_row,
        stripe_refund_id=f"re_{gift_row.pk}_{amount}",
        amount_minor=amount,
        currency=gift_row.currency,
        created_at=when,
    )


def payout(payout_id, amount, arrival, status=Payout.Status.PAID):
    return Payout.objects.create(
        stripe_payout_id=payout_id,
        amount_minor=amount,
        currency="sek",
        status=status,
        arrival_date=arrival,
    )


def export(start=date(2026, 1, 1), end=date(2026, 12, 31)):
    stream = io.BytesIO()
    result = write_sie(start, end, stream, generated=GENERATED)
    return stream.getvalue(), result


def test_every_voucher_balances_and_accounts_total_as_the_ledger_says(books):
    data, result = export()
    sie = read_sie(data)
    for voucher in sie.vouchers:
        assert sum(t.amount for t in voucher.transactions) == 0, voucher
    gifts = Decimal("500.00") + Decimal("250.00") + Decimal("332.50") + Decimal("100.00")
    fees = Decimal("8.75") + Decimal("4.00") + Decimal("6.00") + Decimal("150.00")  # dispute
    refunds = Decimal("100.00") + Decimal("111.00") + Decimal("110.83")
    payouts = Decimal("500.00")
    assert sie.totals() == {
        "1580": gifts - fees - refunds - payouts,  # won dispute: withdrawn, then reinstated
        "3010": -gifts + refunds,
        "3011": Decimal("0.00"),
        "6570": fees,
        "1930": payouts,
    }
    assert result.vouchers == len(sie.vouchers) == 6
    assert result.left_out == [
        "2026-03-07: gåvor som ännu inte är avräknade i SEK (inget belopp från Stripe): 1"
    ]


def test_the_vouchers_day_by_day_and_per_payout(books):
    sie = read_sie(export()[0])
    assert [(v.series, v.number, v.date, v.text) for v in sie.vouchers] == [
        ("S", "1", "20260305", "Stripe 2026-03-05"),
        ("S", "2", "20260306", "Stripe 2026-03-06"),
        ("S", "3", "20260310", "Stripe 2026-03-10"),
        ("S", "4", "20260312", "Stripe-utbetalning po_march"),
        ("S", "5", "20260401", "Stripe 2026-04-01"),
        ("S", "6", "20260502", "Stripe 2026-05-02"),
    ]
    march_5 = sie.vouchers[0]
    balkans, fund_wide = books["balkans"], books["fund_wide"]
    programme = str(balkans.programme_id)
    assert [(t.account, t.objects, t.amount) for t in march_5.transactions] == [
        ("1580", {}, Decimal("1082.50")),
        ("3010", {"6": programme, "20": str(balkans.pk)}, Decimal("-832.50")),
        ("3010", {"20": str(fund_wide.pk)}, Decimal("-250.00")),
        ("6570", {}, Decimal("18.75")),
        ("1580", {}, Decimal("-18.75")),
    ]
    payout_voucher = sie.vouchers[3]
    assert [(t.account, t.amount) for t in payout_voucher.transactions] == [
        ("1930", Decimal("500.00")),
        ("1580", Decimal("-500.00")),
    ]
    dispute_opened = sie.vouchers[4]
    assert [(t.account, t.amount) for t in dispute_opened.transactions] == [
        ("3011", Decimal("250.00")),
        ("1580", Decimal("-250.00")),
        ("6570", Decimal("150.00")),
        ("1580", Decimal("-150.00")),
    ]


def test_the_header_lists_what_the_vouchers_use(books, settings):
    settings.ORGANISATION_NUMBER = "802000-1234"
    settings.ORGANISATION_NAME = "Solidaritetscentret"
    sie = read_sie(export()[0])
    assert sie.records[:9] == [
        ("#FLAGGA", ["0"]),
        ("#PROGRAM", ["Solidarity", "1.0"]),
        ("#FORMAT", ["PC8"]),
        ("#GEN", ["20270115"]),
        ("#SIETYP", ["4"]),
        ("#ORGNR", ["802000-1234"]),
        ("#FNAMN", ["Solidaritetscentret"]),
        ("#RAR", ["0", "20260101", "20261231"]),
        ("#KPTYP", ["BAS2014"]),
    ]
    used = {t.account for v in sie.vouchers for t in v.transactions}
    assert {number for number, _name in sie.header("#KONTO")} == used
    assert ["1580", "Fordran Stripe (kortinlösen)"] in sie.header("#KONTO")
    assert sie.header("#DIM") == [["6", "Projekt (program)"], ["20", "Kampanj"]]
    balkans = books["balkans"]
    objects = sie.header("#OBJEKT")
    assert ["20", str(balkans.pk), 'Västra Balkan "nu" / ?'] in objects  # CP437 has no 🌍
    assert ["6", str(balkans.programme_id), balkans.programme.title_sv] in objects
    assert len(objects) == 3


def test_no_donor_is_in_the_file(books):
    text = export()[0].decode("cp437")
    assert "Greta" not in text and "@" not in text


def test_the_same_period_gives_the_same_file(books):
    assert export()[0] == export()[0]


def test_a_month_holds_only_its_own_days(books):
    sie = read_sie(export(date(2026, 3, 6), date(2026, 3, 10))[0])
    assert [v.date for v in sie.vouchers] == ["20260306", "20260310"]
    assert sie.header("#RAR") == [["0", "20260101", "20261231"]]


def test_a_payout_in_another_currency_is_left_out_and_said(books):
    Payout.objects.create(
        stripe_payout_id="po_eur", amount_minor=900, currency="eur", status="paid",
        arrival_date=date(2026, 6, 1),
    )  # fmt: skip
    data, result = export(date(2026, 6, 1), date(2026, 6, 30))
    assert read_sie(data).vouchers == []
    assert result.left_out == ["2026-06-01: utbetalningen po_eur är i EUR, inte SEK"]


def test_an_empty_period_is_a_valid_file_without_vouchers():
    sie = read_sie(export(date(2026, 8, 1), date(2026, 8, 31))[0])
    assert sie.vouchers == [] and sie.header("#KONTO") == []


@pytest.mark.parametrize(
    ("start", "end"), [(date(2026, 3, 2), date(2026, 3, 1)), (date(2025, 12, 1), date(2026, 1, 31))]
)
def test_a_period_must_lie_in_one_financial_year(start, end):
    with pytest.raises(InvalidPeriod):
        export(start, end)


def test_a_financial_year_from_july(books, settings):
    settings.FINANCIAL_YEAR_START_MONTH = 7
    sie = read_sie(export(date(2026, 3, 1), date(2026, 3, 31))[0])
    assert sie.header("#RAR") == [["0", "20250701", "20260630"]]


class TestCommand:
    def test_it_writes_the_file_and_marks_the_period(self, books, tmp_path, capsys):
        output = tmp_path / "2026.se"
        call_command("export_sie", "--from", "2026-01-01", "--to", "2026-12-31", "--output", output)
        out = capsys.readouterr().out
        assert "6 voucher(s) for 2026-01-01 – 2026-12-31" in out
        assert (
            "left out: 2026-03-07: gifts not settled in SEK yet (no amount from Stripe): 1" in out
        )
        assert len(read_sie(output.read_bytes()).vouchers) == 6
        period = ExportedPeriod.objects.get()
        assert (period.start, period.end, period.voucher_count) == (
            date(2026, 1, 1),
            date(2026, 12, 31),
            6,
        )

    def test_an_overlapping_period_needs_force(self, books, tmp_path, capsys):
        ExportedPeriod.objects.create(start=date(2026, 3, 1), end=date(2026, 3, 31))
        output = tmp_path / "q1.se"
        arguments = ["--from", "2026-01-01", "--to", "2026-03-31", "--output", output]
        with pytest.raises(CommandError, match="--force"):
            call_command("export_sie", *arguments)
        assert "Already exported: 2026-03-01 – 2026-03-31" in capsys.readouterr().err
        assert not output.exists() and ExportedPeriod.objects.count() == 1
        call_command("export_sie", *arguments, "--force")
        assert output.exists() and ExportedPeriod.objects.count() == 2

    def test_a_period_next_to_an_exported_one_needs_no_force(self, tmp_path):
        ExportedPeriod.objects.create(start=date(2026, 3, 1), end=date(2026, 3, 31))
        call_command(
            "export_sie", "--from", "2026-04-01", "--to", "2026-04-30", "--output", tmp_path / "a"
        )
        assert ExportedPeriod.objects.count() == 2

    @pytest.mark.parametrize(
        ("start", "end", "message"),
        [
            ("2026-13-01", "2026-12-31", "Not a date"),
            ("2026-03-02", "2026-03-01", "ends before it starts"),
            ("2025-12-01", "2026-01-31", "one financial year"),
        ],
    )
    def test_a_bad_period_changes_nothing(self, tmp_path, start, end, message):
        output = tmp_path / "bad.se"
        with pytest.raises(CommandError, match=message):
            call_command("export_sie", "--from", start, "--to", end, "--output", output)
        assert not output.exists() and not ExportedPeriod.objects.exists()
