"""Accounts: back-office officers, local admins and the users they manage."""

import operator
from functools import reduce

from flask_babel import lazy_gettext as _l
from peewee import (
    SQL,
    BooleanField,
    CharField,
    CompositeKey,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    fn,
)

from db.applications import Application
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
from db.enterprises import Enterprise
from db.fields import NeverReusedIdField, SearchKeyField, one_of, starts_with, words_matching, write_terms
from db.text import normalize_username, pair_terms, search_key, search_terms, search_words


class Role(CodeSet):
    OFFICER = "officer", _l("Back-office officer")
    LOCAL_ADMIN = "local_admin", _l("Local administrator")
    USER = "user", _l("User")


class BlockReason(CodeSet):
    """Why an account is blocked when its local admin did not block it."""

    INACTIVE = "inactive", _l("inactive")


class Account(BaseModel):
    """A person who signs in. The username is chosen once and never changes."""

    # a deleted account's id is never given to another (audit events and sessions name it)
    id = NeverReusedIdField()
    enterprise = ForeignKeyField(Enterprise, null=True, backref="accounts", on_delete="CASCADE")
    role = CharField(max_length=16, default=Role.USER)
    username = CharField(max_length=50, unique=True)
    first_name = CharField(max_length=100)
    last_name = CharField(max_length=100)
    first_name_key = SearchKeyField(max_length=100, default="")
    last_name_key = SearchKeyField(max_length=100, default="")
    national_number = CharField(max_length=11, null=True)
    email = CharField(max_length=254, null=True)
    language = CharField(max_length=2, default="nl")
    password_hash = CharField(max_length=255)
    must_change_password = BooleanField(default=False)
    blocked = BooleanField(default=False)
    # why it is blocked: '' (by its local admin) or a BlockReason code (e.g. inactive)
    block_reason = CharField(max_length=16, default="")
    # the account-wide lock-out, over every client address (domain.auth; see SECURITY.md)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    # how many account-wide locks in a row: each lasts twice as long as the one before
    lock_count = IntegerField(default=0)
    stts_profile = CharField(max_length=8, null=True)
    # Raised on every change, so a stale form cannot overwrite a newer one.
    version = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            # one national number once per enterprise
            (("enterprise", "national_number"), True),
            # the user list, sorted by name and paged by key
            (("enterprise", "last_name_key", "first_name_key", "id"), False),
            # prefix search on the first name
            (("enterprise", "first_name_key"), False),
            # the user list sorted by username (migration 0004)
            (("enterprise", "username"), False),
            # the blocked users by name (migration 0041)
            (("enterprise", "blocked", "last_name_key", "first_name_key", "id"), False),
            # the users blocked as inactive, counted on the welcome page (migration 0065)
            (("enterprise", "block_reason", "blocked"), False),
        )

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.first_name_key = search_key(self.first_name)
        self.last_name_key = search_key(self.last_name)
        new = self.id is None
        renamed = new or bool({"first_name", "last_name", "username", "enterprise"}
                                          & {field.name for field in self.dirty_fields})
        saved = super().save(*args, **kwargs)
        if renamed:
            AccountTerm.index(self, new)
        return saved

    def search_terms(self):
        """The words the user search finds this account by (its names' and its username's) and
        their pairs (db.text.PAIR_MARK)."""
        return account_terms(self.first_name, self.last_name, self.username)

    # -- what Flask-Login asks of a signed-in user (the web layer signs accounts in) -------------

    is_authenticated = True
    is_anonymous = False

    # set by the web layer to the token of the session this account signed in with (db.sessions)
    session_token = None

    def get_id(self):
        return self.session_token

    @property
    def is_active(self):
        return not self.blocked

    # -- reading ------------------------------------------------------------------------------

    @property
    def full_name(self):
        """'Voornaam Naam', as the manual lists users."""
        return f"{self.first_name} {self.last_name}"

    @property
    def is_local_admin(self):
        return self.role == Role.LOCAL_ADMIN

    def is_locked(self, now=None):
        """Locked for a while after too many failed sign-ins (apart from being blocked)."""
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    def applications(self):
        """The applications this account may use; a local admin may use all of them."""
        if self.is_local_admin:
            return Application.catalogue()
        return (
            Application.select()
            .join(AccountApplication)
            .where(AccountApplication.account == self)
            .order_by(Application.position, Application.code)
        )

    def may_use(self, application_code):
        """True when this account may use the application with that code."""
        return self.applications().where(Application.code == application_code).exists()

    @classmethod
    def by_username(cls, username):
        """The account with this username (usernames are stored in lower case), or None."""
        return cls.get_or_none(cls.username == normalize_username(username))

    @classmethod
    def of_enterprise(cls, enterprise):
        """Every account of one enterprise: the start of every query on enterprise users."""
        return cls.select().where(cls.enterprise == enterprise)

    @classmethod
    def listed(cls, query):
        """`query` reading only what a row of the user list shows (users/_row.html): a page
        makes its 26 accounts from 9 columns rather than 23."""
        return query.select(cls.id, cls.enterprise, cls.role, cls.username, cls.first_name, cls.last_name,
                            cls.blocked, cls.block_reason, cls.locked_until)

    @classmethod
    def sorted_by(cls, sort):
        """ORDER BY terms of the user list: by 'name' (last, first; the default) or by 'username'.

        Both end on a unique column, so paging is deterministic, and both have an index.
        """
        if sort == "username":
            return (cls.username,)
        return (cls.last_name_key, cls.first_name_key, cls.id)

    @classmethod
    def search(cls, enterprise, *, name_key="", national_number="", blocked=False, applications=(),
               complementary=False, inactive=False):
        """The enterprise's accounts matching every criterion given; `complementary`: all the others.

        `name_key` is what was typed in the name field, as typed: each of its words starts a word of the first
        or last name or the username (AccountTerm),
        `national_number` the leading digits of one, `applications` Application rows the account
        may use (all of them). Complementary search is one query: NOT (criteria).
        """
        criteria = []
        if search_words(name_key) and complementary:
            # each account the name index walks is probed for the words (its own (account, term)
            # key): a page costs about a page of probes, not the list of every match built first
            criteria.append(AccountTerm.has_every_word(cls.id, name_key))
        elif search_words(name_key):
            criteria.append(one_of(cls.id, AccountTerm.matching(enterprise, name_key)))
        if national_number:
            # IS NOT NULL keeps accounts without a number in the complementary result (NOT NULL is NULL)
            criteria.append(cls.national_number.is_null(False)
                            & starts_with(cls.national_number, national_number))
        if blocked:
            criteria.append(cls.blocked == True)  # noqa: E712 (SQL, not Python)
        if inactive:
            criteria.append((cls.blocked == True) & (cls.block_reason == BlockReason.INACTIVE))  # noqa: E712
        criteria.extend(cls.may_use_condition(application) for application in applications)
        query = cls.of_enterprise(enterprise)
        if not criteria:
            # nothing asked: everybody, and nobody is outside "everybody"
            return query.where(SQL("1 = 0")) if complementary else query
        matching = reduce(operator.and_, criteria)
        return query.where(~matching if complementary else matching)

    @classmethod
    def may_use_condition(cls, application):
        """SQL: the account may use `application` (local admins may use every application)."""
        # a probe of the (account, application) key per account the list walks, not the list of
        # everyone who may use the application built first: the page costs what it shows
        link = AccountApplication.select(SQL("1")).where(
            (AccountApplication.account == cls.id) & (AccountApplication.application == application))
        return (cls.role == Role.LOCAL_ADMIN) | fn.EXISTS(link)

    @classmethod
    def application_names(cls, accounts, language):
        """{account id: names of the applications it may use}, for many accounts in one query."""
        names = {account.id: [] for account in accounts}
        links = (
            AccountApplication.select(AccountApplication.account, Application)
            .join(Application)
            .where(AccountApplication.account.in_(list(names)))
            .order_by(Application.position, Application.code)
        )
        for link in links:
            names[link.account_id].append(link.application.name(language))
        admins = [account for account in accounts if account.is_local_admin]
        if admins:
            every = [application.name(language) for application in Application.catalogue()]
            names.update((admin.id, every) for admin in admins)
        return names

    @classmethod
    def unused_since(cls, cutoff):
        """Users (not local admins, not officers) not blocked whose last sign-in, or creation when they
        never signed in, and last change are before `cutoff`: the nightly job blocks them."""
        last_used = fn.COALESCE(cls.last_login_at, cls.created_at)
        return cls.select().where((cls.role == Role.USER) & (cls.blocked == False)  # noqa: E712
                                  & (last_used < cutoff) & (cls.updated_at < cutoff)).order_by(cls.id)

    @classmethod
    def blocked_as_inactive(cls, enterprise):
        """The enterprise's accounts the nightly job blocked for inactivity."""
        return cls.of_enterprise(enterprise).where((cls.blocked == True)  # noqa: E712
                                                   & (cls.block_reason == BlockReason.INACTIVE))

    @classmethod
    def local_admin_of(cls, enterprise):
        """The enterprise's current local admin, or None."""
        return cls.of_enterprise(enterprise).where(cls.role == Role.LOCAL_ADMIN).first()


