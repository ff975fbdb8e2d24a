"""`make audit` (part of `make test`): bandit on our code, pip-audit on the pinned requirements.

Offline-safe: when the advisory database cannot be reached (no network, a proxy that refuses),
pip-audit is skipped with a message, not failed. A bandit finding of medium or high severity (at
medium confidence or more) fails, unless the line carries `# nosec BXXX` with its reason beside it.
"""

import subprocess  # nosec B404 (our own tools, an argument list, no shell)
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CODE = ["app.py", "config.py", "blueprints", "commands", "db", "domain", "web", "bench"]
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]
OFFLINE = ("ConnectionError", "Max retries exceeded", "Failed to establish a new connection",
           "Name or service not known", "Temporary failure in name resolution", "timed out",
           "Network is unreachable", "ProxyError", "SSLError", "Connection refused")


def run(*command, timeout=300):
    try:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,  # nosec B603
                              check=False)
    except subprocess.TimeoutExpired as expired:
        return subprocess.CompletedProcess(command, 124, "", f"timed out after {expired.timeout} s")


def bandit():
    done = run(str(BIN / "bandit"), "-q", "-r", *CODE, "--severity-level", "medium",
               "--confidence-level", "medium", "-f", "txt")
    if done.returncode != 0:
        print(done.stdout + done.stderr)
        print("bandit: findings of medium or high severity (explain each with `# nosec BXXX` and why)")
        return False
    print("bandit: no finding of medium or high severity")
    return True


def pip_audit():
    arguments = [str(BIN / "pip-audit"), "--progress-spinner", "off", "--no-deps", "--disable-pip"]
    for requirements in REQUIREMENTS:
        arguments += ["-r", requirements]
    done = run(*arguments, timeout=180)
    output = done.stdout + done.stderr
    if done.returncode != 0 and any(marker in output for marker in OFFLINE):
        print("pip-audit: SKIPPED, the advisory database (PyPI/OSV) cannot be reached from here; "
              "run `make audit` where there is network")
        return True
    unaudited = output.count("could not be audited")
    if done.returncode == 0 and unaudited and "Name" in output and unaudited >= _pinned_count() - 1:
        # the index answered "not found" for everything: no advisory database behind it (a mirror)
        print(f"pip-audit: SKIPPED, none of the {unaudited} pinned packages could be looked up in the "
              "advisory database from here; run `make audit` where PyPI is reachable")
        return True
    print(output.strip() or "pip-audit: no known vulnerability in the pinned requirements")
    return done.returncode == 0


def _pinned_count():
    lines = (line.strip() for name in REQUIREMENTS for line in (ROOT / name).read_text().splitlines())
    return sum(1 for line in lines if line and not line.startswith("#"))


if __name__ == "__main__":
    results = [bandit(), pip_audit()]
    sys.exit(0 if all(results) else 1)
