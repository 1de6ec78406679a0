from django.urls import URLPattern, path

from nabij.costs import views_imports

urlpatterns: list[URLPattern] = [
    path("kosten/importeren/", views_imports.import_upload, name="import_upload"),
]
