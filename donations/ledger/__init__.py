"""The gift ledger: what Stripe confirmed, recorded exactly once and in any order.

``gifts`` records payments (one-off gifts and monthly installments) with their
receipt numbers, ``plans`` monthly gifts, ``checkouts`` the state of a checkout,
``refunds`` money returned, ``follow_ups`` the work queued after a gift (receipts,
fees, e-cards, notices) and its recovery after a lost task."""


class NotYetRecorded(Exception):
    """An event refers to a gift or checkout we have not recorded yet (it arrived
    before the event that creates it); the event waits and is retried."""
