from django.urls import URLPattern, path

from nabij.costs import views_area

urlpatterns: list[URLPattern] = [
    path("kosten/gebieden/", views_area.area, name="area"),
]
