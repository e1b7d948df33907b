from django.urls import path

from rapport.feedback import views
from rapport.feedback.pulse import views as pulse_views

app_name = "feedback"
urlpatterns = [
    path("", views.pmo_cycles, name="pmo"),
    path("mine/", views.my_reviews, name="mine"),
    path("project/<int:pk>/", views.project_timeline, name="timeline"),
    path("project/<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/open/", views.open_preview, name="open"),
    path("<int:pk>/meeting/", views.meeting, name="meeting"),
    path("<int:pk>/issues/", views.add_issue, name="add_issue"),
    path("<int:pk>/actions/", views.add_action, name="add_action"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/calendar.ics", views.calendar, name="calendar"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("invitations/<int:pk>/link/", views.personal_link, name="personal_link"),
    path("pulse/", pulse_views.pulse_list, name="pulse"),
    path("pulse/open/", pulse_views.pulse_open, name="pulse_open"),
    path("pulse/<int:pk>/", pulse_views.pulse_round, name="pulse_round"),
    path("pulse/<int:pk>/close/", pulse_views.pulse_close, name="pulse_close"),
    path("mail/", views.mail_log, name="mail_log"),
    path("mail/<int:pk>/", views.mail_detail, name="mail_detail"),
]
