from django.urls import path

from rapport.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.health_dashboard, name="dashboard"),
    path("project/<int:pk>/", views.project_health, name="project"),
    path("customer/<int:pk>/trend/", views.customer_trend, name="customer_trend"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<int:pk>/resolve/", views.alert_resolve, name="alert_resolve"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/new/", views.topic_edit, name="topic_new"),
    path("topics/<int:pk>/", views.topic_edit, name="topic_edit"),
]
