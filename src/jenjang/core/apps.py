from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jenjang.core"
    label = "core"
