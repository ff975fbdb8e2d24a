"""axe-core, run in the page: a check that fails on any accessibility violation."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_accessible(page):
    """No axe-core violation on the page as it is now."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
