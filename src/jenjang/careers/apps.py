from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "jenjang.careers"
    label = "careers"
