"""Pages of the product shell that belong to no single app."""

import json
import logging
import re

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import ratelimit

logger = logging.getLogger("rse.csp")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

REPORT_MAX_BYTES = 16 * 1024
REPORTS_PER_MINUTE = 20  # per address: enough to see a problem, too few to fill the log


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt  # browsers send reports without a token; nothing is written but a log line
@require_POST
def csp_report(request):
    """A page broke the content security policy: log what, where, and against which
    directive, so that a template with an inline script or style is found before people
    notice something missing. Anyone may send one, so it is bounded and never trusted."""
    address = request.META.get("REMOTE_ADDR", "")
    if len(request.body) > REPORT_MAX_BYTES or not ratelimit.allow(
        "csp-report", address, limit=REPORTS_PER_MINUTE
    ):
        return HttpResponse(status=204)
    report = _report(request.body)
    if report:
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            _printable(report.get("violated-directive")),
            _printable(report.get("blocked-uri", "?")),
            _printable(report.get("document-uri", "?")),
        )
    return HttpResponse(status=204)


def _report(body):
    """The report a browser sends (``{"csp-report": {...}}``), or None for anything else."""
    try:
        report = json.loads(body).get("csp-report")
    except (ValueError, AttributeError, RecursionError):  # "[[[[..." nests past the stack
        return None
    return report if isinstance(report, dict) and report.get("violated-directive") else None


def _printable(value):
    """A reported value as one log line can hold it: no control characters (a forged
    newline would write a line of its own), at most 200 characters."""
    return CONTROL.sub("?", str(value))[:200]
