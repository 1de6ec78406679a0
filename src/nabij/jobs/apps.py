from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "nabij.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # django-tasks-db registers its task rows in the admin; in Nabij they are the worker's
        # plumbing (the job page shows a job to whoever started it), not the administrator's.
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
