"""Schéma des fiches d'aide : source unique de vérité pour les données.

Chaque vocabulaire (structures, besoins, types…) est défini ici une seule fois,
avec son libellé et sa définition : le site, le moteur de recherche, les guides
PDF, le guide du contributeur et le JSON Schema lisent tous cette liste.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
import datetime as dt
from typing import Annotated, Literal, Optional
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    BeforeValidator,
    PlainValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

VERSION_SCHEMA = "2.0.0"


# --- Vocabulaires -----------------------------------------------------------


@dataclass(frozen=True)
class Terme:
    valeur: str
    libelle: str
    definition: str


class Vocabulaire:
    """Une liste fermée de valeurs, chacune avec son libellé et sa définition."""

    def __init__(self, nom: str, titre: str, termes: list[tuple[str, str, str]]):
        self.nom = nom
        self.titre = titre
        self.termes = [Terme(*t) for t in termes]
        self._par_valeur = {t.valeur: t for t in self.termes}

    @property
    def valeurs(self) -> tuple[str, ...]:
        return tuple(self._par_valeur)

    def libelle(self, valeur: str) -> str:
        return self._par_valeur[valeur].libelle

    def definition(self, valeur: str) -> str:
        return self._par_valeur[valeur].definition

    def __contains__(self, valeur: object) -> bool:
        return valeur in self._par_valeur

    def __iter__(self):
        return iter(self.termes)

    def description(self) -> str:
        return "; ".join(f"« {t.valeur} » : {t.libelle}" for t in self.termes)


STRUCTURES = Vocabulaire(
    "structures",
    "Types de structure",
    [
        ("association", "Association", "Association déclarée (loi 1901 ou droit local d'Alsace-Moselle)."),
        ("cooperative", "Coopérative", "SCOP, SCIC, coopérative d'activité et d'emploi (CAE) ou coopérative d'usagers."),
        ("mutuelle", "Mutuelle", "Mutuelle ou union de mutuelles."),
        ("fondation", "Fondation ou fonds de dotation", "Fondation reconnue d'utilité publique, fondation abritée ou fonds de dotation."),
        ("entreprise-esus", "Entreprise agréée ESUS", "Société commerciale qui a reçu l'agrément « entreprise solidaire d'utilité sociale »."),
        ("entreprise-ess", "Autre entreprise de l'ESS", "Société commerciale qui se déclare de l'économie sociale et solidaire (loi de 2014) sans agrément ESUS."),
        ("siae", "Structure d'insertion (SIAE)", "Structure d'insertion par l'activité économique : chantier d'insertion, entreprise d'insertion, association intermédiaire, entreprise de travail temporaire d'insertion."),
        ("entreprise-adaptee", "Entreprise adaptée ou ESAT", "Entreprise adaptée ou établissement et service d'aide par le travail, qui emploient des personnes handicapées."),
        ("groupement-employeurs", "Groupement d'employeurs", "Groupement d'employeurs (GE) ou groupement d'employeurs pour l'insertion et la qualification (GEIQ)."),
        ("porteur-de-projet", "Porteur de projet", "Personne ou collectif qui prépare la création d'une structure de l'ESS, pas encore immatriculée."),
        ("collectivite", "Collectivité", "Commune, intercommunalité (EPCI) ou autre collectivité, pour les aides qui passent par elle."),
    ],
)

BESOINS = Vocabulaire(
    "besoins",
    "Besoins",
    [
        ("tresorerie", "Trésorerie", "Faire face à un manque d'argent passager, attendre le versement d'une subvention."),
        ("emploi", "Emploi", "Recruter, créer ou maintenir un poste salarié."),
        ("fonctionnement", "Fonctionnement", "Financer l'activité courante de la structure."),
        ("projet", "Projet et innovation", "Lancer une action ou un service nouveau."),
        ("investissement", "Investissement", "Acheter du matériel, des équipements ou des biens immatériels."),
        ("immobilier", "Locaux", "Acheter, rénover ou aménager des locaux."),
        ("creation", "Création", "Démarrer une nouvelle structure ou activité."),
        ("developpement", "Développement", "Grandir, changer d'échelle, essaimer."),
        ("consolidation", "Consolidation", "Passer un cap difficile, renforcer le modèle économique."),
        ("formation", "Formation", "Former les bénévoles ou les salariés."),
        ("benevolat", "Bénévolat et engagement", "Accueillir, former et garder des bénévoles ou des volontaires."),
        ("numerique", "Numérique", "Équiper la structure ou accompagner le public dans le numérique."),
        ("transition-ecologique", "Transition écologique", "Réduire l'impact environnemental de la structure ou de ses activités."),
        ("cooperation", "Coopération", "Travailler avec d'autres acteurs du territoire, mutualiser."),
        ("accompagnement", "Conseil et accompagnement", "Être conseillé, faire un diagnostic, se faire aider pour monter un dossier."),
    ],
)

TYPES = Vocabulaire(
    "types",
    "Types d'aide",
    [
        ("subvention", "Subvention", "Somme versée qui n'a pas à être remboursée."),
        ("pret", "Prêt", "Somme prêtée, à rembourser avec ou sans intérêts."),
        ("pret-honneur", "Prêt d'honneur", "Prêt personnel sans intérêts ni garantie, accordé au porteur de projet."),
        ("avance-remboursable", "Avance remboursable", "Somme versée sans intérêts, à rembourser selon un échéancier."),
        ("garantie", "Garantie", "Un organisme se porte garant auprès de la banque pour faciliter un prêt."),
        ("fonds-propres", "Fonds propres ou quasi-fonds propres", "Apport en capital, titres associatifs ou prêt participatif qui renforcent le haut de bilan."),
        ("accompagnement", "Accompagnement", "Conseil, diagnostic ou formation gratuits ou à coût réduit."),
        ("aide-emploi", "Aide à l'emploi", "Prise en charge d'une partie du coût d'un poste salarié ou d'un volontaire."),
        ("avantage-fiscal", "Avantage fiscal", "Réduction d'impôt ou exonération, pour la structure ou pour ses donateurs."),
        ("agrement", "Agrément ou label", "Reconnaissance officielle qui ouvre l'accès à d'autres aides ou financements."),
    ],
)

DEPENSES = Vocabulaire(
    "depenses",
    "Dépenses couvertes",
    [
        ("fonctionnement", "Fonctionnement", "Salaires, loyers, frais courants, actions."),
        ("investissement", "Investissement", "Matériel, équipements, travaux, biens immatériels durables."),
    ],
)

ROLES = Vocabulaire(
    "roles",
    "Rôles des organisations",
    [
        ("financeur", "Financeur", "Paie l'aide."),
        ("instructeur", "Instructeur", "Reçoit et étudie les demandes."),
        ("accompagnateur", "Accompagnateur", "Peut vous aider à préparer votre demande."),
    ],
)

RECURRENCES = Vocabulaire(
    "recurrences",
    "Récurrence",
    [
        ("permanente", "Permanente", "On peut demander l'aide à tout moment, sans date limite."),
        ("annuelle", "Annuelle", "Un appel revient chaque année, avec des dates à respecter."),
        ("ponctuelle", "Ponctuelle", "Un appel ou une mesure unique, qui ne revient pas forcément."),
    ],
)

UNITES = Vocabulaire(
    "unites",
    "Unités de montant",
    [
        ("euros", "€", "Montant total en euros."),
        ("euros-par-an", "€ par an", "Montant versé chaque année."),
        ("euros-par-mois", "€ par mois", "Montant versé chaque mois."),
        ("euros-par-jour", "€ par jour", "Montant par jour (par exemple par jour de formation)."),
        ("euros-par-heure", "€ par heure", "Montant par heure (par exemple par heure chômée)."),
        ("euros-par-poste", "€ par poste et par an", "Montant par poste et par an ; dites avec « temps_plein » s'il vaut pour un temps plein."),
        ("euros-par-emploi-cree", "€ par emploi créé", "Montant versé une fois pour chaque emploi créé."),
        ("euros-par-contrat", "€ par contrat", "Montant pour chaque contrat signé (apprentissage, volontariat…)."),
        ("euros-par-enfant", "€ par enfant", "Montant pour chaque enfant accueilli."),
        ("euros-par-personne", "€ par personne", "Montant pour chaque personne accompagnée, formée ou accueillie."),
    ],
)

NATURES_ORGANISATION = Vocabulaire(
    "natures",
    "Natures d'organisation",
    [
        ("etat", "État", "Ministère ou service déconcentré de l'État."),
        ("region", "Région", "Conseil régional."),
        ("departement", "Département", "Conseil départemental."),
        ("epci", "Intercommunalité", "Métropole, communauté urbaine, d'agglomération ou de communes."),
        ("commune", "Commune", "Ville ou village."),
        ("operateur-public", "Opérateur public", "Agence ou établissement public chargé d'une politique nationale."),
        ("banque-publique", "Banque publique", "Bpifrance, Banque des Territoires (Caisse des dépôts)."),
        ("reseau", "Réseau de l'ESS", "Tête de réseau, financeur solidaire ou structure d'accompagnement."),
        ("fondation", "Fondation", "Fondation qui finance des projets d'intérêt général."),
        ("union-europeenne", "Union européenne", "Fonds européens et leurs autorités de gestion."),
    ],
)

ETATS = Vocabulaire(
    "etats",
    "Situations",
    [
        ("en-cours", "En cours", "Le dispositif fonctionne : une source datée le confirme. Le calendrier dit ensuite quand déposer."),
        ("suspendue", "Suspendue", "Le dispositif existe encore, mais ne prend pas de nouvelles demandes pour le moment."),
        ("a-confirmer", "À confirmer", "Les sources ne disent pas si le dispositif fonctionne encore, ni si une campagne est ouverte."),
    ],
)

RESEAUX = Vocabulaire(
    "reseaux",
    "Réseaux d'accompagnement",
    [
        ("dla", "Dispositif local d'accompagnement (DLA)", "Diagnostic et accompagnement gratuits des structures de l'ESS qui emploient des salariés."),
        ("guid-asso", "Guid'Asso", "Réseau d'appui aux associations reconnu par l'État : information, orientation, accompagnement."),
        ("piva", "Point d'information vie associative", "Lieu qui accueille, informe et oriente gratuitement les associations."),
        ("maison-des-associations", "Maison des associations", "Lieu ressource d'une ville : salles, domiciliation, conseils, formations."),
        ("france-active", "France Active", "Financeur solidaire : garanties, prêts, apports en fonds propres et conseils."),
        ("initiative", "Initiative France", "Prêts d'honneur et accompagnement des créateurs d'entreprise."),
        ("reseau-ess", "Réseau de l'ESS", "Tête de réseau, chambre régionale ou lieu ressource de l'économie sociale et solidaire."),
        ("mouvement-sportif", "Mouvement sportif", "Comité départemental olympique et sportif (CDOS) et autres appuis aux clubs."),
        ("service-public", "Service public", "Service de l'État ou d'une collectivité qui renseigne les structures."),
    ],
)

ZONES_RESERVEES = Vocabulaire(
    "zones_reservees",
    "Zones réservées",
    [
        ("quartier-prioritaire", "Quartiers prioritaires de la politique de la ville",
         "L'action doit toucher un quartier prioritaire de la politique de la ville (QPV) ou ses habitants."),
        ("zone-rurale", "Zones rurales", "L'action doit se dérouler dans une commune rurale du territoire couvert."),
    ],
)

VOCABULAIRES = {
    v.nom: v
    for v in (STRUCTURES, BESOINS, TYPES, DEPENSES, ROLES, RECURRENCES, UNITES, NATURES_ORGANISATION, ETATS, RESEAUX,
              ZONES_RESERVEES)
}


def _litteral(vocabulaire: Vocabulaire):
    return Annotated[
        Literal[vocabulaire.valeurs],  # type: ignore[valid-type]
        Field(description=f"{vocabulaire.titre} : {vocabulaire.description()}."),
    ]


Structure = _litteral(STRUCTURES)
Besoin = _litteral(BESOINS)
TypeAide = _litteral(TYPES)
Depense = _litteral(DEPENSES)
Role = _litteral(ROLES)
Recurrence = _litteral(RECURRENCES)
Unite = _litteral(UNITES)
NatureOrganisation = _litteral(NATURES_ORGANISATION)
Etat = _litteral(ETATS)
Reseau = _litteral(RESEAUX)
ZoneReservee = _litteral(ZONES_RESERVEES)


# --- Types de base -----------------------------------------------------------

# Une balise HTML commence par « < » collé à une lettre : « Chiffre d'affaires < seuil » est du français.
_BALISE = re.compile(r"<[a-zA-Z!/?]|&#|&[a-zA-Z]+;")
_CONTROLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Une adresse « data:… » colle le « : » au mot et à la suite ; « open data : le portail » est du français.
_SCHEMA_DANGEREUX = re.compile(r"(?i)\b(javascript|vbscript|data):(?!\s|$)")
_BLANC_OU_CONTROLE = re.compile(r"[\s\x00-\x1f\x7f]")


def _texte_sur(valeur: str) -> str:
    if _BALISE.search(valeur):
        raise ValueError(
            "le HTML n'est pas accepté (balise ou entité trouvée) : écrivez du texte simple"
        )
    if _CONTROLE.search(valeur):
        raise ValueError("caractère de contrôle invisible interdit")
    if _SCHEMA_DANGEREUX.search(valeur):
        raise ValueError("adresse « javascript: », « vbscript: » ou « data: » interdite")
    return valeur.strip()


TEXTE_MAX = 1000
"""Le plus long texte simple du catalogue fait 500 caractères ; au-delà, c'est un collage par erreur ou une attaque."""

