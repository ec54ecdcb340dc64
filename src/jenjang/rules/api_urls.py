"""/api/v1/rules/: the rules catalogue and evaluation."""

from django.urls import path

from .api import RuleDetailApi, RuleEvaluateApi, RuleListApi

urlpatterns = [
    path("", RuleListApi.as_view(), name="rules-api-list"),
    path("<str:name>/", RuleDetailApi.as_view(), name="rules-api-detail"),
    path("<str:name>/evaluate", RuleEvaluateApi.as_view(), name="rules-api-evaluate"),
]
