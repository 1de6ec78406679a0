from __future__ import annotations

from django.db.models import QuerySet

from nabij.people.models import Household
from nabij.plans.models import Breakthrough, Plan, PlanChange


def plan_history(plan: Plan) -> QuerySet[PlanChange]:
    return plan.changes.select_related("changed_by").order_by("-version")


def breakthroughs(households: QuerySet[Household]) -> QuerySet[Breakthrough]:
    return (
        Breakthrough.objects.filter(household__in=households.values("pk"))
        .select_related("household", "mandated_by__user")
        .order_by("-decided_on", "-id")
    )
