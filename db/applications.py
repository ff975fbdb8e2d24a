"""The catalogue of secured applications and who may use which."""

from peewee import CharField, IntegerField, TextField

from db.base import BaseModel

STTS = "stts"


class Application(BaseModel):
    """A secured application: the ones on the manual's welcome page, plus STTS."""

    code = CharField(max_length=40, unique=True)
    position = IntegerField(default=0)
    name_nl = CharField(max_length=120)
    name_fr = CharField(max_length=120)
    name_de = CharField(max_length=120)
    description_nl = TextField(default="")
    description_fr = TextField(default="")
    description_de = TextField(default="")

    def name(self, language):
        """The application's name in `language` (nl, fr or de)."""
        return getattr(self, f"name_{language}", None) or self.name_nl

    def description(self, language):
        """What the application is for, in `language`."""
        return getattr(self, f"description_{language}", None) or self.description_nl

    @classmethod
    def catalogue(cls):
        """Every application, in the manual's order."""
        return cls.select().order_by(cls.position, cls.code)

    @classmethod
    def names(cls, language):
        """{code: name in `language`} for the whole catalogue."""
        return {application.code: application.name(language) for application in cls.catalogue()}

    @classmethod
    def all_of(cls, codes):
        """The applications with these codes, or None when one of them is not in the catalogue."""
        codes = set(codes)
        applications = list(cls.by_codes(codes)) if codes else []
        return applications if len(applications) == len(codes) else None

    @classmethod
    def by_codes(cls, codes):
        """The applications with these codes (unknown codes are simply absent)."""
        return cls.select().where(cls.code.in_(list(codes))).order_by(cls.position)
