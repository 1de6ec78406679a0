from django.urls import path

from nabij.conversations import views

app_name = "conversations"
urlpatterns = [
    path(
        "huishoudens/<id:household_id>/berichten/",
        views.household_messages,
        name="household",
    ),
]
