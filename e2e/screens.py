"""Every screen of the app, by who sees it: the list the axe-core and 360 px passes walk
(`e2e/test_screens.py`) and `tests/test_screen_coverage.py` checks against the app's GET routes.

A path may hold `{name}`: the first id a list page links to (see FIND), so the list keeps
working whatever ids the demo data set gets."""

# who: (username, password, portal label); None is signed out
PEOPLE = {
    "public": None,
    "provisional": ("tmp-demo-2026", "Demo-Voorlopig-2026", "Onderneming"),
    "local admin": ("els.janssens", "Demo-Beheerder-2026", "Onderneming"),
    "stts 1": ("stts1.demo", "Demo-Gebruiker-2026", "Onderneming"),
    "stts 2": ("stts2.demo", "Demo-Gebruiker-2026", "Onderneming"),
    "stts 3": ("stts3.demo", "Demo-Gebruiker-2026", "Onderneming"),
    "officer": ("rsz.officer", "Demo-Officer-2026", "Backoffice Sociale Zekerheid"),
}

# {name}: (page that lists it, a regular expression for the id in its links)
FIND = {
    "user": ("/users/", r"/users/(\d+)$"),
    "active": ("/stts/dossiers?name=Dupont", r"/stts/dossiers/(\d+)$"),
    "stopped": ("/stts/dossiers?name=Wouters", r"/stts/dossiers/(\d+)$"),
    "task": ("/stts/tasks", r"/stts/tasks/(\d+)$"),
    "request": ("/backoffice/", r"/backoffice/requests/(\d+)$"),
}

# (who, endpoint, path): every screen a person reaches with a GET
SCREENS = [
    ("public", "public.home", "/"),
    ("public", "public.employers", "/employers"),
    ("public", "public.sitemap", "/sitemap"),
    ("public", "public.about", "/about"),
    ("public", "public.contact", "/contact"),
    ("public", "auth.login", "/login"),
    ("public", "onboarding.how_to_register", "/onboarding/"),
    ("public", "onboarding.electronic_form", "/onboarding/form"),
    ("public", "onboarding.access_request", "/onboarding/request"),
    ("public", "onboarding.status", "/onboarding/status"),
    ("public", "onboarding.status", "/onboarding/status?ticket=STTS-N7VA-2QKM"),
    ("provisional", "onboarding.first_login", "/onboarding/first-login"),
    ("provisional", "onboarding.create_local_admin", "/onboarding/local-admin"),
    ("local admin", "welcome.index", "/welcome/"),
    ("local admin", "welcome.application", "/welcome/applications/personnel"),
    ("local admin", "account.details", "/account/details"),
    ("local admin", "account.password", "/account/password"),
    ("local admin", "account.certificate", "/account/certificate"),
    ("local admin", "account.confirm_end_other_sessions", "/account/sessions/end-others"),
    ("stts 1", "second_factor.manage", "/account/second-factor"),
    ("local admin", "users.index", "/users/"),
    ("local admin", "users.index", "/users/?page=2"),
    ("local admin", "users.search", "/users/search"),
    ("local admin", "users.search", "/users/search?name=jans"),
    ("local admin", "users.create", "/users/new"),
    ("local admin", "users.bulk", "/users/bulk?action=block&user={user}"),
    ("local admin", "users.show", "/users/{user}"),
    ("local admin", "users.edit", "/users/{user}/profile"),
    ("local admin", "users.delete", "/users/{user}/delete"),
    ("local admin", "users.new_password", "/users/{user}/password"),
    ("local admin", "users.national_number", "/users/{user}/national-number"),
    ("local admin", "history.index", "/history/"),
    ("officer", "history.index", "/history/"),
    ("local admin", "exchange.index", "/exchange/"),
    ("local admin", "exchange.history", "/exchange/history"),
    ("stts 3", "exchange.upload", "/exchange/upload"),
    ("stts 3", "exchange.history", "/exchange/history"),
    ("local admin", "routing.index", "/routing/"),
    ("local admin", "routing.settings", "/routing/settings"),
    ("local admin", "routing.edit", "/routing/settings/stts"),
    ("local admin", "welcome.application", "/welcome/applications/stts"),
    ("stts 1", "welcome.index", "/welcome/"),
    ("stts 1", "stts.index", "/stts/"),
    ("stts 2", "stts.index", "/stts/"),
    ("stts 3", "stts.index", "/stts/"),
    ("stts 3", "stts.search", "/stts/dossiers"),
    ("stts 3", "stts.search", "/stts/dossiers?name=Dupont"),
    ("stts 3", "stts.dossier", "/stts/dossiers/{active}"),
    ("stts 3", "stts.modify", "/stts/dossiers/{active}/edit"),
    ("stts 3", "stts.stop", "/stts/dossiers/{active}/stop/reduction"),
    ("stts 3", "stts.stop", "/stts/dossiers/{active}/stop/tariff"),
    ("stts 3", "stts.cancel", "/stts/dossiers/{stopped}/cancel"),
    ("stts 3", "stts.request_tariff", "/stts/dossiers/new"),
    ("stts 3", "stts.transfer", "/stts/transfer"),
    ("stts 3", "stts.tasks", "/stts/tasks"),
    ("stts 3", "stts.task", "/stts/tasks/{task}"),
    ("officer", "backoffice.index", "/backoffice/"),
    ("officer", "backoffice.detail", "/backoffice/requests/{request}"),
    ("officer", "backoffice.confirm_reject", "/backoffice/requests/{request}/reject?reason=not_original"),
]

# GET endpoints with no screen of their own in the list above, each with the reason
EXEMPT = {
    "static": "files, not screens",
    "channel.poll": "the XML channel (machine to machine)",
    "channel.schema": "an XML schema file",
    "users.export": "a CSV file",
    "history.export": "a CSV file",
    "exchange.message_file": "an XML file",
    "exchange.acknowledgement_file": "an XML file",
    "exchange.message": "needs an uploaded message: axe-checked in e2e/test_exchange.py",
    "users.issued": "shown once after a new password: axe-checked in e2e/test_users.py",
    "onboarding.confirmation": "shown to the applicant's own session: axe-checked in e2e/test_onboarding.py",
    "account.revoke_certificate": "needs a registered certificate (none in the demo data set)",
    "backoffice.letter": "shown once, as the credentials are issued: axe-checked in e2e/test_onboarding.py",
    "stts.activate": "needs a dossier awaiting activation: axe-checked in e2e/test_stts.py",
    "stts.identify": "the identification panel, swapped into the request form (a partial)",
    "second_factor.code": "needs a sign-in half done with a second factor: e2e/test_accounts.py",
    "second_factor.recovery_codes": "shown once, as the second factor starts: e2e/test_accounts.py",
    "invitations.accept": "needs the link of an e-mailed invitation: e2e/test_accounts.py",
}
