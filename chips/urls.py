from django.urls import path

from chips.dashboard import claims, conflicts, feeds, home, search, timelines
from chips.digests import pages as digests

app_name = "chips"

urlpatterns = [
    path("", home.home, name="home"),
    path("vendors/", timelines.vendor_list, name="vendor_list"),
    path("vendors/<slug:slug>/", timelines.vendor_detail, name="vendor_detail"),
    path("chips/<slug:slug>/", timelines.chip_detail, name="chip_detail"),
    path("conflicts/", conflicts.conflict_list, name="conflict_list"),
    path("conflicts/<int:pk>/", conflicts.conflict_detail, name="conflict_detail"),
    path("conflicts/<int:pk>/resolve/", conflicts.conflict_resolve, name="conflict_resolve"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/verdict/", claims.claim_verdict, name="claim_verdict"),
    path("articles/<int:pk>/", claims.article_detail, name="article_detail"),
    path("search/", search.search, name="search"),
    path("feeds/", feeds.feed_list, name="feed_list"),
    path("digests/", digests.digest_settings, name="digests"),
    path("digests/preview/<int:subscription_id>/", digests.digest_preview, name="digest_preview"),
    path("digests/unsubscribe/<str:token>/", digests.digest_unsubscribe, name="digest_unsubscribe"),
    path("digests/confirm/<str:token>/", digests.digest_confirm, name="digest_confirm"),
]
