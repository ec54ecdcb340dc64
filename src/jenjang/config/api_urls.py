"""/api/v1: every app's API routes, collected in one place."""

from django.urls import include, path

urlpatterns = [
    path("rules/", include("jenjang.rules.api_urls")),
    path("", include("jenjang.personnel.api_urls")),
    path("", include("jenjang.organization.api_urls")),
    path("auth/", include("jenjang.accounts.api_urls")),
    path("jobs/", include("jenjang.jobs.api_urls")),
]
