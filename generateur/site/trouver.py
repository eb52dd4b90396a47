"""Données du filtre « Trouver mes aides » : un petit JSON lu par docs/assets/trouver.js.

Une fiche = un enregistrement à clés courtes ; les vocabulaires et les noms de
territoires sont des tables, les fiches n'en gardent que les numéros. Les statuts
ne sont pas calculés ici : le navigateur les recalcule chaque jour avec les
mêmes règles que generateur/statut.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generateur.regles import formats
from generateur.commun.fichiers import ecrire_si_change
from generateur.lecture.catalogue import Catalogue
from generateur.regles.statut import DELAI_BIENTOT_CLOSE, DELAI_SANS_OUVERTURE, MOIS_DE_VALIDITE, STATUTS, date_d_appui
from generateur.lecture.territoires import Territoires
from schema import BESOINS, STRUCTURES, TYPES, Aide

CHEMIN = "trouver/donnees.json"
"""Chemin du fichier dans docs/ (donc dans le site)."""

VERSION = 2


def masque(departements: set[str], liste: list[str]) -> int:
    """Ensemble de départements → entier, un bit par département de la liste."""
    return sum(1 << i for i, d in enumerate(liste) if d in departements)


def _date(jour: dt.date | None) -> str | None:
    return jour.isoformat() if jour else None


def _joindre(contacts) -> list | None:
    """Les deux premiers contacts pour « Ma sélection » : nom, téléphone, adresse web ou courriel, départements."""
    sortie = []
    for j in contacts[:2]:
        c = j.coordonnees
        lien = (c.site or c.formulaire or (f"mailto:{c.courriel}" if c.courriel else "")) if c else ""
        sortie.append([j.court, (c.telephone or "") if c else "", lien, " ".join(j.departements)])
    return sortie or None


def _enregistrement(aide: Aide, territoires: Territoires, departements: list[str], libelles: dict[str, int], contacts) -> dict:
    b = aide.beneficiaires
    couverts = territoires.departements_couverts(aide.territoire.codes, aide.territoire.exclusions)
    calendrier = aide.calendrier
    sessions = []
    for s in calendrier.sessions:
        deps = territoires.departements_de_session(aide, s)
        dates = [_date(s.ouverture), _date(s.date_limite)]
        # Troisième élément seulement pour une session propre à certains départements.
        sessions.append(dates if deps is None else dates + [masque(deps, departements)])
    libelle = territoires.libelle(aide.territoire.codes, aide.territoire.exclusions)
    r = {
        "i": aide.identifiant,
        "t": aide.titre,
        "g": aide.sigle,
        "r": aide.resume,
        "y": [TYPES.valeurs.index(v) for v in aide.types],
        "b": [BESOINS.valeurs.index(v) for v in aide.besoins],
        "s": [STRUCTURES.valeurs.index(v) for v in b.structures],
        "e": None if b.employeur is None else int(b.employeur),
        "n": b.salaries_min,
        "x": b.salaries_max,
        "d": masque(couverts, departements),
        "k": calendrier.recurrence,
        # Situation : absente si « en cours » ; ["suspendue", depuis] ou ["a-confirmer"].
        "z": _situation(aide),
        # Date de la source qui montre que l'aide fonctionne (règle des 18 mois).
        "p": _date(date_d_appui(aide)),
        "c": sessions or None,
        # Fermeture : absente, "" (close sans date connue) ou la date de fin.
        "f": (_date(calendrier.fermeture.date) or "") if calendrier.fermeture else None,
        "m": formats.montant_court(aide.montant) or None,
        "l": libelles.setdefault(libelle, len(libelles)),
        "w": _joindre(contacts(aide)) if contacts else None,
    }
    return {k: v for k, v in r.items() if v is not None}


def _situation(aide: Aide) -> list | None:
    situation = aide.situation
    if situation is None or situation.etat == "en-cours":
        return None
    return [situation.etat, situation.depuis.debut.isoformat()] if situation.depuis else [situation.etat]


def donnees(catalogue: Catalogue, jour: dt.date, contacts=None) -> dict:
    """contacts : qui appeler pour une aide (pages.Site.contacts), pour « Ma sélection »."""
    territoires = catalogue.territoires
    departements = territoires.departements
    libelles: dict[str, int] = {}
    aides = [_enregistrement(a, territoires, departements, libelles, contacts) for a in catalogue.aides_triees()]
    return {
        "version": VERSION,
        "construit": jour.isoformat(),
        "delai": DELAI_BIENTOT_CLOSE,
        "sans_ouverture": DELAI_SANS_OUVERTURE,
        "validite": MOIS_DE_VALIDITE,
        "statuts": {code: [libelle, explication, rang] for code, (libelle, explication, rang) in STATUTS.items()},
        "structures": [[t.valeur, t.libelle] for t in STRUCTURES],
        "besoins": [[t.valeur, t.libelle] for t in BESOINS],
        "types": [[t.valeur, t.libelle] for t in TYPES],
        "departements": [[d.removeprefix("DEP-"), territoires.nom(d)] for d in departements],
        "territoires": list(libelles),
        "aides": aides,
    }


def ecrire(catalogue: Catalogue, docs: Path, jour: dt.date, contacts=None) -> Path:
    texte = json.dumps(donnees(catalogue, jour, contacts), ensure_ascii=False, separators=(",", ":"))
    return ecrire_si_change(Path(docs) / CHEMIN, texte)
