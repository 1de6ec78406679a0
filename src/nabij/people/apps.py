from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "nabij.people"
    label = "people"
