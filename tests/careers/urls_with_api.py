"""The project's URLs plus /api/v1/careers/ (until jenjang.config.api_urls includes careers' api_urls)."""

from django.urls import include, path

from jenjang.config.urls import urlpatterns as project

urlpatterns = [path("api/v1/careers/", include("jenjang.careers.api_urls")), *project]
