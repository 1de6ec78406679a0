from django.urls import path

from nabij.areas import views

app_name = "areas"
urlpatterns = [
    path("kaart/", views.overview, name="overview"),
]
