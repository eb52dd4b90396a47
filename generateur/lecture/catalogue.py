"""Chargement du catalogue complet : fiches, organisations, référentiels, renvois vérifiés."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generateur.commun.adresses import slug
from generateur.lecture.chargement import Chemin, ErreurDeChargement, Position, charger, position_de, _champ
from generateur.lecture.erreurs import Erreur, ErreursDeDonnees
from generateur.commun.parallele import pour_chacun
from generateur.lecture.fichiers import DOSSIER_AIDES, DOSSIER_ORGANISATIONS, DOSSIER_REFERENTIEL, fiches, fichiers_refuses
from generateur.commun.configuration import lire_configuration
from generateur.lecture.territoires import CHEMIN_REFERENTIEL, Territoires, lire_referentiel, suggerer
from generateur.lecture.validation import suggestion, valider_modele
from schema import CODE_TERRITOIRE, Aide, Glossaire, Organisation, ReferentielAppuis, ReferentielTerritoires, Synonymes

RACINE = Path(__file__).resolve().parent.parent.parent
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
        return None, None, None
    fichier = _Fichier(chemin, nom, positions)
    try:
        return modele.model_validate(lu), fichier, lu
    except ValidationError:
        objet, liste = valider_modele(modele, lu, fichier.positions, fichier.chemin)
        erreurs.extend(liste)
        return objet, fichier, lu


def _lire_donnees(chemin: Path, racine: Path) -> dict | Erreur:
    try:
        return charger(chemin, chemin.relative_to(racine).as_posix())[0]
    except ErreurDeChargement as exc:
        return exc.erreur


def _lire_referentiel(racine: Path, nom: str, erreurs: list[Erreur]):
    chemin = racine / DOSSIER_REFERENTIEL / f"{nom}.yaml"
    if not chemin.is_file() or chemin.is_symlink():  # un lien symbolique est signalé par fichiers_refuses
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


def fichiers_du_catalogue(racine: Path) -> set[str]:
    """Chemins absolus (sans suivre de lien) des fichiers que charger_catalogue lit."""
    racine = Path(racine)
    chemins = fiches(racine, DOSSIER_AIDES) + fiches(racine, DOSSIER_ORGANISATIONS)
    chemins += [racine / DOSSIER_REFERENTIEL / f"{nom}.yaml" for nom in REFERENTIELS]
    return {os.path.abspath(c) for c in chemins}


def valider_fichiers_seuls(chemins: list[Path], racine: Path) -> list[Erreur]:
    """Erreurs de fichiers hors du catalogue (un brouillon, une fiche à essayer), chacun lu comme une fiche d'aide,
    d'organisation ou un référentiel selon son dossier. Les renvois d'une fiche d'aide (organisations, aide qui la
    remplace, territoires) sont vérifiés contre le catalogue du dépôt, comme si elle était dans aides/."""
    racine = Path(os.path.abspath(racine))
    erreurs: list[Erreur] = []
    renvois = None
    for chemin in map(Path, map(os.path.abspath, chemins)):
        nom = chemin.relative_to(racine).as_posix() if chemin.is_relative_to(racine) else str(chemin)
        if chemin.parent.name == "referentiel" and chemin.stem in REFERENTIELS:
            modele = REFERENTIELS[chemin.stem]
        else:
            modele = Organisation if chemin.parent.name == "organisations" else Aide
        try:
            donnees, positions = charger(chemin, nom)
        except ErreurDeChargement as exc:
            erreurs.append(exc.erreur)
            continue
        siennes: list[Erreur] = []
        fichier = _lire(chemin, chemin.parent, modele, siennes, donnees, positions)[1]
        if modele is Aide and isinstance(donnees, dict):
            renvois = renvois or _renvois_du_depot(racine)
            siennes += _verifier_renvois(donnees, fichier, *renvois)
        erreurs += [Erreur(nom, e.ligne, e.colonne, e.champ, e.message) for e in siennes]
    return erreurs


def _renvois_du_depot(racine: Path) -> tuple[dict[str, Organisation], set[str], Territoires | None]:
    """Organisations, identifiants d'aides et territoires du dépôt ; leurs propres erreurs sont celles du catalogue."""
    ignorees: list[Erreur] = []
    return (_lire_organisations(racine, ignorees), {c.stem for c in fiches(racine, DOSSIER_AIDES)},
            _territoires(racine, _lire_referentiel(racine, "territoires", ignorees)))


