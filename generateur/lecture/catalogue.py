"""Chargement du catalogue complet : fiches, organisations, référentiels, renvois vérifiés."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generateur.lecture.chargement import Chemin, ErreurDeChargement, Position, charger, position_de, _champ
from generateur.lecture.erreurs import Erreur, ErreursDeDonnees
from generateur.commun.parallele import pour_chacun
from generateur.commun.configuration import lire_configuration
from generateur.lecture.territoires import CHEMIN_REFERENTIEL, Territoires, lire_referentiel, suggerer
from generateur.lecture.validation import suggestion, valider_modele
from schema import Aide, Glossaire, Organisation, ReferentielAppuis, ReferentielTerritoires, Synonymes

RACINE = Path(__file__).resolve().parent.parent.parent
DOSSIER_AIDES = "aides"
DOSSIER_ORGANISATIONS = "aides/organisations"
DOSSIER_REFERENTIEL = "aides/referentiel"
REFERENTIELS = {
    "territoires": ReferentielTerritoires,
    "glossaire": Glossaire,
    "synonymes": Synonymes,
    "appuis": ReferentielAppuis,
}


@dataclass
class Catalogue:
    aides: dict[str, Aide]
    organisations: dict[str, Organisation]
    territoires: Territoires
    glossaire: Glossaire
    synonymes: Synonymes
    appuis: ReferentielAppuis
    fichiers: dict[str, str] = field(default_factory=dict)
    """Identifiant de l'aide → chemin du fichier, relatif à la racine du dépôt."""

    def joignable(self, aide: Aide) -> bool:
        """Un lecteur peut joindre quelqu'un pour cette aide : un contact de la fiche, ou une organisation qui la
        porte, a un téléphone, un courriel, un site, un formulaire ou une adresse."""
        if any(c.joignable for c in aide.contacts):
            return True
        for porteur in aide.porteurs:
            organisation = self.organisations.get(porteur.organisation)
            if organisation and (organisation.site or (organisation.coordonnees and organisation.coordonnees.joignable)
                                 or any(a.joignable for a in organisation.antennes)):
                return True
        return False

    def aides_triees(self) -> list[Aide]:
        return sorted(self.aides.values(), key=lambda a: a.titre.lower())


class _Fichier:
    """Un fichier lu ; les positions de ses champs ne servent qu'aux messages d'erreur."""

    def __init__(self, source: Path, chemin: str, positions: dict[Chemin, Position] | None = None):
        self.source, self.chemin, self._positions = source, chemin, positions

    @property
    def positions(self) -> dict[Chemin, Position]:
        # Les fiches lues sur d'autres cœurs reviennent sans leurs positions (lourdes à transmettre) : relues au besoin.
        if self._positions is None:
            self._positions = charger(self.source, self.chemin)[1]
        return self._positions

    def erreur(self, chemin: Chemin, message: str) -> Erreur:
        ligne, colonne = position_de(self.positions, chemin)
        return Erreur(self.chemin, ligne, colonne, _champ(chemin), message)


def _lire(chemin: Path, racine: Path, modele: type[BaseModel], erreurs: list[Erreur], lu: dict | Erreur | None = None,
          positions: dict | None = None):
    """Lit et valide un fichier ; lu : ses données (ou son erreur de lecture) quand un autre cœur l'a déjà lu."""
    nom = chemin.relative_to(racine).as_posix()
    if lu is None:
        try:
            lu, positions = charger(chemin, nom)
        except ErreurDeChargement as exc:
            lu = exc.erreur
    if isinstance(lu, Erreur):
        erreurs.append(lu)
        return None, None
    fichier = _Fichier(chemin, nom, positions)
    try:
        return modele.model_validate(lu), fichier
    except ValidationError:
        objet, liste = valider_modele(modele, lu, fichier.positions, fichier.chemin)
        erreurs.extend(liste)
        return objet, fichier


def _lire_donnees(chemin: Path, racine: Path) -> dict | Erreur:
    try:
        return charger(chemin, chemin.relative_to(racine).as_posix())[0]
    except ErreurDeChargement as exc:
        return exc.erreur


def _lire_referentiel(racine: Path, nom: str, erreurs: list[Erreur]):
    chemin = racine / DOSSIER_REFERENTIEL / f"{nom}.yaml"
    if not chemin.exists():
        erreurs.append(Erreur(chemin.relative_to(racine).as_posix(), 1, 1, "", "référentiel manquant"))
        return None
    if chemin.relative_to(racine).as_posix() == CHEMIN_REFERENTIEL:
        # Produit (des milliers de zones) : lu comme du JSON, sans la limite de taille ni les positions d'une fiche.
        try:
            lu = lire_referentiel(chemin)
        except ValueError as exc:
            lu = Erreur(CHEMIN_REFERENTIEL, 1, 1, "", str(exc))
        return _lire(chemin, racine, REFERENTIELS[nom], erreurs, lu, positions={})[0]
    return _lire(chemin, racine, REFERENTIELS[nom], erreurs)[0]


def charger_referentiel(racine: Path, nom: str):
    """Un seul référentiel (aides/referentiel/<nom>.yaml), validé. Lève ErreursDeDonnees."""
    erreurs: list[Erreur] = []
    referentiel = _lire_referentiel(Path(racine), nom, erreurs)
    if erreurs:
        raise ErreursDeDonnees(erreurs)
    return referentiel


