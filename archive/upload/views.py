"""/upload/: editors choose files, correct the extracted header, then save each reply."""
from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from archive.choices import MeasureType
from archive.forms import ReplyHeaderForm, UploadForm
from archive.upload import staging
from archive.upload.process import (
    PREVIEW,
    FileResult,
    parse_upload,
    reparse_staged,
    save_staged,
)

logger = logging.getLogger(__name__)

UPLOAD_PERMISSION = "archive.upload_reply"


def editor_required(view):
    """Anonymous users go to the login page; logged-in users need staff + upload_reply."""

    def check(request: HttpRequest, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    check.__doc__ = view.__doc__
    return login_required(permission_required(UPLOAD_PERMISSION, raise_exception=True)(check))


def staged_files(request: HttpRequest) -> dict[str, str]:
    """token → file name, for files this session uploaded and has not saved yet."""
    return request.session.setdefault(staging.SESSION_KEY, {})


@editor_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Choose files (GET) or parse them into previews (POST)."""
    if request.method == "GET":
        return render(request, "archive/upload.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "archive/upload.html", {"form": form}, status=400)
    results = [parse_upload(f) for f in form.cleaned_data["files"]]
    staged = staged_files(request)
    for result in results:
        if result.status == PREVIEW:
            staged[result.token] = result.filename
            result.extra["form"] = ReplyHeaderForm.for_header(result.parsed.header, prefix=result.token)
    request.session.modified = True
    return render(request, "archive/upload_preview.html", preview_context(results))


@editor_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """Store every previewed file the editor kept, each in its own transaction."""
    staged = staged_files(request)
    tokens = [t for t in request.POST.getlist("token") if t in staged]
    if not tokens:
        return redirect("upload")
    forms = {t: ReplyHeaderForm(request.POST, prefix=t) for t in tokens}
    kept = [t for t in tokens if request.POST.get(f"{t}-keep")]
    if not all(forms[t].is_valid() for t in kept):
        results = previews(staged, forms, kept)
        return render(request, "archive/upload_preview.html", preview_context(results), status=400)
    results = []
    for token in tokens:
        filename = staged.pop(token)
        if token not in kept:
            staging.discard(token)
            continue
        parsed = reparse_staged(token, filename)
        if parsed is not None:
            parsed.header = forms[token].corrected(parsed.header)
        result = save_staged(token, filename, parsed, request.user.get_username())
        logger.info("upload by %s: %s %s %s", request.user.get_username(), filename, result.status, result.reason)
        results.append(result)
    request.session.modified = True
    return render(request, "archive/upload_result.html", {"results": results})


def preview_context(results: list[FileResult]) -> dict:
    """Template context; measure types get their Chinese names for display."""
    labels = dict(MeasureType.choices)
    for result in results:
        for measure in result.parsed.walk_measures() if result.parsed else ():
            measure.type_labels = [labels.get(slug, slug) for slug in measure.types]
    return {"results": results, "awaiting": sum(r.status == PREVIEW for r in results)}


def previews(staged: dict[str, str], forms: dict[str, ReplyHeaderForm], kept: list[str]) -> list[FileResult]:
    """Rebuild the preview list around bound forms, so errors show next to the fields."""
    results = []
    for token, form in forms.items():
        result = FileResult(staged[token], PREVIEW, token=token, parsed=reparse_staged(token, staged[token]))
        result.extra.update(form=form, unticked=token not in kept)
        results.append(result)
    return results
