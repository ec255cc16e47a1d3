import factory

from donations.models import CheckoutIntent, Donor, Frequency

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
