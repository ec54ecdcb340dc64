from django.urls import path

from . import api

urlpatterns = [
    path("agencies/", api.AgencyListApi.as_view(), name="api-agency-list"),
    path("agencies/<int:pk>/", api.AgencyDetailApi.as_view(), name="api-agency-detail"),
    path("units/", api.UnitListApi.as_view(), name="api-unit-list"),
    path("units/<int:pk>/", api.UnitDetailApi.as_view(), name="api-unit-detail"),
    path("positions/", api.PositionListApi.as_view(), name="api-position-list"),
    path("positions/<int:pk>/", api.PositionDetailApi.as_view(), name="api-position-detail"),
]
