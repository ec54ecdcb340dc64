from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "jenjang.workforce"
    label = "workforce"
