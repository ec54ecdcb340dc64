from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("jenjang.core.urls")),
    path("akun/", include("jenjang.accounts.urls")),
    path("pegawai/", include("jenjang.personnel.urls")),
    path("organisasi/", include("jenjang.organization.urls")),
    path("karier/", include("jenjang.careers.urls")),
    path("notifikasi/", include("jenjang.notifications.urls")),
    path("kinerja/", include("jenjang.performance.urls")),
    path("talenta/", include("jenjang.talent.urls")),
    path("formasi/", include("jenjang.workforce.urls")),
    path("seleksi/", include("jenjang.selection.urls")),
    path("ujian/", include("jenjang.cat.urls")),
    path("rules/", include("jenjang.rules.urls")),
    path("jobs/", include("jenjang.jobs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("jenjang.config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    # The demo serves uploaded documents itself; production serves them behind the web server.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
