from django.apps import AppConfig


class CatConfig(AppConfig):
    name = "jenjang.cat"
    label = "cat"