def _fichiers_yaml(dossier: Path) -> list[Path]:
    return sorted(p for p in dossier.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def charger_catalogue(racine: Path = RACINE) -> Catalogue:
    """Charge et valide tout le catalogue. Lève ErreursDeDonnees avec toutes les erreurs."""
    racine = Path(racine)
    erreurs: list[Erreur] = []

    referentiels = {nom: _lire_referentiel(racine, nom, erreurs) for nom in REFERENTIELS}
    # Avant les fiches : les messages d'erreur sur leurs codes de territoire y cherchent des suggestions.
    # Sans mkdocs.yml (petit dépôt de test), aucun département servi : les fiches se valident quand même.
    servis = lire_configuration(racine).departements if (racine / "mkdocs.yml").exists() else ()
    territoires = Territoires(referentiels["territoires"], servis) if referentiels.get("territoires") else None

    organisations: dict[str, Organisation] = {}
    for chemin in _fichiers_yaml(racine / DOSSIER_ORGANISATIONS):
        organisation, fichier = _lire(chemin, racine, Organisation, erreurs)
        if organisation:
            _verifier_identifiant(organisation.identifiant, chemin, fichier, organisations, erreurs)
            organisations.setdefault(organisation.identifiant, organisation)

    aides: dict[str, Aide] = {}
    fichiers: dict[str, _Fichier] = {}
    chemins = _fichiers_yaml(racine / DOSSIER_AIDES)
    # Les autres cœurs analysent le YAML (l'essentiel du coût) ; ce processus valide les fiches au fil de l'eau.
    for chemin, lu in zip(chemins, pour_chacun(lambda chemin: _lire_donnees(chemin, racine), chemins, paquet=300)):
        aide, fichier = _lire(chemin, racine, Aide, erreurs, lu)
        if aide:
            _verifier_identifiant(aide.identifiant, chemin, fichier, aides, erreurs)
            if aide.identifiant not in aides:
                aides[aide.identifiant] = aide
                fichiers[aide.identifiant] = fichier

    for identifiant, aide in aides.items():
        erreurs.extend(_verifier_renvois(aide, fichiers[identifiant], organisations, aides, territoires))

    if erreurs:
        raise ErreursDeDonnees(erreurs)
    return Catalogue(
        aides=aides,
        organisations=organisations,
        territoires=territoires,
        glossaire=referentiels["glossaire"],
        synonymes=referentiels["synonymes"],
        appuis=referentiels["appuis"],
        fichiers={k: f.chemin for k, f in fichiers.items()},
    )


def _verifier_identifiant(identifiant, chemin: Path, fichier: _Fichier, deja: dict, erreurs: list[Erreur]) -> None:
    if identifiant != chemin.stem:
        erreurs.append(
            fichier.erreur(
                ("identifiant",),
                f"l'identifiant « {identifiant} » doit être égal au nom du fichier « {chemin.stem} » : renommez l'un ou l'autre",
            )
        )
    if identifiant in deja:
        erreurs.append(fichier.erreur(("identifiant",), f"identifiant « {identifiant} » déjà utilisé par un autre fichier"))


def _verifier_renvois(aide: Aide, fichier: _Fichier, organisations, aides, territoires) -> list[Erreur]:
    erreurs = []

    def organisation_connue(chemin, identifiant):
        if identifiant not in organisations:
            conseil = suggestion(identifiant, organisations) or " ; créez d'abord son fichier dans aides/organisations/"
            erreurs.append(fichier.erreur(chemin, f"organisation inconnue « {identifiant} »{conseil}"))

    for i, porteur in enumerate(aide.porteurs):
        organisation_connue(("porteurs", i, "organisation"), porteur.organisation)
    for i, contact in enumerate(aide.contacts):
        if contact.organisation:
            organisation_connue(("contacts", i, "organisation"), contact.organisation)
    if aide.situation and aide.situation.source:
        source = next((s for s in aide.sources if s.url == aide.situation.source), None)
        if source is None:
            erreurs.append(fichier.erreur(("situation", "source"), "cette adresse n'est pas dans « sources » : ajoutez-y la page, avec son titre et sa date"))
        elif not source.date_appui:
            erreurs.append(fichier.erreur(("situation", "source"), "cette source n'est pas datée : donnez sa « date » (ou « consultee_le » si elle n'en affiche pas)"))
    fermeture = aide.calendrier.fermeture
    if fermeture and fermeture.remplacee_par and fermeture.remplacee_par not in aides:
        erreurs.append(
            fichier.erreur(("calendrier", "fermeture", "remplacee_par"), f"aide inconnue « {fermeture.remplacee_par} » : aucun fichier aides/{fermeture.remplacee_par}.yaml")
        )

    if territoires:
        codes = [(("territoire", "codes", i), c) for i, c in enumerate(aide.territoire.codes)]
        codes += [(("territoire", "exclusions", i), c) for i, c in enumerate(aide.territoire.exclusions)]
        for j, session in enumerate(aide.calendrier.sessions):
            codes += [(("calendrier", "sessions", j, "territoires", i), c) for i, c in enumerate(session.territoires)]
        for j, contact in enumerate(aide.contacts):
            codes += [(("contacts", j, "territoires", i), c) for i, c in enumerate(contact.territoires)]
        for chemin, code in codes:
            if code not in territoires:
                conseil = suggerer(code) or " : aucun territoire de ce code dans le découpage administratif officiel"
                erreurs.append(fichier.erreur(chemin, f"territoire inconnu « {code} »{conseil} (liste : {CHEMIN_REFERENTIEL})"))
    return erreurs
