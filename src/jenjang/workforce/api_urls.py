from django.urls import path

from . import api

urlpatterns = [
    path("abk/positions/", api.AbkPositionListApi.as_view(), name="api-workforce-abk-positions"),
    path("abk/units/", api.AbkUnitListApi.as_view(), name="api-workforce-abk-units"),
    path("abk/tasks/", api.TaskListApi.as_view(), name="api-workforce-tasks"),
    path("abk/tasks/<int:pk>/", api.TaskDetailApi.as_view(), name="api-workforce-task"),
    path("abk/import/", api.AbkImportApi.as_view(), name="api-workforce-abk-import"),
    path("abk/copy/", api.AbkCopyApi.as_view(), name="api-workforce-abk-copy"),
    path("runs/", api.RunListApi.as_view(), name="api-workforce-runs"),
    path("runs/<int:pk>/", api.RunDetailApi.as_view(), name="api-workforce-run"),
    path("runs/<int:pk>/decisions/", api.DecisionApi.as_view(), name="api-workforce-decisions"),
]
