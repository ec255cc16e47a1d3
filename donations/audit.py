"""Who did what to money: staff actions on donors and financial records, kept in
Django's admin log (``LogEntry``), which staff read under *Administration → Log entries*."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models

from accounts.models import User


def record_staff_action(user: User, obj: models.Model, message: str) -> None:
    """Log an action by a staff member on one row: who, when (now), what."""
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def describe_changes(obj: models.Model, before: dict[str, Any], fields: Iterable[str]) -> str:
    """``name: "Anna" → "Anna Berg"; language: "sv" → "en"`` for the fields that changed."""
    return "; ".join(
        f"{field}: {before.get(field)!r} → {getattr(obj, field)!r}" for field in fields
    )
