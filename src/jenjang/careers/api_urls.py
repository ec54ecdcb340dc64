"""/api/v1/careers/ (included by jenjang.config.api_urls)."""

from django.urls import path

from . import api

urlpatterns = [
    path("patterns/", api.PatternListApi.as_view(), name="api-careers-patterns"),
    path("patterns/<int:pk>/", api.PatternDetailApi.as_view(), name="api-careers-pattern"),
    path("patterns/<int:pk>/nodes/", api.PatternNodeCreateApi.as_view(), name="api-careers-pattern-nodes"),
    path("patterns/<int:pk>/nodes/<int:node_pk>/", api.PatternNodeApi.as_view(), name="api-careers-pattern-node"),
    path("patterns/<int:pk>/edges/", api.PatternEdgeCreateApi.as_view(), name="api-careers-pattern-edges"),
    path("patterns/<int:pk>/edges/<int:edge_pk>/", api.PatternEdgeApi.as_view(), name="api-careers-pattern-edge"),
    path("me/", api.MyCareerApi.as_view(), name="api-careers-me"),
    path("employees/<int:pk>/", api.EmployeeCareerApi.as_view(), name="api-careers-employee"),
    path("idp/", api.IdpProposeApi.as_view(), name="api-careers-idp"),
    path("idp/<int:pk>/decision/", api.IdpDecideApi.as_view(), name="api-careers-idp-decision"),
    path("idp/<int:pk>/completion/", api.IdpCompleteApi.as_view(), name="api-careers-idp-completion"),
    path("due-lists/<str:kind>/", api.DueListApi.as_view(), name="api-careers-due-list"),
    path("warnings/", api.WarningListApi.as_view(), name="api-careers-warnings"),
    path("warnings/<int:pk>/", api.WarningFollowUpApi.as_view(), name="api-careers-warning"),
]
