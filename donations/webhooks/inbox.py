"""Storing verified Stripe events: once each (unique on the event id), fast."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .. import stripe_gateway
from ..models import WebhookEvent
from ..stripe_records import MalformedStripeObject, parse_envelope
from .dispatch import request_event_dispatch
from .handlers import handles

InvalidEvent = MalformedStripeObject

INSERT_EVENT_SQL = f"""
    INSERT INTO {WebhookEvent._meta.db_table}
        (stripe_event_id, type, api_version, livemode, payload, status, attempts,
         last_error, received_at)
    VALUES (%s, %s, %s, %s, %s, %s, 0, '', %s)
    ON CONFLICT (stripe_event_id) DO NOTHING
    RETURNING id
"""


def initial_status(api_version: str, event_type: str) -> str:
    """Events of another API version are flagged instead of being read with the wrong
    shapes; types we do not handle are stored as ignored and never processed."""
    if api_version != stripe_gateway.pinned_api_version():
        return WebhookEvent.Status.VERSION_MISMATCH
    if not handles(event_type):
        return WebhookEvent.Status.IGNORED
    return WebhookEvent.Status.PENDING


def receive_webhook_event(raw: str, event: dict[str, Any]) -> bool:
    """Store a verified event once and see that a dispatch will process it; returns
    whether it was new. Raises ``InvalidEvent`` when its id, type or version are not
    of Stripe's shape (nothing is stored).

    One ``INSERT ... ON CONFLICT DO NOTHING`` statement (PostgreSQL and SQLite):
    the acknowledgement stays fast and a duplicate delivery costs no transaction."""
    envelope = parse_envelope(event)
    status = initial_status(envelope.api_version, envelope.type)
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_EVENT_SQL,
            [
                envelope.id,
                envelope.type,
                envelope.api_version,
                envelope.livemode,
                raw,
                status,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    if status == WebhookEvent.Status.PENDING:
        transaction.on_commit(request_event_dispatch)
    return True
