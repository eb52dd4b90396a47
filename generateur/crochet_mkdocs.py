"""Crochet MkDocs : pendant `mkdocs serve`, régénère les pages quand une fiche change.

La construction normale (python -m generateur construire) génère les pages avant
d'appeler MkDocs ; ce crochet ne sert qu'au serveur de prévisualisation.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import Abort

_commande = None
journal = logging.getLogger("mkdocs.plugins.aides")


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
    from generateur.erreurs import ErreursDeDonnees
    from generateur.pages import generer

    try:
        catalogue = charger_catalogue()
    except ErreursDeDonnees as exc:
        raise Abort("Fiches invalides :\n" + "\n".join(str(e) for e in exc.erreurs)) from None
    generer(catalogue, Path(config["docs_dir"]), date_de_construction())
    journal.info("Pages des aides régénérées.")
