"""Crochet MkDocs : pendant `mkdocs serve`, régénère les pages quand une fiche change.

La construction normale (python -m generateur construire) génère les pages avant
d'appeler MkDocs ; ce crochet sert au serveur de prévisualisation. Dans les deux cas, il
ajoute à chaque page ses mots proches pour la recherche (on_page_content) et retire
l'indentation des gabarits (on_post_page).
"""

from __future__ import annotations

import logging
import re

from mkdocs.exceptions import Abort

_commande = None
_synonymes = None
"""Lus par on_config (aides/referentiel/synonymes.yaml), à chaque construction comme à chaque reconstruction de `mkdocs serve`."""
journal = logging.getLogger("mkdocs.plugins.aides")
_INTOUCHABLE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_RETRAIT = re.compile(r"\n\s+")


def on_post_page(output, page, config):
    """Sans l'indentation des gabarits de Material : un quart du poids de chaque page, même rendu.

    Un retour à la ligne suivi de blancs s'affiche comme un seul blanc ; <pre>, <textarea>,
    <script> et <style> sont laissés tels quels. Pas de minifieur complet : ceux de PyPI
    retirent aussi guillemets et balises fermantes, que lisent la recherche et les contrôles.
    """
    # split rend, pour chaque bloc intouchable, le bloc puis le nom de sa balise : un morceau sur trois est du texte.
    morceaux = _INTOUCHABLE.split(output)
    return "".join(_RETRAIT.sub("\n", m) if i % 3 == 0 else m for i, m in enumerate(morceaux) if i % 3 != 2)


def on_config(config):
    global _synonymes
    from pathlib import Path

    from generateur.catalogue import charger_referentiel
    from generateur.erreurs import ErreursDeDonnees

    try:
        _synonymes = charger_referentiel(Path(config.config_file_path).parent, "synonymes")
    except ErreursDeDonnees as exc:
        raise Abort("Synonymes invalides :\n" + "\n".join(str(e) for e in exc.erreurs)) from None
    return config


def on_page_content(html, page, config, files):
    """Les mots que les lecteurs tapent pour dire les mots de la page, pour Pagefind (generateur/recherche.py)."""
    from generateur.recherche import marque_mots_proches

    return html + marque_mots_proches(html, _synonymes) if _synonymes else html


def on_startup(command, dirty):
    global _commande
    _commande = command


def on_files(files, config):
    """« Proposer une modification » ouvre le fichier YAML de l'aide, pas la page produite."""
    from generateur.pages import PAGES_PRODUITES

    for fichier in files.documentation_pages():
        uri = fichier.src_uri
        if uri.startswith("aides/"):
            fichier.edit_uri = "aides/" + uri.removeprefix("aides/").removesuffix(".md") + ".yaml"
        elif any(uri == p or uri.startswith(p + "/") for p in PAGES_PRODUITES):
            fichier.edit_uri = None
        else:
            fichier.edit_uri = "docs/" + uri
    return files


def on_pre_build(config):
    if _commande != "serve":
        return
    from pathlib import Path

    from generateur.catalogue import charger_catalogue
    from generateur.construction import date_de_construction
    from generateur.depot import lire_depot
    from generateur.erreurs import ErreursDeDonnees
    from generateur.pages import generer

    racine = Path(config.config_file_path).parent
    try:
        catalogue = charger_catalogue(racine)
    except ErreursDeDonnees as exc:
        raise Abort("Fiches invalides :\n" + "\n".join(str(e) for e in exc.erreurs)) from None
    generer(catalogue, Path(config["docs_dir"]), date_de_construction(), lire_depot(racine))
    journal.info("Pages des aides régénérées.")


def on_page_markdown(markdown, page, config, files):
    """Page « Contribuer » : les liens vers GitHub sont calculés depuis repo_url."""
    if page.file.src_uri != "contribuer.md" or not config.get("repo_url"):
        return markdown
    import datetime as dt
    import os

    from generateur.depot import Depot, remplacer_marques

    # Même date que le reste du site (fixée par la construction), pour des constructions identiques.
    epoque = os.environ.get("SOURCE_DATE_EPOCH")
    jour = dt.datetime.fromtimestamp(int(epoque), dt.timezone.utc).date() if epoque else dt.date.today()
    return remplacer_marques(markdown, Depot(config["repo_url"].rstrip("/"), config.get("site_url") or ""), jour)


def on_post_build(config):
    """Pendant `mkdocs serve`, l'index de recherche Pagefind (la construction normale le fait elle-même)."""
    if _commande != "serve":
        return
    from pathlib import Path

    from generateur.recherche import indexer

    racine = Path(config.config_file_path).parent
    indexer(config["site_dir"])
    journal.info("Index de recherche Pagefind écrit.")
    # Les guides PDF sont longs à produire : on reprend ceux de la dernière construction (make build).
    guides = racine / "site" / "guides"
    if guides.is_dir():
        import shutil

        shutil.copytree(guides, Path(config["site_dir"]) / "guides", dirs_exist_ok=True)
