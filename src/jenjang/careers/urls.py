from django.urls import path

from jenjang.personnel.views import employee_list

app_name = "careers"
urlpatterns = [path("", employee_list, name="due_lists")]
