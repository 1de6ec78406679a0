"""Pages of the area plans (gebiedsplan) of a district: ``/gebieden/<code>/plannen/...``."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from nabij.outcomes import views_plans as views


class YearConverter:
    """``<year:year>``: four digits, so a path never carries a number the database cannot hold."""

    regex = "[12][0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


if "year" not in get_converters():
    register_converter(YearConverter, "year")

P = "gebieden/<str:code>/plannen/"
Y = P + "<year:year>/"
urlpatterns = [
    path(P, views.area_plans, name="area_plans"),
    path(P + "nieuw/", views.area_plan_create, name="area_plan_create"),
    path(Y, views.area_plan, name="area_plan"),
    path(Y + "beschrijving/", views.area_plan_edit, name="area_plan_edit"),
    path(Y + "vaststellen/", views.area_plan_agree, name="area_plan_agree"),
    path(Y + "doelen/nieuw/", views.area_goal_add, name="area_goal_add"),
    path(Y + "doelen/<id:area_goal_id>/", views.area_goal_edit, name="area_goal_edit"),
    path(
        Y + "doelen/<id:area_goal_id>/verwijderen/",
        views.area_goal_remove,
        name="area_goal_remove",
    ),
    path(Y + "acties/nieuw/", views.area_action_add, name="area_action_add"),
    path(Y + "acties/<id:area_action_id>/", views.area_action_edit, name="area_action_edit"),
    path(
        Y + "acties/<id:area_action_id>/voortgang/",
        views.area_action_status,
        name="area_action_status",
    ),
    path(
        Y + "acties/<id:area_action_id>/verwijderen/",
        views.area_action_remove,
        name="area_action_remove",
    ),
]
