"""Paging without COUNT(*) over the whole table: fetch one row more than a page to know if
there is a next one; count only when asked, and never past a cap."""

from dataclasses import dataclass
from typing import NamedTuple

from flask import request

from web.forms import whole_number

PAGE_SIZES = (25, 50, 100)
# past this page the offset would not fit the database's integers; nobody pages that far
MAX_PAGE = 10_000_000
COUNT_CAP = 1000


@dataclass
class Page:
    items: list
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1


def page_request(default_size=PAGE_SIZES[0]):
    """(page number, page size) from the URL's `page` and `size`, clamped to sane values."""
    number = request.args.get("page", 1, type=whole_number)
    size = request.args.get("size", default_size, type=whole_number)
    return min(max(number, 1), MAX_PAGE), size if size in PAGE_SIZES else default_size


def paginate(query, number, size):
    """One page of an ordered query; the query must have a deterministic ORDER BY."""
    rows = list(query.limit(size + 1).offset((number - 1) * size))
    return Page(items=rows[:size], number=number, size=size, has_next=len(rows) > size)


class Count(NamedTuple):
    """How many rows match: `number`, and whether there are more than that (past the cap)."""

    number: int
    more: bool


def count_of(query, page, cap=COUNT_CAP):
    """How many rows match, as capped_count; free when `page` holds the last of them."""
    if not page.has_next and (page.items or page.number == 1):
        return Count((page.number - 1) * page.size + len(page.items), False)
    return capped_count(query, cap)


def capped_count(query, cap=COUNT_CAP):
    """How many rows match, counting at most cap + 1 of them: (count, more_than_cap)."""
    counted = query.limit(cap + 1).count()
    return Count(min(counted, cap), counted > cap)
