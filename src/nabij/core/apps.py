from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nabij.core"
    label = "core"
