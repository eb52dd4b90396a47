"""Fiches à revoir : vérification trop ancienne, date limite passée sans suite, faits à confirmer.

Sert à `python -m generateur fraicheur` et à la page « À vérifier » du site (site/pages.py), pour les mainteneurs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generateur.regles import formats
from generateur.lecture.catalogue import Catalogue
from generateur.lecture.chargement import _champ
from generateur.contribution.squelette import a_completer, restes_a_completer
from schema import Aide

PAGE = "a-verifier.md"
MOIS_AVANT_REVERIFICATION = 6

ANCIENNE, SANS_SUITE, A_CONFIRMER, A_COMPLETER, SANS_CONTACT = "ancienne", "sans-suite", "a-confirmer", "a-completer", "sans-contact"
RUBRIQUES = {
    A_COMPLETER: "Fiches inachevées (« À compléter »)",
    SANS_CONTACT: "Aucun contact joignable (ni téléphone, ni courriel, ni site, ni formulaire, ni adresse)",
    SANS_SUITE: "Date limite passée, sans suite indiquée",
    ANCIENNE: f"Vérifiées il y a plus de {MOIS_AVANT_REVERIFICATION} mois",
    A_CONFIRMER: "Faits à confirmer",
}


@dataclass
class Constat:
    aide: Aide
    fichier: str
    raisons: dict[str, list[str]] = field(default_factory=dict)


def mois_avant(jour: dt.date, mois: int) -> dt.date:
    """Même jour, `mois` mois plus tôt (le 31 août moins 6 mois donne le 28 ou 29 février)."""
    annee, rang = divmod(jour.year * 12 + jour.month - 1 - mois, 12)
    mois_cible = rang + 1
    for jour_du_mois in range(jour.day, 27, -1):
        try:
            return dt.date(annee, mois_cible, jour_du_mois)
        except ValueError:
            continue
    return dt.date(annee, mois_cible, min(jour.day, 28))


def date_limite_sans_suite(aide: Aide, jour: dt.date) -> dt.date | None:
    """La dernière date limite, si elle est passée et que rien ne dit ce qui vient ensuite."""
    calendrier = aide.calendrier
    if calendrier.fermeture or not calendrier.sessions:
        return None
    for session in calendrier.sessions:
        if session.date_limite is None or session.date_limite >= jour:
            return None
        if session.ouverture and session.ouverture > jour:
            return None
    return max(s.date_limite for s in calendrier.sessions)


def controler(catalogue: Catalogue, jour: dt.date) -> list[Constat]:
    limite = mois_avant(jour, MOIS_AVANT_REVERIFICATION)
    constats = []
    for aide in sorted(catalogue.aides.values(), key=lambda a: (a.derniere_verification, a.identifiant)):
        constat = Constat(aide, catalogue.fichiers.get(aide.identifiant, f"aides/{aide.identifiant}.yaml"))
        # Le texte JSON de la fiche, lu d'un coup, écarte vite les fiches complètes (presque toutes).
        restes = restes_a_completer(aide.model_dump(mode="json", exclude_defaults=True)) if a_completer(aide.model_dump_json()) else []
        if restes:
            constat.raisons[A_COMPLETER] = [f"{_champ(c)} contient encore « À compléter »" for c in restes]
        passee = date_limite_sans_suite(aide, jour)
        if passee:
            recurrence = "l'appel revient chaque année : ajoutez la prochaine session dès qu'elle est connue" if aide.calendrier.recurrence == "annuelle" else (
                "ajoutez la prochaine session, ou une rubrique « fermeture » (avec ce qui remplace l'aide)"
            )
            constat.raisons[SANS_SUITE] = [f"dernière date limite le {formats.date_fr(passee)} ; {recurrence}"]
        if aide.derniere_verification < limite:
            constat.raisons[ANCIENNE] = [f"dernière vérification le {formats.date_fr(aide.derniere_verification)}"]
        if aide.a_confirmer:
            constat.raisons[A_CONFIRMER] = list(aide.a_confirmer)
        if not aide.calendrier.fermeture and not catalogue.joignable(aide):
            constat.raisons[SANS_CONTACT] = ["ajoutez le téléphone, le courriel ou le site du service à appeler (fiche ou organisation)"]
        if constat.raisons:
            constats.append(constat)
    return constats


def par_rubrique(constats: list[Constat]) -> dict[str, list[Constat]]:
    return {r: [c for c in constats if r in c.raisons] for r in RUBRIQUES}


def afficher_rapport(constats: list[Constat], flux) -> None:
    if not constats:
        print("Aucune fiche à vérifier.", file=flux)
        return
    for rubrique, liste in par_rubrique(constats).items():
        if not liste:
            continue
        print(f"\n{RUBRIQUES[rubrique]} : {len(liste)}", file=flux)
        for constat in liste:
            print(f"  {constat.fichier} ({constat.aide.titre})", file=flux)
            for raison in constat.raisons[rubrique]:
                print(f"    - {raison}", file=flux)
    n = len(constats)
    print(f"\n{n} fiche{'s' if n > 1 else ''} à vérifier.", file=flux)
