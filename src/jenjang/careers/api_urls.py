"""/api/v1/careers/ (included by jenjang.config.api_urls)."""

from django.urls import path

from . import api

urlpatterns = [
    path("patterns/", api.PatternListApi.as_view(), name="api-careers-patterns"),
    path("patterns/<int:pk>/", api.PatternDetailApi.as_view(), name="api-careers-pattern"),
    path("me/", api.MyCareerApi.as_view(), name="api-careers-me"),
    path("employees/<int:pk>/", api.EmployeeCareerApi.as_view(), name="api-careers-employee"),
    path("idp/", api.IdpProposeApi.as_view(), name="api-careers-idp"),
    path("idp/<int:pk>/decision/", api.IdpDecideApi.as_view(), name="api-careers-idp-decision"),
    path("due-lists/<str:kind>/", api.DueListApi.as_view(), name="api-careers-due-list"),
    path("warnings/", api.WarningListApi.as_view(), name="api-careers-warnings"),
    path("warnings/<int:pk>/", api.WarningFollowUpApi.as_view(), name="api-careers-warning"),
]
