from django.urls import path

from jenjang.core.api_views import AuditLogListApi, MeApi

from . import api
from .serializers import HISTORIES

urlpatterns = [
    path("employees/", api.EmployeeListApi.as_view(), name="api-employee-list"),
    path("employees/<int:pk>/", api.EmployeeDetailApi.as_view(), name="api-employee-detail"),
    path("employees/<int:employee_id>/documents/", api.DocumentListApi.as_view(), name="api-document-list"),
    path(
        "employees/<int:employee_id>/documents/<int:pk>/download/",
        api.DocumentDownloadApi.as_view(),
        name="api-document-download",
    ),
    # Core endpoints, routed here until config/api_urls.py includes jenjang.core.api_views itself.
    path("me/", MeApi.as_view(), name="api-me"),
    path("audit/", AuditLogListApi.as_view(), name="api-audit"),
]

for segment in HISTORIES:
    urlpatterns += [
        path(
            f"employees/<int:employee_id>/{segment}/",
            api.HistoryListApi.as_view(segment=segment),
            name=f"api-history-{segment}",
        ),
        path(
            f"employees/<int:employee_id>/{segment}/<int:pk>/",
            api.HistoryDetailApi.as_view(segment=segment),
            name=f"api-history-{segment}-detail",
        ),
    ]
