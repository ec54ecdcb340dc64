from django.urls import path

from jenjang.personnel.views import employee_list

app_name = "organization"
urlpatterns = [path("", employee_list, name="unit_list")]
