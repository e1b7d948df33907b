from django.urls import path

from rapport.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("listening-questions/", views.question_list, name="questions"),
    path("listening-questions/<int:qid>/edit/", views.question_edit, name="question_edit"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/stakeholders/new/", views.stakeholder_create, name="stakeholder_create"),
    path("<int:pk>/stakeholders/<int:sid>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path("<int:pk>/stakeholders/<int:sid>/link/", views.stakeholder_link, name="stakeholder_link"),
    path(
        "<int:pk>/stakeholders/<int:sid>/unlink/<int:project_id>/",
        views.stakeholder_unlink,
        name="stakeholder_unlink",
    ),
    path("<int:pk>/listening/", views.session_list, name="sessions"),
    path("<int:pk>/listening/new/", views.session_create, name="session_create"),
    path("<int:pk>/listening/<int:sid>/", views.session_detail, name="session"),
    path("<int:pk>/listening/<int:sid>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/listening/<int:sid>/values/", views.value_add, name="value_add"),
    path("<int:pk>/journey/", views.journey, name="journey"),
    path("<int:pk>/journey/start/", views.journey_start, name="journey_start"),
    path("<int:pk>/journey/stages/new/", views.stage_create, name="stage_create"),
    path("<int:pk>/journey/stages/<int:sid>/edit/", views.stage_edit, name="stage_edit"),
    path("<int:pk>/journey/stages/<int:sid>/move/", views.stage_move, name="stage_move"),
    path("<int:pk>/journey/stages/<int:sid>/remove/", views.stage_remove, name="stage_remove"),
    path("<int:pk>/journey/pains/new/", views.pain_create, name="pain_create"),
    path("<int:pk>/journey/pains/<int:pid>/edit/", views.pain_edit, name="pain_edit"),
    path("<int:pk>/concerns/", views.concern_list, name="concerns"),
    path("<int:pk>/concerns/new/", views.concern_create, name="concern_create"),
    path("<int:pk>/concerns/<int:cid>/", views.concern_detail, name="concern"),
    path("<int:pk>/concerns/<int:cid>/edit/", views.concern_edit, name="concern_edit"),
]
