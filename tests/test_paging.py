"""Paging without counting the whole table."""

from db.accounts import Account
from tests.factories import make_account, make_enterprise
from web.paging import capped_count, count_of, paginate


def test_pages_know_their_neighbours_without_counting(app):
    enterprise = make_enterprise()
    for _ in range(5):
        make_account(enterprise)
    query = Account.of_enterprise(enterprise).order_by(Account.id)
    first, last = paginate(query, 1, 2), paginate(query, 3, 2)
    assert (len(first.items), first.has_previous, first.has_next) == (2, False, True)
    assert (len(last.items), last.has_previous, last.has_next) == (1, True, False)


def test_counts_stop_at_the_cap(app):
    enterprise = make_enterprise()
    for _ in range(4):
        make_account(enterprise)
    query = Account.of_enterprise(enterprise)
    assert capped_count(query, cap=3) == (3, True)
    assert capped_count(query, cap=10) == (4, False)


def test_the_last_page_counts_without_a_query(app):
    enterprise = make_enterprise()
    for _ in range(5):
        make_account(enterprise)
    query = Account.of_enterprise(enterprise).order_by(Account.id)
    assert count_of(query, paginate(query, 3, 2)) == (5, False)
    assert count_of(query, paginate(query, 1, 2)) == (5, False)  # not the last page: counted
    assert count_of(query, paginate(query, 9, 2)) == (5, False)  # past the end: counted
