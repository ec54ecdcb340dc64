from django.urls import path

from . import views

app_name = "performance"
urlpatterns = [
    path("", views.my_skp, name="my_skp"),
    path("periode/<int:period_id>/mulai/", views.skp_start, name="skp_start"),
    path("skp/<int:pk>/", views.skp_detail, name="skp_detail"),
    path("skp/<int:pk>/aksi/<slug:action>/", views.skp_action, name="skp_action"),
    path("skp/<int:pk>/pdf/<slug:kind>/", views.skp_pdf, name="skp_pdf"),
    path("bukti/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("tim/", views.team, name="team"),
    path("360/", views.invitations, name="invitations"),
    path("360/<int:pk>/jawab/", views.invitation_answer, name="invitation_answer"),
    path("keberatan/", views.appeals, name="appeals"),
    path("periode/", views.periods, name="periods"),
    path("periode/<int:pk>/tutup/", views.period_close, name="period_close"),
    path("periode/<int:pk>/kalibrasi/", views.calibration, name="calibration"),
    path("periode/<int:pk>/xlsx/", views.unit_xlsx, name="unit_xlsx"),
    path("periode/<int:pk>/perjanjian/", views.agreements, name="agreements"),
    path("perjanjian/<int:pk>/", views.agreement, name="agreement"),
    path("impor-pp46/", views.legacy_import, name="legacy_import"),
]
