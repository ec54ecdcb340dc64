from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "jenjang.selection"
    label = "selection"
