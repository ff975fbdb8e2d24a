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


class Count(NamedTuple):
    """How many rows match: `number`, and whether there are more than that (past the cap)."""

    number: int
    more: bool


@dataclass
class Page:
    items: list
    number: int
    size: int
    has_next: bool
    # how many rows match in all (capped): "1–25 van 132", "van meer dan 1.000"
    total: Count | None = None

    @property
    def first(self):
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self):
        return (self.number - 1) * self.size + len(self.items)

    @property
    def has_previous(self):
        return self.number > 1


def page_request(default_size=PAGE_SIZES[0]):
    """(page number, page size) from the URL's `page` and `size`, clamped to sane values."""
    number = request.args.get("page", 1, type=whole_number)
    size = request.args.get("size", default_size, type=whole_number)
    return min(max(number, 1), MAX_PAGE), size if size in PAGE_SIZES else default_size


def paginate(query, number, size):
    """One page of an ordered query (the query must have a deterministic ORDER BY), with how many
    rows match in all; a page past the end is the last page."""
    page = _page(query, number, size)
    if not page.items and number > 1:
        # past the end (an old bookmark, a hand-made URL): the last page that has rows
        page = _page(query, max(1, -(-query.count() // size)), size)
    page.total = count_of(query, page)
    return page


def _page(query, number, size):
    rows = list(query.limit(size + 1).offset((number - 1) * size))
    return Page(items=rows[:size], number=number, size=size, has_next=len(rows) > size)


def count_of(query, page, cap=COUNT_CAP):
    """How many rows match, as capped_count; free when `page` holds the last of them (or knows)."""
    if page.total is not None:
        return page.total
    if not page.has_next and (page.items or page.number == 1):
        return Count((page.number - 1) * page.size + len(page.items), False)
    return capped_count(query, cap)


def capped_count(query, cap=COUNT_CAP):
    """How many rows match, counting at most cap + 1 of them: (count, more_than_cap)."""
    counted = query.limit(cap + 1).count()
    return Count(min(counted, cap), counted > cap)
