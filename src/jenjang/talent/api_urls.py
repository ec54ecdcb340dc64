from django.urls import path

from . import api

urlpatterns = [
    path("competencies/", api.CompetencyListApi.as_view(), name="talent-competencies"),
    path("competencies/<int:pk>/", api.CompetencyDetailApi.as_view(), name="talent-competency"),
    path("assessments/", api.AssessmentListApi.as_view(), name="talent-assessments"),
    path("jpm/", api.JpmApi.as_view(), name="talent-jpm"),
    path("positions/<int:pk>/standards/", api.StandardApi.as_view(), name="talent-standards"),
    path("placements/", api.PlacementListApi.as_view(), name="talent-placements"),
    path("placements/<int:pk>/moves/", api.MoveApi.as_view(), name="talent-placement-move"),
    path("map-runs/", api.MapRunApi.as_view(), name="talent-map-runs"),
    path("key-positions/", api.KeyPositionListApi.as_view(), name="talent-key-positions"),
    path("key-positions/<int:pk>/", api.KeyPositionDetailApi.as_view(), name="talent-key-position"),
    path("key-positions/<int:pk>/candidates/", api.CandidateListApi.as_view(), name="talent-candidates"),
    path("key-positions/<int:pk>/successors/", api.SuccessorCreateApi.as_view(), name="talent-successors"),
    path("key-positions/<int:pk>/successors/<int:sid>/", api.SuccessorDetailApi.as_view(), name="talent-successor"),
    path("reviews/", api.ReviewListApi.as_view(), name="talent-reviews"),
    path("imports/assessments/", api.AssessmentImportApi.as_view(), name="talent-import-assessments"),
    path("imports/standards/", api.StandardImportApi.as_view(), name="talent-import-standards"),
]
