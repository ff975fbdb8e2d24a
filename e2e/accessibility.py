"""axe-core, run in the page: a check that fails on any accessibility violation.

The axe-core used is the one pinned in `e2e/vendor/package.json` (`make e2e-vendor` installs it
with npm), not the older copy bundled with axe-playwright-python."""

import json
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE_SCRIPT = VENDOR / "node_modules" / "axe-core" / "axe.min.js"
PINNED = json.loads((VENDOR / "package.json").read_text())["dependencies"]["axe-core"]
# WCAG 2.1 A and AA (EN 301 549) and axe's best practices
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _script():
    if not AXE_SCRIPT.exists():
        raise RuntimeError(f"axe-core is not installed: run `make e2e-vendor` ({AXE_SCRIPT})")
    return AXE_SCRIPT.read_text()


def axe_version(page):
    """The axe-core version running in the page (injecting it when needed)."""
    _inject(page)
    return page.evaluate("axe.version")


def _inject(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_script())


def violations(page):
    """Every axe-core violation on the page as it is now."""
    _inject(page)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']}).then(r => r.violations)", TAGS)


def report(found):
    lines = []
    for rule in found:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
        for node in rule["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
    return "\n".join(lines)


def assert_accessible(page):
    """No axe-core violation on the page as it is now."""
    found = violations(page)
    assert not found, f"{page.url}\n" + report(found)