Texte = Annotated[str, StringConstraints(min_length=1, max_length=TEXTE_MAX), AfterValidator(_texte_sur)]
"""Texte simple sur une ligne ou quelques lignes, sans HTML."""

_IMAGE_MARKDOWN = re.compile(r"!\[")
_LIEN_MARKDOWN = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?")
_REFERENCE_MARKDOWN = re.compile(r"(?m)^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]*)>?")


def _markdown_sur(valeur: str) -> str:
    """Ce que le site retirerait sans rien dire (images, liens vers une adresse refusée) est signalé ici."""
    if _IMAGE_MARKDOWN.search(valeur):
        raise ValueError(
            "image Markdown « ![…](…) » refusée : le site n'affiche pas d'image venue d'une fiche ; "
            "écrivez un lien [texte](https://…) vers la page qui la montre"
        )
    for motif in (_LIEN_MARKDOWN, _REFERENCE_MARKDOWN):
        for texte, cible in motif.findall(valeur):
            try:
                _lien_valide(cible)
            except ValueError as exc:
                raise ValueError(f"lien Markdown « [{texte}] » vers « {cible} » : {exc}") from None
    return valeur


TexteLong = Annotated[
    str,
    StringConstraints(min_length=1, max_length=5000),
    AfterValidator(_texte_sur),
    AfterValidator(_markdown_sur),
    Field(
        description=(
            "Texte en Markdown simple : paragraphes, listes à puces ou numérotées, "
            "**gras**, *italique* et liens [texte](https://…). Pas de HTML."
        )
    ),
]

