from django.urls import path

from . import views

app_name = "talent"
urlpatterns = [
    path("", views.talent_map, name="map"),
    path("petakan/", views.talent_map_run, name="map_run"),
    path("ekspor/peta.xlsx", views.map_export, name="map_export"),
    path("ekspor/paket-talent-review.pdf", views.review_pack, name="review_pack"),
    path("peta/<int:year>/kotak/<int:box>/", views.box_detail, name="box"),
    path("kelompok-suksesi/", views.pool, name="pool"),
    path("rapat/", views.reviews, name="reviews"),
    path("rapat/<int:pk>/", views.review_detail, name="review_detail"),
    path("penempatan/<int:pk>/pindah/", views.box_move, name="box_move"),
    path("jabatan-kunci/", views.key_positions, name="key_positions"),
    path("jabatan-kunci/<int:pk>/", views.key_position_detail, name="key_position"),
    path("kamus/", views.dictionary_page, name="dictionary"),
    path("kamus/<int:pk>/ubah/", views.competency_edit, name="competency_edit"),
    path("standar/", views.standards, name="standards"),
    path("standar/ekspor.xlsx", views.standards_export, name="standards_export"),
    path("standar/impor/", views.standards_import, name="standards_import"),
    path("standar/<int:pk>/", views.standard_edit, name="standard_edit"),
    path("asesmen/", views.assessments, name="assessments"),
    path("asesmen/impor/", views.assessment_import, name="assessment_import"),
    path("asesmen/templat.xlsx", views.assessment_template, name="assessment_template"),
    path("kompetensi-saya/", views.my_competencies, name="mine"),
]
