"""What one record costs the database: a deterministic count of statements (the throughput itself
is measured by `make bench`, bench/xml.py)."""

import logging
from collections import Counter

from tests.channel_data import message, outcomes, parsed, post_message, registered_operator, request_record
from tests.stts_data import person


class Statements(logging.Handler):
    def __init__(self):
        super().__init__()
        self.sql = []

    def emit(self, record):
        self.sql.append(str(record.msg[0]) if isinstance(record.msg, tuple) else str(record.msg))


def statements_for(client, operator, count, message_id):
    body = message(operator, [request_record(i, person()) for i in range(1, count + 1)], message_id)
    handler, logger = Statements(), logging.getLogger("peewee")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        response = post_message(client, body)
    finally:
        logger.removeHandler(handler)
    assert [status for _s, status, _d, _c in outcomes(parsed(response))] == ["accepted"] * count
    return handler.sql


def test_each_more_record_costs_a_fixed_number_of_statements(client, app):
    operator, _ = registered_operator()
    few = statements_for(client, operator, 2, "few")
    more = statements_for(client, operator, 12, "more")
    per_record = (len(more) - len(few)) / 10
    kinds = Counter(sql.split()[0] for sql in more[len(few):])
    # the domain's request (look-ups, the dossier, its history, its audit event) and the channel's
    # own: the record's outcome and its audit event, in one transaction; and the dossier's search
    # words (dossier_term, issue 13)
    assert per_record <= 13, (per_record, kinds)
