from django.contrib import admin
from django.urls import path

from archive import views

urlpatterns = [
    path("", views.home, name="home"),
    path("replies/<int:pk>/", views.reply_detail, name="reply-detail"),
    path("admin/", admin.site.urls),
]
