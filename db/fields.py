"""Field types shared by the models."""

import json

from peewee import SQL, AutoField, CharField, NodeList, Value, fn

from db.connection import is_postgresql
from db.prepared import insert_rows_ignoring_duplicates
from db.text import PAIR_LEAD, pair_prefix, prefix_upper_bound


class SearchKeyField(CharField):
    """A normalised search key (see domain.text.search_key), compared byte by byte.

    PostgreSQL gets the "C" collation so that a prefix range scan can use a plain b-tree index;
    SQLite compares byte-wise already.
    """

    def ddl(self, ctx):
        self.collation = '"C"' if is_postgresql(self.model._meta.database) else None
        return super().ddl(ctx)


def starts_with(field, prefix):
    """`field` starts with `prefix`, written as a range so an index on `field` serves it."""
    upper = prefix_upper_bound(prefix)
    return (field >= prefix) if upper is None else (field >= prefix) & (field < upper)



class NeverReusedIdField(AutoField):
    """An id the database never hands out twice, even after the row with the highest one is deleted.

    SQLite reuses the largest rowid of a deleted row unless the key is AUTOINCREMENT; a PostgreSQL
    SERIAL's sequence never goes back already. An account's id must never name another person later.
    """

    def ddl(self, ctx):
        node_list = super().ddl(ctx)
        if is_postgresql(self.model._meta.database):
            return node_list
        return NodeList((node_list, SQL("AUTOINCREMENT")))


# A name search takes at most this many matching words (in the order of the words, then the ids)
# before it sorts them: its work is bounded by this, not by the number of users or dossiers. The
# count cap of the screens (web.paging.COUNT_CAP, 1,000) plus one, and room for the few people who
# match one word typed through two of their own words ('jan' in Jan Janssens), so that the screens
# still learn that there are "more than 1,000".
MATCH_CAP = 1200


def words_matching(terms, owner, enterprise, words, capped=True):
    """The `owner` ids (a column of the terms table `terms`) of the enterprise's rows of which every
    word of `words` (db.text.search_words) starts a word.

    The word with the fewest matches drives (a range of the table's key; counting each word's
    matches up to MATCH_CAP is a short range scan too); each other word is checked per candidate
    through the (owner, term) index. `capped`: the first MATCH_CAP matches in key order, for a
    search that shows a page (of several words: their ids, found once); a complementary search
    needs them all.
    """
    query = words_query(terms, owner, enterprise, words, capped)
    if capped and len(words) > 1:
        # the check of the other words per candidate is the costly part: done once, for the
        # page and its count both (at most MATCH_CAP ids)
        return list(dict.fromkeys(row[0] for row in query.tuples()))
    return query


def one_of(column, matching):
    """SQL: `column` is one of `matching` (what words_matching answers: a query, or a list of ids).

    A list goes to the database as one value (PostgreSQL: an array; SQLite: a JSON array read by
    json_each), not as a placeholder per id: peewee would build SQL for each of up to MATCH_CAP ids,
    twice (the page and its count), which costs more than the database's work.
    """
    if not isinstance(matching, list):
        return column.in_(matching)
    if is_postgresql(column.model._meta.database):
        return column == fn.ANY(Value(matching, unpack=False))
    return column.in_(SQL('(SELECT "value" FROM json_each(?))', [json.dumps(matching)]))


def words_query(terms, owner, enterprise, words, capped=True):
    """The query of words_matching: the driving range, each other word an EXISTS."""
    first, others = _driver(terms, enterprise, words)
    query = terms.select(owner).where((terms.enterprise == enterprise) & starts_with(terms.term, first))
    for word in others:
        other = terms.alias()
        query = query.where(fn.EXISTS(other.select(SQL("1")).where(
            (other.enterprise == enterprise) & (getattr(other, owner.name) == owner)
            & starts_with(other.term, word))))
    return query.order_by(terms.term, owner).limit(MATCH_CAP) if capped else query


def _driver(terms, enterprise, words):
    """(the prefix whose range drives, the words left to check per candidate) of `words` (longest
    first). A terms table with pair terms (db.text.PAIR_MARK) is driven by the pair of the longest
    word and the next one of PAIR_LEAD letters or more: its range holds only the owners having
    both. Else by the rarest word."""
    if len(words) > 1 and getattr(terms, "HAS_PAIRS", False):
        longest, *rest = words
        lead = next((word for word in rest if len(word) >= PAIR_LEAD), None)
        if lead is not None:
            # the pair checks the lead's first PAIR_LEAD letters; a longer lead is checked whole
            others = [word for word in rest if word != lead or len(lead) > PAIR_LEAD]
            return pair_prefix(lead, longest), others
    if len(words) > 1:
        words = sorted(words, key=lambda word: _matches(terms, enterprise, word))
    return words[0], words[1:]


# The words of a search of several words are counted up to this many to choose the one that drives:
# counted only up to MATCH_CAP, two common words tie ('els' and 'jans' at 100,000 users: 3,600 and
# 11,000 matches) and the worse one could drive, each of its matches checked for the other word.
# Counting is a walk of the key's range without a look-up per entry (a covering index): 24,000
# entries cost about what 1,000 checks do.
DRIVER_COUNT_CAP = 20 * MATCH_CAP


def _matches(terms, enterprise, word):
    """How many of the enterprise's words start with `word`, counted up to DRIVER_COUNT_CAP."""
    return (terms.select(SQL("1")).where((terms.enterprise == enterprise) & starts_with(terms.term, word))
            .limit(DRIVER_COUNT_CAP).count())


def write_terms(terms, owner, enterprise_id, owner_id, words, new=False):
    """Write an owner's words (db.text.search_terms) anew in the terms table `terms`, whose column
    `owner` names the account or dossier; `new`: it has none yet."""
    if not new:
        terms.delete().where(owner == owner_id).execute()
    rows = [{"enterprise": enterprise_id, "term": term[:100], owner.name: owner_id} for term in words]
    insert_rows_ignoring_duplicates(terms, rows)
