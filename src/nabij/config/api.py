"""The REST API under /api/v1/: token auth, problem+json errors, routers from each app."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from nabij.access import services as access_services
from nabij.access.gate import AccessDenied, NotFound
from nabij.core.errors import ConflictError, DomainError
from nabij.core.problems import problem_response

logger = logging.getLogger("nabij.api")


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = access_services.api_token_user(token)
        if user is None:
            return None
        request.user = user  # type: ignore[assignment]
        return user


# The problems the API itself sends whatever the handler declares (see the handlers below).
_ALWAYS = {
    401: "Unauthorized: no valid token",
    422: "Invalid input: a parameter or the body does not match this document",
}
_WITH_PATH_ID = {404: "Not found"}
_WITH_BODY = {400: "Bad request: the body is not JSON"}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


class NabijAPI(NinjaAPI):
    """Documents error responses with the media type they are sent with (RFC 9457), and every
    status the API really answers: 401 without a valid token, 422 for input that does not fit
    (any parameter or body), 400 for a body that is not JSON, 404 for an operation on a path
    id. Schemathesis (tests/test_schemathesis.py) holds the API to this document."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, response in responses.items():
                    content = response.get("content", {})
                    if str(code)[0] in "45" and "application/json" in content:
                        response["content"] = {
                            "application/problem+json": content["application/json"]
                        }
                added = dict(_ALWAYS) if operation.get("security") else {}
                if not operation.get("parameters") and "requestBody" not in operation:
                    added.pop(422, None)
                if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                    added.update(_WITH_PATH_ID)
                if "requestBody" in operation:
                    added.update(_WITH_BODY)
                for code, description in added.items():
                    if str(code) not in responses and code not in responses:
                        responses[code] = _problem(description)
                operation["responses"] = dict(
                    sorted(responses.items(), key=lambda item: str(item[0]))
                )
        return schema


api = NabijAPI(
    title="Nabij API",
    version="1",
    description=(
        "One household, one plan, one coordinator. Every call that touches personal data is "
        "checked by the access layer and written to the access log (NEN 7513). Errors are "
        "application/problem+json (RFC 9457)."
    ),
    auth=TokenAuth(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)


def _loc(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": _loc(list(e.get("loc", []))), "message": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    return problem_response(
        request,
        status=422,
        title="Invalid input",
        detail="One or more fields are invalid.",
        errors=errors,
    )


@api.exception_handler(DjangoValidationError)
def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(m)}
            for field, msgs in exc.message_dict.items()
            for m in msgs
        ]
    else:
        errors = [{"field": "body", "message": str(m)} for m in exc.messages]
    return problem_response(
        request,
        status=422,
        title="Invalid input",
        detail="One or more fields are invalid.",
        errors=errors,
    )


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem_response(
        request,
        status=422,
        title="Not allowed by the rules",
        detail=str(exc),
        errors=[{"field": exc.field, "message": str(exc)}],
    )


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return problem_response(request, status=409, title="Conflict", detail=str(exc))


@api.exception_handler(AccessDenied)
def _denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
    return problem_response(
        request,
        status=403,
        title="Forbidden",
        detail="You have no right to this data. The attempt was logged.",
    )


@api.exception_handler(NotFound)
@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(request, status=404, title="Not found")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem_response(
        request,
        status=401,
        title="Unauthorized",
        detail="Send a valid API token: Authorization: Bearer <token>.",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(request, status=exc.status_code, title=str(exc.message))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("api.unexpected_error path=%s", request.path)
    return problem_response(
        request,
        status=500,
        title="Internal error",
        detail="Something went wrong on our side; nothing was saved.",
    )


def _register_routers() -> None:
    from nabij.access.api import router as access_router
    from nabij.areas.api import router as areas_router
    from nabij.assessment.api import router as assessment_router
    from nabij.costs import api_area, api_household, api_imports
    from nabij.funds.api import router as funds_router
    from nabij.funds.api_budget import router as funds_budget_router
    from nabij.matching.api import router as matching_router
    from nabij.outcomes.api import router as outcomes_router
    from nabij.outcomes.api_plans import router as outcomes_plans_router
    from nabij.people.api import router as people_router
    from nabij.plans.api import router as plans_router
    from nabij.portal.api import router as portal_router
    from nabij.portal.api_messages import router as portal_messages_router
    from nabij.portal.api_neighbourhood import router as portal_neighbourhood_router
    from nabij.portal.api_network import router as portal_network_router
    from nabij.portal.api_plan import router as portal_plan_router
    from nabij.portal.api_rights import router as portal_rights_router
    from nabij.reports.api import router as reports_router

    api.add_router("/areas", areas_router)
    api.add_router("/", people_router)
    api.add_router("/", plans_router)
    api.add_router("/", assessment_router)
    api.add_router("/", access_router)
    api.add_router("/", api_imports.router)
    api.add_router("/", api_area.router)
    api.add_router("/", api_household.router)
    api.add_router("/", funds_router)
    api.add_router("/", funds_budget_router)
    api.add_router("/", matching_router)
    api.add_router("/", outcomes_plans_router)
    api.add_router("/", outcomes_router)
    api.add_router("/", portal_router)
    api.add_router("/", portal_plan_router)
    api.add_router("/", portal_rights_router)
    api.add_router("/", portal_network_router)
    api.add_router("/", portal_messages_router)
    api.add_router("/", portal_neighbourhood_router)
    api.add_router("/", reports_router)


_register_routers()
