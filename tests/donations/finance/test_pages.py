"""The finance pages and their CSV downloads: who may open them, what they show, that
each costs a fixed number of queries, and that CSV cells cannot run as formulas."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from donations.models import (
    BalanceTransaction,
    Dispute,
    ExportedPeriod,
    Payout,
    ReconciliationStatus,
    Refund,
    RefundRequest,
)
from tests.factories.donations import GiftFactory
from tests.roles import ROLES, log_in_as

pytestmark = pytest.mark.django_db

ALLOWED = {"finance", "superuser"}
PAID_AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _payout(number: int = 1, **fields) -> Payout:
    defaults = {
        "stripe_payout_id": f"po_{number}",
        "amount_minor": 20000,
        "currency": "sek",
        "status": Payout.Status.PAID,
        "arrival_date": date(2026, 3, 12),
        "reconciliation_status": ReconciliationStatus.BALANCED,
    }
    return Payout.objects.create(**{**defaults, **fields})


def _line(payout, number, **fields) -> BalanceTransaction:
    defaults = {
        "stripe_balance_transaction_id": f"txn_{payout.pk}_{number}",
        "payout": payout,
        "type": "charge",
        "reporting_category": "charge",
        "amount_minor": 25000,
        "fee_minor": 500,
        "net_minor": 24500,
        "currency": "sek",
        "stripe_created_at": PAID_AT,
        "matched": True,
    }
    return BalanceTransaction.objects.create(**{**defaults, **fields})


def _debit(payout, number, amount_minor, **fields) -> BalanceTransaction:
    """A line that takes money off the balance, without a fee (a refund, a dispute)."""
    amounts = {"amount_minor": -amount_minor, "fee_minor": 0, "net_minor": -amount_minor}
    return _line(payout, number, **amounts, **fields)


@pytest.fixture
def books():
    """A month with a gift, its refund, a disputed gift, a payout and an unmatched line."""
    gift = GiftFactory(paid_at=PAID_AT, stripe_charge_id="ch_gift")
    refund = Refund.objects.create(
        gift=gift, stripe_refund_id="re_1", amount_minor=4500, currency="SEK", reason="Asked"
    )
    disputed = GiftFactory(paid_at=PAID_AT)
    dispute = Dispute.objects.create(
        stripe_dispute_id="dp_1",
        gift=disputed,
        stripe_charge_id="ch_disputed",
        status=Dispute.Status.NEEDS_RESPONSE,
        amount_minor=disputed.amount_minor,
        currency="SEK",
        evidence_due_by=datetime(2026, 3, 30, tzinfo=UTC),
        opened_at=PAID_AT,
    )
    payout = _payout(unmatched_line_count=1, reconciliation_status=ReconciliationStatus.UNMATCHED)
    _line(payout, 1, gift=gift)
    _debit(payout, 2, 4500, type="refund", reporting_category="refund", refund=refund)
    _debit(payout, 3, 25000, type="adjustment", reporting_category="dispute", dispute=dispute)
    _debit(
        payout,
        4,
        1,
        type="adjustment",
        reporting_category="other_adjustment",
        matched=False,
        description='=HYPERLINK("http://evil")',
    )
    return {"gift": gift, "payout": payout, "dispute": dispute, "refund": refund}


def _pages(books):
    gift, payout = books["gift"], books["payout"]
    return [
        "/ekonomi/utbetalningar/",
        f"/ekonomi/utbetalningar/{payout.pk}/",
        "/ekonomi/tvister/",
        "/ekonomi/omatchade/",
        "/ekonomi/aterbetalningar/",
        "/ekonomi/manad/2026/3/",
        "/ekonomi/gavor/",
        f"/ekonomi/gavor/{gift.pk}/",
        f"/ekonomi/gavor/{gift.pk}/kvitto/",
    ]


CSV_PAGES = [0, 1, 2, 3, 4]


@pytest.mark.parametrize("role", ROLES)
def test_only_finance_staff_open_the_finance_pages_and_downloads(client, books, role):
    log_in_as(client, role)
    pages = _pages(books)
    urls = pages + [pages[i] + "?format=csv" for i in CSV_PAGES]
    for url in urls:
        response = client.get(url)
        if role in ALLOWED:
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302 and "/konto/login/" in response["Location"], url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("role", ROLES)
def test_only_finance_staff_refund_or_export(client, books, role):
    log_in_as(client, role)
    gift = books["gift"]
    refund = client.post(f"/ekonomi/gavor/{gift.pk}/aterbetala/", {"amount": "10", "reason": "x"})
    sie = client.post("/ekonomi/manad/2026/3/sie/")
    if role in ALLOWED:
        assert sie.status_code == 200
        assert ExportedPeriod.objects.count() == 1
    else:
        assert refund.status_code in (302, 403) and sie.status_code in (302, 403)
        assert not RefundRequest.objects.exists()
        assert not ExportedPeriod.objects.exists()


def test_a_missing_gift_payout_or_month_is_404(client):
    log_in_as(client, "finance")
    for url in [
        "/ekonomi/gavor/999999/",
        "/ekonomi/utbetalningar/999999/",
        "/ekonomi/manad/2026/13/",
    ]:
        assert client.get(url).status_code == 404


def test_the_work_menu_leads_finance_staff_to_the_finance_pages(client, books):
    log_in_as(client, "donor")
    assert "/ekonomi/utbetalningar/" not in client.get("/").content.decode()
    log_in_as(client, "finance")
    assert "/ekonomi/utbetalningar/" in client.get("/").content.decode()


def test_the_payout_page_links_every_line_to_what_it_belongs_to(client, books):
    log_in_as(client, "finance")
    gift, dispute = books["gift"], books["dispute"]
    page = client.get(f"/ekonomi/utbetalningar/{books['payout'].pk}/").content.decode()
    assert f"/ekonomi/gavor/{gift.pk}/" in page
    assert f"/ekonomi/gavor/{gift.pk}/kvitto/" in page
    assert f"/ekonomi/gavor/{gift.pk}/#refunds" in page
    assert f"/ekonomi/gavor/{dispute.gift_id}/#disputes" in page
    assert "Inte matchad" in page or "Not matched" in page
    assert "245\u00a0kr" in page and "24500" not in page


def test_stripe_codes_read_as_translated_labels_with_the_code_in_a_title(client, books):
    Dispute.objects.filter(pk=books["dispute"].pk).update(reason="product_not_received")
    log_in_as(client, "finance")
    payout = client.get(f"/ekonomi/utbetalningar/{books['payout'].pk}/").content.decode()
    assert '<span title="charge">Debitering</span>' in payout
    assert '<span title="refund">Återbetalning</span>' in payout
    assert '<span title="other_adjustment">Annan justering</span>' in payout
    disputes = client.get("/ekonomi/tvister/").content.decode()
    assert '<span title="product_not_received">Vara inte mottagen</span>' in disputes
    month = client.get("/ekonomi/manad/2026/3/").content.decode()
    assert '<span title="dispute">Tvist</span>' in month
    english = client.get("/en/finance/disputes/").content.decode()
    assert ">Product not received</span>" in english


def test_a_disputed_gift_page_reads_clearly(client, books):
    disputed = books["dispute"].gift
    disputed.disputed_minor = disputed.amount_minor
    disputed.save(update_fields=["disputed_minor"])
    log_in_as(client, "finance")
    page = client.get(f"/ekonomi/gavor/{disputed.pk}/").content.decode()
    assert "Undanhållet av tvist" in page and "Innehållet" not in page
    assert '<tr><td colspan="5">Inga återbetalningar.</td></tr>' in page
    assert '<h2 id="disputes" class="mt-4">' in page


def test_an_erased_donor_reads_as_erased_on_the_gift_page(client, books):
    from accounts.models import User
    from donations.donor_area.erasure import erase_donors

    gift = books["gift"]
    erase_donors([gift.donor], by=User.objects.create_user(email="staff@example.org"))
    log_in_as(client, "finance")
    page = client.get(f"/ekonomi/gavor/{gift.pk}/").content.decode()
    assert "Raderad givare" in page and "erased.invalid" not in page
    assert "Inga återbetalningar." not in page  # the gift has a refund


def test_the_month_end_balance_says_it_counts_only_fetched_payout_lines(client, books):
    log_in_as(client, "finance")
    page = client.get("/ekonomi/manad/2026/3/").content.decode()
    assert "Saldo enligt hämtade utbetalningsrader vid månadens slut" in page
    assert "Stripesaldot vid månadens slut" not in page


def test_long_stripe_ids_wrap_on_a_phone(client, books):
    log_in_as(client, "finance")
    payout = client.get(f"/ekonomi/utbetalningar/{books['payout'].pk}/").content.decode()
    assert '<h1 class="text-break">Utbetalning po_1</h1>' in payout
    gift = client.get(f"/ekonomi/gavor/{books['gift'].pk}/").content.decode()
    assert '<dd class="col-sm-9 text-break">' in gift


def test_english_pages_live_under_en(client, books):
    log_in_as(client, "finance")
    response = client.get("/en/finance/payouts/")
    assert response.status_code == 200
    assert "Payouts" in response.content.decode()


def test_csv_neutralises_formulas_and_writes_amounts_in_kronor(client, books):
    log_in_as(client, "finance")
    response = client.get("/ekonomi/omatchade/?format=csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    [line] = rows[1:]
    assert line[-1] == '\'=HYPERLINK("http://evil")'
    assert "-0.01" in line


def test_csv_times_are_local_wall_clock_time(client, books):
    Refund.objects.create(
        gift=books["gift"],
        stripe_refund_id="re_time",
        amount_minor=100,
        currency="SEK",
        created_at=datetime(2026, 3, 10, 12, 0, tzinfo=UTC),
    )
    log_in_as(client, "finance")
    response = client.get("/ekonomi/aterbetalningar/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = [row for row in csv.reader(io.StringIO(text)) if row[0] == "re_time"]
    assert row[4] == "2026-03-10 13:00"  # Stockholm, UTC+1 in March
    assert row[-1] == ""  # not failed


def test_open_disputes_soonest_deadline_first(client, books):
    later = Dispute.objects.create(
        stripe_dispute_id="dp_later",
        gift=GiftFactory(),
        stripe_charge_id="ch_later",
        status=Dispute.Status.NEEDS_RESPONSE,
        amount_minor=100,
        currency="SEK",
        evidence_due_by=datetime(2026, 4, 30, tzinfo=UTC),
    )
    Dispute.objects.create(
        stripe_dispute_id="dp_closed",
        gift=GiftFactory(),
        stripe_charge_id="ch_closed",
        status=Dispute.Status.WON,
        amount_minor=100,
        currency="SEK",
    )
    log_in_as(client, "finance")
    page = client.get("/ekonomi/tvister/").content.decode()
    assert page.index("dp_1") < page.index(later.stripe_dispute_id)
    assert "dp_closed" not in page


def test_the_month_view_sums_the_month_and_links_its_neighbours(client, books):
    log_in_as(client, "finance")
    page = client.get("/ekonomi/manad/2026/3/").content.decode()
    assert "500\u00a0kr" in page  # two gifts of 250 kr
    assert "45\u00a0kr" in page  # the refund
    assert "/ekonomi/manad/2026/2/" in page and "/ekonomi/manad/2026/4/" in page
    assert client.get("/ekonomi/manad/").status_code == 302


def test_the_sie_download_marks_the_month_and_refuses_a_second_without_asking(client, books):
    user = log_in_as(client, "finance")
    first = client.post("/ekonomi/manad/2026/3/sie/")
    assert first["Content-Disposition"] == 'attachment; filename="2026-03.se"'
    assert first.content.startswith(b"#FLAGGA 0")
    again = client.post("/ekonomi/manad/2026/3/sie/")
    assert again.status_code == 302
    assert ExportedPeriod.objects.get().exported_by == user
    assert client.post("/ekonomi/manad/2026/3/sie/", {"again": "1"}).status_code == 200
    assert ExportedPeriod.objects.count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "/ekonomi/utbetalningar/",
        "/ekonomi/omatchade/",
        "/ekonomi/aterbetalningar/",
        "/ekonomi/tvister/",
        "/ekonomi/gavor/",
    ],
)
def test_lists_cost_the_same_queries_for_one_row_or_many(
    client, books, url, django_assert_max_num_queries
):
    staff = log_in_as(client, "finance")
    client.get(url)  # the session and the user, warmed
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for number in range(2, 40):
        payout = _payout(number)
        gift = GiftFactory()
        refund = Refund.objects.create(
            gift=gift, stripe_refund_id=f"re_many_{number}", amount_minor=100, currency="SEK"
        )
        _line(payout, 1, gift=gift, matched=False)
        Dispute.objects.create(
            stripe_dispute_id=f"dp_many_{number}",
            gift=gift,
            stripe_charge_id="ch",
            status=Dispute.Status.NEEDS_RESPONSE,
            amount_minor=100,
            currency="SEK",
        )
        RefundRequest.objects.create(
            gift=gift,
            amount_minor=100,
            currency="SEK",
            reason="r",
            requested_by=staff,
            refund=refund if number % 2 else None,
        )
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_payout_detail_costs_the_same_queries_for_many_lines(
    client, books, django_assert_max_num_queries
):
    log_in_as(client, "finance")
    url = f"/ekonomi/utbetalningar/{books['payout'].pk}/"
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for number in range(10, 60):
        _line(books["payout"], number, gift=GiftFactory())
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_a_refunds_stripe_reason_reads_as_words_with_the_code_in_a_title(client, books):
    Refund.objects.create(
        gift=books["gift"],
        stripe_refund_id="re_reason",
        amount_minor=100,
        currency="SEK",
        reason="requested_by_customer",
    )
    log_in_as(client, "finance")
    for url in ("/ekonomi/aterbetalningar/", f"/ekonomi/gavor/{books['gift'].pk}/"):
        page = client.get(url).content.decode()
        assert '<span title="requested_by_customer">Givaren bad om det</span>' in page, url
