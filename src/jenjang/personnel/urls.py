from django.urls import path

from . import views, views_import

app_name = "personnel"
urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("impor/", views_import.import_start, name="import"),
    path("impor/templat.xlsx", views_import.import_template, name="import_template"),
    path("koreksi/", views.correction_list, name="correction_list"),
]
