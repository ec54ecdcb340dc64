from django.urls import path

from . import views, views_corrections, views_edit, views_import

app_name = "personnel"
urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("ekspor.xlsx", views.employee_export, name="employee_export"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("<int:pk>/ubah/", views_edit.employee_edit, name="employee_edit"),
    path("<int:pk>/riwayat/<slug:kind>/tambah/", views_edit.history_add, name="history_add"),
    path("<int:pk>/riwayat/<slug:kind>/<int:row_id>/hapus/", views_edit.history_delete, name="history_delete"),
    path("<int:pk>/dokumen/unggah/", views_edit.document_upload, name="document_upload"),
    path("<int:pk>/dokumen/<int:doc_id>/", views_edit.document_download, name="document_download"),
    path("<int:pk>/koreksi/usul/", views_corrections.correction_propose, name="correction_propose"),
    path("impor/", views_import.import_start, name="import"),
    path("impor/templat.xlsx", views_import.import_template, name="import_template"),
    path("koreksi/", views_corrections.correction_list, name="correction_list"),
    path("koreksi/<int:pk>/", views_corrections.correction_detail, name="correction_detail"),
]
