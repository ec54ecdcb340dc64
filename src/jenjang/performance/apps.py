from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "jenjang.performance"
    label = "performance"
