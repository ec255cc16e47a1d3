"""The dashboards over HTTP: who may open which, what an organisation sees (only its
own campaigns), the filter and the accessible charts."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import formats, translation

from tests.roles import ROLES, log_in_as

pytestmark = pytest.mark.django_db

FUNDRAISING_DASHBOARD_OPENS_FOR = {"fundraising", "superuser"}
ORGANISATION_DASHBOARD_OPENS_FOR = {
    "organisation_editor",
    "organisation_admin",
    "fundraising",
    "superuser",
}


@pytest.mark.parametrize("role", ROLES)
def test_the_fundraising_dashboard_opens_for_the_fundraising_team_only(client, world, role):
    log_in_as(client, role, world["organisation"])
    response = client.get(reverse("dashboards:fundraising"))
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    elif role in FUNDRAISING_DASHBOARD_OPENS_FOR:
        assert response.status_code == 200
        assert "Vår kampanj" in response.text and "Deras kampanj" in response.text
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_an_organisation_dashboard_shows_its_own_campaigns_to_its_staff_only(client, world, role):
    log_in_as(client, role, world["organisation"])
    url = reverse("dashboards:organisation", args=[world["organisation"].slug])
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    elif role in ORGANISATION_DASHBOARD_OPENS_FOR:
        assert response.status_code == 200
        assert "Vår kampanj" in response.text
        assert "Deras kampanj" not in response.text and "777\xa0kr" not in response.text
        assert "400\xa0kr" in response.text  # 300 kr once + 100 kr monthly, net
    elif role == "other_organisation_admin":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_our_dashboard_link_goes_to_the_users_organisation(client, world, role):
    log_in_as(client, role, world["organisation"])
    response = client.get(reverse("dashboards:mine"))
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    elif role in {"organisation_editor", "organisation_admin"}:
        assert response["Location"] == reverse(
            "dashboards:organisation", args=[world["organisation"].slug]
        )
    elif role == "other_organisation_admin":
        assert response.status_code == 302
        assert world["organisation"].slug not in response["Location"]
    elif role in FUNDRAISING_DASHBOARD_OPENS_FOR:
        assert response["Location"] == reverse("dashboards:fundraising")
    else:
        assert response.status_code == 403


def test_the_dashboard_compares_with_the_same_period_last_year(client, world):
    log_in_as(client, "fundraising")
    response = client.get(reverse("dashboards:fundraising"), {"by": "month"})
    page = response.text
    assert "1\xa0177\xa0kr" in page  # this period: 300 + 100 + 777 kr
    assert "200\xa0kr" in page  # the same period last year
    assert "488 %" in page  # (1177 - 200) / 200, rounded


def test_every_chart_has_a_title_a_summary_and_its_numbers_as_a_table(client, world):
    log_in_as(client, "fundraising")
    page = client.get(reverse("dashboards:fundraising")).text
    assert page.count("<svg") == page.count("<details") == 6
    assert page.count('role="img"') == 6
    assert "Vår kampanj" in page and "Albanien" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-05-01", "end": "2026-01-01"},
        {"start": "yesterday"},
        {"currency": "XXX"},
        {"by": "hour"},
        {"start": "2000-01-01", "end": "2026-01-01", "by": "day"},
    ],
)
def test_a_bad_filter_is_explained_and_the_default_period_shown(client, world, query):
    log_in_as(client, "fundraising")
    response = client.get(reverse("dashboards:fundraising"), query)
    assert response.status_code == 200
    assert "Visar de senaste tolv månaderna i stället." in response.text


def _shown_filter(page: str) -> dict[str, str]:
    """The values the filter form shows: its dates, and its selected options."""
    shown = dict(re.findall(r'<input type="date" name="(\w+)" value="([^"]*)"', page))
    shown.update(re.findall(r'<select name="(\w+)".*?<option value="(\w+)" selected>', page, re.S))
    return shown


def test_a_garbled_filter_shows_the_period_and_currency_its_figures_are_for(client, world):
    log_in_as(client, "fundraising")
    query = {"start": "hello", "end": "2026-13-45", "currency": "XYZ", "by": "century"}
    response = client.get(reverse("dashboards:fundraising"), query)
    page = response.text
    period = response.context["period"]

    assert "Visar de senaste tolv månaderna i stället." in page
    assert page.count("Fyll i ett giltigt datum.") == 2
    assert (period.currency, period.grain) == ("SEK", "month")
    assert _shown_filter(page) == {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "currency": "SEK",
        "by": "month",
    }
    assert "1\xa0177\xa0kr" in page  # this month's gifts are in the last twelve months


def test_the_valid_parts_of_a_bad_filter_are_kept(client, world):
    """A bad date falls back to the last twelve months, in the currency asked for."""
    log_in_as(client, "organisation_editor", world["organisation"])
    url = reverse("dashboards:organisation", args=[world["organisation"].slug])
    response = client.get(url, {"start": "x", "currency": "EUR", "by": "week"})
    page = response.text

    assert "Visar de senaste tolv månaderna i stället." in page
    assert (response.context["period"].currency, response.context["period"].grain) == (
        "EUR",
        "week",
    )
    assert _shown_filter(page)["currency"] == "EUR" and _shown_filter(page)["by"] == "week"
    assert "0\xa0€" in page and "400\xa0kr" not in page  # the gifts were in kronor


def test_our_dashboard_link_keeps_the_filter(client, world):
    query = "start=2026-01-01&end=2026-03-31&currency=EUR&by=week"
    log_in_as(client, "organisation_editor", world["organisation"])
    response = client.get(f"{reverse('dashboards:mine')}?{query}")
    slug = world["organisation"].slug
    assert response["Location"] == f"{reverse('dashboards:organisation', args=[slug])}?{query}"

    log_in_as(client, "fundraising")
    response = client.get(f"{reverse('dashboards:mine')}?{query}")
    assert response["Location"] == f"{reverse('dashboards:fundraising')}?{query}"


def test_a_period_longer_than_a_year_is_compared_with_the_same_dates_further_back(client, world):
    log_in_as(client, "fundraising")
    page = client.get(
        reverse("dashboards:fundraising"),
        {"start": "2024-01-01", "end": "2025-12-31", "by": "month"},
    ).text
    assert (
        "Jämfört med samma datum 2 år tidigare, 1 januari 2022 – 31 december 2023: samma "
        "period förra året skulle överlappa den här." in page
    )
    assert "2 år tidigare" in page

    page = client.get(
        reverse("dashboards:fundraising"),
        {"start": "2025-01-01", "end": "2025-12-31", "by": "month"},
    ).text
    assert "Jämfört med samma period förra året, 1 januari 2024 – 31 december 2024." in page
    assert "Förra året" in page


def test_the_comparison_has_short_headers_and_labels_each_value_for_phones(client, world):
    log_in_as(client, "fundraising")
    page = client.get(reverse("dashboards:fundraising")).text
    table = page.split('class="table table-sm w-auto dashboard-comparison"', 1)[1].split(
        "</table>"
    )[0]
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
    assert headers == ["", "Den här perioden", "Förra året", "Förändring"]
    assert table.count('data-label="Den här perioden"') == 6
    assert table.count('data-label="Förändring"') == 2  # only the figures with a change


def test_the_dashboard_is_in_english_under_en(client, world):
    log_in_as(client, "fundraising")
    assert reverse("dashboards:fundraising") == "/oversikt/"
    with translation.override("en"):
        url = reverse("dashboards:fundraising")
    assert url == "/en/dashboard/"
    page = client.get(url).text
    assert "Fundraising dashboard" in page and "Our campaign" in page
    assert "Insamlingsöversikt" in client.get("/oversikt/").text


def test_each_dashboard_offers_the_downloads_its_user_may_take(client, world):
    log_in_as(client, "fundraising")
    page = client.get(reverse("dashboards:fundraising")).text
    assert reverse("dashboards:export", args=["gifts", "xlsx"]) in page
    assert reverse("dashboards:export", args=["campaign-totals", "csv"]) in page

    log_in_as(client, "organisation_editor", world["organisation"])
    slug = world["organisation"].slug
    page = client.get(reverse("dashboards:organisation", args=[slug])).text
    assert reverse("dashboards:organisation-export", args=[slug, "donors", "csv"]) in page
    assert reverse("dashboards:export", args=["gifts", "csv"]) not in page


@pytest.mark.parametrize("role", ROLES)
def test_the_work_menu_offers_each_dashboard_to_whom_it_opens_for(client, world, role):
    log_in_as(client, role, world["organisation"])
    page = client.get(reverse("campaigns:home")).text
    offers_fund = f'href="{reverse("dashboards:fundraising")}"' in page
    assert offers_fund == (role in FUNDRAISING_DASHBOARD_OPENS_FOR)
    offers_exports = f'href="{reverse("dashboards:exports")}"' in page
    assert offers_exports == (role not in {"anonymous", "donor"})
    offers_ours = f'href="{reverse("dashboards:mine")}"' in page
    assert offers_ours == (
        role in {"organisation_editor", "organisation_admin", "other_organisation_admin"}
        or role == "superuser"  # holds every permission; sent to the fund's dashboard
    )


@pytest.fixture
def format_modules(settings):
    """The project's format modules (Django does not reset its cache for this setting)."""
    settings.FORMAT_MODULE_PATH = ["fundraising.formats"]
    formats.reset_format_cache()
    yield
    del settings.FORMAT_MODULE_PATH
    formats.reset_format_cache()


@pytest.mark.usefixtures("format_modules")
def test_english_dates_are_readable_with_the_projects_format_modules(client, world):
    log_in_as(client, "fundraising")
    query = {"start": "2026-01-05", "end": "2026-11-25", "by": "month"}
    with translation.override("en"):
        url = reverse("dashboards:fundraising")
        assert formats.date_format(datetime(2026, 11, 25, 21, 8), "SHORT_DATETIME_FORMAT") == (
            "25 Nov 2026 21:08"
        )
    assert "5 Jan 2026 – 25 Nov 2026" in client.get(url, query).text
    assert "5 januari 2026 – 25 november 2026" in client.get("/oversikt/", query).text
