import factory

from donations.models import CheckoutIntent, Donor, Frequency, Gift

from .campaigns import CampaignFactory


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"donor{n}@example.org")
    name = factory.Faker("name")
    language = "sv"


class CheckoutIntentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckoutIntent

    campaign = factory.SubFactory(CampaignFactory)
    donor = factory.SubFactory(DonorFactory)
    donor_name = factory.LazyAttribute(lambda intent: intent.donor.name if intent.donor else "")
    amount_minor = 25000
    currency = "SEK"
    frequency = Frequency.ONCE
    language = "sv"
    stripe_session_id = factory.Sequence(lambda n: f"cs_test_factory_{n}")


class MonthlyCheckoutIntentFactory(CheckoutIntentFactory):
    frequency = Frequency.MONTHLY
    amount_minor = 10000


class GiftFactory(factory.django.DjangoModelFactory):
    """A paid one-off gift with a receipt number, as the ledger records it."""

    class Meta:
        model = Gift

    campaign = factory.SubFactory(CampaignFactory)
    donor = factory.SubFactory(DonorFactory)
    donor_name = factory.LazyAttribute(lambda gift: gift.donor.name)
    kind = Gift.Kind.ONCE
    amount_minor = 25000
    currency = "SEK"
    stripe_payment_intent_id = factory.Sequence(lambda n: f"pi_factory_{n}")
    receipt_year = 2026
    receipt_number = factory.Sequence(lambda n: n + 1)
