"""The admin app with Nabij's site; its own module, since app configs load before models."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class NabijAdminConfig(AdminConfig):
    """Makes ``NabijAdminSite`` the default ``admin.site`` and drops Django's user and group
    screens and django-otp's device screens, whichever app registered them first: an
    administrator neither sets passwords nor reads or resets someone's second factor. The DigiD
    library's screens (its configuration, certificates, mock users) go too: DigiD is configured
    from the environment (``nabij manage digid_configure``), never by hand in a browser."""

    default_site = "nabij.access.admin_site.NabijAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib.auth.models import Group, User
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for model in (User, Group, TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
        for model in list(admin.site._registry):
            if model._meta.app_label in ("digid_eherkenning", "simple_certmanager"):
                admin.site.unregister(model)
