from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/status/", views.job_status, name="status"),
]
