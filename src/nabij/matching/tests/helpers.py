"""A small register for tests outside this app (the OpenAPI and robustness tests)."""

from __future__ import annotations

from nabij.matching import services
from nabij.matching.tests.conftest import actor_of, willem_and_jesse
from nabij.tests import factories as f


def sample_register(world) -> dict[str, int]:
    """Two neighbours and their swap, proposed by one run; their ids by parameter name."""
    willem, _jesse = willem_and_jesse(world.broker, f.NeighbourhoodFactory())
    run = services.run_matching(actor=actor_of(world.broker))
    proposal = run.proposal_set.get()
    return {"participant_id": willem.pk, "run_id": run.pk, "proposal_id": proposal.pk}
