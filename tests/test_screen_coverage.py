"""Every screen has its axe-core check: the app's GET routes against the list the e2e pass walks."""

import re

from e2e.screens import EXEMPT, FIND, PEOPLE, SCREENS


def get_endpoints(app):
    return {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}


def test_every_get_route_has_a_screen_in_the_axe_pass_or_a_reason_why_not(app):
    covered = {endpoint for _, endpoint, _ in SCREENS}
    missing = get_endpoints(app) - covered - set(EXEMPT)
    assert missing == set(), "add these screens to e2e/screens.py (or to EXEMPT, with the reason)"


def test_the_list_names_only_real_screens_and_people(app):
    assert set(EXEMPT) <= get_endpoints(app)
    assert not set(EXEMPT) & {endpoint for _, endpoint, _ in SCREENS}
    adapter = app.url_map.bind("localhost")
    for who, endpoint, path in SCREENS:
        assert who in PEOPLE
        concrete = re.sub(r"\{(\w+)\}", lambda m: "7" if m.group(1) in FIND else m.group(0), path)
        assert adapter.match(concrete.split("?")[0], method="GET")[0] == endpoint, path
