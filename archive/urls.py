from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from archive import api, feeds, health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("replies/<int:pk>/", views.reply_detail, name="reply-detail"),
    path("cities/", views.city_list, name="city-list"),
    path("cities/<str:city>/", views.city_detail, name="city-detail"),
    path("years/", views.year_list, name="year-list"),
    path("years/<str:year>/", views.year_detail, name="year-detail"),
    path("types/", views.type_list, name="type-list"),
    path("types/<str:slug>/", views.type_detail, name="type-detail"),
    path("search/", views.search, name="search"),
    path("compare/", views.compare, name="compare"),
    path("coverage/", views.coverage, name="coverage"),
    path("metrics/", views.metric_explorer, name="metrics"),
    path("feeds/latest.atom", feeds.latest_feed, name="feed-latest"),
    path("feeds/search.atom", feeds.search_feed, name="feed-search"),
    path("api/search", api.search, name="api-search"),
    path("api/replies/<int:pk>", api.reply_detail, name="api-reply"),
    path("admin/", admin.site.urls),
    path("upload/", include("archive.upload.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", health.healthz, name="healthz"),
]
