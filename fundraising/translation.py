"""Bilingual content stored as <field>_sv / <field>_en columns."""

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    """The active language code reduced to one we store content in."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def localized(obj: object, field: str) -> str:
    """The field in the active language, falling back to Swedish when empty."""
    value = getattr(obj, f"{field}_{current_language()}", "")
    return value or getattr(obj, f"{field}_{settings.LANGUAGE_CODE}", "")


class LocalizedText:
    """A read-only attribute giving ``<field>_sv`` or ``<field>_en`` by the active
    language: ``title = LocalizedText("title")`` on a model."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, obj: object, objtype: type | None = None) -> str:
        if obj is None:
            return self  # type: ignore[return-value]
        return localized(obj, self.field)


T = TypeVar("T")

# Swedish puts these after z, in this order; English reads them as a and o.
SWEDISH_LAST_LETTERS = {
    "å": "\U0010fff1",
    "ä": "\U0010fff2",
    "æ": "\U0010fff2",
    "ö": "\U0010fff3",
    "ø": "\U0010fff3",
}


def sort_key(text: str) -> str:
    """A key that sorts names as a reader of the active language expects: ignoring
    case and accents, with å, ä and ö after z in Swedish."""
    folded = text.casefold()
    if current_language() == "sv":
        folded = "".join(SWEDISH_LAST_LETTERS.get(letter, letter) for letter in folded)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(letter for letter in decomposed if not unicodedata.combining(letter))


def sorted_by_name(items: Iterable[T]) -> list[T]:
    """Rows with a localized ``name`` (countries, themes) in the active language's order."""
    return sorted(items, key=lambda item: sort_key(str(item.name)))
