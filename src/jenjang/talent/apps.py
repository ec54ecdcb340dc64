from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "jenjang.talent"
    label = "talent"
