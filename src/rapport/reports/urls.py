from django.urls import path

from rapport.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.request_pdf, name="request"),
    path("monthly-pack/", views.monthly_pack, name="monthly_pack"),
    path("<int:pk>/", views.status, name="status"),
    path("<int:pk>/download/", views.download, name="download"),
]
