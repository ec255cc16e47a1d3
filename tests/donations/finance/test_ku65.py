"""KU65: per person the year's gifts of at least 200 kr after refunds, reported when they
reach 2 000 kr; everyone else listed with the reason. The XML is read back with
``xml.dom.minidom``, not the ElementTree the writer uses."""

import io
from datetime import datetime
from xml.dom import minidom
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from stdnum import luhn

from donations.donor_area import services
from donations.finance.ku65 import COMPONENT_NS, INSTANCE_NS, ku65_report, write_ku65
from donations.models import TaxReductionClaim
from tests.factories.donations import CheckoutIntentFactory, DonorFactory, GiftFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def personnummer(birth: str, serial: str) -> str:
    """A valid 12-digit number: ``birth`` YYYYMMDD, ``serial`` three digits."""
    ten = birth[2:] + serial
    return birth[:2] + ten + luhn.calc_check_digit(ten)


ANNA = personnummer("19850101", "123")
BERTIL = personnummer("19700315", "456")
CECILIA = personnummer("19920707", "789")
DAVID = personnummer("19601224", "246")


def claimed_intent(number, donor=None):
    intent = CheckoutIntentFactory(donor=donor or DonorFactory())
    TaxReductionClaim.objects.create(
        checkout_intent=intent, donor=intent.donor, personnummer=number
    )
    return intent


def gift(intent, kronor, *, refunded=0, currency="SEK", at=datetime(2026, 6, 1, 12)):
    return GiftFactory(
        donor=intent.donor if intent else DonorFactory(),
        checkout_intent=intent,
        amount_minor=int(kronor * 100),
        refunded_minor=int(refunded * 100),
        currency=currency,
        paid_at=at.replace(tzinfo=STOCKHOLM),
    )


@pytest.fixture
def year_of_gifts():
    anna = claimed_intent(ANNA)
    gift(anna, 1500)
    gift(anna, 600)
    gift(anna, 150)  # under 200 kr: left out of the sum
    gift(anna, 500, refunded=350)  # 150 kr after the refund: left out
    gift(anna, 9000, at=datetime(2025, 12, 31, 23, 59))  # another year
    gift(anna, 9000, at=datetime(2027, 1, 1, 0, 1))
    gift(claimed_intent(ANNA), 300.99)  # the same person with another checkout: summed
    bertil = claimed_intent(BERTIL)
    for month in range(1, 11):  # ten installments of 200 kr: exactly 2 000 kr
        gift(bertil, 200, at=datetime(2026, month, 28, 9))
    gift(bertil, 199.99)
    gift(claimed_intent(CECILIA), 1900)
    gift(claimed_intent(DAVID), 3000, currency="EUR")
    gift(None, 5000)  # a donor who gave no personnummer
    return {"without_number": DonorFactory._meta.model.objects.filter(tax_claims=None)}


def test_statements_sum_qualifying_gifts_per_person(year_of_gifts):
    report = ku65_report(2026)
    assert [(s.personnummer, s.amount_minor, s.gifts) for s in report.statements] == [
        (BERTIL, 200000, 10),  # in personnummer order
        (ANNA, 240099, 3),
    ]
    assert {s.personnummer: s.amount_kronor for s in report.statements} == {
        ANNA: 2400,  # öre dropped
        BERTIL: 2000,
    }


def test_everyone_left_out_is_listed_with_the_reason_and_no_whole_number(year_of_gifts):
    with translation.override("en"):
        report = ku65_report(2026)
    left_out = {item.who: item.reason.replace("\xa0", " ") for item in report.left_out}
    assert left_out[CECILIA[:8] + "-xxxx"].startswith(
        "gifts of at least SEK 200 came to SEK 1,900, below SEK 2,000"
    )
    assert "1 in another currency" in left_out[DAVID[:8] + "-xxxx"]
    (donor,) = year_of_gifts["without_number"].filter(gifts__isnull=False)
    assert left_out[f"donor {donor.pk}"] == "no personnummer given"
    assert len(left_out) == 3
    assert not any(number in str(left_out) for number in (ANNA, BERTIL, CECILIA, DAVID))


