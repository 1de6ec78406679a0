from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "nabij.costs"
    label = "costs"
