from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "jenjang.workforce"
    label = "workforce"

    def ready(self) -> None:
        # Registers the "workforce.matching" job kind, so a worker process finds it without import side effects.
        from . import tasks  # noqa: F401
