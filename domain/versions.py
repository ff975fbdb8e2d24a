"""Optimistic locking: a row's `version` says which reading of it a change was based on."""

from domain.refusals import StaleData


def update_if_current(model, row_id, expected_version, **values):
    """Write `values` to one row only when its version is still `expected_version`, raising it.

    One UPDATE with the version in its WHERE clause: of two writers who read the same version,
    exactly one wins; the other gets StaleData.
    """
    updated = (
        model.update(**values, version=model.version + 1)
        .where((model.id == row_id) & (model.version == expected_version))
        .execute()
    )
    if not updated:
        raise StaleData()
