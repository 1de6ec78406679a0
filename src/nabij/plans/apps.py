from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "nabij.plans"
    label = "plans"
