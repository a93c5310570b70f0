from django.urls import path

from archive.upload import views

urlpatterns = [
    path("", views.upload, name="upload"),
    path("save/", views.save, name="upload-save"),
]
