from django.urls import path

from . import views_abk, views_matching

app_name = "workforce"
urlpatterns = [
    path("", views_abk.abk_overview, name="abk_overview"),
    path("unit/<int:pk>/", views_abk.abk_unit, name="abk_unit"),
    path("jabatan/<int:pk>/", views_abk.abk_position, name="abk_position"),
    path("tugas/<int:pk>/ubah/", views_abk.task_edit, name="task_edit"),
    path("tugas/<int:pk>/hapus/", views_abk.task_delete, name="task_delete"),
    path("kebutuhan/", views_abk.needs, name="needs"),
    path("impor/", views_abk.abk_import, name="abk_import"),
    path("impor/templat/", views_abk.abk_template, name="abk_template"),
    path("ekspor/", views_abk.abk_export, name="abk_export"),
    path("salin/", views_abk.abk_copy, name="abk_copy"),
    path("penempatan/", views_matching.run_list, name="run_list"),
    path("penempatan/<int:pk>/", views_matching.run_detail, name="run_detail"),
    path("penempatan/<int:pk>/keputusan/<int:position_id>/", views_matching.decision, name="decision"),
]
