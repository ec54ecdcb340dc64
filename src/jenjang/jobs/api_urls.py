from django.urls import path

from .api import JobDetailApi

urlpatterns = [
    path("<uuid:pk>/", JobDetailApi.as_view(), name="api-job-detail"),
]
