"""Personnummer for the tax reduction for gifts: validated with python-stdnum, kept as
12 digits (``YYYYMMDDNNNN``) and shown to people only masked.

Coordination numbers (samordningsnummer: the day of birth plus 60) are accepted too;
Skatteverket takes them in the KU65 ``Inkomsttagare`` field. python-stdnum's
``se.personnummer`` rejects them because day 61-91 is no date, so for those the date is
checked on the day minus 60 and the Luhn check digit on the number as given."""

from __future__ import annotations

from django.utils import timezone
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.se import personnummer

COORDINATION_DAY_OFFSET = 60


class InvalidPersonnummer(ValueError):
    """Not a Swedish personnummer or coordination number."""


def normalise_personnummer(text: str) -> str:
    """``"850101-1234"``, ``"198501011234"``, ``"19850101-1234"`` → ``"198501011234"``;
    raises ``InvalidPersonnummer`` for anything else (also a birth date in the future)."""
    compact = personnummer.compact(text or "")
    if len(compact) not in (11, 13) or compact[-5] not in "-+":
        raise InvalidPersonnummer(text)
    digits = compact[:-5] + compact[-4:]
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidPersonnummer(text)
    try:
        born = personnummer.get_birth_date(_as_birth_date_number(compact))
        luhn.validate(digits[-10:])
    except ValidationError as exc:
        raise InvalidPersonnummer(text) from exc
    if born > timezone.localdate():
        raise InvalidPersonnummer(text)
    return f"{born.year // 100:02d}{digits[-10:]}"


def _as_birth_date_number(compact: str) -> str:
    """The same number with a coordination number's day turned back into a date."""
    day_at = len(compact) - 7  # the day is the two digits before "-NNNN"
    day = int(compact[day_at : day_at + 2])
    if day <= COORDINATION_DAY_OFFSET:
        return compact
    return f"{compact[:day_at]}{day - COORDINATION_DAY_OFFSET:02d}{compact[day_at + 2 :]}"


def mask_personnummer(normalised: str) -> str:
    """``"198501011234"`` → ``"19850101-xxxx"``: the birth date, never the last four."""
    return f"{normalised[:8]}-xxxx" if normalised else ""
