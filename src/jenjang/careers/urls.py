from django.urls import path

from . import my_views, pattern_views, views, warning_views

app_name = "careers"
urlpatterns = [
    path("", views.due_lists, name="due_lists"),
    path("ekspor/<str:kind>.xlsx", views.due_list_export, name="due_list_export"),
    path("pola/", pattern_views.pattern_list, name="pattern_list"),
    path("pola/<int:pk>/", pattern_views.pattern_detail, name="pattern_detail"),
    path("pola/<int:pk>/ubah/", pattern_views.pattern_edit, name="pattern_edit"),
    path("saya/", my_views.my_career_page, name="my_career"),
    path("pegawai/<int:pk>/", my_views.employee_career, name="employee_career"),
    path("idp/", my_views.idp_pending, name="idp_pending"),
    path("idp/<int:pk>/<str:step>/", my_views.idp_action, name="idp_action"),
    path("peringatan/", warning_views.warning_list, name="warning_list"),
]
