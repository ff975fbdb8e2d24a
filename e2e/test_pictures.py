"""save_picture asks Chromium once more when it refuses a capture, and only then."""

import pytest
from playwright.sync_api import Error

from e2e.pictures import REFUSED, save_picture


class Refusing:
    """A page whose first captures fail with the given messages."""

    def __init__(self, *messages):
        self.messages, self.captures = list(messages), []

    def evaluate(self, script):
        pass

    def wait_for_timeout(self, ms):
        pass

    def screenshot(self, path, full_page):
        if self.messages:
            raise Error(self.messages.pop(0))
        self.captures.append((path, full_page))


def test_a_refused_capture_is_asked_for_once_more():
    page = Refusing(f"Protocol error (Page.captureScreenshot): {REFUSED}")
    save_picture(page, "x.png")
    assert page.captures == [("x.png", True)]


def test_a_second_refusal_fails_the_test():
    page = Refusing(REFUSED, REFUSED)
    with pytest.raises(Error, match=REFUSED):
        save_picture(page, "x.png")


def test_any_other_error_is_not_retried():
    page = Refusing("Target page, context or browser has been closed")
    with pytest.raises(Error, match="closed"):
        save_picture(page, "x.png")
    assert page.captures == []
