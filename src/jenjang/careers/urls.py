from django.urls import path

from . import views

app_name = "careers"
urlpatterns = [
    path("", views.due_lists, name="due_lists"),
    path("ekspor/<str:kind>.xlsx", views.due_list_export, name="due_list_export"),
]
