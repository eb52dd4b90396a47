"""Construction complète du site, sans jamais laisser un site à moitié écrit.

Tout est produit dans un dossier temporaire ; le site précédent n'est remplacé
qu'une fois la construction réussie et vérifiée. Ce module est le seul à assembler les
paquets : lecture, règles, site, exports et guides ne se connaissent pas entre eux au-delà
de ce que leurs docstrings permettent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import shutil
import tempfile
from pathlib import Path

from generateur.commun.configuration import Configuration, lire_configuration
from generateur.commun.parallele import a_cote
from generateur.lecture.catalogue import RACINE, Catalogue, charger_catalogue
from generateur.site.moteur import ErreurDuMoteur, alleger_pages, construire_avec_mkdocs
from generateur.site.pages import PAGES_PRODUITES
from generateur.site.preparation import BibliothequeManquante, preparer_docs
from generateur.site.verifications import verifier

VARIABLE_DATE = "AIDES_DATE"
"""Variable d'environnement qui fixe la date de construction (AAAA-MM-JJ), pour les tests et les constructions reproductibles."""


class ErreurDeConstruction(Exception):
    pass


def date_de_construction(jour: dt.date | None = None) -> dt.date:
    if jour:
        return jour
    texte = os.environ.get(VARIABLE_DATE)
    return dt.date.fromisoformat(texte) if texte else dt.date.today()


def _remplacer(ancien: Path, nouveau: Path) -> None:
    """Remplace un fichier ou dossier par un autre, en deux renommages."""
    sauvegarde = ancien.with_name(ancien.name + ".ancien")
    if sauvegarde.exists():
        shutil.rmtree(sauvegarde) if sauvegarde.is_dir() else sauvegarde.unlink()
    if ancien.exists():
        ancien.rename(sauvegarde)
    shutil.move(nouveau, ancien)
    if sauvegarde.exists():
        shutil.rmtree(sauvegarde) if sauvegarde.is_dir() else sauvegarde.unlink()


def construire_mkdocs(docs: Path, site: Path, racine: Path, jour: dt.date) -> str:
    """Construit le site avec le moteur (MkDocs, mode strict) ; renvoie l'adresse du site (site_url)."""
    try:
        return construire_avec_mkdocs(racine / "mkdocs.yml", docs, site, jour)
    except ErreurDuMoteur as exc:
        raise ErreurDeConstruction(str(exc)) from None


def construire_site(catalogue: Catalogue, docs: Path, site: Path, racine: Path, jour: dt.date, configuration: Configuration) -> str:
    """MkDocs dans un processus à part (sa mémoire est rendue à sa fin), les données ouvertes pendant ce temps.

    Renvoie l'adresse du site (site_url).
    """
    from generateur.exports.donnees import ecrire_exports

    exports = site.with_name("exports")
    with a_cote(lambda: construire_mkdocs(docs, site, racine, jour)) as mkdocs:
        ecrire_exports(catalogue, exports, jour, configuration.site)
    # MkDocs vide son dossier de sortie en commençant : les exports n'y entrent qu'une fois le site construit.
    site_url = mkdocs.result()
    alleger_pages(site)
    for fichier in sorted(p for p in exports.rglob("*") if p.is_file()):
        cible = site / fichier.relative_to(exports)
        cible.parent.mkdir(parents=True, exist_ok=True)
        os.replace(fichier, cible)
    return site_url


def verifier_site(site: Path, site_url: str, pendant=None) -> None:
    problemes = verifier(site, site_url, pendant)
    if problemes:
        raise ErreurDeConstruction("Le site construit ne passe pas les contrôles :\n" + "\n".join(problemes))


def etapes_apres_mkdocs(catalogue: Catalogue, site: Path, jour: dt.date, site_url: str, guides: bool = False) -> None:
    """Ce qui se fait sur le site temporaire, avant qu'il ne remplace l'ancien : les guides, puis l'index de
    recherche, pendant lequel les pages sont contrôlées (Pagefind n'indexe que le HTML, déjà écrit)."""
    from generateur.site.recherche import indexation

    if guides:
        from generateur.guides.pdf import guides_du_site

        guides_du_site(catalogue, site, jour, site_url)
    verifier_site(site, site_url, pendant=indexation(site))


@contextlib.contextmanager
def _ramasse_miettes_espace():
    """Le ramasse-miettes cyclique de Python, réglé pour de petits programmes, repasserait sans cesse sur les
    centaines de milliers d'objets du catalogue et des pages : on l'espace le temps de la construction
    (un tiers de moins pour la validation à 5 000 aides), puis on remet les réglages d'avant."""
    avant = gc.get_threshold()
    gc.set_threshold(10_000, 20, 20)
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*avant)


def construire(racine: Path = RACINE, jour: dt.date | None = None, sortie: Path | None = None, guides: bool = False) -> Catalogue:
    """Valide, génère et construit le site dans sortie (par défaut site/). Lève ErreursDeDonnees ou ErreurDeConstruction.

    guides : construit aussi les guides PDF (une minute environ pour 80 aides) ; `make build` les demande.
    """
    with _ramasse_miettes_espace():
        return _construire(Path(racine), date_de_construction(jour), Path(sortie) if sortie else Path(racine) / "site", guides)


def _construire(racine: Path, jour: dt.date, sortie: Path, guides: bool) -> Catalogue:
    catalogue = charger_catalogue(racine)
    # Le catalogue vit jusqu'au bout : hors des passes du ramasse-miettes, et partagé tel quel avec les
    # processus de travail (qui n'ont pas à recopier ses pages mémoire pour le parcourir).
    gc.freeze()

    sortie.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".construction-", dir=sortie.parent) as temporaire:
        temporaire = Path(temporaire)
        docs, site = temporaire / "docs", temporaire / "site"
        configuration = lire_configuration(racine)
        try:
            preparer_docs(catalogue, racine, docs, jour, configuration, guides)
        except BibliothequeManquante as exc:
            raise ErreurDeConstruction(str(exc)) from None
        site_url = construire_site(catalogue, docs, site, racine, jour, configuration)
        etapes_apres_mkdocs(catalogue, site, jour, site_url, guides=guides)

        _remplacer(sortie, site)
        # Les pages produites restent visibles dans docs/ pour relecture et pour `mkdocs serve`.
        for chemin in PAGES_PRODUITES:
            if (docs / chemin).exists():
                _remplacer(racine / "docs" / chemin, docs / chemin)
    return catalogue
