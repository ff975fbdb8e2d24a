"""Screenshots kept as artefacts, taken so that a hiccup of the browser cannot fail a test.

Chromium now and then answers a capture with "Unable to capture screenshot", most often right after
the viewport changed size, and takes the very same picture when asked again a moment later
(robotframework-browser#5237 measured it in its CI; ours failed on it once, in the 360/1280 px
test). The picture is an artefact, not an assertion: the test's verdict is what it
measures on the page, so the capture waits for a frame painted at the current size and is asked for
once more on that one error, never on any other."""

from playwright.sync_api import Error, Page

REFUSED = "Unable to capture screenshot"
# two frames: the first may still be the one laid out before the resize or the navigation
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done())))"


def save_picture(page: Page, path):
    page.evaluate(PAINTED)
    try:
        page.screenshot(path=path, full_page=True)
    except Error as error:
        if REFUSED not in str(error):
            raise
        page.wait_for_timeout(250)
        page.evaluate(PAINTED)
        page.screenshot(path=path, full_page=True)
