"""Bilingual content stored as <field>_sv / <field>_en columns."""

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
