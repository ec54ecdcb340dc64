"""/api/v1: every app's API routes, collected in one place."""

from django.urls import include, path

urlpatterns = [
    path("rules/", include("jenjang.rules.api_urls")),
    path("", include("jenjang.personnel.api_urls")),
    path("", include("jenjang.organization.api_urls")),
    path("auth/", include("jenjang.accounts.api_urls")),
    path("jobs/", include("jenjang.jobs.api_urls")),
    path("careers/", include("jenjang.careers.api_urls")),
    path("notifications/", include("jenjang.notifications.api_urls")),
    path("performance/", include("jenjang.performance.api_urls")),
    path("talent/", include("jenjang.talent.api_urls")),
    path("workforce/", include("jenjang.workforce.api_urls")),
    path("selection/", include("jenjang.selection.api_urls")),
    path("cat/", include("jenjang.cat.api_urls")),
]
