"""Le vrai catalogue, construit avec MkDocs en mode strict : pages, index, contrôles, construction atomique et reproductible."""

from __future__ import annotations

import filecmp
import re
import shutil

import pytest

from generateur.construction import ErreurDeConstruction, construire
from generateur.regles.statut import statut_general
from generateur.site.verifications import verifier
from tests.conftest import DATE_TESTS, copier_depot


def test_chaque_aide_a_sa_page(site_construit, catalogue):
    for identifiant, aide in catalogue.aides.items():
        page = site_construit / "aides" / identifiant / "index.html"
        assert page.exists(), identifiant
        html = page.read_text(encoding="utf-8")
        assert "Dernière vérification" in html
        assert 'lang="fr"' in html
        if statut_general(aide, DATE_TESTS, catalogue.territoires).est_close:
            assert "Cette page est gardée pour mémoire" in html


def test_les_index_existent(site_construit):
    for chemin in ["themes/besoins", "themes/structures", "themes/types", "themes/departements",
                   "themes/organisations", "themes/bientot-closes", "themes/archives", "themes/toutes", "glossaire"]:
        assert (site_construit / chemin / "index.html").exists(), chemin


def test_accueil_annonce_les_aides_ouvertes(site_construit, catalogue):
    ouvertes = [a for a in catalogue.aides.values() if statut_general(a, DATE_TESTS, catalogue.territoires).code in ("ouverte", "bientot-close", "permanente")]
    html = (site_construit / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<li data-compteur="ouvertes"><strong>{len(ouvertes)}</strong> ouvertes?</li>', html)


def test_aides_closes_seulement_dans_les_archives(site_construit, catalogue):
    toutes = (site_construit / "themes" / "toutes" / "index.html").read_text(encoding="utf-8")
    archives = (site_construit / "themes" / "archives" / "index.html").read_text(encoding="utf-8")
    for identifiant, aide in catalogue.aides.items():
        lien = f"aides/{identifiant}/"
        close = statut_general(aide, DATE_TESTS, catalogue.territoires).est_close
        assert (lien in archives) == close, identifiant
        assert (lien in toutes) != close, identifiant


def test_pas_de_script_injecte_et_liens_internes_valides(site_construit):
    site_url = "https://aides-ess.github.io/aides-ess/"
    assert verifier(site_construit, site_url) == []


def test_le_controle_detecte_un_script_injecte(tmp_path, site_construit):
    site = tmp_path / "site"
    shutil.copytree(site_construit, site, ignore=shutil.ignore_patterns("guides", "pagefind", "donnees"))
    page = site / "glossaire" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
                                   '<a href="jav&#x09;ascript:alert(4)">y</a><iframe src="https://x.invalid/"></iframe>'
                                   '<meta http-equiv="refresh" content="0;url=https://x.invalid/">'
                                   # Écritures que tolère un navigateur : barre oblique entre attributs, majuscules, SVG.
                                   '<img/src="x"/onerror=alert(5)><A HREF=" javascript:alert(6)" ONCLICK=1>k</A>'
                                   '<svg><a xlink:href="javascript:alert(7)">z</a></svg></article>'), encoding="utf-8")
    problemes = verifier(site, "https://aides-ess.github.io/aides-ess/")
    assert any("script inconnu" in p for p in problemes)
    assert sum("onerror" in p for p in problemes) == 2
    assert any("onclick" in p for p in problemes)
    assert any("javascript:" in p for p in problemes)
    assert sum("adresse interdite" in p for p in problemes) == 4, "ni une tabulation ni une majuscule ne trompent le contrôle"
    assert any("élément interdit <iframe>" in p for p in problemes)
    assert any("élément interdit <meta>" in p for p in problemes)


def test_le_controle_detecte_liens_et_ancres_casses(tmp_path, site_construit):
    site = tmp_path / "site"
    shutil.copytree(site_construit, site)
    page = site / "a-propos" / "index.html"
    ancre = re.search(r'<h2 id="([^"]+)"', (site / "contribuer" / "index.html").read_text(encoding="utf-8")).group(1)
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", f'<a href="../contribuer/#{ancre}">bon</a><a href="../contribuer/#nulle-part">x</a>'
                                   '<a href="#absente">y</a><a href="../page-absente/">z</a></article>'), encoding="utf-8")
    problemes = verifier(site, "https://aides-ess.github.io/aides-ess/")
    assert problemes == [
        "a-propos/index.html : ancre introuvable « #absente »",
        "a-propos/index.html : ancre introuvable « ../contribuer/#nulle-part »",
        "a-propos/index.html : lien cassé « ../page-absente/ »",
    ]


