from django.urls import path

from jenjang.personnel.views import employee_list

app_name = "rules"
urlpatterns = [path("", employee_list, name="rule_list")]