def account_terms(first_name, last_name, username):
    """An account's search terms: the words of its names and username, and their pairs."""
    words = search_terms(first_name, last_name, username)
    return words + pair_terms(words)


class AccountApplication(BaseModel):
    """An account may use an application (local admins may use all, without rows here)."""

    account = ForeignKeyField(Account, backref="application_links", on_delete="CASCADE")
    application = ForeignKeyField(Application, backref="account_links", on_delete="CASCADE")

    class Meta:
        indexes = (
            (("account", "application"), True),
            # "who may use application X", for the user search
            (("application", "account"), False),
        )


class AccountTerm(BaseModel):
    """One word the user search finds an account by (db.text.search_terms of its names and its
    username), in the account's enterprise: a word-prefix search is a range scan of this table's
    key, whatever the number of users."""

    enterprise = ForeignKeyField(Enterprise, backref="+", on_delete="CASCADE", index=False)
    term = SearchKeyField(max_length=100)
    account = ForeignKeyField(Account, backref="+", on_delete="CASCADE", index=False)

    # besides the words, their pairs (db.text.PAIR_MARK): a search of several words walks only the
    # accounts having two of them
    HAS_PAIRS = True

    class Meta:
        primary_key = CompositeKey("enterprise", "term", "account")
        # an account's own words: the other words of a search are checked per candidate, and
        # renaming replaces them
        indexes = ((("account", "term"), False),)

    @classmethod
    def index(cls, account, new=False):
        """Write the account's words anew (after a change of its names; `new`: it has none yet)."""
        words = account.search_terms() if account.enterprise_id is not None else ()
        write_terms(cls, cls.account, account.enterprise_id, account.id, words, new)

    @classmethod
    def has_every_word(cls, account_id, text):
        """SQL: each word typed in `text` starts a word of the account `account_id` (a column);
        one probe of the (account, term) index per word."""
        probes = []
        for word in search_words(text):
            term = cls.alias()
            # OFFSET 0 keeps PostgreSQL from turning NOT EXISTS into an anti join, whose plan
            # follows ANALYZE's sampled estimate of the word's range: estimated at one entry, it
            # builds the whole range (11,000 entries for 'jans' at 100,000 users) and filters it
            # per account. A probe per account costs what the page shows, whatever the sample.
            probes.append(fn.EXISTS(term.select(SQL("1")).where(
                (term.account == account_id) & starts_with(term.term, word)).offset(0)))
        return reduce(operator.and_, probes)

    @classmethod
    def matching(cls, enterprise, text, capped=True):
        """The ids of the enterprise's accounts of which every word typed in `text` starts a word
        (db.fields.words_matching)."""
        return words_matching(cls, cls.account, enterprise, search_words(text), capped)
