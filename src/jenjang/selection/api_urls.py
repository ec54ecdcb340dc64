from django.urls import path

from . import api

urlpatterns = [
    path("vacancies/", api.VacancyListApi.as_view(), name="selection-api-vacancy-list"),
    path("vacancies/<int:pk>/", api.VacancyDetailApi.as_view(), name="selection-api-vacancy-detail"),
    path("vacancies/<int:pk>/results/", api.ResultsApi.as_view(), name="selection-api-results"),
    path("vacancies/<int:pk>/apply/", api.ApplyApi.as_view(), name="selection-api-apply"),
    path("my/applications/", api.MyApplicationListApi.as_view(), name="selection-api-my-applications"),
    path("my/applications/<int:pk>/", api.MyApplicationDetailApi.as_view(), name="selection-api-my-application"),
    path("my/applications/<int:pk>/appeals/", api.AppealApi.as_view(), name="selection-api-appeal"),
    path("my/applications/<int:pk>/withdraw/", api.WithdrawApi.as_view(), name="selection-api-withdraw"),
    path("my/documents/", api.MyDocumentListApi.as_view(), name="selection-api-my-documents"),
    path("staff/vacancies/", api.StaffVacancyCreateApi.as_view(), name="selection-api-vacancy-create"),
    path("staff/vacancies/<int:pk>/", api.StaffVacancyEditApi.as_view(), name="selection-api-vacancy-edit"),
    path(
        "staff/vacancies/<int:pk>/applications/", api.StaffApplicationListApi.as_view(), name="selection-api-staff-apps"
    ),
    path("staff/vacancies/<int:pk>/actions/<str:action>/", api.StaffActionApi.as_view(), name="selection-api-action"),
    path("staff/vacancies/<int:pk>/cancel/", api.CancelApi.as_view(), name="selection-api-cancel"),
    path("staff/vacancies/<int:pk>/ppk-decision/", api.PpkDecisionApi.as_view(), name="selection-api-ppk"),
    path("staff/applications/<int:pk>/override/", api.OverrideApi.as_view(), name="selection-api-override"),
    path("staff/applications/<int:pk>/scores/", api.ScoreApi.as_view(), name="selection-api-score"),
    path("staff/appeals/<int:pk>/decision/", api.AppealDecideApi.as_view(), name="selection-api-appeal-decide"),
]