def test_une_construction_ratee_laisse_le_site_precedent(tmp_path):
    racine = copier_depot(tmp_path / "depot")
    (racine / "site").mkdir()
    (racine / "site" / "index.html").write_text("ancien site", encoding="utf-8")
    (racine / "docs" / "a-propos.md").write_text("# À propos\n\n[lien cassé](nulle-part.md)\n", encoding="utf-8")
    with pytest.raises(ErreurDeConstruction):
        construire(racine, DATE_TESTS)
    assert [p.name for p in (racine / "site").iterdir()] == ["index.html"]
    assert (racine / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"
    assert not list(racine.glob(".construction-*"))


def test_deux_constructions_identiques(tmp_path, site_construit):
    racine = copier_depot(tmp_path / "depot")
    construire(racine, DATE_TESTS)
    comparaison = filecmp.dircmp(site_construit, racine / "site")
    differents = []

    def parcourir(c, prefixe=""):
        if prefixe in INSTABLES:
            assert len(c.left_list) == len(c.right_list), (prefixe, c.left_list, c.right_list)
            return
        gauche, droite = ({f for f in liste if not f.endswith(".pf_meta")} for liste in (c.left_only, c.right_only))
        assert not gauche and not droite and len(c.left_only) == len(c.right_only), (prefixe, c.left_only, c.right_only)
        _, diff, erreurs = filecmp.cmpfiles(c.left, c.right, [f for f in c.common_files if f not in INSTABLES], shallow=False)
        differents.extend(prefixe + f for f in diff + erreurs)
        for nom, sous in c.subdirs.items():
            parcourir(sous, prefixe + nom + "/")

    parcourir(comparaison)
    assert differents == []


INSTABLES = {"pagefind/filter/", "pagefind-entry.json"}
"""Pagefind n'écrit pas l'index de ses filtres dans un ordre stable (Pagefind/pagefind#638 : les fragments le sont
depuis 1.3, « les index des filtres et des métadonnées changent encore ») : ces fichiers-là sont seulement comptés."""


def test_aucune_requete_vers_un_autre_site(page, adresse_site):
    """Le navigateur du lecteur ne parle qu'au site : ni police, ni statistiques, ni API de GitHub
    (le widget « dépôt » de Material interroge api.github.com à chaque visite : il est retiré de l'en-tête)."""
    ailleurs = []
    page.on("request", lambda r: ailleurs.append(r.url) if not r.url.startswith(adresse_site) else None)
    for chemin in ("", "aides/fdva-2-fonctionnement-innovation/", "trouver/", "contribuer/"):
        page.goto(adresse_site + chemin)
        page.wait_for_load_state("networkidle")
    assert ailleurs == []


def test_controle_pendant_l_indexation(tmp_path, site_construit):
    """Les pages sont contrôlées pendant que Pagefind écrit encore : un lien vers un de ses fichiers
    n'est jugé cassé qu'une fois l'indexation finie."""
    import contextlib

    site = tmp_path / "site"
    shutil.copytree(site_construit, site)
    shutil.rmtree(site / "pagefind")
    accueil = site / "index.html"
    accueil.write_text(accueil.read_text(encoding="utf-8").replace("</article>", '<a href="pagefind/pagefind-ui.css">x</a></article>'), encoding="utf-8")

    @contextlib.contextmanager
    def indexation_factice():
        yield
        shutil.copytree(site_construit / "pagefind", site / "pagefind")

    assert verifier(site, "https://aides-ess.github.io/aides-ess/", pendant=indexation_factice()) == []
    shutil.rmtree(site / "pagefind")
    problemes = verifier(site, "https://aides-ess.github.io/aides-ess/", pendant=contextlib.nullcontext())
    assert problemes == ["index.html : lien cassé « pagefind/pagefind-ui.css »"]
