"""A clone started without compiled catalogues builds them, or refuses to start with a clear
message: it never falls back to English without a word."""

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from web import catalogues

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


@pytest.fixture
def clone(tmp_path):
    """The catalogues as a fresh clone has them: the .po files only."""
    for language in catalogues.LANGUAGES:
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", folder)
    return tmp_path


def test_missing_catalogues_are_built_at_start(clone):
    assert catalogues.ensure_compiled(clone) == ["nl", "fr", "de"]
    with (clone / "nl" / "LC_MESSAGES" / "messages.mo").open("rb") as mo:
        assert read_mo(mo).get("Users per page").string == "Gebruikers per pagina"
    # and once built, they are left alone
    assert catalogues.ensure_compiled(clone) == []


def test_a_catalogue_older_than_its_source_is_built_again(clone):
    catalogues.ensure_compiled(clone)
    source = clone / "fr" / "LC_MESSAGES" / "messages.po"
    source.touch()
    target = clone / "fr" / "LC_MESSAGES" / "messages.mo"
    os.utime(target, (source.stat().st_mtime - 10, source.stat().st_mtime - 10))
    assert catalogues.ensure_compiled(clone) == ["fr"]


def test_a_catalogue_that_cannot_be_built_stops_the_start_with_what_to_do(clone):
    (clone / "de" / "LC_MESSAGES" / "messages.po").unlink()
    with pytest.raises(catalogues.CataloguesMissing, match="make compile-translations"):
        catalogues.ensure_compiled(clone)


def test_the_app_speaks_from_compiled_catalogues(client):
    assert all((TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo").exists()
               for language in catalogues.LANGUAGES)
