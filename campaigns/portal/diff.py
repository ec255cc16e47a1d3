"""What changed since a campaign's last approved version, field by field, for the review.

Texts are compared word by word: the text before with removed words in ``<del>``, the
text after with added words in ``<ins>``, side by side; other fields as their value before
and after, written as the pages write them. Line endings are compared as LF (a
textarea sends CRLF), so retyping a text unchanged is not a change."""

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, normalize_newlines
from django.utils.translation import gettext as _

from fundraising.money import format_money

from ..models import Campaign
from .models import EDITABLE_FIELDS

TEXT_FIELDS = ("title_sv", "title_en", "summary_sv", "summary_en", "story_sv", "story_en")
IMAGE = "hero_image"
WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class TextDiff:
    """Both sides of a word diff, escaped: ``before`` with the removed words in ``<del>``,
    ``after`` with the added words in ``<ins>``."""

    before: SafeString
    after: SafeString


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    text_diff: TextDiff | None = None


def text_diff(before: str, after: str) -> TextDiff:
    """The words removed from ``before`` and added in ``after``, each marked with a
    visually hidden "Removed:"/"Added:" so they are told apart without colour."""
    removed: list[str] = []
    added: list[str] = []
    for changed, old, new in _runs(WORDS.findall(before), WORDS.findall(after)):
        if not changed:
            removed.append(escape(old))
            added.append(escape(new))
            continue
        if old:
            removed.append(_marked("del", _("Removed:"), old))
        if new:
            added.append(_marked("ins", _("Added:"), new))
    return TextDiff(mark_safe("".join(removed)), mark_safe("".join(added)))  # escaped above


def _runs(old: list[str], new: list[str]) -> list[tuple[bool, str, str]]:
    """``(changed, old text, new text)`` runs; only whitespace between two changes counts
    as changed, so a rewritten phrase is marked once rather than word by word."""
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    runs: list[tuple[bool, str, str]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        inside = 0 < index < len(opcodes) - 1
        changed = tag != "equal" or (inside and "".join(old[i1:i2]).isspace())
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if changed and runs and runs[-1][0]:
            runs[-1] = (True, runs[-1][1] + removed, runs[-1][2] + added)
        else:
            runs.append((changed, removed, added))
    return runs


def _marked(tag: str, label: str, words: str) -> SafeString:
    html = '<{tag}><span class="visually-hidden">{label} </span>{words}</{tag}>'
    return format_html(html, tag=mark_safe(tag), label=label, words=words)


def _label(field: str) -> str:
    """The field's name as the editor calls it; money is shown formatted, not in öre."""
    labels = {
        IMAGE: _("Hero image"),
        "goal_minor": _("Goal"),
        "suggested_amounts": _("Suggested amounts"),
    }
    if field in labels:
        return labels[field]
    return capfirst(str(Campaign._meta.get_field(field).verbose_name))


def _shown(field: str, value: Any, currency: str) -> str:
    """A value written for people: names, money, dates, yes/no; text with LF line endings."""
    if value in (None, "", []):
        return ""
    if field in ("countries", "themes"):
        return ", ".join(sorted(str(item) for item in value))
    if field == "goal_minor":
        return format_money(value, currency)
    if field in ("starts_on", "ends_on"):
        return date_format(value)
    if field == "allows_monthly":
        return _("Yes") if value else _("No")
    if field == "suggested_amounts":
        return "; ".join(_amount_line(item, currency) for item in value)
    return normalize_newlines(str(value))


def _amount_line(item: dict[str, Any], currency: str) -> str:
    impacts = " / ".join(text for text in (item["impact_sv"], item["impact_en"]) if text)
    amount = format_money(item["amount_minor"], currency)
    return f"{amount} ({impacts})" if impacts else amount


def field_changes(
    before: dict[str, Any], after: dict[str, Any], *, currency: str
) -> list[FieldChange]:
    """Every field whose value differs between two sets of decoded values (``before``
    empty for a campaign never approved). ``hero_image`` holds an image's address."""
    changes = []
    for field in (*EDITABLE_FIELDS, IMAGE):
        old = _shown(field, before.get(field), before.get("currency", currency))
        new = _shown(field, after.get(field), currency)
        if old == new:
            continue
        diff = text_diff(old, new) if field in TEXT_FIELDS and old else None
        changes.append(FieldChange(field, _label(field), old, new, diff))
    return changes
