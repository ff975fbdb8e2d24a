"""'Uitwisseling via gestructureerde berichten': who sends an enterprise's XML files, and how."""

from flask_babel import lazy_gettext as _l
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from db.accounts import Account, Role
from db.applications import Application
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
from db.enterprises import Enterprise


class Authentication(CodeSet):
    PASSWORD = "password", _l("The technical sender's password")
    CERTIFICATE = "certificate", _l("The enterprise's registered certificate")


class ExchangeRegistration(BaseModel):
    """An enterprise's registration for the structured-message (XML) channel: one per enterprise."""

    enterprise = ForeignKeyField(Enterprise, unique=True, backref="+", on_delete="CASCADE")
    # a user of the same enterprise; NULL once that user is deleted (the name stays, to say so)
    technical_sender = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    technical_sender_name = CharField(max_length=210, default="")
    authentication = CharField(max_length=16, default=Authentication.PASSWORD)
    # raised on every change, so a stale form cannot overwrite a newer one
    version = IntegerField(default=1)
    updated_at = DateTimeField(default=utcnow)

    @classmethod
    def of_enterprise(cls, enterprise):
        """The enterprise's registration, as a query (at most one row)."""
        return cls.select().where(cls.enterprise == enterprise)

    @classmethod
    def registration_of(cls, enterprise):
        """The enterprise's registration, or None."""
        return cls.of_enterprise(enterprise).first()

    @staticmethod
    def sender_candidates(enterprise):
        """The enterprise's users who may be its technical sender: plain users, not blocked."""
        return (
            Account.of_enterprise(enterprise)
            .where((Account.role == Role.USER) & ~Account.blocked)
            .order_by(Account.last_name_key, Account.first_name_key, Account.id)
        )

    def applications(self):
        """The applications for which the channel is used, in the catalogue's order."""
        return (
            Application.select()
            .join(ExchangeApplication)
            .where(ExchangeApplication.registration == self)
            .order_by(Application.position, Application.code)
        )


class ExchangeApplication(BaseModel):
    """The channel is used for this application."""

    registration = ForeignKeyField(ExchangeRegistration, backref="application_links", on_delete="CASCADE")
    application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")

    class Meta:
        indexes = ((("registration", "application"), True),)

    @classmethod
    def of_enterprise(cls, enterprise):
        """The applications for which the enterprise's channel is used."""
        return cls.select().join(ExchangeRegistration).where(ExchangeRegistration.enterprise == enterprise)