SCHEMAS_AUTORISES = ("https", "http", "mailto", "tel")


def _lien_valide(valeur: str) -> str:
    valeur = valeur.strip()
    if _BLANC_OU_CONTROLE.search(valeur):
        raise ValueError("une adresse ne doit contenir ni espace ni caractère invisible")
    morceaux = urlsplit(valeur)
    if morceaux.scheme.lower() not in SCHEMAS_AUTORISES:
        raise ValueError(
            "adresse refusée : seuls les liens https://, http://, mailto: et tel: sont acceptés"
        )
    if morceaux.scheme.lower() in ("http", "https") and not morceaux.netloc:
        raise ValueError("adresse incomplète : il manque le nom du site après « https:// »")
    if morceaux.scheme.lower() in ("http", "https"):
        _site_sur(morceaux)
    if morceaux.scheme.lower() in ("mailto", "tel") and not morceaux.path:
        raise ValueError("adresse incomplète après « mailto: » ou « tel: »")
    return valeur


LIENS_LOCAUX = "AIDES_LIENS_LOCAUX"
"""« oui » : accepte les adresses locales, pour les seuls tests de la vérification des liens (un serveur sur la machine)."""


_PEUT_ETRE_IP = re.compile(r"[0-9a-fA-F.:%]+")


def _site_sur(morceaux) -> None:
    """Refuse les adresses qui trompent le lecteur ou visent la machine qui construit le site."""
    if "@" in morceaux.netloc:
        raise ValueError("adresse trompeuse : un « @ » avant le nom du site cache le vrai site ; écrivez l'adresse directe")
    hote = (morceaux.hostname or "").rstrip(".")
    if not hote.isascii():
        raise ValueError(
            "nom de site avec des lettres non latines (il peut imiter un site connu) : écrivez-le en lettres simples ou sous sa forme « xn-- »"
        )
    adresse_ip = None
    if _PEUT_ETRE_IP.fullmatch(hote):  # un nom avec une autre lettre n'est pas une adresse IP : pas d'exception à lever
        try:
            adresse_ip = ipaddress.ip_address(hote)
        except ValueError:
            pass
    locale = hote == "localhost" or hote.endswith(".localhost") or (adresse_ip and not adresse_ip.is_global)
    if locale and os.environ.get(LIENS_LOCAUX) != "oui":
        raise ValueError("adresse locale ou privée refusée : donnez l'adresse publique du site")


