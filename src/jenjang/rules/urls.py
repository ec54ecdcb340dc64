"""/rules/: the rule explorer and the parameter pages."""

from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("", views.rule_list, name="rule_list"),
    path("parameter/<str:name>/", views.parameter_detail, name="parameter_detail"),
    path("<str:name>/", views.rule_detail, name="rule_detail"),
    path("<str:name>/evaluate", views.rule_evaluate_view, name="rule_evaluate"),
]
