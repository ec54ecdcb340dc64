from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jenjang.accounts"
    label = "accounts"
