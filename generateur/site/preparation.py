"""Le dossier docs/ que lit le moteur du site : pages écrites à la main, complétées, et pages produites."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generateur.commun.configuration import Configuration
from generateur.contribution.depot import Depot, depot_de, remplacer_marques
from generateur.contribution.editeur import ecrire_editeur
from generateur.lecture.catalogue import Catalogue, charger_referentiel
from generateur.site.pages import PAGES_PRODUITES, generer
from generateur.regles.statut import REGLES
from generateur.site.recherche import marque_mots_proches

MARQUE_REGLES = "<!-- règles du statut -->"
"""Marque d'une page écrite à la main, remplacée par les règles du statut (regles/statut.py)."""

MARQUE_MOTS_TECHNIQUES = "<!-- mots techniques -->"
"""Marque de la page « Données ouvertes », remplacée par les sigles techniques du glossaire."""


def mots_techniques(catalogue: Catalogue) -> str:
    sigles = sorted((s for s in catalogue.glossaire.sigles if s.technique), key=lambda s: s.sigle.lower())
    return "\n".join(f"- **{s.sigle}** : {s.sens}" + (f". {s.explication}" if s.explication else "") for s in sigles)


PAGES_AVEC_MARQUES = ("contribuer.md",)
"""Pages écrites à la main dont les liens vers le dépôt sont calculés (contribution/depot.py)."""


def _copier_docs_ecrits_a_la_main(source: Path, cible: Path, catalogue: Catalogue, depot: Depot | None, jour: dt.date) -> None:
    """Copie les pages écrites à la main, avec leurs liens vers le dépôt et leurs mots proches pour la recherche."""
    produits = {source / p for p in PAGES_PRODUITES}

    def ignorer(dossier, noms):
        return [n for n in noms if Path(dossier) / n in produits]

    shutil.copytree(source, cible, ignore=ignorer)
    for page in sorted(cible.rglob("*.md")):
        texte = page.read_text(encoding="utf-8")
        if depot and page.relative_to(cible).as_posix() in PAGES_AVEC_MARQUES:
            texte = remplacer_marques(texte, depot, jour)
        texte = texte.replace(MARQUE_REGLES, REGLES.strip())
        if MARQUE_MOTS_TECHNIQUES in texte:
            texte = texte.replace(MARQUE_MOTS_TECHNIQUES, mots_techniques(catalogue))
        page.write_text(texte + marque_mots_proches(texte, catalogue.synonymes), encoding="utf-8")


BIBLIOTHEQUES = {
    "assets/vendor/qrcode.js": ".outils/node_modules/qrcode-generator/dist/qrcode.js",
    # L'éditeur /admin/ : le script principal et les morceaux qu'il charge à la demande, depuis son propre dossier.
    "assets/vendor/decap-cms/": ".outils/node_modules/decap-cms/dist/*decap-cms.js",
}
"""Bibliothèques du registre npm servies par le site (versions figées dans le Makefile) : aucune requête ailleurs."""


class BibliothequeManquante(Exception):
    pass


def _copier_les_bibliotheques(racine: Path, docs: Path) -> None:
    for cible, source in BIBLIOTHEQUES.items():
        origines = sorted(racine.glob(source)) if "*" in source else [racine / source]
        if not origines or not all(o.is_file() for o in origines):
            raise BibliothequeManquante(f"{source} est absent : lancez « make installer » (il installe les paquets npm du site)")
        for origine in origines:
            destination = docs / cible / origine.name if cible.endswith("/") else docs / cible
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(origine, destination)


def _ecrire_configuration_editeur(racine: Path, docs: Path, configuration: Configuration) -> None:
    zones = charger_referentiel(racine, "territoires").zones
    ecrire_editeur(docs / "admin", configuration.depot, configuration.site, zones)


def preparer_docs(catalogue: Catalogue, racine: Path, docs: Path, jour: dt.date, configuration: Configuration, guides: bool = False) -> None:
    """Tout ce que le moteur du site lira : les pages écrites à la main, les bibliothèques, puis les pages produites."""
    depot = depot_de(configuration)
    _copier_docs_ecrits_a_la_main(racine / "docs", docs, catalogue, depot, jour)
    _copier_les_bibliotheques(racine, docs)
    _ecrire_configuration_editeur(racine, docs, configuration)
    generer(catalogue, docs, jour, depot, guides=guides)
