"""In-memory state of the emulator.

All Stripe objects live in one dict keyed by id (ids are globally unique thanks to their
prefixes), in creation order. Callers hold :attr:`Store.lock` for the whole of an operation, so
each API request is applied atomically and its events are queued in a consistent order.
"""

from __future__ import annotations

import threading
from typing import Any

from stripe_emulator.errors import no_such
from stripe_emulator.objects import Obj, new_id


class Store:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        self.objects: dict[str, Obj] = {}
        self.idempotent_responses: dict[str, Any] = {}
        self.card_numbers: dict[str, str] = {}
        """Test card number behind each payment method id (decides how later charges go)."""
        self.checkout_setup: dict[str, Obj] = {}
        """Per checkout session: its line items and the ``*_data`` params applied on payment."""
        self.pending_authentications: dict[str, Any] = {}
        """Hosted-page payments waiting at the 3D Secure step, by attempt token."""
        self.payout_transactions: dict[str, list[str]] = {}
        """Balance transaction ids settled by each payout."""
        self.deleted: dict[str, Obj] = {}
        """Stubs of deleted objects (``{"id", "object", "deleted": true}``), by id."""
        self.portal_configuration = new_id("bpc")
        self.bank_account = new_id("ba")

    def add(self, obj: Obj) -> Obj:
        self.objects[obj["id"]] = obj
        return obj

    def delete(self, obj: Obj) -> Obj:
        """Forget ``obj``; returns the stub Stripe answers a deletion with."""
        del self.objects[obj["id"]]
        stub = {"id": obj["id"], "object": obj["object"], "deleted": True}
        self.deleted[obj["id"]] = stub
        return stub

    def get(self, object_id: str) -> Obj | None:
        return self.objects.get(object_id)

    def fetch(self, object_type: str, object_id: str, *, param: str | None = None) -> Obj:
        """The object, or Stripe's ``resource_missing`` (404 in the URL, 400 as a param)."""
        obj = self.objects.get(object_id)
        if obj is None or obj["object"] != object_type:
            raise no_such(object_type, object_id, param=param)
        return obj

    def all(self, object_type: str) -> list[Obj]:
        """Objects of one type, oldest first."""
        return [obj for obj in self.objects.values() if obj["object"] == object_type]

    def events(self, event_type: str | None = None) -> list[Obj]:
        """Stored events oldest first, optionally of one type (handy in tests)."""
        return [
            event
            for event in self.all("event")
            if event_type is None or event["type"] == event_type
        ]

    def paid_out_transactions(self) -> set[str]:
        return {txn for txns in self.payout_transactions.values() for txn in txns}

    def dump(self) -> Obj:
        """Every object grouped by type, for ``GET /_emulator/state``."""
        grouped: dict[str, list[Obj]] = {}
        for obj in self.objects.values():
            grouped.setdefault(obj["object"], []).append(obj)
        return {"objects": grouped, "payout_transactions": self.payout_transactions}
