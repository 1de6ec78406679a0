from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "nabij.access"
    label = "access"
