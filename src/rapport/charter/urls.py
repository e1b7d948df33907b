from django.urls import path

from rapport.charter import views

app_name = "charter"
urlpatterns = [
    path("customers/<int:pk>/", views.scorecard, name="scorecard"),
    path("customers/<int:pk>/start/", views.start, name="start"),
    path("customers/<int:pk>/edit/", views.edit, name="edit"),
    path("customers/<int:pk>/principles/new/", views.principle_add, name="principle_add"),
    path(
        "customers/<int:pk>/principles/<int:prid>/edit/",
        views.principle_edit,
        name="principle_edit",
    ),
    path(
        "customers/<int:pk>/principles/<int:prid>/remove/",
        views.principle_remove,
        name="principle_remove",
    ),
]
