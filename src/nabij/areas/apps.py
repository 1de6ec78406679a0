from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "nabij.areas"
    label = "areas"
