"""Stripe's webhooks, the source of truth: ``inbox`` stores each verified event once
and acknowledges it, ``dispatch`` processes stored events (each failure kept on its
event, retried, replayable), ``handlers`` maps each event type we read to the ledger."""