Lien = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(_lien_valide),
    Field(description="Adresse complète commençant par https:// (ou http://, mailto:, tel:).", examples=["https://www.associations.gouv.fr/"]),
]

IDENTIFIANTS_RESERVES = ("index",)
"""Noms pris par les pages du site : une fiche qui s'appellerait ainsi remplacerait une page d'index."""

NOMS_WINDOWS = ("con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)))
"""Noms de fichier que Windows ne sait ni créer ni ouvrir (« con.yaml ») : le dépôt ne s'y clonerait pas."""


def _identifiant_libre(valeur: str) -> str:
    if valeur in IDENTIFIANTS_RESERVES:
        raise ValueError(f"identifiant « {valeur} » réservé aux pages du site : choisissez-en un autre")
    if valeur in NOMS_WINDOWS:
        raise ValueError(f"identifiant « {valeur} » impossible : Windows ne sait pas ouvrir un fichier « {valeur}.yaml » ; choisissez-en un autre")
    return valeur


Identifiant = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    AfterValidator(_identifiant_libre),
    Field(description="Identifiant en minuscules sans accents, mots séparés par des tirets ; égal au nom du fichier sans « .yaml »."),
]

IdentifiantNational = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
    Field(description="UUID en minuscules, par exemple 0b7e3c2a-5d1f-5e8b-9c4d-2a6f8e1b3c5d."),
]

CODE_TERRITOIRE = r"^(FR|REG-(\d{2}|9[78]\d)|DEP-(\d{2}|2A|2B|9[78]\d)|EPCI-\d{9}|COM-(\d{5}|2A\d{3}|2B\d{3}))$"
CodeTerritoire = Annotated[
    str,
    StringConstraints(pattern=CODE_TERRITOIRE),
    Field(
        description=(
            "Code géographique officiel : FR (France), REG-32 (Hauts-de-France), DEP-<numéro> (département), "
            "EPCI-<SIREN> (intercommunalité), COM-<code INSEE> (commune), tels que les donne "
            "aides/referentiel/territoires.yaml, produit depuis le découpage administratif officiel."
        ),
        examples=["REG-32", "DEP-62", "EPCI-200093201"],
    ),
]

# Stricts : pydantic ferait sinon de « true » un 1, de « 0 » une date de 1970, de « off » un false.
Entier = Annotated[int, Strict()]
Booleen = Annotated[bool, Strict()]
Montant = Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False, description="Montant en euros, sans espace ni symbole.")]
Taux = Annotated[float, Strict(), Field(ge=0, le=100, description="Pourcentage, entre 0 et 100.")]


def _date_ecrite(valeur):
    if isinstance(valeur, (bool, int, float)):
        raise ValueError(f"une date au format AAAA-MM-JJ est attendue, reçu « {valeur} »")
    return valeur


def _pas_dans_le_futur(valeur: dt.date) -> dt.date:
    # Un jour de marge : la machine qui valide peut être à l'heure UTC quand le contributeur est déjà au lendemain.
    if valeur > dt.date.today() + dt.timedelta(days=1):
        raise ValueError(f"date dans le futur « {valeur.isoformat()} » : une vérification ou une lecture a déjà eu lieu")
    return valeur


Date = Annotated[dt.date, BeforeValidator(_date_ecrite)]
"""Une date AAAA-MM-JJ écrite comme telle (un nombre n'est jamais lu comme une date)."""
DatePassee = Annotated[Date, AfterValidator(_pas_dans_le_futur)]
"""Une date qui a déjà eu lieu : vérification, lecture d'une source, entrée au catalogue."""


@dataclass(frozen=True)
class DatePartielle:
    """Une date telle que la source la montre : une année, un mois ou un jour."""

    annee: int
    mois: Optional[int] = None
    jour: Optional[int] = None

    @property
    def debut(self) -> dt.date:
        """Le premier jour possible : une source « de mars 2026 » compte comme du 1er mars."""
        return dt.date(self.annee, self.mois or 1, self.jour or 1)

    @property
    def iso(self) -> str:
        if self.jour:
            return f"{self.annee:04d}-{self.mois:02d}-{self.jour:02d}"
        return f"{self.annee:04d}-{self.mois:02d}" if self.mois else f"{self.annee:04d}"


_DATE_PARTIELLE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _lire_date_partielle(valeur) -> DatePartielle:
    if isinstance(valeur, DatePartielle):
        return valeur
    if isinstance(valeur, dt.datetime):
        raise ValueError("une date sans heure est attendue (AAAA-MM-JJ, AAAA-MM ou AAAA)")
    if isinstance(valeur, dt.date):
        return DatePartielle(valeur.year, valeur.month, valeur.day)
    texte = str(valeur).strip() if isinstance(valeur, (str, int)) and not isinstance(valeur, bool) else ""
    morceaux = _DATE_PARTIELLE.fullmatch(texte)
    if not morceaux:
        raise ValueError(
            "date invalide : écrivez AAAA-MM-JJ (2026-03-01), AAAA-MM quand la source ne donne que le mois "
            "(2026-03) ou AAAA quand elle ne donne que l'année (2026)"
        )
    annee, mois, jour = (int(m) if m else None for m in morceaux.groups())
    try:
        dt.date(annee, mois or 1, jour or 1)
    except ValueError:
        raise ValueError(f"date impossible « {texte} » : vérifiez le mois et le jour") from None
    if annee < 1900:
        raise ValueError(f"année invraisemblable « {texte} »")
    return DatePartielle(annee, mois, jour)


