"""The admin app with Nabij's site; its own module, since app configs load before models."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class NabijAdminConfig(AdminConfig):
    """Makes ``NabijAdminSite`` the default ``admin.site`` and drops Django's user and group
    screens, whichever app registered them first."""

    default_site = "nabij.access.admin_site.NabijAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib.auth.models import Group, User

        for model in (User, Group):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