def _lire_organisations(racine: Path, erreurs: list[Erreur]) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for chemin in fiches(racine, DOSSIER_ORGANISATIONS):
        organisation, fichier, _ = _lire(chemin, racine, Organisation, erreurs)
        if organisation:
            _verifier_identifiant(organisation.identifiant, chemin, fichier, organisations, erreurs)
            organisations.setdefault(organisation.identifiant, organisation)
    return organisations


def _territoires(racine: Path, referentiel: ReferentielTerritoires | None) -> Territoires | None:
    # Sans mkdocs.yml (petit dépôt de test), aucun département servi : les fiches se valident quand même.
    servis = lire_configuration(racine).departements if (racine / "mkdocs.yml").exists() else ()
    return Territoires(referentiel, servis) if referentiel else None


def charger_catalogue(racine: Path = RACINE) -> Catalogue:
    """Charge et valide tout le catalogue. Lève ErreursDeDonnees avec toutes les erreurs."""
    racine = Path(racine)
    erreurs: list[Erreur] = fichiers_refuses(racine, tuple(REFERENTIELS))

    referentiels = {nom: _lire_referentiel(racine, nom, erreurs) for nom in REFERENTIELS}
    # Avant les fiches : les messages d'erreur sur leurs codes de territoire y cherchent des suggestions.
    territoires = _territoires(racine, referentiels["territoires"])
    organisations = _lire_organisations(racine, erreurs)

    aides: dict[str, Aide] = {}
    fichiers: dict[str, _Fichier] = {}
    lues: list[tuple[dict, _Fichier]] = []
    chemins = fiches(racine, DOSSIER_AIDES)
    # Les autres cœurs analysent le YAML (l'essentiel du coût) ; ce processus valide les fiches au fil de l'eau.
    for chemin, lu in zip(chemins, pour_chacun(lambda chemin: _lire_donnees(chemin, racine), chemins, paquet=300)):
        aide, fichier, donnees = _lire(chemin, racine, Aide, erreurs, lu)
        if isinstance(donnees, dict):
            lues.append((donnees, fichier))
        if aide:
            _verifier_identifiant(aide.identifiant, chemin, fichier, aides, erreurs)
            if aide.identifiant not in aides:
                aides[aide.identifiant] = aide
                fichiers[aide.identifiant] = fichier

    # Renvois vérifiés sur les données lues, fiches au format faux comprises : une seule passe montre tout.
    identifiants = {c.stem for c in chemins} | set(aides)
    for donnees, fichier in lues:
        erreurs.extend(_verifier_renvois(donnees, fichier, organisations, identifiants, territoires))
    erreurs.extend(_identifiants_nationaux_en_double(aides, fichiers))

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


def _identifiants_nationaux_en_double(aides: dict[str, Aide], fichiers: dict[str, _Fichier]) -> list[Erreur]:
    """Deux fiches au même identifiant national se confondraient dans les échanges (une copie de fichier l'oublie vite)."""
    premiers: dict[str, str] = {}
    erreurs = []
    for identifiant, aide in aides.items():
        national = aide.identifiant_national
        if national and national in premiers:
            erreurs.append(fichiers[identifiant].erreur(("identifiant_national",),
                f"identifiant national « {national} » déjà porté par aides/{premiers[national]}.yaml : retirez cette ligne "
                "d'une fiche copiée, « nouvelle-aide » en tire un neuf"))
        elif national:
            premiers[national] = identifiant
    return erreurs


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


def _dans(donnees, *cles):
    """La valeur à ce chemin des données lues, ou None si le chemin n'existe pas (le format est alors déjà signalé)."""
    for cle in cles:
        if isinstance(cle, int):
            donnees = donnees[cle] if isinstance(donnees, list) and cle < len(donnees) else None
        else:
            donnees = donnees.get(cle) if isinstance(donnees, dict) else None
    return donnees


