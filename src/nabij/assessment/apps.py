from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "nabij.assessment"
    label = "assessment"
