"""Pages of the product shell that belong to no single app."""

import json
import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import ratelimit

logger = logging.getLogger("rse.csp")

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
    report = _report(request.body) if len(request.body) <= REPORT_MAX_BYTES else None
    if report and ratelimit.allow("csp-report", address, limit=REPORTS_PER_MINUTE):
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            str(report.get("violated-directive"))[:200],
            str(report.get("blocked-uri", "?"))[:200],
            str(report.get("document-uri", "?"))[:200],
        )
    return HttpResponse(status=204)


def _report(body):
    """The report a browser sends (``{"csp-report": {...}}``), or None for anything else."""
    try:
        report = json.loads(body).get("csp-report")
    except (ValueError, AttributeError):
        return None
    return report if isinstance(report, dict) and report.get("violated-directive") else None