DateSource = Annotated[
    DatePartielle,
    PlainValidator(_lire_date_partielle),
    PlainSerializer(lambda d: d.iso, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "Date telle que la source la montre : AAAA-MM-JJ, AAAA-MM ou AAAA.",
        }
    ),
]
"""Date d'une source : le jour, le mois ou l'année seulement, selon ce que la page affiche."""


class Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Modele):
    """Une source publique qui appuie la fiche."""

    url: Lien
    titre: Texte = Field(description="Titre de la page ou du document.")
    date: Optional[DateSource] = Field(
        None,
        description=(
            "Date de publication ou de mise à jour affichée par la source, telle qu'elle l'affiche : "
            "AAAA-MM-JJ, AAAA-MM (mois seulement) ou AAAA (année seulement)."
        ),
    )
    consultee_le: Optional[DatePassee] = Field(
        None, description="Jour où vous avez lu la source (AAAA-MM-JJ), quand elle n'affiche aucune date."
    )
    tierce: Booleen = Field(False, description="true si la source n'est pas officielle (presse, réseau, cabinet).")
    @property
    def date_appui(self) -> Optional[dt.date]:
        """La date qui rend la source datée : sa date affichée, sinon le jour où on l'a lue."""
        return self.date.debut if self.date else self.consultee_le


# --- Organisations ----------------------------------------------------------


