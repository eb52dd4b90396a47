"""Mise en forme française des dates, montants et textes, partagée par les pages, les guides et les exports."""

from __future__ import annotations

import datetime as dt
import re

from schema import Chiffres, Enveloppe, MontantAide

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


def mois_fr(jour: dt.date | None) -> str:
    """2019-03-12 → « mars 2019 »."""
    return f"{MOIS[jour.month - 1]} {jour.year}" if jour else ""


def adresse_lisible(adresse: str) -> str:
    """« https://www.lille.fr/Nos-equipements/ » → « www.lille.fr/Nos-equipements » : lisible, et imprimable."""
    return re.sub(r"^https?://", "", adresse).rstrip("/")


def date_partielle_fr(date) -> str:
    """Une date de source telle que la source la montre : « 20 février 2026 », « février 2026 », « 2026 »."""
    if date is None:
        return ""
    if date.jour:
        return date_fr(date.debut)
    return mois_fr(date.debut) if date.mois else str(date.annee)


def echeance(s) -> str:
    """Ce que dit le statut en quelques mots, après son libellé ; même texte que echeance() de docs/assets/trouver.js."""
    if s.code == "close":
        return f"depuis le {date_fr(s.depuis)}" if s.depuis else "date de fin non connue"
    if s.code == "suspendue":
        return f"depuis le {date_fr(s.depuis)}" if s.depuis else "pas de nouvelles demandes"
    if s.code == "a-confirmer":
        return f"informations de {mois_fr(s.informations_du)}" if s.informations_du else "situation actuelle non confirmée"
    if s.code == "a-venir":
        if not s.ouverture:
            return f"date limite le {date_fr(s.date_limite)}, ouverture non publiée"
        return f"ouvre le {date_fr(s.ouverture)}" + (f", date limite le {date_fr(s.date_limite)}" if s.date_limite else "")
    if s.date_limite:
        return f"date limite : {date_fr(s.date_limite)}"
    if s.code == "permanente":
        return "sans date limite"
    if s.code == "annuelle":
        return "prochaine session à venir"
    return "sans date limite connue"


_ARTICLES = {"Nord": "le Nord", "Pas-de-Calais": "le Pas-de-Calais", "Aisne": "l'Aisne", "Oise": "l'Oise", "Somme": "la Somme"}


def dans_le(nom: str) -> str:
    """« Nord » → « le Nord » (« Dans le Nord »), « Aisne » → « l'Aisne » ; un autre nom reste tel quel."""
    return _ARTICLES.get(nom, nom)


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


_PAR = {
    "euros": "",
    "euros-par-an": " par an",
    "euros-par-mois": " par mois",
    "euros-par-jour": " par jour",
    "euros-par-heure": " par heure",
    "euros-par-poste": " par poste et par an",
    "euros-par-emploi-cree": " par emploi créé",
    "euros-par-contrat": " par contrat",
    "euros-par-enfant": " par enfant",
    "euros-par-personne": " par personne",
}


def chiffres(c: Chiffres) -> str:
    """« jusqu'à 5 000 € par an pendant 3 ans », « 80 % des dépenses, jusqu'à 20 000 € », « 4 000 € »."""
    morceaux = []
    if c.taux_min is not None or c.taux_max is not None:
        morceaux.append(_fourchette(c.taux_min, c.taux_max, pourcent) + " des dépenses")
    if c.min is not None or c.max is not None:
        par = _PAR[c.unite]
        if c.unite == "euros-par-poste" and c.temps_plein is not None:
            par = " par poste à temps plein et par an" if c.temps_plein else " par poste et par an, quel que soit le temps de travail"
        somme = _fourchette(c.min, c.max, euros) + par
        if morceaux and c.min is None:
            somme = "plafonné à " + somme.removeprefix("jusqu'à ")
        morceaux.append(somme)
    texte = ", ".join(morceaux)
    if texte and c.duree_annees:
        texte += f" pendant {c.duree_annees} an{'s' if c.duree_annees > 1 else ''}"
    return texte


def montant_court(montant: MontantAide | None) -> str:
    """Ce qu'une structure peut recevoir, en quelques mots, pour les listes ; vide si les sources ne le chiffrent pas.

    Le budget total du dispositif n'y figure jamais : ce n'est pas ce qu'une structure reçoit."""
    if montant is None:
        return ""
    if montant.chiffre:
        return chiffres(montant)
    if montant.paliers:
        return _ensemble(montant.paliers, "selon le cas")
    if montant.produits:
        return _ensemble(montant.produits, f"selon le produit ({len(montant.produits)} produits)")
    return ""


def _ensemble(parties, suite: str) -> str:
    """Plusieurs montants (paliers, produits) résumés en une fourchette : « de 750 € à 6 000 € par contrat, selon le cas »."""
    chiffrees = [p for p in parties if p.chiffre]
    if not chiffrees:
        return ""
    unites = {p.unite for p in chiffrees}
    sommes = [v for p in chiffrees for v in (p.min, p.max) if v is not None]
    taux = [v for p in chiffrees for v in (p.taux_min, p.taux_max) if v is not None]
    morceaux = []
    if sommes:
        par = _PAR[unites.pop()] if len(unites) == 1 else ""
        morceaux.append(_fourchette(min(sommes), max(sommes), euros) + par if len(sommes) > 1 else f"jusqu'à {euros(sommes[0])}{par}")
    if taux:
        morceaux.append(_fourchette(min(taux), max(taux), pourcent) + " des dépenses")
    return ", ".join(morceaux) + ", " + suite


def montant_en_bref(montant: MontantAide | None) -> str:
    """La ligne « Montant » d'En bref : toujours un chiffre, ou « Montant non publié » et pourquoi."""
    court = montant_court(montant)
    if court:
        return court
    if montant and montant.commentaire and not montant.non_publie and not montant.enveloppe:
        # Un service gratuit, un avantage fiscal : la fiche le dit en mots, pas en chiffres.
        premiere = re.split(r"(?<=[.;])\s", montant.commentaire, maxsplit=1)[0]
        return premiere if len(premiere) <= 140 else premiere[:139].rsplit(" ", 1)[0] + "…"
    texte = "Montant non publié"
    if montant and montant.enveloppe:
        total = euros(montant.enveloppe.montant) + (f" en {montant.enveloppe.annee}" if montant.enveloppe.annee else "")
        texte += f" ; budget total du dispositif : {total}"
    return texte


def enveloppe(e: Enveloppe) -> str:
    """« 63 000 000 € en 2025, pour tout le département »."""
    texte = euros(e.montant)
    if e.annee:
        texte += f" en {e.annee}"
    if e.perimetre:
        texte += f", {e.perimetre}"
    return texte


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
