from django.urls import path

from . import views

app_name = "selection"
urlpatterns = [
    path("", views.board, name="board"),
    path("lowongan/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("lowongan/<int:pk>/lamar/", views.apply, name="apply"),
    path("hasil/<int:pk>/", views.results, name="results"),
    path("daftar/", views.register, name="register"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("profil/", views.profile, name="profile"),
    path("lamaran/", views.my_applications, name="my_applications"),
    path("lamaran/<int:pk>/", views.application_detail, name="application_detail"),
    path("lamaran/<int:pk>/tarik/", views.application_withdraw, name="application_withdraw"),
    path("kelola/", views.staff_list, name="staff_list"),
    path("kelola/baru/", views.vacancy_create, name="vacancy_create"),
    path("kelola/<int:pk>/", views.staff_vacancy, name="staff_vacancy"),
    path("kelola/<int:pk>/ubah/", views.vacancy_edit, name="vacancy_edit"),
    path("kelola/<int:pk>/batal/", views.vacancy_cancel, name="vacancy_cancel"),
    path("kelola/<int:pk>/aksi/<str:action>/", views.staff_action, name="staff_action"),
    path("kelola/<int:pk>/lamaran/<int:app_pk>/koreksi/", views.override, name="override"),
    path("kelola/<int:pk>/panel/<str:stage>/", views.panel, name="panel"),
    path("kelola/<int:pk>/ppk/", views.ppk_decision, name="ppk_decision"),
    path("kelola/<int:pk>/sanggahan/<int:appeal_pk>/", views.appeal_decide, name="appeal_decide"),
]
