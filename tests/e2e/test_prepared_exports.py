"""Your exports in a browser: an XLSX asked for on the dashboard waits on the list,
which shows its download once the task has built it, without reloading the page,
under the Content-Security-Policy and with no serious accessibility problem."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from donations.dashboards import prepared
from tests.donations.dashboards.conftest import counted_gift
from tests.e2e.test_content_security_policy import log_in, violations  # noqa: F401
from tests.factories.accounts import FundraisingStaffFactory
from tests.factories.campaigns import CampaignFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
RUN_AXE = "async () => (await axe.run(document)).violations"


def test_the_list_shows_the_download_once_the_file_is_built(
    page,
    live_server,
    violations,  # noqa: F811
    monkeypatch,
):
    queued: list[int] = []
    monkeypatch.setattr(prepared, "_queue", queued.append)  # the worker is "busy"
    counted_gift(campaign=CampaignFactory(), amount_minor=25000, paid_at=timezone.now())
    log_in(page, live_server, FundraisingStaffFactory())
    page.add_init_script(path=str(AXE))

    page.goto(f"{live_server.url}/oversikt/")
    page.locator("a[href*='/exporter/gifts.xlsx']").click()
    page.wait_for_url(re.compile(r".*/oversikt/mina-exporter/$"))
    page.get_by_text("Väntar…").wait_for()
    page.evaluate("window.notReloaded = true")
    serious = [v for v in page.evaluate(RUN_AXE) if v["impact"] in {"serious", "critical"}]
    assert serious == [], [f"{v['id']}: {v['help']}" for v in serious]

    prepared.build(queued.pop())
    download_link = page.get_by_role("link", name="Ladda ner XLSX")
    download_link.wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert page.get_by_text("Klar: 1 rad").is_visible()
    with page.expect_download() as download:
        download_link.click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    gifts = [(row[2], row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert gifts == [("Engångsgåva", 250)]
    assert violations == []
