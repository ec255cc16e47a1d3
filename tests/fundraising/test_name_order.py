"""Names sorted for the page's language: case and accents ignored, å ä ö last in Swedish."""

from types import SimpleNamespace

from django.utils import translation

from fundraising.translation import sorted_by_name


def _names(*names: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(name=name) for name in names]


def test_swedish_names_sort_with_a_ring_a_umlaut_o_umlaut_last():
    with translation.override("sv"):
        rows = sorted_by_name(_names("Österrike", "Zambia", "Ärland", "Åland", "Albanien"))
    assert [row.name for row in rows] == ["Albanien", "Zambia", "Åland", "Ärland", "Österrike"]


def test_english_names_sort_ignoring_case_and_accents():
    with translation.override("en"):
        rows = sorted_by_name(_names("Zimbabwe", "eSwatini", "Åland", "Colombia", "Côte d'Ivoire"))
    assert [row.name for row in rows] == [
        "Åland",
        "Colombia",
        "Côte d'Ivoire",
        "eSwatini",
        "Zimbabwe",
    ]
