"""Pages of the practice library."""

from django.urls import path

from nabij.practices import views

app_name = "practices"
P = "praktijkverhalen/<id:practice_id>/"
urlpatterns = [
    path("praktijkverhalen/", views.index, name="index"),
    path("praktijkverhalen/nieuw/", views.new, name="new"),
    path(
        "praktijkverhalen/uit-doorbraak/<id:breakthrough_id>/",
        views.from_breakthrough,
        name="from_breakthrough",
    ),
    path(P, views.story, name="story"),
    path(P + "bewerken/", views.edit, name="edit"),
    path(P + "publiceren/", views.publish, name="publish"),
    path(P + "intrekken/", views.withdraw, name="withdraw"),
]
