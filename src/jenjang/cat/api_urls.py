from django.urls import path

from . import api

urlpatterns = [
    path("banks/", api.BankListApi.as_view(), name="cat-api-bank-list"),
    path("banks/<int:pk>/items/", api.ItemListApi.as_view(), name="cat-api-item-list"),
    path("banks/<int:pk>/items/import/", api.ItemImportApi.as_view(), name="cat-api-item-import"),
    path("banks/<int:pk>/blueprints/", api.BlueprintListApi.as_view(), name="cat-api-blueprint-list"),
    path("banks/<int:pk>/blueprints/<int:bp>/", api.BlueprintDetailApi.as_view(), name="cat-api-blueprint"),
    path("sessions/", api.SessionListApi.as_view(), name="cat-api-session-list"),
    path("sessions/<int:pk>/", api.SessionDetailApi.as_view(), name="cat-api-session"),
    path("sessions/<int:pk>/participants/", api.SessionEnrolApi.as_view(), name="cat-api-enrol"),
    path("sessions/<int:pk>/results/", api.SessionResultsApi.as_view(), name="cat-api-results"),
    path("sessions/<int:pk>/integrity/", api.SessionIntegrityApi.as_view(), name="cat-api-integrity"),
    path("sessions/<int:pk>/scoreboard/", api.ScoreboardApi.as_view(), name="cat-api-scoreboard"),
    path("my/sessions/<int:pk>/start/", api.AttemptStartApi.as_view(), name="cat-api-start"),
    path("my/sessions/<int:pk>/form/", api.AttemptFormApi.as_view(), name="cat-api-form"),
    path("my/sessions/<int:pk>/finish/", api.AttemptFinishApi.as_view(), name="cat-api-finish"),
    path("my/sessions/<int:pk>/score/", api.AttemptScoreApi.as_view(), name="cat-api-score"),
    path("attempts/<int:pk>/answers/", api.AnswerApi.as_view(), name="cat-api-answer"),
]
