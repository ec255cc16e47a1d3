"""A small, stateful Stripe API emulator for local development and tests.

Run it with ``python -m stripe_emulator``; embed it in tests with
:class:`stripe_emulator.server.EmulatorServer`. Only the standard library is needed.
"""
