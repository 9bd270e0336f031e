from django.urls import path

from chips import views

app_name = "chips"

urlpatterns = [
    path("", views.home, name="home"),
    path("vendors/", views.vendor_list, name="vendor_list"),
    path("vendors/<slug:slug>/", views.vendor_detail, name="vendor_detail"),
    path("chips/<slug:slug>/", views.chip_detail, name="chip_detail"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
    path("conflicts/<int:pk>/", views.conflict_detail, name="conflict_detail"),
    path("conflicts/<int:pk>/resolve/", views.conflict_resolve, name="conflict_resolve"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim_verdict"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("search/", views.search, name="search"),
    path("feeds/", views.feed_list, name="feed_list"),
    path("digests/", views.digest_settings, name="digests"),
    path("digests/preview/<int:subscription_id>/", views.digest_preview, name="digest_preview"),
    path("digests/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("digests/confirm/<str:token>/", views.digest_confirm, name="digest_confirm"),
]
