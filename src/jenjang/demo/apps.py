from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jenjang.demo"
    label = "demo"
