"""Code sets: the values a column may hold (statuses, reasons, roles...), each with its name in the
UI beside it. Forms take their choices from here, filters their values, templates their words."""

from enum import EnumType, StrEnum


class _CodeSetType(EnumType):
    def __contains__(cls, value):
        # `"active" in Status`: True for a stored code, as Python 3.12 does (3.11 raises TypeError)
        try:
            return value in cls._value2member_map_
        except TypeError:
            return False


class CodeSet(StrEnum, metaclass=_CodeSetType):
    """A StrEnum whose members are declared as `CODE = "code", _l("Name on screen")`.

    A member is its code (it compares equal to the stored string) and knows its `label`.
    """

    def __new__(cls, value, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        return member

    @classmethod
    def label_of(cls, value):
        """The label of a stored code; an unknown code (old data) shows as itself."""
        try:
            return cls(value).label
        except ValueError:
            return value

    @classmethod
    def codes(cls):
        """Every code, in declaration order."""
        return tuple(member.value for member in cls)

    @classmethod
    def choices(cls, members=None):
        """(code, label) pairs for a form, of `members` (default: all), in declaration order."""
        return [(member.value, member.label) for member in (members or cls)]
