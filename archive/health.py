"""/healthz for load balancers and process supervisors: is the database answering?

The X-Page-Cache header says whether a worker is still filling the shared page cache
("warming", see archive/pages/warm.py) or not ("ready"): the status stays 200 either way,
since the site answers meanwhile, only some first page views are slower.
"""
import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when a trivial query succeeds, 503 otherwise (the reason goes to the log)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unavailable")
        return HttpResponse("database unavailable", status=503, content_type="text/plain; charset=utf-8")
    from archive.pages.warm import warming_now

    response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    response["X-Page-Cache"] = "warming" if warming_now() else "ready"
    return response
