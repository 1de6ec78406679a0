"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from nabij.access.models import Assignment, DistrictTeam, Organisation, Professional, Role
from nabij.areas.models import Address, District, Municipality, Neighbourhood
from nabij.people.models import Household, Membership, NetworkMember, Resident
from nabij.plans.models import Plan


def bsn_from_seed(seed: int) -> str:
    """A valid BSN, unique per seed: seven digits from the seed, the eighth chosen so that the
    11-test yields a check digit below ten."""
    head7 = f"{(1_000_000 + seed) % 10_000_000:07d}"
    for eighth in "0123456789":
        head = head7 + eighth
        check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return head + str(check)
    raise ValueError(seed)  # unreachable: the eighth digit's weight 2 reaches every remainder


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "GM0080"
    name = "Leeuwarden"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"WK0080{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")
    inhabitants = 5000


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    # District digits 90-99: no real Leeuwarden neighbourhood has them, so a world built after
    # the real areas were imported (``leeuwarden_load``) never repeats a real code.
    code = factory.Sequence(lambda n: f"BU00809{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")
    inhabitants_estimate = 1000


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    postcode = factory.Sequence(lambda n: f"89{n % 100:02d} AB")
    street = "Heechterp"
    house_number = factory.Sequence(lambda n: n + 1)
    city = "Leeuwarden"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.WELFARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictTeam

    name = factory.Sequence(lambda n: f"Wijkteam {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Tester"
    # Hashed before the insert, with the hasher the tests configure (MD5 for speed).
    password = factory.django.Password("correct-horse-battery")


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    user = factory.SubFactory(UserFactory)
    role = Role.PROFESSIONAL
    organisation = factory.LazyAttribute(
        lambda o: o.team.organisation if o.team else OrganisationFactory()
    )
    team = factory.SubFactory(TeamFactory)

    class Params:
        coordinator = factory.Trait(role=Role.TEAM_COORDINATOR)
        broker = factory.Trait(role=Role.SOCIAL_BROKER, team=None)
        analyst = factory.Trait(role=Role.POLICY_ANALYST, team=None)
        administrator = factory.Trait(role=Role.ADMINISTRATOR, team=None)
        referrer = factory.Trait(role=Role.REFERRER, team=None)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    first_name = factory.Sequence(lambda n: f"Inwoner{n}")
    last_name = "Jansen"
    date_of_birth = dt.date(1985, 5, 17)
    bsn = factory.Sequence(lambda n: bsn_from_seed(n + 1))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Huishouden {n}")
    address = factory.SubFactory(AddressFactory)
    neighbourhood = factory.LazyAttribute(lambda o: o.address.neighbourhood)
    team = factory.SubFactory(TeamFactory)
    plan = factory.RelatedFactory(
        "nabij.tests.factories.PlanFactory", factory_related_name="household"
    )


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    household = factory.SubFactory(HouseholdFactory, plan=None)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    household = factory.SubFactory(HouseholdFactory)
    resident = factory.SubFactory(ResidentFactory)
    role = Membership.Role.HEAD
    started_on = dt.date(2020, 1, 1)


class NetworkMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMember

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"Buurman {n}")
    relation = NetworkMember.Relation.NEIGHBOUR
    can_do = "Boodschappen doen"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    household = factory.SubFactory(HouseholdFactory)
    professional = factory.SubFactory(ProfessionalFactory)
    kind = Assignment.Kind.COORDINATOR
    started_on = dt.date(2024, 1, 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.Indicator"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Indicator{n}")
    name = factory.LazyAttribute(lambda o: o.code)
    unit = "%"
    decimals = 1
    question = "work"
    direction = "lower_better"


class IndicatorImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.IndicatorImport"

    table_id = "85984NED"
    period = 2024
    format = "odata"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """A current value; pass ``batch`` to put several values in one import."""

    class Meta:
        model = "outcomes.IndicatorValue"

    indicator = factory.SubFactory(IndicatorFactory)
    area_code = "WK008010"
    area_level = factory.LazyAttribute(lambda o: _area_level(o.area_code))
    period = 2024
    value = 10
    quality = "final"
    batch = factory.SubFactory(IndicatorImportFactory, period=factory.SelfAttribute("..period"))


def _area_level(code: str) -> str:
    from nabij.outcomes.models import area_level_of

    level = area_level_of(code)
    assert level is not None, code
    return str(level)
