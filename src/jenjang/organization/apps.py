from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "jenjang.organization"
    label = "organization"
