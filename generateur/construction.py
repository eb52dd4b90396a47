"""Construction complète du site, sans jamais laisser un site à moitié écrit.

Tout est produit dans un dossier temporaire ; le site précédent n'est remplacé
qu'une fois la construction réussie et vérifiée. Une seule construction à la fois par dossier
(verrou du système, relâché par le noyau même si elle est tuée) ; la suivante défait ce qu'une
construction tuée a laissé : dossiers temporaires, remplacement interrompu entre ses deux renommages.

Ce module est le seul à assembler les paquets : lecture, règles, site, exports et guides ne se
connaissent pas entre eux au-delà de ce que leurs docstrings permettent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import os
import shutil
import tempfile
from pathlib import Path

from generateur.commun.configuration import Configuration, lire_configuration
from generateur.commun.parallele import a_cote
from generateur.lecture.catalogue import RACINE, Catalogue, charger_catalogue
from generateur.lecture.erreurs import ligne_affichable
from generateur.site.moteur import ErreurDuMoteur, alleger_pages, construire_avec_mkdocs
from generateur.site.pages import PAGES_PRODUITES
from generateur.site.preparation import BibliothequeManquante, preparer_docs
from generateur.site.verifications import verifier

VARIABLE_DATE = "AIDES_DATE"
"""Variable d'environnement qui fixe la date de construction (AAAA-MM-JJ), pour les tests et les constructions reproductibles."""


VERROU = ".verrou-construction"
"""Fichier, à côté de site/, que chaque construction verrouille le temps de son travail."""


class ErreurDeConstruction(Exception):
    """Le message, une ligne par argument. Il répète des noms de fichiers et des valeurs du dépôt : chaque ligne
    passe par ligne_affichable (ni séquence du terminal, ni saut de ligne, ni commande de GitHub fabriqués)."""

    site_remplace = False
    """Vrai si le nouveau site était déjà en place quand l'erreur est survenue."""

    def __init__(self, *lignes: str):
        # Renvoyée par un processus de travail, l'erreur est refaite ici avec ses lignes déjà affichables : rien ne change.
        super().__init__(*(ligne_affichable(ligne) for ligne in lignes))

    def __str__(self) -> str:
        return "\n".join(self.args)


class ConstructionEnCours(ErreurDeConstruction):
    """Une autre construction tient le verrou : celle-ci n'a rien touché."""


def date_de_construction(jour: dt.date | None = None) -> dt.date:
    if jour:
        return jour
    texte = os.environ.get(VARIABLE_DATE)
    return dt.date.fromisoformat(texte) if texte else dt.date.today()


def _supprimer(chemin: Path) -> None:
    if chemin.is_dir() and not chemin.is_symlink():
        shutil.rmtree(chemin)
    elif chemin.exists() or chemin.is_symlink():
        chemin.unlink()


def _sauvegarde(chemin: Path) -> Path:
    return chemin.with_name(chemin.name + ".ancien")


def _remplacer(ancien: Path, nouveau: Path) -> None:
    """Remplace un fichier ou dossier par un autre, en deux renommages ; entre les deux, l'ancien
    attend sous le nom « .ancien » (que _reprendre remet en place si la construction est tuée là)."""
    sauvegarde = _sauvegarde(ancien)
    _supprimer(sauvegarde)
    if ancien.exists() or ancien.is_symlink():
        ancien.rename(sauvegarde)
    try:
        shutil.move(nouveau, ancien)
    except BaseException:
        if sauvegarde.exists() and not ancien.exists():
            sauvegarde.rename(ancien)
        raise
    _supprimer(sauvegarde)


def _reprendre(sortie: Path, racine: Path) -> None:
    """Défait ce qu'une construction tuée a laissé. Appelée sous le verrou : aucune autre construction
    n'écrit dans ces dossiers."""
    for reste in sortie.parent.glob(".construction-*"):
        _supprimer(reste)
    for cible in [sortie, *(racine / "docs" / chemin for chemin in PAGES_PRODUITES)]:
        sauvegarde = _sauvegarde(cible)
        if not (sauvegarde.exists() or sauvegarde.is_symlink()):
            continue
        if cible.exists():
            _supprimer(sauvegarde)  # tuée après le second renommage : le nouveau est en place
        else:
            sauvegarde.rename(cible)  # tuée entre les deux : l'ancien revient


@contextlib.contextmanager
def _seule_construction(dossier: Path):
    dossier.mkdir(parents=True, exist_ok=True)
    with open(dossier / VERROU, "a", encoding="utf-8") as verrou:
        try:
            fcntl.flock(verrou, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConstructionEnCours(
                f"Une autre construction est en cours dans {dossier} (fichier verrou {VERROU}) : "
                "celle-ci s'arrête sans rien toucher. Relancez-la quand l'autre sera finie."
            ) from None
        yield


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
        raise ErreurDeConstruction("Le site construit ne passe pas les contrôles :", *problemes)


def etapes_apres_mkdocs(catalogue: Catalogue, site: Path, jour: dt.date, site_url: str, guides: bool = False) -> None:
    """Ce qui se fait sur le site temporaire, avant qu'il ne remplace l'ancien : les guides, puis l'index de
    recherche, pendant lequel les pages sont contrôlées (Pagefind n'indexe que le HTML, déjà écrit)."""
    from generateur.site.recherche import ErreurDePagefind, indexation

    if guides:
        from generateur.guides.pdf import guides_du_site

        guides_du_site(catalogue, site, jour, site_url)
    try:
        verifier_site(site, site_url, pendant=indexation(site))
    except ErreurDePagefind as exc:
        raise ErreurDeConstruction("L'index de recherche (Pagefind) n'a pas pu être écrit :", *str(exc).strip().splitlines()) from None


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
    racine = Path(racine)
    sortie = Path(sortie) if sortie else racine / "site"
    with _seule_construction(sortie.parent), _ramasse_miettes_espace():
        _reprendre(sortie, racine)
        return _construire(racine, date_de_construction(jour), sortie, guides)


def _construire(racine: Path, jour: dt.date, sortie: Path, guides: bool) -> Catalogue:
    catalogue = charger_catalogue(racine)
    # Le catalogue vit jusqu'au bout : hors des passes du ramasse-miettes, et partagé tel quel avec les
    # processus de travail (qui n'ont pas à recopier ses pages mémoire pour le parcourir).
    gc.freeze()

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
        try:
            # Les pages produites restent visibles dans docs/ pour relecture et pour `mkdocs serve`.
            for chemin in PAGES_PRODUITES:
                if (docs / chemin).exists():
                    _remplacer(racine / "docs" / chemin, docs / chemin)
        except OSError as exc:
            erreur = ErreurDeConstruction(f"Pages produites non recopiées dans docs/ : {exc.strerror} ({exc.filename})")
            erreur.site_remplace = True
            raise erreur from None
    return catalogue
