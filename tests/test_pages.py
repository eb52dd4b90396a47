"""Pages produites pour une fiche d'exemple : sections, échappement, liens."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from generateur.site.pages import generer, lien, url_de
from tests.outils import aide

SECTIONS = [
    "En bref", "## Pour qui", "## Ce qui est financé", "## Montant", "## Calendrier", "## Comment faire",
    "## Pièces à fournir", "## Qui appeler", "## À confirmer", "## Sources et dernière vérification",
]


@pytest.fixture
def docs(tmp_path, catalogue):
    exemple = aide()
    ferme = aide(identifiant="aide-close", titre="Une aide close", calendrier={"recurrence": "ponctuelle", "fermeture": {"date": "2021-06-30", "motif": "Fin du plan."}})
    petit = dataclasses.replace(catalogue, aides={"aide-exemple": exemple, "aide-close": ferme}, fichiers={"aide-exemple": "aides/aide-exemple.yaml"})
    generer(petit, tmp_path, dt.date(2026, 2, 10))
    return tmp_path


def test_page_d_aide(docs):
    texte = (docs / "aides" / "aide-exemple.md").read_text(encoding="utf-8")
    positions = [texte.index(s) for s in SECTIONS]
    assert positions == sorted(positions), "les sections sont dans l'ordre"
    assert "title: Aide d&#x27;exemple pour les tests (AEX)" in texte
    assert 'data-statut="bientot-close"' in texte
    assert "date limite\u00a0: 1er\u00a0mars 2026" in texte
    assert "de 1\u202f000\u00a0€ à 5\u202f000\u00a0€" in texte
    assert "Avoir au moins un salarié." in texte and "Au plus 10 salariés." in texte
    assert "Exister depuis au moins 12 mois." in texte
    assert "Dernière vérification\u00a0: 27\u00a0novembre 2026." in texte
    assert "<strong>fictive</strong>" in texte
    assert '<a href="../../themes/besoins/tresorerie/">Trésorerie</a>' in texte
    assert '<a class="md-button md-button--primary" href="https://lecompteasso.associations.gouv.fr/"' in texte


def test_aide_close(docs):
    texte = (docs / "aides" / "aide-close.md").read_text(encoding="utf-8")
    assert "Aide close depuis le 30\u00a0juin 2021" in texte
    assert "Cette page est gardée pour mémoire." in texte
    archives = (docs / "themes" / "archives.md").read_text(encoding="utf-8")
    toutes = (docs / "themes" / "toutes.md").read_text(encoding="utf-8")
    assert "Une aide close" in archives and "Une aide close" not in toutes
    assert "Aide d&#39;exemple pour les tests" in toutes


def test_index_thematiques(docs):
    for chemin in ["themes/besoins/index.md", "themes/besoins/tresorerie.md", "themes/structures/cooperative.md",
                   "themes/types/subvention.md", "themes/departements/nord.md", "themes/organisations/sdjes.md",
                   "themes/bientot-closes.md", "themes/archives.md", "index.md", "glossaire.md"]:
        assert (docs / chemin).exists(), chemin
    nord = (docs / "themes" / "departements" / "nord.md").read_text(encoding="utf-8")
    somme = (docs / "themes" / "departements" / "somme.md").read_text(encoding="utf-8")
    assert "aide-exemple" in nord and "aide-exemple" not in somme
    assert "aide-exemple" in (docs / "themes" / "bientot-closes.md").read_text(encoding="utf-8")


def test_echappement_des_textes(tmp_path, catalogue):
    # Le schéma refuse le HTML ; l'échappement protège quand même si un texte passait.
    piege = aide().model_copy(update={"titre": "Titre <script>alert(1)</script>", "resume": '"><img src=x onerror=alert(1)>'})
    petit = dataclasses.replace(catalogue, aides={"aide-exemple": piege}, fichiers={})
    generer(petit, tmp_path, dt.date(2026, 2, 10))
    for page in tmp_path.rglob("*.md"):
        texte = page.read_text(encoding="utf-8")
        assert "<script>alert" not in texte and "<img src=x" not in texte, page


@pytest.mark.parametrize(
    "depuis, vers, attendu",
    [
        ("index.md", "aides/x.md", "aides/x/"),
        ("aides/x.md", "index.md", "../../"),
        ("themes/besoins/emploi.md", "aides/x.md", "../../../aides/x/"),
        ("themes/besoins/index.md", "themes/besoins/emploi.md", "emploi/"),
        ("themes/toutes.md", "themes/toutes.md", "./"),
    ],
)
def test_liens_relatifs(depuis, vers, attendu):
    assert lien(depuis, vers) == attendu
    assert url_de("themes/besoins/index.md") == "themes/besoins/"


def test_indentation_retiree_sauf_dans_les_blocs_preformates():
    from generateur.site.moteur import sans_retraits

    page = ("<div>\n    <p>\n      Texte</p>\n  <pre>\n  code\n    indenté</pre>\n  <script>\n  var a;</script>"
            "\n <PRE class=x>\n  b</PRE><textarea>\n  t</textarea>\n<style>\n  p {}</style>\n  fin")
    assert sans_retraits(page) == (
        "<div>\n<p>\nTexte</p>\n<pre>\n  code\n    indenté</pre>\n<script>\n  var a;</script>"
        "\n<PRE class=x>\n  b</PRE><textarea>\n  t</textarea>\n<style>\n  p {}</style>\nfin"
    )


def test_signaler_par_courriel_sans_compte(tmp_path, catalogue):
    """Une adresse configurée une fois (extra.courriel_signalement) : chaque fiche a un courriel prérempli."""
    from urllib.parse import parse_qs, unquote, urlsplit

    from generateur.contribution.depot import Depot

    depot = Depot("https://github.com/exemple/aides", "https://aides.exemple.fr/", "equipe@aides.exemple.fr")
    petit = dataclasses.replace(catalogue, aides={"aide-exemple": aide()}, fichiers={"aide-exemple": "aides/aide-exemple.yaml"})
    generer(petit, tmp_path, dt.date(2026, 2, 10), depot)
    texte = (tmp_path / "aides" / "aide-exemple.md").read_text(encoding="utf-8")
    lien = re.search(r'href="(mailto:[^"]+)"[^>]*data-contribuer="courriel"', texte).group(1).replace("&amp;", "&")
    adresse = urlsplit(lien)
    assert adresse.path == "equipe@aides.exemple.fr"
    champs = {k: v[0] for k, v in parse_qs(adresse.query).items()}
    assert champs["subject"] == "Erreur sur « Aide d'exemple pour les tests »"
    assert "Page : https://aides.exemple.fr/aides/aide-exemple/" in champs["body"]
    sans = Depot("https://github.com/exemple/aides", "https://aides.exemple.fr/")
    generer(petit, tmp_path / "sans", dt.date(2026, 2, 10), sans)
    assert 'data-contribuer="courriel"' not in (tmp_path / "sans" / "aides" / "aide-exemple.md").read_text(encoding="utf-8")
