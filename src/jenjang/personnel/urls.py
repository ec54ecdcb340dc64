from django.urls import path

from . import views

app_name = "personnel"
urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("impor/", views.import_view, name="import"),
    path("koreksi/", views.correction_list, name="correction_list"),
]
