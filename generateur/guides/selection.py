"""Guides PDF : quelles aides mettre dans un guide, sous quel titre, dans quel fichier.

La mise en page (WeasyPrint) est dans pdf.py ; ce module reste léger pour que
les pages du site puissent nommer les guides sans charger WeasyPrint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generateur.lecture.validation import suggestion
from generateur.commun.adresses import DIMENSIONS_GUIDES as DIMENSIONS, FICHIER_COMPLET, fichier_guide, slug
from schema import BESOINS, STRUCTURES, TYPES, Aide

_DE_DEPARTEMENT = {
    "DEP-02": "de l'Aisne",
    "DEP-59": "du Nord",
    "DEP-60": "de l'Oise",
    "DEP-62": "du Pas-de-Calais",
    "DEP-80": "de la Somme",
}
"""L'article d'un nom de département ne se devine pas : ceux des Hauts-de-France sont écrits ici."""

_MOTS_INVARIABLES = re.compile(r"^(de|d'.*|ou|et|l'.*|\(.*|[A-Z0-9]{2,}.*)$")


class SelectionInvalide(ValueError):
    """Valeur inconnue dans une sélection ; le message, en français, liste les valeurs possibles."""


def pluriel(libelle: str) -> str:
    """« Entreprise agréée ESUS » → « Entreprises agréées ESUS » : on accorde les mots jusqu'au premier complément."""
    mots = libelle.split(" ")
    for i, mot in enumerate(mots):
        if mot in ("de", "d'") or mot.startswith(("d'", "(")):
            break
        if _MOTS_INVARIABLES.match(mot) or mot.endswith(("s", "x")):
            continue
        mots[i] = mot + "s"
    return " ".join(mots)


def _minuscule(libelle: str) -> str:
    return libelle[:1].lower() + libelle[1:]


@dataclass(frozen=True)
class Selection:
    """Ce qu'un animateur veut imprimer. Tout champ vide veut dire « sans filtre »."""

    besoin: str | None = None
    departement: str | None = None
    structure: str | None = None
    type: str | None = None
    ouvertes_seulement: bool = False

    def verifier(self, catalogue) -> "Selection":
        """Renvoie la sélection normalisée (« 80 » → « DEP-80 ») ou lève SelectionInvalide."""
        departements = catalogue.territoires.departements
        departement = self.departement
        if departement is not None:
            par_nom = {slug(catalogue.territoires.nom(c)): c for c in departements}
            departement = next(
                (c for c in departements if departement.upper() in (c, c.removeprefix("DEP-"))),
                par_nom.get(slug(departement)),
            )
            if departement is None:
                possibles = ", ".join(f"{c} ({catalogue.territoires.nom(c)})" for c in departements)
                raise SelectionInvalide(f"département inconnu « {self.departement} ». Valeurs possibles : {possibles}.")
        for champ, nom, vocabulaire in (("besoin", "besoin", BESOINS), ("structure", "type de structure", STRUCTURES), ("type", "type d'aide", TYPES)):
            valeur = getattr(self, champ)
            if valeur is not None and valeur not in vocabulaire:
                possibles = ", ".join(f"{t.valeur} ({t.libelle})" for t in vocabulaire)
                raise SelectionInvalide(f"{nom} inconnu « {valeur} »{suggestion(valeur, vocabulaire.valeurs) or '.'} Valeurs possibles : {possibles}.")
        return replace(self, departement=departement)

    def garde(self, aide: Aide, catalogue) -> bool:
        if self.besoin and self.besoin not in aide.besoins:
            return False
        if self.structure and self.structure not in aide.beneficiaires.structures:
            return False
        if self.type and self.type not in aide.types:
            return False
        if self.departement and not catalogue.territoires.couvre(aide.territoire.codes, aide.territoire.exclusions, self.departement):
            return False
        return True

    def aides(self, site) -> list[Aide]:
        """Les aides choisies, dans l'ordre du site : les plus urgentes d'abord ; jamais les aides closes."""
        base = site.ouvertes if self.ouvertes_seulement else site.actuelles
        return [a for a in base if self.garde(a, site.catalogue)]

    def phrase(self, catalogue) -> str:
        """La sélection en mots, pour la couverture : « Associations de la Somme — trésorerie »."""
        qui = pluriel(STRUCTURES.libelle(self.structure)) if self.structure else "Structures de l'ESS"
        if self.departement:
            ou = _DE_DEPARTEMENT.get(self.departement) or f"du département {catalogue.territoires.nom(self.departement)}"
        else:
            ou = "des Hauts-de-France"
        morceaux = [f"{qui} {ou}"]
        if self.besoin:
            morceaux.append(_minuscule(BESOINS.libelle(self.besoin)))
        if self.type:
            morceaux.append(_minuscule(TYPES.libelle(self.type)))
        if self.ouvertes_seulement:
            morceaux.append("aides ouvertes seulement")
        return " — ".join(morceaux)


@dataclass(frozen=True)
class GuidePret:
    """Un guide prêt à imprimer, publié avec le site."""

    fichier: str
    selection: Selection


def guides_prets(site) -> list[GuidePret]:
    """Le guide complet, puis un guide par page d'index de besoin, de type de structure et de département."""
    guides = [GuidePret(FICHIER_COMPLET, Selection())]
    codes = {slug(site.catalogue.territoires.nom(c)): c for c in site.catalogue.territoires.departements}
    for dimension, champ in DIMENSIONS.items():
        for theme in site.dimensions[dimension].themes:
            valeur = codes[theme.valeur] if dimension == "departements" else _valeur_de(dimension, theme.valeur)
            guides.append(GuidePret(fichier_guide(dimension, theme.valeur), Selection(**{champ: valeur})))
    return guides


def _valeur_de(dimension: str, valeur_page: str) -> str:
    vocabulaire = {"besoins": BESOINS, "structures": STRUCTURES}[dimension]
    return next(v for v in vocabulaire.valeurs if slug(v) == valeur_page)
