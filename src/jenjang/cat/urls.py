from django.urls import path

from . import views, views_bank, views_committee

app_name = "cat"
urlpatterns = [
    path("", views.my_exams, name="my_exams"),
    path("sesi/<int:pk>/", views.exam_start, name="exam_start"),
    path("sesi/<int:pk>/kerjakan/", views.exam_take, name="exam_take"),
    path("sesi/<int:pk>/selesai/", views.exam_finish, name="exam_finish"),
    path("sesi/<int:pk>/hasil/", views.exam_result, name="exam_result"),
    path("jawab/<int:attempt_pk>/", views.answer, name="answer"),
    path("papan/<int:pk>/", views.scoreboard, name="scoreboard"),
    path("panitia/", views.session_list, name="session_list"),
    path("panitia/baru/", views_committee.session_create, name="session_create"),
    path("panitia/<int:pk>/", views.session_detail, name="session_detail"),
    path("panitia/<int:pk>/ubah/", views_committee.session_edit, name="session_edit"),
    path("panitia/<int:pk>/peserta/", views_committee.session_enrol, name="session_enrol"),
    path("panitia/<int:pk>/integritas/", views.integrity_log, name="integrity_log"),
    path("bank/", views_bank.bank_list, name="bank_list"),
    path("bank/<int:pk>/", views_bank.bank_detail, name="bank_detail"),
    path("bank/<int:pk>/impor/", views_bank.bank_import, name="bank_import"),
    path("bank/<int:pk>/ekspor/", views_bank.bank_export, name="bank_export"),
    path("bank/<int:pk>/kisi-kisi/baru/", views_bank.blueprint_form, name="blueprint_create"),
    path("bank/<int:pk>/kisi-kisi/<int:bp>/", views_bank.blueprint_form, name="blueprint_edit"),
    path("bank/templat/", views_bank.bank_template, name="bank_template"),
]
