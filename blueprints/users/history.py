"""A user's history: the audit events about them (web.history, shared with the enterprise's log)."""

from web.history import FIELD_NAMES, Entry, history

__all__ = ["FIELD_NAMES", "Entry", "history"]
