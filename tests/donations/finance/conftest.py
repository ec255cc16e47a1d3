import pytest

from tests.donations.finance.emulated import EmulatedStripe


@pytest.fixture
def stripe(stripe_emulator_server, deliver):
    return EmulatedStripe(stripe_emulator_server, deliver)
