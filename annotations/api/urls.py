"""URL map of /api/v1/: the editorial endpoints and the public ones under public/."""

from django.urls import include, path

urlpatterns = [
    path("", include("annotations.api.editorial_urls")),
    path("", include("suggestions.api.urls")),
    path("public/", include("annotations.api.public_urls")),
    path("", include("discovery.api.urls")),
]
