from django.urls import path

from rapport.roadmap import views
from rapport.roadmap.views import items

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
    path("customers/<int:pk>/", items.customer_roadmap, name="customer_roadmap"),
    path("customers/<int:pk>/items/new/", items.item_create, name="item_create"),
    path("customers/<int:pk>/items/<int:iid>/edit/", items.item_edit, name="item_edit"),
    path("customers/<int:pk>/items/<int:iid>/status/", items.item_status, name="item_status"),
    path("customers/<int:pk>/replan/", items.replan, name="replan"),
    path("customers/<int:pk>/links/new/", items.share_create, name="share_create"),
    path("customers/<int:pk>/links/<int:lid>/revoke/", items.share_revoke, name="share_revoke"),
    path("customers/<int:pk>/input/<int:nid>/", items.input_decide, name="input_decide"),
]
