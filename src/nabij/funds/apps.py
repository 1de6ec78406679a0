from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "nabij.funds"
    label = "funds"
