"""Mise en forme française des dates, montants et textes, partagée par les pages, les guides et les exports."""

from __future__ import annotations

import datetime as dt
import re

from schema import UNITES, MontantAide

ESPACE_FINE = "\u202f"
"""Espace fine insécable, avant « ; ! ? » et entre les milliers."""
ESPACE_INSECABLE = "\u00a0"

MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


def date_fr(jour: dt.date | None) -> str:
    """2026-03-01 → « 1er mars 2026 »."""
    if jour is None:
        return ""
    numero = "1er" if jour.day == 1 else str(jour.day)
    return f"{numero}{ESPACE_INSECABLE}{MOIS[jour.month - 1]} {jour.year}"


def nombre(valeur: float) -> str:
    """7164 → « 7 164 » ; 2.5 → « 2,5 »."""
    if float(valeur).is_integer():
        texte = f"{int(valeur):,}".replace(",", ESPACE_FINE)
    else:
        entier, decimales = f"{valeur:.2f}".rstrip("0").split(".")
        texte = f"{int(entier):,}".replace(",", ESPACE_FINE) + "," + decimales
    return texte


def euros(valeur: float) -> str:
    return f"{nombre(valeur)}{ESPACE_INSECABLE}€"


def pourcent(valeur: float) -> str:
    return f"{nombre(valeur)}{ESPACE_INSECABLE}%"


def montant_court(montant: MontantAide | None) -> str:
    """Le montant en quelques mots, pour les listes : « de 400 € à 3 400 € », « jusqu'à 60 % »."""
    if montant is None:
        return ""
    morceaux = []
    if montant.min is not None or montant.max is not None:
        suffixe = "" if montant.unite == "euros" else " " + UNITES.libelle(montant.unite).removeprefix("€ ")
        morceaux.append(_fourchette(montant.min, montant.max, euros) + suffixe)
    if montant.taux_min is not None or montant.taux_max is not None:
        morceaux.append(_fourchette(montant.taux_min, montant.taux_max, pourcent))
    return " ; ".join(morceaux)


def _fourchette(bas, haut, forme) -> str:
    if bas is not None and haut is not None:
        return forme(bas) if bas == haut else f"de {forme(bas)} à {forme(haut)}"
    if haut is not None:
        return f"jusqu'à {forme(haut)}"
    return f"à partir de {forme(bas)}"


# Un seul parcours du texte : balises, entités, adresses et heures sont repris tels quels ; ailleurs,
# les blancs avant « ; : ! ? » » et après « « » deviennent l'espace voulue. Le préfixe (?=…) écarte
# vite les caractères qui ne peuvent commencer aucun motif.
_TYPOGRAPHIE = re.compile(
    r"(?=[<&hmt0-9«;:!?» \u00a0\u202f])"
    r"(?:(<[^>]*>|&#?\w+;|\b(?:https?|mailto|tel):\S+|\d+:\d+)"
    r"|(«)?[ \u00a0\u202f]*([;:!?»])"
    r"|«[ \u00a0\u202f]*)"
)


def _espace(m: re.Match) -> str:
    protege, guillemet, signe = m.groups()
    if protege:
        return protege
    if signe:
        return (guillemet or "") + (ESPACE_INSECABLE if signe in ":»" else ESPACE_FINE) + signe
    return "«" + ESPACE_INSECABLE


def typographie(texte: str) -> str:
    """Espaces insécables de la typographie française : avant « ; : ! ? » et dans les guillemets.

    Les balises HTML, entités, adresses et heures sont laissées telles quelles.
    """
    return _TYPOGRAPHIE.sub(_espace, texte)
