from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/buka-kunci/", views.user_unlock, name="user_unlock"),
    path("pengguna/<int:pk>/reset-sandi/", views.user_reset_password, name="user_reset_password"),
]
