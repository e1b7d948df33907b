from django.urls import path

from rapport.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/feedback-givers/", views.feedback_giver_add, name="feedback_giver_add"),
    path(
        "<int:pk>/feedback-givers/<int:sid>/remove/",
        views.feedback_giver_remove,
        name="feedback_giver_remove",
    ),
]
