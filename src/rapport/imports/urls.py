from django.urls import path

from rapport.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/apply/", views.apply, name="apply"),
]
