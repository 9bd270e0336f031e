from django.urls import path

from chips import views

app_name = "chips"

urlpatterns = [
    path("", views.home, name="home"),
]