def _elements(donnees, *cles) -> list:
    valeur = _dans(donnees, *cles)
    return list(enumerate(valeur)) if isinstance(valeur, list) else []


def _bien_ecrit(valeur) -> bool:
    """Un identifiant bien formé ; les autres ont déjà leur erreur de format."""
    return isinstance(valeur, str) and bool(valeur) and slug(valeur) == valeur


def _verifier_renvois(donnees: dict, fichier: _Fichier, organisations, aides, territoires) -> list[Erreur]:
    erreurs = []
    noms = {i: " ".join(filter(None, (o.nom, o.sigle))) for i, o in organisations.items()}

    def organisation_connue(chemin, identifiant):
        if _bien_ecrit(identifiant) and identifiant not in organisations:
            erreurs.append(fichier.erreur(chemin, f"organisation inconnue « {identifiant} »{suggestion(identifiant, organisations, noms)} ; "
                                          f"si elle n'a pas encore de fichier, créez aides/organisations/{identifiant}.yaml "
                                          "(modèle et champs : CONTRIBUTING.md, « Ajouter une organisation »)"))

    for i, _ in _elements(donnees, "porteurs"):
        organisation_connue(("porteurs", i, "organisation"), _dans(donnees, "porteurs", i, "organisation"))
    for i, _ in _elements(donnees, "contacts"):
        organisation_connue(("contacts", i, "organisation"), _dans(donnees, "contacts", i, "organisation"))
    adresse = _dans(donnees, "situation", "source")
    if isinstance(adresse, str):
        sources = [s for _, s in _elements(donnees, "sources") if isinstance(s, dict)]
        source = next((s for s in sources if str(s.get("url", "")).strip() == adresse.strip()), None)
        if source is None:
            erreurs.append(fichier.erreur(("situation", "source"), "cette adresse n'est pas dans « sources » : ajoutez-y la page, avec son titre et sa date"))
        elif not (source.get("date") or source.get("consultee_le")):
            erreurs.append(fichier.erreur(("situation", "source"), "cette source n'est pas datée : donnez sa « date » (ou « consultee_le » si elle n'en affiche pas)"))
    remplacee_par = _dans(donnees, "calendrier", "fermeture", "remplacee_par")
    if _bien_ecrit(remplacee_par) and remplacee_par == donnees.get("identifiant"):
        erreurs.append(fichier.erreur(("calendrier", "fermeture", "remplacee_par"), "une aide ne peut pas se remplacer elle-même : donnez l'identifiant de l'aide qui lui succède"))
    elif _bien_ecrit(remplacee_par) and remplacee_par not in aides:
        erreurs.append(
            fichier.erreur(("calendrier", "fermeture", "remplacee_par"), f"aide inconnue « {remplacee_par} » : aucun fichier aides/{remplacee_par}.yaml"
                           f"{suggestion(remplacee_par, aides)} ; créez sa fiche (python -m generateur nouvelle-aide \"Titre\"), "
                           "ou, si elle n'est pas dans le catalogue, décrivez-la en clair dans « remplacement »")
        )

    if territoires:
        codes = [(("territoire", "codes", i), c) for i, c in _elements(donnees, "territoire", "codes")]
        codes += [(("territoire", "exclusions", i), c) for i, c in _elements(donnees, "territoire", "exclusions")]
        for j, _ in _elements(donnees, "calendrier", "sessions"):
            codes += [(("calendrier", "sessions", j, "territoires", i), c) for i, c in _elements(donnees, "calendrier", "sessions", j, "territoires")]
        for j, _ in _elements(donnees, "contacts"):
            codes += [(("contacts", j, "territoires", i), c) for i, c in _elements(donnees, "contacts", j, "territoires")]
        for chemin, code in codes:
            if isinstance(code, str) and re.fullmatch(CODE_TERRITOIRE, code) and code not in territoires:
                conseil = suggerer(code) or " : aucun territoire de ce code dans le découpage administratif officiel"
                erreurs.append(fichier.erreur(chemin, f"territoire inconnu « {code} »{conseil} (liste : {CHEMIN_REFERENTIEL})"))
    return erreurs
