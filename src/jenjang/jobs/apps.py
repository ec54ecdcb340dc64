from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jenjang.jobs"
    label = "jobs"
