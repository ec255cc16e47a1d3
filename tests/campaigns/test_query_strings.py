"""Whatever a visitor puts in the query string of a public page, the page answers: bad
values are ignored like any other bad input, never a server error."""

from decimal import Decimal
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from donations.forms import initial_from_query
from tests.campaigns.public_site import all_public_urls, public_urls
from tests.factories.campaigns import CampaignFactory

pytestmark = pytest.mark.django_db

PAGE_URLS = all_public_urls()
# The parameters the public pages read.
KNOWN_KEYS = ["amount", "frequency", "page", "region", "theme"]


def _encoded(part: str | bytes) -> str:
    raw = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
    return quote_from_bytes(raw, safe="")


_CHARACTERS = [chr(code) for code in range(0x110000)]
# Digits of any script ("٣" is 3 to int()), and digits int() refuses though
# str.isdigit() accepts them ("²", "①").
DECIMAL_DIGITS = "".join(c for c in _CHARACTERS if c.isdecimal())
OTHER_DIGITS = "".join(c for c in _CHARACTERS if c.isdigit() and not c.isdecimal())

keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(), st.binary())
values = st.one_of(
    st.text(alphabet=DECIMAL_DIGITS, min_size=1),
    st.text(alphabet=OTHER_DIGITS, min_size=1),
    st.text(alphabet="0123456789", min_size=15, max_size=5000),  # past int()'s digit limit
    st.integers().map(str),
    st.sampled_from(["once", "monthly", "other", "25000", "1", "-1", "0", "1e9"]),
    st.text(),  # any unicode, NUL and lone surrogates included
    st.binary(),  # not even UTF-8
)


def _pair(key: str | bytes, value: str | bytes) -> str:
    return f"{_encoded(key)}={_encoded(value)}"


pairs = st.tuples(keys, values).map(lambda key_value: _pair(*key_value))
malformed = st.sampled_from(["%", "%ZZ", "%C2", "%00", "=", "&", ";", "amount", "amount="])
known_parameters = st.fixed_dictionaries({}, optional=dict.fromkeys(KNOWN_KEYS, values))


@st.composite
def query_strings(draw) -> str:
    """Arbitrary and malformed pairs (keys may repeat), then maybe each parameter the pages
    read, so that generated queries often reach the code that parses them."""
    extra = draw(st.lists(st.one_of(pairs, malformed)))
    known = draw(known_parameters)
    return "&".join([*extra, *(_pair(key, value) for key, value in known.items())])


@given(url=st.sampled_from(PAGE_URLS), query_string=query_strings())
@example(url=public_urls("sv")["campaign"], query_string="amount=%C2%B2")  # issue 6, finding 4
@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_query_string_makes_a_public_page_fail(client, site, url, query_string):
    # The site's rows are only read, so one copy serves every generated example.
    response = client.get(url, QUERY_STRING=query_string)
    assert response.status_code < 500, (url, query_string)


@pytest.mark.parametrize("page", ["campaign", "fund"])
@pytest.mark.parametrize("amount", ["%C2%B2", "%D9%A3", "9" * 5000, "-100", "1e5"])
def test_an_amount_that_is_not_plain_digits_is_ignored(client, site, page, amount):
    response = client.get(public_urls("en")[page], QUERY_STRING=f"amount={amount}")
    assert response.status_code == 200
    assert response.context["form"].initial == {}


@pytest.mark.parametrize("amount", ["0", "1", "4999", "10000001", "9" * 30])
def test_an_amount_outside_the_gift_limits_is_ignored(db, amount):
    campaign = CampaignFactory(currency="SEK")
    assert initial_from_query({"amount": amount}, campaign) == {}


def test_a_suggested_or_other_amount_and_the_frequency_are_kept(db):
    campaign = CampaignFactory(currency="SEK", suggested_amounts_minor=[10000, 25000])

    assert initial_from_query({"amount": "25000", "frequency": "monthly"}, campaign) == {
        "amount": "25000",
        "frequency": "monthly",
    }
    kept = initial_from_query({"amount": "30050"}, campaign)
    assert kept == {"amount": "", "other_amount": Decimal("300.50")}
