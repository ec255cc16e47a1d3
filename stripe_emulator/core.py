"""The emulator's shared context: state, settings, and event emission."""

from __future__ import annotations

import copy
from contextvars import ContextVar
from typing import Any

from stripe_emulator import objects
from stripe_emulator.objects import Obj
from stripe_emulator.store import Store
from stripe_emulator.webhooks import WebhookDispatcher

DEFAULT_API_VERSION = "2026-10-28.endive"
"""The version the pinned ``stripe`` SDK (16.1.0) sends; events are rendered for it."""

NO_REQUEST: Obj = {"id": None, "idempotency_key": None}

current_request: ContextVar[Obj] = ContextVar("current_request", default=NO_REQUEST)
"""The API request being handled, recorded in the ``request`` field of the events it causes.
Actions on the hosted pages and control endpoints leave it empty, as Stripe does for events
that no API call of yours caused."""


class Emulator:
    def __init__(
        self,
        *,
        public_url: str,
        dispatcher: WebhookDispatcher,
        api_version: str = DEFAULT_API_VERSION,
    ) -> None:
        self.store = Store()
        self.public_url = public_url.rstrip("/")
        self.api_version = api_version
        self.dispatcher = dispatcher

    def url(self, path: str) -> str:
        return self.public_url + path

    def emit(self, event_type: str, obj: Obj, previous: Obj | None = None) -> Obj:
        """Record an event with a snapshot of ``obj`` and queue it for webhook delivery.

        ``previous`` is the object before the change; the event then carries
        ``previous_attributes`` holding only what changed.
        """
        event = objects.event(
            event_type,
            obj,
            previous_attributes(previous, obj) if previous is not None else None,
            api_version=self.api_version,
            pending_webhooks=len(self.dispatcher.urls),
            request=dict(current_request.get()),
        )
        self.store.add(event)
        self.dispatcher.enqueue(event)
        return event

    def resend(self, event: Obj) -> None:
        event["pending_webhooks"] += len(self.dispatcher.urls)
        self.dispatcher.enqueue(event)

    def reset(self) -> None:
        """Forget all objects and events, and drop deliveries not yet made."""
        self.store.reset()
        self.dispatcher.clear()

    def mark_delivered(self, event_id: str) -> None:
        with self.store.lock:
            event = self.store.get(event_id)
            if event is not None and event["pending_webhooks"] > 0:
                event["pending_webhooks"] -= 1


def previous_attributes(before: Obj, after: Obj) -> Obj:
    """The old values of the fields that changed, recursing into nested hashes like Stripe.

    Keys that were added get ``None``; removed keys get their old value; lists are reported whole.
    """
    changed: dict[str, Any] = {}
    for key in {**before, **after}:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            changed[key] = previous_attributes(old, new)
        else:
            changed[key] = copy.deepcopy(old)
    return changed
