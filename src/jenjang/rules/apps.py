from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "jenjang.rules"
    label = "rules"
