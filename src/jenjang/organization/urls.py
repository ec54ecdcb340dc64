from django.urls import path

from . import views

app_name = "organization"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("jabatan/", views.position_index, name="position_list"),
]
