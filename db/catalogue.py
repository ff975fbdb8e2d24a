"""The catalogue of secured applications: reference data every database holds."""

from db.applications import STTS, Application

APPLICATIONS = [
    {
        "code": STTS,
        "name_nl": "Sociale telefoontarieven (STTS)",
        "name_fr": "Tarifs téléphoniques sociaux (STTS)",
        "name_de": "Soziale Telefontarife (STTS)",
        "description_nl": "Aanvragen, transfers, wijzigingen en stopzettingen van het sociaal telefoontarief van uw klanten.",
        "description_fr": "Demandes, transferts, modifications et arrêts du tarif téléphonique social de vos clients.",
        "description_de": "Anträge, Übertragungen, Änderungen und Beendigungen des sozialen Telefontarifs Ihrer Kunden.",
    },
    {
        "code": "personnel",
        "name_nl": "Personeelsbestand",
        "name_fr": "Fichier du personnel",
        "name_de": "Personalbestand",
        "description_nl": "Het bestand van de werknemers van uw onderneming, zoals aangegeven in Dimona.",
        "description_fr": "Le fichier des travailleurs de votre entreprise, tel que déclaré dans Dimona.",
        "description_de": "Das Verzeichnis der Arbeitnehmer Ihres Unternehmens, wie in Dimona gemeldet.",
    },
    {
        "code": "dmfa",
        "name_nl": "Multifunctionele aangifte DmfA",
        "name_fr": "Déclaration multifonctionnelle DmfA",
        "name_de": "Multifunktionale Erklärung DmfA",
        "description_nl": "De driemaandelijkse aangifte van lonen en arbeidstijd aan de RSZ.",
        "description_fr": "La déclaration trimestrielle des salaires et du temps de travail à l'ONSS.",
        "description_de": "Die vierteljährliche Erklärung der Löhne und Arbeitszeiten beim LSS.",
    },
    {
        "code": "social_risks",
        "name_nl": "Aangifte van de sociale risico's",
        "name_fr": "Déclaration des risques sociaux",
        "name_de": "Meldung der sozialen Risiken",
        "description_nl": "Elektronische aangifte van een sociaal risico, zoals werkloosheid of ziekte.",
        "description_fr": "Déclaration électronique d'un risque social, comme le chômage ou la maladie.",
        "description_de": "Elektronische Meldung eines sozialen Risikos, etwa Arbeitslosigkeit oder Krankheit.",
    },
    {
        "code": "employer_directory",
        "name_nl": "Werkgevers repertorium",
        "name_fr": "Répertoire des employeurs",
        "name_de": "Arbeitgeberverzeichnis",
        "description_nl": "De identificatiegegevens van uw onderneming als werkgever bij de RSZ.",
        "description_fr": "Les données d'identification de votre entreprise en tant qu'employeur auprès de l'ONSS.",
        "description_de": "Die Kenndaten Ihres Unternehmens als Arbeitgeber beim LSS.",
    },
    {
        "code": "work_declaration",
        "name_nl": "Werkmelding",
        "name_fr": "Déclaration de travaux",
        "name_de": "Meldung von Arbeiten",
        "description_nl": "Melding van werken die door aannemers of onderaannemers worden uitgevoerd.",
        "description_fr": "Déclaration des travaux exécutés par des entrepreneurs ou sous-traitants.",
        "description_de": "Meldung von Arbeiten, die von Unternehmern oder Subunternehmern ausgeführt werden.",
    },
    {
        "code": "ebox",
        "name_nl": "e-Box",
        "name_fr": "e-Box",
        "name_de": "e-Box",
        "description_nl": "De beveiligde elektronische brievenbus van uw onderneming bij de overheid.",
        "description_fr": "La boîte aux lettres électronique sécurisée de votre entreprise auprès des autorités.",
        "description_de": "Der gesicherte elektronische Briefkasten Ihres Unternehmens bei den Behörden.",
    },
    {
        "code": "temporary_unemployment",
        "name_nl": "Tijdelijke werkloosheid",
        "name_fr": "Chômage temporaire",
        "name_de": "Zeitweilige Arbeitslosigkeit",
        "description_nl": "Mededeling en opvolging van tijdelijke werkloosheid van uw werknemers.",
        "description_fr": "Communication et suivi du chômage temporaire de vos travailleurs.",
        "description_de": "Mitteilung und Begleitung der zeitweiligen Arbeitslosigkeit Ihrer Arbeitnehmer.",
    },
]


def ensure_catalogue():
    """Insert or update every application of the catalogue; safe to run at every start."""
    for position, fields in enumerate(APPLICATIONS):
        values = {**fields, "position": position}
        updated = Application.update(values).where(Application.code == fields["code"]).execute()
        if not updated:
            Application.create(**values)
