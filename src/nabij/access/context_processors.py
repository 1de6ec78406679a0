from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from nabij.access.models import Professional


def nabij(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's profile for the navigation, fetched once per request."""
    professional = None
    if getattr(request, "_nabij_resident_account", None) is not None:  # a resident's session
        return {"current_professional": None}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        professional = getattr(request, "_nabij_professional", None)
        if professional is None:
            professional = (
                Professional.objects.select_related("team", "organisation")
                .filter(user=request.user)
                .first()
            )
    return {"current_professional": professional}
