from django.urls import path

from . import views, views_bank

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
    path("panitia/<int:pk>/", views.session_detail, name="session_detail"),
    path("panitia/<int:pk>/integritas/", views.integrity_log, name="integrity_log"),
    path("bank/", views_bank.bank_list, name="bank_list"),
    path("bank/<int:pk>/", views_bank.bank_detail, name="bank_detail"),
    path("bank/<int:pk>/impor/", views_bank.bank_import, name="bank_import"),
    path("bank/<int:pk>/ekspor/", views_bank.bank_export, name="bank_export"),
    path("bank/templat/", views_bank.bank_template, name="bank_template"),
]
