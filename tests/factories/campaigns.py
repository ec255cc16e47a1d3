import datetime

import factory

from campaigns.models import (
    Campaign,
    CampaignStatus,
    Country,
    MemberOrganisation,
    OrganisationMembership,
    Programme,
    Region,
    SuggestedAmount,
    Theme,
)

from .accounts import EnrolledUserFactory, UserFactory


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"region-{n}")
    name_sv = factory.Sequence(lambda n: f"Region {n}")
    name_en = factory.Sequence(lambda n: f"Region {n} (en)")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    name_sv = factory.Sequence(lambda n: f"Landet {n}")
    name_en = factory.Sequence(lambda n: f"Country {n}")
    region = factory.SubFactory(RegionFactory)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_sv = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"programme-{n}")
    title_sv = factory.Sequence(lambda n: f"Programmet {n}")
    title_en = factory.Sequence(lambda n: f"Programme {n}")
    summary_sv = "Fackligt stöd till partnerorganisationer."
    summary_en = "Trade union support to partner organisations."
    region = factory.SubFactory(RegionFactory)
    starts_on = datetime.date(2024, 1, 1)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            self.countries.set(extracted or [CountryFactory(region=self.region)])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class MemberOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberOrganisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Förbundet {n}")
    kind = MemberOrganisation.Kind.TRADE_UNION


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"campaign-{n}")
    title_sv = factory.Sequence(lambda n: f"Kampanj {n}")
    title_en = factory.Sequence(lambda n: f"Campaign {n}")
    summary_sv = "Stöd facklig organisering."
    summary_en = "Support union organising."
    story_sv = "En berättelse om solidaritet."
    story_en = "A story of solidarity."
    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(MemberOrganisationFactory)
    goal_minor = 10_000_000
    currency = "SEK"
    starts_on = datetime.date(2025, 1, 1)
    status = CampaignStatus.PUBLISHED
    suggested_amounts = factory.LazyAttribute(
        lambda campaign: [
            SuggestedAmount(amount_minor=amount).as_json()
            for amount in campaign.suggested_amounts_minor
        ]
    )
    allows_monthly = True

    class Params:
        # Amounts without impact lines: ``CampaignFactory(suggested_amounts_minor=[100, 250])``.
        suggested_amounts_minor = (10000, 25000, 50000)
        draft = factory.Trait(status=CampaignStatus.DRAFT)
        in_review = factory.Trait(status=CampaignStatus.IN_REVIEW)
        closed = factory.Trait(status=CampaignStatus.CLOSED)


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(MemberOrganisationFactory)


class OrganisationStaffFactory(OrganisationMembershipFactory):
    """A member organisation's editor (``role=...ADMIN`` for its administrator),
    enrolled in two factors as organisation staff must be."""

    user = factory.SubFactory(EnrolledUserFactory)
    role = OrganisationMembership.Role.EDITOR
