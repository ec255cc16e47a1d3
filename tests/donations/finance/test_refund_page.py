"""Refunding from the finance gift page, over HTTP, through the Stripe emulator: the
page says "requested" until Stripe's event arrives, then "refunded"; a refusal keeps
what was typed and says why."""

import pytest

from donations.models import GiftStatus, RefundRequest

pytestmark = pytest.mark.django_db


def _refund(client, gift, **data):
    return client.post(f"/ekonomi/gavor/{gift.pk}/aterbetala/", data)


def _states(client, gift):
    return client.get(f"/ekonomi/gavor/{gift.pk}/").content.decode()


def test_a_partial_refund_reads_requested_then_refunded(client, stripe_side):
    gift = stripe_side.give(25000)
    client.force_login(_finance())

    response = _refund(client, gift, amount="100", reason="Gav två gånger")

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "En återbetalning på 100\u00a0kr är begärd" in page
    assert "Begärd" in page and "Gav två gånger" in page
    stripe_side.flush()
    page = _states(client, gift)
    assert '<td class="refund-state">Återbetald</td>' in page
    assert "Upp till 150\u00a0kr kan återbetalas." in page
    gift.refresh_from_db()
    assert (gift.status, gift.refunded_minor) == (GiftStatus.PARTIALLY_REFUNDED, 10000)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "300", "reason": "x"}, "Högst 250\u00a0kr av gåvan kan återbetalas."),
        ({"amount": "100", "reason": "  "}, "Detta fält måste fyllas i."),
        ({"amount": "abc", "reason": "x"}, "Fyll i ett tal."),
        ({"amount": "-5", "reason": "x"}, "Ange ett belopp på minst 0,01\u00a0kr."),
        ({"amount": "0", "reason": "x"}, "Ange ett belopp på minst 0,01\u00a0kr."),
        ({"amount": "1" * 40, "reason": "x"}, "siffror"),
    ],
)
def test_a_refused_refund_says_why_and_records_nothing(client, stripe_side, data, message):
    gift = stripe_side.give(25000)
    client.force_login(_finance())

    response = _refund(client, gift, **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RefundRequest.objects.exists()


def test_the_minimum_refund_is_said_with_the_currency_in_english(client, stripe_side):
    gift = stripe_side.give(25000)
    client.force_login(_finance())

    response = client.post(f"/en/finance/gifts/{gift.pk}/refund/", {"amount": "0", "reason": "x"})

    assert response.status_code == 400
    assert "Enter an amount of at least SEK\u00a00.01." in response.content.decode()


def test_the_gift_page_labels_the_payment_date_apart_from_the_status(client, stripe_side):
    gift = stripe_side.give(25000)
    client.force_login(_finance())

    swedish = _states(client, gift)
    english = client.get(f"/en/finance/gifts/{gift.pk}/").content.decode()

    assert '<dt class="col-sm-3">Betald den</dt>' in swedish
    assert '<dt class="col-sm-3">Betald</dt>' not in swedish
    assert '<dt class="col-sm-3">Paid on</dt>' in english


@pytest.mark.parametrize(
    ("typed", "minor"), [("99,50", 9950), ("99.50", 9950), ("1 000,50", 100050), ("120", 12000)]
)
def test_a_refund_amount_takes_the_swedish_decimal_comma(client, stripe_side, typed, minor):
    gift = stripe_side.give(250000)
    client.force_login(_finance())

    response = _refund(client, gift, amount=typed, reason="Asked")

    assert response.status_code == 302
    assert RefundRequest.objects.get().amount_minor == minor


def test_the_refund_amount_is_prefilled_in_the_pages_language(client, stripe_side):
    gift = stripe_side.give(25564)
    client.force_login(_finance())

    assert 'value="255,64"' in _states(client, gift)
    english = client.get(f"/en/finance/gifts/{gift.pk}/").content.decode()
    assert 'value="255.64"' in english


def test_a_double_click_makes_one_refund(client, stripe_side):
    gift = stripe_side.give(25000)
    client.force_login(_finance())
    _refund(client, gift, amount="100", reason="Asked")

    second = _refund(client, gift, amount="100", reason="Asked")

    assert second.status_code == 400
    assert "väntar på Stripe" in second.content.decode()
    assert RefundRequest.objects.count() == 1


def test_english_refund_page(client, stripe_side):
    gift = stripe_side.give(25000)
    client.force_login(_finance())
    response = client.post(
        f"/en/finance/gifts/{gift.pk}/refund/", {"amount": "99.50", "reason": "Asked"}
    )
    assert response.status_code == 302
    assert RefundRequest.objects.get().amount_minor == 9950


def _finance():
    from tests.factories.accounts import FinanceStaffFactory

    return FinanceStaffFactory()
