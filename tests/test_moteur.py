"""Le site se construit sans crochet : avec MkDocs, et avec ProperDocs (la branche maintenue de MkDocs 1.6),
qui doivent donner le même contenu de page ; les surcharges du thème s'affichent."""

from __future__ import annotations

import subprocess
import sys

import pytest
from selectolax.lexbor import LexborHTMLParser

from generateur.commun.configuration import lire_configuration
from generateur.site.moteur import alleger_pages, construire_avec_mkdocs
from generateur.site.preparation import preparer_docs
from tests.conftest import DATE_TESTS, copier_depot

PAGES = ["index.html", "aides/fdva-2-fonctionnement-innovation/index.html", "trouver/index.html",
         "contribuer/index.html", "themes/departements/somme/index.html"]


def _article(fichier) -> str:
    article = LexborHTMLParser(fichier.read_text(encoding="utf-8")).css_first("article.md-content__inner")
    assert article is not None, fichier
    return article.html


@pytest.fixture(scope="module")
def deux_sites(tmp_path_factory, catalogue):
    racine = copier_depot(tmp_path_factory.mktemp("moteurs") / "depot")
    docs = racine.parent / "docs-prepares"
    preparer_docs(catalogue, racine, docs, DATE_TESTS, lire_configuration(racine))
    construire_avec_mkdocs(racine / "mkdocs.yml", docs, racine.parent / "site-mkdocs", DATE_TESTS)
    alleger_pages(racine.parent / "site-mkdocs")
    # ProperDocs remplace les modules mkdocs.* dans le processus qui l'importe : un processus à part.
    code = ("import sys, datetime; from pathlib import Path; from generateur.site.moteur import alleger_pages, construire_avec_mkdocs; "
            "construire_avec_mkdocs(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), datetime.date.fromisoformat(sys.argv[4]), 'properdocs')")
    subprocess.run([sys.executable, "-c", code, str(racine / "mkdocs.yml"), str(docs), str(racine.parent / "site-properdocs"),
                    DATE_TESTS.isoformat()], check=True, cwd=racine, capture_output=True)
    alleger_pages(racine.parent / "site-properdocs")
    return racine.parent / "site-mkdocs", racine.parent / "site-properdocs"


@pytest.mark.parametrize("page", PAGES)
def test_properdocs_donne_le_meme_contenu_que_mkdocs(deux_sites, page):
    mkdocs, properdocs = deux_sites
    assert _article(properdocs / page) == _article(mkdocs / page)


def test_les_surcharges_du_theme_s_affichent(deux_sites):
    for site in deux_sites:
        accueil = (site / "index.html").read_text(encoding="utf-8")
        assert 'class="recherche"' in accueil and "md-search" not in accueil  # partials/header.html
        assert "Données sous Licence Ouverte 2.0" in accueil  # partials/copyright.html
        assert "api.github.com" not in accueil and "md-source" not in accueil  # partials/source.html
        aide = (site / "aides/fdva-2-fonctionnement-innovation/index.html").read_text(encoding="utf-8")
        # partials/actions.html : le crayon ouvre la fiche YAML ; pas de crayon sur les pages produites.
        assert "/edit/main/aides/fdva-2-fonctionnement-innovation.yaml\" title=" in aide
        assert 'rel="edit"' not in (site / "themes/departements/somme/index.html").read_text(encoding="utf-8")
        assert "/edit/main/docs/contribuer.md\" title=" in (site / "contribuer/index.html").read_text(encoding="utf-8")


def test_mots_proches_ecrits_avant_le_moteur(deux_sites):
    for site in deux_sites:
        aide = (site / "aides/fdva-2-fonctionnement-innovation/index.html").read_text(encoding="utf-8")
        assert 'data-mots-proches="' in aide and 'data-pagefind-index-attrs="data-mots-proches"' in aide
        assert "\n  " not in aide.split("<body", 1)[1].split("<pre", 1)[0]  # indentation retirée après le moteur
