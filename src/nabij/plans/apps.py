from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "nabij.plans"
    label = "plans"

    def ready(self) -> None:
        # People announces a new household; plans starts its plan (people never imports plans).
        from nabij.people.signals import household_created
        from nabij.plans.services import plan_start

        household_created.connect(plan_start, dispatch_uid="nabij.plans.plan_start")
