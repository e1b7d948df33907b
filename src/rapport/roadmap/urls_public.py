from django.urls import path

from rapport.roadmap.views import public

app_name = "roadmap_public"
urlpatterns = [
    path("<str:token>/", public.show, name="show"),
]
