"""Every screen of e2e/screens.py, as the person who sees it: axe-core at zero in nl, fr and de;
at 360 and at 1280 px no page-level horizontal scroll, with a screenshot of each screen at both widths
saved as an artefact (in e2e/artifacts/screens/, or $E2E_ARTIFACTS/screens/)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.accessibility import PINNED, assert_accessible, axe_version, report, violations
from e2e.pages.login import LoginPage
from e2e.pages.portal import Portal
from e2e.pictures import save_picture
from e2e.screens import FIND, PEOPLE, SCREENS

ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS") or Path(__file__).resolve().parent / "artifacts")
SHOTS = ARTIFACTS / "screens"
# (width, height): a small phone and a laptop
WIDTHS = ((360, 740), (1280, 900))


def sign_in(page, who):
    person = PEOPLE[who]
    if person is None:
        page.goto("/")
    else:
        username, password, portal = person
        LoginPage(page).open().sign_in(username, password, portal=portal)
        expect(page).not_to_have_url(re.compile("/login$"))


def resolved(page, path, found):
    """The path with each {name} replaced by the first id its list page links to."""
    for name in re.findall(r"\{(\w+)\}", path):
        if name not in found:
            listing, pattern = FIND[name]
            page.goto(listing)
            hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
            found[name] = next(m.group(1) for h in hrefs if (m := re.search(pattern, h.split("?")[0])))
        path = path.replace(f"{{{name}}}", found[name])
    return path


def screens_of(who):
    return [(endpoint, path) for person, endpoint, path in SCREENS if person == who]


def test_the_pinned_axe_core_runs(page: Page):
    page.goto("/login")
    assert axe_version(page) == PINNED


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
@pytest.mark.parametrize("who", list(PEOPLE))
def test_every_screen_has_no_axe_violation(page: Page, fresh_demo, who, language):
    sign_in(page, who)
    if language != "nl":
        Portal(page).switch_language(language)
        expect(page.locator("html")).to_have_attribute("lang", language)
    found, reports = {}, []
    for endpoint, path in screens_of(who):
        url = resolved(page, path, found)
        response = page.goto(url)
        assert response.status < 400, f"{endpoint} {url}: {response.status}"
        if problems := violations(page):
            reports.append(f"{endpoint} {url}\n{report(problems)}")
    assert not reports, "\n\n".join(reports)


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def shot_name(who, url):
    return f"{who.replace(' ', '-')}--{url.strip('/').replace('/', '_').replace('?', '_') or 'home'}"


@pytest.mark.parametrize("who", list(PEOPLE))
def test_no_screen_scrolls_sideways_at_360_or_1280_px(page: Page, fresh_demo, who):
    """Each screen at both widths: saved as a screenshot; no page-level horizontal scroll (a table too
    wide scrolls in its own box); axe at zero at 360 px too."""
    sign_in(page, who)
    found, wide = {}, []
    for endpoint, path in screens_of(who):
        url = resolved(page, path, found)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url)
            save_picture(page, SHOTS / str(width) / f"{shot_name(who, url)}.png")
            if (extra := overflow(page)) > 0:
                wide.append(f"{endpoint} {url}: {width + extra} px wide at {width} px")
            if width == 360 and (problems := violations(page)):
                wide.append(f"{endpoint} {url} at 360 px\n{report(problems)}")
    assert not wide, "\n".join(wide)


def test_the_language_buttons_are_named_by_what_they_show(page: Page):
    page.goto("/login")
    assert_accessible(page)
    for code in ("nl", "fr", "de"):
        expect(page.get_by_role("button", name=re.compile(f"^{code}\\b"))).to_have_count(1)