def test_a_fully_refunded_gift_does_not_count(year_of_gifts):
    intent = claimed_intent(CECILIA)
    gift(intent, 5000, refunded=5000)
    assert CECILIA not in [s.personnummer for s in ku65_report(2026).statements]


def test_money_withheld_by_a_dispute_does_not_count(year_of_gifts):
    disputed = gift(claimed_intent(BERTIL), 500)
    disputed.disputed_minor = 40000
    disputed.save(update_fields=["disputed_minor"])
    assert {s.personnummer: s.amount_kronor for s in ku65_report(2026).statements}[BERTIL] == 2000


def test_the_year_follows_swedish_time():
    intent = claimed_intent(ANNA)
    gift(intent, 2000, at=datetime(2026, 12, 31, 23, 30))  # 22:30 UTC
    gift(intent, 2000, at=datetime(2026, 1, 1, 0, 30))  # 2025-12-31 23:30 UTC
    assert [s.amount_kronor for s in ku65_report(2026).statements] == [4000]


def test_the_xml_file_as_skatteverket_reads_it(year_of_gifts, settings):
    settings.ORGANISATION_NUMBER = "802000-1234"
    settings.ORGANISATION_NAME = "Solidaritetscentret"
    stream = io.BytesIO()
    write_ku65(ku65_report(2026), stream, created=datetime(2027, 1, 20, 9, 15, tzinfo=STOCKHOLM))
    document = minidom.parseString(stream.getvalue())
    root = document.documentElement
    assert (root.namespaceURI, root.localName) == (INSTANCE_NS, "Skatteverket")
    assert root.getAttribute("omrade") == "Kontrolluppgifter"

    def texts(parent, name):
        return [node.firstChild.data for node in parent.getElementsByTagNameNS(COMPONENT_NS, name)]

    children = [node.localName for node in root.childNodes if node.nodeType == node.ELEMENT_NODE]
    assert children == ["Avsandare", "Blankettgemensamt", "Blankett", "Blankett"]
    assert texts(root, "Organisationsnummer") == ["168020001234"]
    assert texts(root, "UppgiftslamnarePersOrgnr") == ["168020001234"]
    assert texts(root, "Skapad") == ["2027-01-20T09:15:00"]
    forms = root.getElementsByTagNameNS(COMPONENT_NS, "Blankett")
    assert {form.getAttribute("nummer") for form in forms} == {"2314"}
    reported = {}
    for form in forms:
        (ku65,) = form.getElementsByTagNameNS(COMPONENT_NS, "KU65")
        assert texts(form, "Period") == texts(ku65, "Inkomstar") == ["2026"]
        assert texts(ku65, "UppgiftslamnarId") == ["168020001234"]
        assert texts(ku65, "Specifikationsnummer") == ["1"]
        fields = {
            node.localName: node.getAttribute("faltkod")
            for node in ku65.getElementsByTagNameNS(COMPONENT_NS, "*")
            if node.hasAttribute("faltkod")
        }
        assert fields == {
            "UppgiftslamnarId": "201",
            "NamnUppgiftslamnare": "202",
            "Inkomstar": "203",
            "Specifikationsnummer": "570",
            "MottagetGavobelopp": "621",
            "Inkomsttagare": "215",
        }
        (number,) = texts(ku65, "Inkomsttagare")
        (amount,) = texts(ku65, "MottagetGavobelopp")
        reported[number] = amount
    assert reported == {ANNA: "2400", BERTIL: "2000"}
    text = stream.getvalue().decode()
    assert "@" not in text.replace(settings.FINANCE_CONTACT_EMAIL, "")  # no donor emails


