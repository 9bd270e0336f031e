from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ChipWatch administration"
admin.site.site_title = "ChipWatch admin"
admin.site.index_title = "Claims, conflicts, feeds"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("chips.urls")),
]

# Bad input (a tampered "load more" link, say) gets a page that says what is wrong.
handler400 = "chips.dashboard.common.bad_request"
