"""The giving form in a browser: on a phone, once and monthly, and with the keyboard
alone, each to the thank-you page through the emulator's payment page."""

import re

import pytest

from donations.models import Gift
from tests.e2e.test_giving import pay_with_card, press
from tests.factories.campaigns import CampaignFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def in_view(page, selector) -> bool:
    return page.locator(selector).evaluate(
        "element => element.getBoundingClientRect().top < window.innerHeight"
    )


def test_on_a_phone_a_donor_gives_once_and_monthly(phone, live_server, stripe_emulator):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000])
    phone.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    give = phone.get_by_role("link", name="Ge", exact=True)
    assert in_view(phone, "a[href='#give']")  # near the top, on the first screen
    give.click()
    phone.wait_for_url(re.compile(r".*#give$"))
    assert in_view(phone, "#give-heading")
    assert phone.get_by_label("250\u00a0kr", exact=True).is_checked()  # the middle amount

    # Once, with a typed amount and no button pressed.
    phone.get_by_label("Annat belopp (SEK)").fill("175")
    phone.get_by_label("Ditt namn").fill("Kim Solidarisk")
    phone.get_by_label("Din e-postadress").fill("kim@example.org")
    phone.get_by_role("button", name="Gå vidare till betalning").click()
    pay_with_card(phone, "4242 4242 4242 4242", "Donate")
    phone.get_by_role("heading", name="Tack för din gåva!").wait_for(timeout=20_000)
    assert "175\u00a0kr" in phone.locator("#gift-summary").inner_text()

    # Monthly, with the pressed amount.
    phone.get_by_role("link", name="Tillbaka till kampanjen").click()
    press(phone, "Månadsvis")
    phone.get_by_label("Ditt namn").fill("Kim Solidarisk")
    phone.get_by_label("Din e-postadress").fill("kim@example.org")
    phone.get_by_role("button", name="Gå vidare till betalning").click()
    pay_with_card(phone, "4242 4242 4242 4242", "Subscribe")
    phone.get_by_role("heading", name="Tack för din gåva!").wait_for(timeout=20_000)
    assert "varje månad" in phone.locator("#gift-summary").inner_text()
    assert sorted(Gift.objects.values_list("amount_minor", flat=True)) == [17500, 25000]


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_gift_can_be_given_with_the_keyboard_alone(page, live_server, stripe_emulator):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000])
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")

    tab_to(page, "input[name=other_amount]")
    page.keyboard.type("120")
    tab_to(page, "input[name=name]")
    page.keyboard.type("Kim Tangentbord")
    tab_to(page, "input[name=email]")
    page.keyboard.type("kim@example.org")
    tab_to(page, "input[name=show_on_wall]")
    page.keyboard.press("Space")
    tab_to(page, "button[name=give]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/pay/cs_.*"))
    for name, text in [("cardnumber", "4242424242424242"), ("exp", "12 / 34"), ("cvc", "123")]:
        tab_to(page, f"input[name={name}]")
        page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Tack för din gåva!").wait_for(timeout=20_000)
    gift = Gift.objects.get()
    assert (gift.amount_minor, gift.donor_name, gift.show_on_wall) == (
        12000,
        "Kim Tangentbord",
        True,
    )


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_errors_take_the_focus_to_the_summary_which_links_to_each_field(page, live_server):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000])
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    page.get_by_label("Annat belopp (SEK)").fill("1")
    page.get_by_label("Din e-postadress").fill("inte en adress")
    page.get_by_role("button", name="Gå vidare till betalning").click()

    summary = page.locator("#error-summary")
    summary.wait_for()
    assert focused(page) == "error-summary"
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == ["Annat belopp (SEK)", "Ditt namn", "Din e-postadress"]

    page.keyboard.press("Tab")  # the first link, straight after the summary
    assert page.evaluate("document.activeElement.textContent") == "Annat belopp (SEK)"
    page.keyboard.press("Enter")
    assert focused(page) == "id_other_amount"
    links.nth(2).click()
    assert focused(page) == "id_email"
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("kim@example.org")
    assert page.get_by_label("Din e-postadress").input_value() == "kim@example.org"


def test_the_fee_beside_the_tick_follows_the_amount(page, live_server):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000])
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    fee = page.locator("#fee-cover-amount")
    assert fee.inner_text() == "(+5,64\u00a0kr)"  # 250 kr, rendered by the server
    press(page, "500\u00a0kr")
    assert fee.inner_text() == "(+9,45\u00a0kr)"
    page.get_by_label("Annat belopp (SEK)").fill("1000")
    assert fee.inner_text() == "(+17,06\u00a0kr)"
    page.get_by_label("Annat belopp (SEK)").fill("")
    assert fee.inner_text() == ""  # nothing chosen: typing released the buttons


WORDS_WHOLE_AND_INSIDE = """label => {
  const text = label.querySelector('.amount-impact').firstChild;
  const box = label.getBoundingClientRect();
  const split = [];
  for (const match of text.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    const rects = range.getClientRects();
    const outside = [...rects].some(r => r.left < box.left || r.right > box.right);
    if (rects.length !== 1 || outside) split.push(match[0]);
  }
  return split;
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_impact_lines_on_amount_buttons_keep_their_words_whole(browser, live_server, width):
    campaign = CampaignFactory(
        suggested_amounts=[
            {"amount_minor": 10000, "impact_sv": "köper material", "impact_en": ""},
            {"amount_minor": 25000, "impact_sv": "utbildar ett arbetsplatsombud", "impact_en": ""},
            {"amount_minor": 50000, "impact_sv": "stöder en strejkkassa", "impact_en": ""},
        ]
    )
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")

    labels = page.locator("label.btn-amount")
    assert labels.count() == 3
    for index in range(3):
        assert labels.nth(index).evaluate(WORDS_WHOLE_AND_INSIDE) == [], index
    context.close()
