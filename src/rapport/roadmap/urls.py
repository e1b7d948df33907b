from django.urls import path

from rapport.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("services/<int:pk>/status/", views.service_status, name="service_status"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/add/", views.glossary_add, name="glossary_add"),
    path("glossary/<int:pk>/", views.glossary_row, name="glossary_row"),
    path("glossary/<int:pk>/edit/", views.glossary_edit, name="glossary_edit"),
    path("glossary/<int:pk>/delete/", views.glossary_delete, name="glossary_delete"),
    path("customer-words/", views.customer_terms, name="customer_terms"),
    path(
        "customer-words/<int:pk>/delete/", views.customer_term_delete, name="customer_term_delete"
    ),
    path("language/check/", views.language_check, name="language_check"),
]
