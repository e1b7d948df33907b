from django.urls import path

from rapport.gdpr import views

app_name = "gdpr"
urlpatterns = [
    path("<int:pk>/stakeholders/<int:sid>/data.json", views.export, name="export"),
    path("<int:pk>/stakeholders/<int:sid>/erase/", views.erase, name="erase"),
]
