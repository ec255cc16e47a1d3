"""The outside of a Stripe event: its envelope, its object and when it was created."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ._fields import STRIPE_ID, MalformedStripeObject, Payload, _match, _timestamp

EVENT_ID = STRIPE_ID
EVENT_TYPE = re.compile(r"[a-z0-9_.]{1,100}")
API_VERSION = re.compile(r"[A-Za-z0-9_.\-]{1,40}")


@dataclass(frozen=True)
class EventEnvelope:
    """The outside of an event: what the inbox stores before anything reads the object."""

    id: str
    type: str
    api_version: str
    livemode: bool


def parse_envelope(event: Payload) -> EventEnvelope:
    """The id, type and API version of a verified event, checked for shape."""
    return EventEnvelope(
        id=_match(EVENT_ID, event.get("id"), "event id"),
        type=_match(EVENT_TYPE, event.get("type"), "event type"),
        api_version=_match(API_VERSION, event["api_version"], "API version")
        if event.get("api_version")
        else "",
        livemode=bool(event.get("livemode")),
    )


def event_object(event: Payload) -> Payload:
    """``data.object`` of an event."""
    data = event.get("data")
    obj = data.get("object") if isinstance(data, Mapping) else None
    if not isinstance(obj, Mapping):
        raise MalformedStripeObject("event without data.object")
    return obj


def event_created(event: Payload) -> datetime | None:
    """When Stripe created the event: the order that counts for snapshots."""
    return _timestamp(event.get("created"))
