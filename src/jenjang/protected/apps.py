from django.apps import AppConfig


class ProtectedConfig(AppConfig):
    name = "jenjang.protected"
    label = "protected"
