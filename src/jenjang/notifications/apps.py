from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "jenjang.notifications"
    label = "notifications"
