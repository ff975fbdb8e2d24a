"""The compiled translation catalogues (.mo) the app speaks from: built from the .po files at
start-up when missing or older, so a fresh clone never falls back to English without a word."""

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("nl", "fr", "de")


class CataloguesMissing(RuntimeError):
    """The catalogues cannot be compiled: the app refuses to start rather than speak English."""


def ensure_compiled(directory, languages=LANGUAGES):
    """Compile every language's messages.po under `directory` whose .mo is missing or older.

    Returns the languages compiled; raises CataloguesMissing with what to do when one cannot be.
    """
    compiled = []
    for language in languages:
        folder = Path(directory) / language / "LC_MESSAGES"
        source, target = folder / "messages.po", folder / "messages.mo"
        if target.exists() and (not source.exists() or target.stat().st_mtime >= source.stat().st_mtime):
            continue
        try:
            with source.open("rb") as po:
                catalogue = read_po(po, locale=language)
            # written aside and renamed: app processes starting together never read half a file
            partial = target.with_name(f"messages.mo.{os.getpid()}")
            with partial.open("wb") as mo:
                write_mo(mo, catalogue)
            os.replace(partial, target)
        except Exception as error:  # any failure means: no catalogue, so no start
            raise CataloguesMissing(
                f"The {language} translations ({target}) are not compiled and could not be built from "
                f"{source}: {error}. Run `make compile-translations` (or pybabel compile -d "
                f"{directory}) and start again.") from error
        compiled.append(language)
    return compiled
