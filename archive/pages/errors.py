"""Bad parameters become a friendly Chinese page with a 400 or 404, never a 500.

Views parse the query string with the helpers here; they raise `BadParameter` (400) or
`Http404` (404), and the `friendly_errors` decorator turns both into `archive/error.html`.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


class BadParameter(ValueError):
    """A query-string value the page cannot use; the message is shown to the user."""


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    title = "参数有误" if status == 400 else "未找到"
    return render(
        request, "archive/error.html", {"status": status, "title": title, "message": message}, status=status
    )


def friendly_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # PostgreSQL refuses NUL in text; no city, type or query contains one, so say so here.
        if any("\x00" in value for value in kwargs.values() if isinstance(value, str)):
            return error_page(request, 404, "您要找的页面不存在。")
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return error_page(request, 400, "参数中含有无效的控制字符。")
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return error_page(request, 400, str(error))
        except Http404 as error:
            message = str(error) if error.args and isinstance(error.args[0], str) else "您要找的页面不存在。"
            return error_page(request, 404, message)

    return wrapper


def int_param(request: HttpRequest, name: str, label: str, minimum: int = 1, maximum: int = 10**6) -> int | None:
    """An optional whole-number parameter; '' means absent, anything else unusable is a 400."""
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return None
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise BadParameter(f"{label}“{raw[:40]}”无效，应为 {minimum} 到 {maximum} 之间的整数。")
    return int(raw)


def choice_param(request: HttpRequest, name: str, label: str, choices: dict[str, str]) -> str | None:
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return None
    if raw not in choices:
        raise BadParameter(f"{label}“{raw[:40]}”无效，可选：{'、'.join(choices.values())}。")
    return raw


def page_param(request: HttpRequest) -> int:
    return int_param(request, "page", "页码", 1, 10_000) or 1
