from django.urls import path

from chips import views

app_name = "chips"

urlpatterns = [
    path("", views.home, name="home"),
    path("digests/", views.digest_settings, name="digests"),
    path("digests/preview/<int:subscription_id>/", views.digest_preview, name="digest_preview"),
    path("digests/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
]
