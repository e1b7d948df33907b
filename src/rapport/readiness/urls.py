from django.urls import path

from rapport.readiness import views

app_name = "readiness"
urlpatterns = [
    path("", views.index, name="index"),
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/new/", views.assess, name="assess"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("remedies/channel/", views.remedy_channel, name="remedy_channel"),
    path("remedies/confidential/", views.remedy_confidential, name="remedy_confidential"),
]
