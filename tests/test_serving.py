"""`make run` serves through gunicorn (gthread workers, a count from the machine or WORKERS);
`make dev` keeps Flask's reloading development server."""

import runpy
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dry_run(target):
    return subprocess.run(["make", "-n", "-C", str(ROOT), target], capture_output=True, text=True,
                          check=True).stdout


def test_make_run_serves_through_gunicorn_and_make_dev_through_the_reloader():
    assert "gunicorn -c gunicorn.conf.py 'app:create_app()'" in dry_run("run")
    assert "run --debug" in dry_run("dev")


def test_gunicorns_workers_come_from_the_machine_or_WORKERS(monkeypatch):
    monkeypatch.delenv("WORKERS", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["worker_class"] == "gthread" and settings["workers"] >= 2
    monkeypatch.setenv("WORKERS", "4")
    monkeypatch.setenv("PORT", "8123")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["workers"] == 4 and settings["bind"] == "127.0.0.1:8123"
