from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "jenjang.performance"
    label = "performance"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the period-close job kind)
