"""Closing the vote of a neighbourhood budget round as a background job: counting the ballots
under every rule (mes-add1 takes seconds at large ballot counts) leaves the web request.

The page checks the version and the phase first (a stale page still gets its 409); the worker
then closes the vote through ``services_rounds.round_advance``, in its one transaction. A try
after a worker stopped finds the round already closed at the next version and only finishes the
job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from nabij.access import gate
from nabij.budgets import services_rounds
from nabij.budgets.models import BudgetRound, Phase
from nabij.core.errors import ConflictError, DomainError

if TYPE_CHECKING:
    from nabij.jobs.models import Job
    from nabij.jobs.services import JobContext


def close_vote(job: Job, ctx: JobContext) -> None:
    from nabij.jobs.services import JobFailed

    p = job.params
    budget_round = BudgetRound.objects.select_related("district").filter(pk=p["round_id"]).first()
    if budget_round is None:
        raise JobFailed(_("This round no longer exists."))
    url = reverse("budgets:round_manage", args=[budget_round.district.code, budget_round.pk])
    closed_here = budget_round.phase == Phase.RESULTS and budget_round.version == p["version"] + 1
    if not closed_here:
        ctx.progress(0, 1, _("Counting the ballots"))
        try:
            services_rounds.round_advance(
                actor=ctx.actor,
                budget_round=budget_round,
                expected_version=p["version"],
                to=Phase.RESULTS,
            )
        except (ConflictError, DomainError) as exc:
            raise JobFailed(str(exc)) from exc
        except gate.AccessDenied as exc:
            raise JobFailed(_("You may no longer close this vote.")) from exc
    ctx.complete({"round_id": budget_round.pk}, url)
