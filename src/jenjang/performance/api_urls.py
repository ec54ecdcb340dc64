from django.urls import path

from . import api

urlpatterns = [
    path("periods/", api.PeriodListApi.as_view(), name="api-performance-periods"),
    path("periods/<int:pk>/close/", api.PeriodCloseApi.as_view(), name="api-performance-period-close"),
    path("periods/<int:pk>/distribution/", api.DistributionApi.as_view(), name="api-performance-distribution"),
    path("periods/<int:pk>/calibration-sessions/", api.SessionListApi.as_view(), name="api-performance-sessions"),
    path("skps/", api.SkpListApi.as_view(), name="api-performance-skps"),
    path("skps/<int:pk>/", api.SkpDetailApi.as_view(), name="api-performance-skp"),
    path("skps/<int:pk>/360/", api.Skp360Api.as_view(), name="api-performance-skp-360"),
    path("periods/<int:pk>/agreements/", api.AgreementListApi.as_view(), name="api-performance-agreements"),
    path(
        "periods/<int:pk>/agreements/import/", api.AgreementImportApi.as_view(), name="api-performance-agreement-import"
    ),
    path("agreements/<int:pk>/", api.AgreementDetailApi.as_view(), name="api-performance-agreement"),
    path(
        "agreements/<int:pk>/targets/", api.AgreementTargetListApi.as_view(), name="api-performance-agreement-targets"
    ),
    path(
        "agreements/<int:pk>/targets/<int:target>/",
        api.AgreementTargetDetailApi.as_view(),
        name="api-performance-agreement-target",
    ),
    path("evidence/<int:pk>/file/", api.EvidenceFileApi.as_view(), name="api-performance-evidence-file"),
    path("history-import/", api.LegacyImportApi.as_view(), name="api-performance-history-import"),
    path("invitations/", api.InvitationListApi.as_view(), name="api-performance-invitations"),
    path("invitations/<int:pk>/answer/", api.InvitationAnswerApi.as_view(), name="api-performance-answer"),
]
urlpatterns += [
    path(f"skps/<int:pk>/{name}/", view.as_view(), name=f"api-performance-skp-{name}")
    for name, view in api.ACTION_VIEWS.items()
]
