"""Server-rendered pages. Thin: queries and logic live in modules the tests call directly."""
from django.shortcuts import get_object_or_404, render

from archive.models import Reply


def home(request):
    replies = Reply.objects.visible_to(request.user).order_by("-date", "-id")[:50]
    return render(request, "archive/home.html", {"replies": replies, "total": Reply.objects.visible_to(request.user).count()})


def reply_detail(request, pk: int):
    reply = get_object_or_404(Reply.objects.visible_to(request.user), pk=pk)
    return render(request, "archive/reply_detail.html", {"reply": reply})
