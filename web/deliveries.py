"""New tasks announced where the Routing Module says, right after the request that made them."""

import logging

from flask import request

from domain import routing

logger = logging.getLogger(__name__)


def deliver_task_notices(response):
    """after_request hook: after a change that went through (a transfer on a screen, a structured
    message), e-mail the new tasks of operators whose Routing Module says so. One indexed look-up
    when there is nothing new; a failure is logged and never spoils the answer (`flask exchange
    deliver-notices` tries again)."""
    quiet = request.method in ("GET", "HEAD", "OPTIONS") or request.endpoint == "static"
    if quiet or response.status_code >= 400:
        return response
    try:
        routing.deliver_task_notices()
    except Exception:
        logger.exception("the notices of new tasks could not be delivered")
    return response
