from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nabij.core"
    label = "core"

    def ready(self) -> None:
        from nabij.core import ids  # noqa: F401 - registers <id:...> before any URLconf is read
