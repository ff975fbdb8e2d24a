"""What one record costs the database: a deterministic count of statements (the throughput itself
is measured by `make bench`, bench/xml.py)."""

from collections import Counter

from tests.channel_data import message, outcomes, parsed, post_message, registered_operator, request_record
from tests.helpers import statements
from tests.stts_data import person


def statements_for(client, operator, count, message_id):
    body = message(operator, [request_record(i, person()) for i in range(1, count + 1)], message_id)
    with statements() as sql:
        response = post_message(client, body)
    assert [status for _s, status, _d, _c in outcomes(parsed(response))] == ["accepted"] * count
    return sql


def test_each_more_record_costs_a_fixed_number_of_statements(client, app):
    operator, _ = registered_operator()
    few = statements_for(client, operator, 2, "few")
    more = statements_for(client, operator, 12, "more")
    per_record = (len(more) - len(few)) / 10
    kinds = Counter(sql.split()[0] for sql in more[len(few):])
    # EXECUTE: a select prepared on the PostgreSQL server (db.prepared)
    work = (kinds["SELECT"] + kinds["EXECUTE"] + kinds["INSERT"] + kinds["UPDATE"] + kinds["DELETE"]) / 10
    # the domain's request (three look-ups, the trace of the eligibility look-up, the dossier, its
    # search words, its history, its audit event) and the channel's own: the record's outcome and its
    # audit event, kept or undone together
    assert work <= 11, (work, kinds)
    # a savepoint for the record and the domain's own two; no transaction of its own (the records
    # commit in groups, domain.messages.GROUP)
    assert per_record - work <= 6, (per_record, kinds)