def test_the_command_writes_the_file_and_lists_who_is_left_out(
    year_of_gifts, settings, tmp_path, capsys
):
    settings.APPROVED_GIFT_RECIPIENT = True
    settings.FINANCE_CONTACT_EMAIL = "ekonomi@example.org"
    output = tmp_path / "ku65.xml"
    call_command("export_ku65", "--year", "2026", "--output", str(output))
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "2 KU65 statement(s) for 2026, SEK 4,400 in all" in out
    assert f"left out: {CECILIA[:8]}-xxxx: gifts of at least SEK 200 came to SEK 1,900" in out
    assert CECILIA not in out and ANNA not in out
    assert minidom.parse(str(output)).documentElement.localName == "Skatteverket"


def test_the_command_refuses_without_approval(settings, tmp_path):
    settings.APPROVED_GIFT_RECIPIENT = False
    with pytest.raises(CommandError, match="approved gift recipient"):
        call_command("export_ku65", "--year", "2026", "--output", str(tmp_path / "x.xml"))
    assert not (tmp_path / "x.xml").exists()


def test_the_command_refuses_what_the_schema_would(settings, tmp_path):
    settings.APPROVED_GIFT_RECIPIENT = True
    settings.FINANCE_CONTACT_EMAIL = "gava@localhost"
    settings.ORGANISATION_NUMBER = "12-34"
    with pytest.raises(CommandError, match=r"FINANCE_CONTACT_EMAIL .* ORGANISATION_NUMBER"):
        call_command("export_ku65", "--year", "2026", "--output", str(tmp_path / "x.xml"))


def test_the_command_says_when_it_cannot_write(settings, tmp_path):
    settings.APPROVED_GIFT_RECIPIENT = True
    settings.FINANCE_CONTACT_EMAIL = "ekonomi@example.org"
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_ku65", "--year", "2026", "--output", str(tmp_path / "no/x.xml"))


def donor_level(number, donor=None):
    """A donor whose personnummer was given in the donor area, not at a checkout."""
    donor = donor or DonorFactory()
    services.set_donor_personnummer([donor], number)
    return donor


def test_a_donor_level_number_reports_all_that_donors_qualifying_gifts():
    donor = donor_level(ANNA)
    unclaimed_checkout = CheckoutIntentFactory(donor=donor)
    for month in range(1, 4):  # a monthly gift's installments carry its checkout
        gift(unclaimed_checkout, 500, at=datetime(2026, month, 28, 9))
    gift(CheckoutIntentFactory(donor=donor), 600)
    GiftFactory(
        donor=donor,
        checkout_intent=None,
        amount_minor=40000,
        currency="SEK",
        paid_at=datetime(2026, 3, 1, tzinfo=STOCKHOLM),
    )
    gift(CheckoutIntentFactory(donor=donor), 150)  # under 200 kr: not counted
    gift(CheckoutIntentFactory(), 5000)  # another donor: not under Anna's number

    report = ku65_report(2026)

    assert [(s.personnummer, s.amount_minor, s.gifts) for s in report.statements] == [
        (ANNA, 250000, 5)
    ]
    assert len(report.left_out) == 1


def test_a_checkout_number_wins_over_the_donor_level_one_for_its_gifts():
    donor = donor_level(ANNA)
    bertil_checkout = claimed_intent(BERTIL, donor=donor)
    gift(bertil_checkout, 2000)
    gift(bertil_checkout, 300)
    gift(CheckoutIntentFactory(donor=donor), 2100)

    report = ku65_report(2026)

    assert [(s.personnummer, s.amount_minor, s.gifts) for s in report.statements] == [
        (BERTIL, 230000, 2),
        (ANNA, 210000, 1),
    ]


def test_removing_the_donor_level_number_removes_its_gifts_from_the_report():
    donor = donor_level(ANNA)
    gift(CheckoutIntentFactory(donor=donor), 3000)
    gift(claimed_intent(BERTIL, donor=donor), 2500)
    assert ANNA in [s.personnummer for s in ku65_report(2026).statements]

    services.remove_donor_personnummer([donor])

    report = ku65_report(2026)
    assert [s.personnummer for s in report.statements] == [BERTIL]
    assert report.left_out == []  # a donor with a numbered gift is not listed as without