class Coordonnees(Modele):
    """Moyens de joindre un service public ou une organisation (jamais une personne privée)."""

    telephone: Optional[Annotated[str, StringConstraints(pattern=r"^(\+33 ?|0)[1-9]([ .]?\d{2}){4}$")]] = Field(
        None, description="Numéro de téléphone au format français, par exemple 03 74 27 00 00."
    )
    courriel: Optional[Annotated[str, StringConstraints(max_length=254, pattern=r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[a-z]{2,}$")]] = Field(
        None, description="Adresse électronique générique du service (pas celle d'une personne)."
    )
    site: Optional[Lien] = Field(None, description="Page web du service ou du contact.")
    formulaire: Optional[Lien] = Field(None, description="Page du formulaire de contact en ligne.")
    adresse: Optional[Texte] = Field(None, description="Adresse postale.")

    @property
    def joignable(self) -> bool:
        return bool(self.telephone or self.courriel or self.site or self.formulaire or self.adresse)


class Antenne(Coordonnees):
    """Le service local d'une organisation, par exemple le SDJES du Nord ou la DDETS de la Somme."""

    nom: Texte = Field(description="Nom du service, par exemple « SDJES du Nord ».")
    territoires: list[CodeTerritoire] = Field(min_length=1, description="Territoires que ce service couvre.")
    precision: Optional[Texte] = Field(None, description="Pour quoi le contacter.")


class Organisation(Modele):
    """Organisation qui finance, instruit ou accompagne des aides (un fichier par organisation)."""

    identifiant: Identifiant
    nom: Texte = Field(description="Nom complet de l'organisation.")
    sigle: Optional[Texte] = Field(None, description="Sigle usuel, par exemple DRAJES.")
    nature: NatureOrganisation
    siren: Optional[Annotated[str, StringConstraints(pattern=r"^\d{9}$")]] = Field(
        None, description="Numéro SIREN à 9 chiffres, seulement s'il est connu par une source."
    )
    site: Optional[Lien] = Field(None, description="Site web officiel.")
    description: Optional[TexteLong] = Field(None, description="Ce que fait l'organisation, en deux ou trois phrases.")
    territoire: Optional[CodeTerritoire] = Field(None, description="Territoire d'action de l'organisation.")
    coordonnees: Optional[Coordonnees] = Field(None, description="Contact général : standard, courriel générique, formulaire, adresse.")
    antennes: list[Antenne] = Field(
        default_factory=list, description="Services locaux de l'organisation (par département), chacun avec ses coordonnées."
    )
    sources: list[Source] = Field(default_factory=list, description="Pages publiques où le site et les coordonnées ont été lus.")


# --- Aides -------------------------------------------------------------------


class Porteur(Modele):
    """Une organisation et ce qu'elle fait pour cette aide."""

    organisation: Identifiant = Field(description="Identifiant d'un fichier de aides/organisations/.")
    roles: list[Role] = Field(min_length=1, description="Un ou plusieurs rôles : financeur, instructeur, accompagnateur.")


class Beneficiaires(Modele):
    """Qui peut demander l'aide : critères structurés quand les sources les donnent, puis conditions en clair."""

    structures: list[Structure] = Field(min_length=1, description="Types de structure qui peuvent demander l'aide.")
    employeur: Optional[Booleen] = Field(
        None,
        description="true : il faut employer au moins un salarié ; false : réservé aux structures sans salarié ; absent : sans condition.",
    )
    salaries_min: Optional[Entier] = Field(None, ge=0, description="Nombre minimum de salariés.")
    salaries_max: Optional[Entier] = Field(None, ge=0, description="Nombre maximum de salariés.")
    anciennete_min_mois: Optional[Entier] = Field(None, ge=0, description="Âge minimum de la structure, en mois.")
    budget_min: Optional[Montant] = Field(None, description="Budget annuel minimum de la structure, en euros.")
    budget_max: Optional[Montant] = Field(None, description="Budget annuel maximum de la structure, en euros.")
    agrements: list[Texte] = Field(default_factory=list, description="Agréments exigés, par exemple « agrément ESUS ».")
    conditions: list[Texte] = Field(default_factory=list, description="Autres conditions, une par ligne, en phrases simples.")
    exclus: list[Texte] = Field(default_factory=list, description="Structures explicitement exclues.")

    @model_validator(mode="after")
    def _coherence(self):
        if self.salaries_min is not None and self.salaries_max is not None and self.salaries_min > self.salaries_max:
            raise ValueError("salaries_min est plus grand que salaries_max")
        if self.budget_min is not None and self.budget_max is not None and self.budget_min > self.budget_max:
            raise ValueError("budget_min est plus grand que budget_max")
        if self.employeur is False and self.salaries_min:
            raise ValueError("employeur: false est incompatible avec salaries_min supérieur à 0")
        return self


class Chiffres(Modele):
    """Un montant chiffré : fixe, fourchette, taux des dépenses avec ou sans plafond, par unité."""

    min: Optional[Montant] = Field(None, description="Montant minimum.")
    max: Optional[Montant] = Field(
        None, description="Montant maximum, ou plafond avec un taux. Pour un montant fixe, écrivez le même chiffre dans min et max."
    )
    taux_min: Optional[Taux] = Field(None, description="Taux minimum de prise en charge des dépenses, en %.")
    taux_max: Optional[Taux] = Field(None, description="Taux maximum (ou taux fixe) de prise en charge des dépenses, en %.")
    unite: Unite = "euros"
    temps_plein: Optional[Booleen] = Field(
        None,
        description="Avec « euros-par-poste » : true si le montant vaut pour un temps plein (réduit pour un temps partiel), false s'il vaut quel que soit le temps de travail.",
    )
    duree_annees: Optional[Annotated[Entier, Field(ge=1, le=20)]] = Field(
        None, description="Nombre d'années pendant lesquelles le montant est versé, par exemple 3 pour « pendant 3 ans »."
    )
    commentaire: Optional[Texte] = Field(None, description="Le montant expliqué en mots simples.")

    @property
    def chiffre(self) -> bool:
        return any(v is not None for v in (self.min, self.max, self.taux_min, self.taux_max))

    @model_validator(mode="after")
    def _coherence(self):
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"le minimum ({self.min:g}) est plus grand que le maximum ({self.max:g})")
        if self.taux_min is not None and self.taux_max is not None and self.taux_min > self.taux_max:
            raise ValueError("taux_min est plus grand que taux_max")
        if self.temps_plein is not None and self.unite != "euros-par-poste":
            raise ValueError("« temps_plein » ne sert qu'avec l'unité « euros-par-poste »")
        return self


class Palier(Chiffres):
    """Un montant qui dépend d'un critère : l'âge du salarié, la taille de la structure…"""

    critere: Texte = Field(description="Dans quel cas ce montant vaut, par exemple « salarié de moins de 26 ans ».")


class Produit(Chiffres):
    """Un des produits d'un même dispositif (une garantie, un prêt, un apport…), avec son propre montant."""

    nom: Texte = Field(description="Nom du produit, par exemple « Garantie France Active ».")
    type: Optional[TypeAide] = None
    paliers: list[Palier] = Field(default_factory=list, description="Montants selon un critère.")


class Enveloppe(Modele):
    """Le budget total du dispositif : jamais ce qu'une structure reçoit."""

    montant: Montant = Field(description="Budget total, en euros.")
    annee: Optional[Annotated[Entier, Field(ge=1990, le=2100)]] = Field(None, description="Année de ce budget.")
    perimetre: Optional[Texte] = Field(None, description="Ce que couvre ce budget, par exemple « pour tout le département ».")


class MontantAide(Chiffres):
    """Combien une structure peut recevoir. Laissez vide ce que les sources ne disent pas."""

    paliers: list[Palier] = Field(default_factory=list, description="Montants selon un critère (âge, taille de la structure…).")
    produits: list[Produit] = Field(default_factory=list, description="Produits du dispositif, chacun avec son montant.")
    enveloppe: Optional[Enveloppe] = Field(None, description="Budget total du dispositif, affiché comme tel.")
    non_publie: Optional[Texte] = Field(
        None, description="Pourquoi aucun montant par structure n'est publié, par exemple « chaque département fixe ses montants »."
    )

    @model_validator(mode="after")
    def _rien_de_vide(self):
        if not (self.chiffre or self.paliers or self.produits or self.enveloppe or self.non_publie or self.commentaire):
            raise ValueError("montant vide : donnez au moins un chiffre, un palier, un produit, une enveloppe ou la raison « non_publie »")
        return self


class Territoire(Modele):
    """Où l'aide s'applique. Toujours explicite, jamais déduit du financeur."""

    codes: list[CodeTerritoire] = Field(min_length=1, description="Territoires couverts.")
    exclusions: list[CodeTerritoire] = Field(default_factory=list, description="Parties exclues de ces territoires.")
    precision: Optional[Texte] = Field(None, description="Précision en clair, par exemple « communes rurales couvertes par un groupe d'action locale ».")
    reservee_a: list[ZoneReservee] = Field(
        default_factory=list,
        description="Réservée aux actions qui touchent ces zones, dans les territoires couverts. Le site ne le vérifie pas : "
        "il le dit sur la page et le lecteur le déclare dans « Trouver mes aides ».",
    )


class Session(Modele):
    """Une période de dépôt : date d'ouverture et date limite, éventuellement propres à certains territoires."""

    ouverture: Optional[Date] = Field(None, description="Premier jour de dépôt (AAAA-MM-JJ).")
    date_limite: Optional[Date] = Field(None, description="Dernier jour de dépôt (AAAA-MM-JJ).")
    territoires: list[CodeTerritoire] = Field(
        default_factory=list, description="Territoires concernés par cette session, si elle ne vaut pas partout."
    )
    libelle: Optional[Texte] = Field(None, description="Nom de la session, par exemple « Campagne 2026 ».")

    @model_validator(mode="after")
    def _coherence(self):
        if self.ouverture and self.date_limite and self.date_limite < self.ouverture:
            raise ValueError(
                f"la date limite ({self.date_limite.isoformat()}) est avant la date d'ouverture ({self.ouverture.isoformat()})"
            )
        if not self.ouverture and not self.date_limite:
            raise ValueError("une session doit avoir une date d'ouverture ou une date limite")
        return self


class Fermeture(Modele):
    """Pour une aide close : depuis quand, et ce qui l'a remplacée."""

    date: Optional[Date] = Field(
        None, description="Date de fin de l'aide (AAAA-MM-JJ). Laissez vide si elle n'est pas connue : l'aide est alors close."
    )
    motif: Optional[Texte] = Field(None, description="Pourquoi l'aide a pris fin.")
    remplacee_par: Optional[Identifiant] = Field(None, description="Identifiant de l'aide qui la remplace, si elle est dans le catalogue.")
    remplacement: Optional[Texte] = Field(None, description="Ce qui la remplace, en clair, si ce n'est pas une aide du catalogue.")


class Situation(Modele):
    """Ce que les sources disent du dispositif à la dernière vérification : fonctionne-t-il encore ?"""

    etat: Etat
    source: Optional[Lien] = Field(
        None,
        description="Adresse de la source (déjà citée dans « sources ») qui montre cette situation ; obligatoire sauf pour « a-confirmer ».",
    )
    depuis: Optional[DateSource] = Field(None, description="Pour une aide suspendue : depuis quand (AAAA-MM-JJ, AAAA-MM ou AAAA).")
    reprise: Optional[Texte] = Field(None, description="Pour une aide suspendue : la reprise annoncée par une source, en clair.")
    precision: Optional[Texte] = Field(None, description="Ce que disent les sources, en une phrase affichée sur la page.")

    @model_validator(mode="after")
    def _coherence(self):
        if self.etat != "a-confirmer" and not self.source:
            raise ValueError(f"situation « {self.etat} » sans source : donnez dans « source » l'adresse de la page qui la montre")
        if self.etat == "suspendue" and not self.depuis:
            raise ValueError("aide suspendue : dites depuis quand dans « depuis »")
        return self


class Calendrier(Modele):
    """Quand demander l'aide."""

    recurrence: Recurrence
    sessions: list[Session] = Field(default_factory=list, description="Périodes de dépôt connues, de la plus ancienne à la plus récente.")
    periode_habituelle: Optional[Texte] = Field(
        None, description="Pour une aide annuelle : la période habituelle, par exemple « de janvier à mars »."
    )
    dans_la_limite_des_fonds: Booleen = Field(False, description="true si l'aide s'arrête quand l'enveloppe est épuisée.")
    fermeture: Optional[Fermeture] = Field(None, description="À remplir quand l'aide est close.")
    commentaire: Optional[Texte] = Field(None, description="Précisions sur le calendrier.")


class Demarche(Modele):
    """Comment faire la demande."""

    etapes: list[Texte] = Field(default_factory=list, description="Étapes dans l'ordre, une phrase chacune.")
    pieces: list[Texte] = Field(default_factory=list, description="Pièces à fournir.")
    plateforme: Optional[Texte] = Field(None, description="Nom de la plateforme de dépôt, par exemple « Le Compte Asso ».")
    lien_candidature: Optional[Lien] = Field(None, description="Lien pour déposer la demande.")
    lien_information: Optional[Lien] = Field(None, description="Page officielle d'information.")


class Contact(Coordonnees):
    """Un contact public : un service ou une organisation, jamais une personne privée."""

    nom: Texte = Field(description="Nom du service, par exemple « SDJES du Nord ».")
    organisation: Optional[Identifiant] = Field(None, description="Identifiant de l'organisation, si elle a un fichier.")
    territoires: list[CodeTerritoire] = Field(default_factory=list, description="Territoire couvert par ce contact.")
    precision: Optional[Texte] = Field(None, description="Pour quoi le contacter.")


class Aide(Modele):
    """Une aide publique ouverte aux structures de l'ESS : un fichier YAML dans aides/."""

    identifiant: Identifiant
    identifiant_national: Optional[IdentifiantNational] = Field(
        None,
        description=(
            "Identifiant de l'aide dans le format national « dispositif-aide » (colonne « id ») : gardé tel quel "
            "quand la fiche vient d'un import, écrit une fois pour nos fiches. Ne le changez jamais, même si "
            "l'identifiant change : les autres catalogues reconnaissent l'aide par lui."
        ),
    )
    titre: Annotated[Texte, StringConstraints(max_length=120)] = Field(
        description="Titre en langage simple, qui dit ce que l'aide permet, par exemple « Financer la formation de vos bénévoles »."
    )
    titre_court: Optional[Annotated[Texte, StringConstraints(max_length=60)]] = Field(
        None, description="Titre de moins de 60 caractères pour l'en-tête de la page, quand le titre est long."
    )
    nom_officiel: Optional[Texte] = Field(None, description="Nom officiel du dispositif.")
    sigle: Optional[Annotated[Texte, StringConstraints(max_length=30)]] = Field(None, description="Sigle officiel, par exemple FDVA 2.")
    resume: Annotated[Texte, StringConstraints(max_length=200)] = Field(
        description="Une phrase de 200 caractères au plus : ce que l'aide apporte et à qui."
    )
    description: TexteLong
    porteurs: list[Porteur] = Field(min_length=1, description="Organisations qui financent, instruisent ou accompagnent.")
    types: list[TypeAide] = Field(min_length=1)
    beneficiaires: Beneficiaires
    besoins: list[Besoin] = Field(min_length=1, description="Besoins auxquels l'aide répond.")
    depenses: list[Depense] = Field(default_factory=list, description="Nature des dépenses couvertes.")
    montant: Optional[MontantAide] = None
    territoire: Territoire
    situation: Optional[Situation] = Field(None, description="Où en est le dispositif ; obligatoire sauf pour une aide close.")
    calendrier: Calendrier
    demarche: Demarche
    contacts: list[Contact] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    derniere_verification: DatePassee = Field(description="Date à laquelle la fiche a été vérifiée pour la dernière fois (AAAA-MM-JJ).")
    a_confirmer: list[Texte] = Field(
        default_factory=list, description="Faits incertains, anciens ou de source non officielle, affichés sur la page."
    )
    date_ajout: Optional[DatePassee] = Field(None, description="Date d'entrée de la fiche dans le catalogue.")
    appel_a_projets: Booleen = Field(False, description="true si l'aide passe par un appel à projets ou à manifestation d'intérêt.")
    base_juridique: Optional[Texte] = Field(None, description="Texte officiel qui fonde l'aide (loi, décret, régime d'aide).")
    notes_internes: Optional[TexteLong] = Field(
        None, description="Notes pour les relecteurs (pistes, doutes, choix faits) : jamais publiées sur le site ni dans les exports."
    )

    @model_validator(mode="after")
    def _coherence(self):
        if self.situation is None and self.calendrier.fermeture is None:
            raise ValueError(
                "rubrique « situation » manquante : dites si l'aide est « en-cours », « suspendue » ou « a-confirmer »"
            )
        if not any(s.date or s.consultee_le for s in self.sources):
            raise ValueError("au moins une source doit être datée : champ « date » (publication) ou « consultee_le » (lecture)")
        if len(set(self.types)) != len(self.types):
            raise ValueError("un type d'aide est répété dans « types »")
        if len(set(self.besoins)) != len(self.besoins):
            raise ValueError("un besoin est répété dans « besoins »")
        return self

    @property
    def titre_complet(self) -> str:
        return f"{self.titre} ({self.sigle})" if self.sigle else self.titre


# --- Référentiels ------------------------------------------------------------


class Zone(Modele):
    """Un territoire du référentiel officiel : région, département, intercommunalité ou commune."""

    code: CodeTerritoire
    # Texte officiel produit, pas un texte de contributeur : sans les contrôles de Texte, coûteux sur 4 000 zones.
    nom: str = Field(min_length=1)
    parent: Optional[CodeTerritoire] = Field(
        None, description="Territoire qui le contient : la région d'un département, le département d'une intercommunalité ou d'une commune."
    )
    aussi_dans: list[CodeTerritoire] = Field(
        default_factory=list,
        description="Autres territoires qui le contiennent : l'intercommunalité d'une commune, les autres départements d'une intercommunalité.",
    )
    codes_postaux: list[Annotated[str, StringConstraints(pattern=r"^\d{5}$")]] = Field(
        default_factory=list, description="Codes postaux d'une commune."
    )


class ReferentielTerritoires(Modele):
    """aides/referentiel/territoires.yaml : produit par `python -m generateur territoires` depuis le découpage administratif officiel."""

    paquet: str = Field(description="Paquet npm d'où viennent les codes, par exemple « @etalab/decoupage-administratif ».")
    version: str = Field(description="Version du paquet, épinglée dans le Makefile.")
    zones: list[Zone] = Field(min_length=1)


class Appui(Coordonnees):
    """Une structure qui aide gratuitement les associations et l'ESS près de chez vous."""

    nom: Texte = Field(description="Nom de la structure, par exemple « Maison des associations d'Amiens Métropole ».")
    reseau: Reseau
    territoires: list[CodeTerritoire] = Field(min_length=1, description="Où elle intervient : la région, un département, une ville.")
    organisation: Optional[Identifiant] = Field(None, description="Identifiant de l'organisation, si elle a un fichier.")
    aide_apportee: Texte = Field(description="Ce qu'elle fait pour vous, en une phrase.")
    a_confirmer: Optional[Texte] = Field(None, description="Ce qui reste à vérifier, par exemple « adresse de 2012 ».")
    sources: list[Source] = Field(min_length=1, description="Pages publiques où ces informations ont été lues.")


class ReferentielAppuis(Modele):
    """aides/referentiel/appuis.yaml : les structures d'accompagnement gratuites, par territoire."""

    appuis: list[Appui] = Field(min_length=1)


class Sigle(Modele):
    sigle: Texte
    sens: Texte = Field(description="Le sigle en toutes lettres.")
    explication: Optional[Texte] = Field(None, description="Une phrase qui explique ce que c'est.")
    technique: Booleen = Field(
        False,
        description="true pour un mot des données et de l'informatique (CSV, JSON…) : il est expliqué sur la page « Données ouvertes », pas dans le glossaire des lecteurs.",
    )


class Glossaire(Modele):
    """aides/referentiel/glossaire.yaml : tous les sigles employés sur le site."""

    sigles: list[Sigle] = Field(min_length=1)


class Synonymes(Modele):
    """aides/referentiel/synonymes.yaml : mots que les lecteurs tapent, et ce qu'ils veulent dire."""

    groupes: list[list[Texte]] = Field(
        min_length=1,
        description=(
            "Chaque groupe commence par le mot employé dans les fiches, suivi des mots que les lecteurs tapent "
            "pour le dire : une page qui contient le premier est aussi trouvée par les suivants."
        ),
    )
    distincts: list[list[Texte]] = Field(
        default_factory=list,
        description=(
            "Mots que la racinisation française de la recherche confond avec d'autres (« loyer » et « loi », "
            "« dons » et « données » ont la même racine) : chaque groupe donne les formes d'un mot, et ce mot "
            "ne trouve plus que les pages qui contiennent l'une de ces formes."
        ),
    )
