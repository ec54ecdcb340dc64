from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "jenjang.personnel"
    label = "personnel"
