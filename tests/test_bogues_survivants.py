"""Bogues plantés qui avaient survécu à la suite (issue #22) : contrôle de sécurité du site construit,
construction qui ignorerait ses conclusions, synonymes de plusieurs mots. Les autres sont attrapés par
test_exports_valeurs.py (exports) et test_trouver_bornes.py (navigateur). scripts/mutants.py les replante."""

from __future__ import annotations

import shutil

import pytest

from conftest import DATE_TESTS, copier_petit_depot
from generateur.construction import ErreurDeConstruction, construire
from generateur.site.recherche import mots_proches
from generateur.site.verifications import verifier
from schema import Synonymes

ADRESSE = "https://aides-ess.github.io/aides-ess/"


@pytest.fixture
def site(tmp_path, petit_site):
    copie = tmp_path / "site"
    shutil.copytree(petit_site, copie)
    return copie


def _injecter(site, html: str, chemin: str = "a-propos/index.html") -> None:
    page = site / chemin
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", html + "</article>"), encoding="utf-8")


def test_le_site_de_test_passe_le_controle(petit_site):
    assert verifier(petit_site, ADRESSE) == []


@pytest.mark.parametrize("html, probleme", [
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "a-propos/index.html : adresse interdite dans <a> « data:text/html;base64,PHNjcmlwdD4= »"),
    ('<iframe src=" DATA:text/html,x"></iframe>', "a-propos/index.html : élément interdit <iframe>"),
    ('<script src="https://evil.example/x.js"></script>', "a-propos/index.html : script inconnu « src=https://evil.example/x.js »"),
    ('<object data="https://evil.example/x.swf"></object>', "a-propos/index.html : élément interdit <object>"),
    ('<embed src="https://evil.example/x.swf">', "a-propos/index.html : élément interdit <embed>"),
    ('<base href="https://evil.example/">', "a-propos/index.html : élément interdit <base>"),
    ('<meta http-equiv="Refresh" content="0;url=https://evil.example/">', "a-propos/index.html : élément interdit <meta>"),
])
def test_controle_de_securite(site, html, probleme):
    _injecter(site, html)
    problemes = verifier(site, ADRESSE)
    assert probleme in problemes, problemes


def test_une_meta_ordinaire_reste_permise_mais_pas_une_image_en_data(site):
    """Une image data: peut être un SVG porteur de script : refusée comme toute adresse data:."""
    _injecter(site, '<meta name="description" content="x">')
    assert verifier(site, ADRESSE) == []
    _injecter(site, '<img alt="" src="data:image/png;base64,iVBORw0KGgo=">')
    assert verifier(site, ADRESSE) == ["a-propos/index.html : adresse interdite dans <img> « data:image/png;base64,iVBORw0KGgo= »"]


def test_la_construction_refuse_ce_que_le_controle_trouve(tmp_path):
    racine = copier_petit_depot(tmp_path / "depot")
    (racine / "site").mkdir()
    (racine / "site" / "index.html").write_text("ancien site", encoding="utf-8")
    a_propos = racine / "docs" / "a-propos.md"
    a_propos.write_text(a_propos.read_text(encoding="utf-8") + '\n\n<embed src="https://evil.example/x.swf">\n', encoding="utf-8")
    with pytest.raises(ErreurDeConstruction, match="élément interdit <embed>"):
        construire(racine, DATE_TESTS)
    assert (racine / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"


def test_synonymes_de_plusieurs_mots():
    """Une expression (« fonds propres ») n'ajoute ses synonymes qu'aux pages qui la contiennent, mots à la suite."""
    synonymes = Synonymes(groupes=[["fonds propres", "capital", "quasi-fonds"], ["emploi", "embauche"]])
    assert mots_proches("Un apport en fonds propres pour la SCOP.", synonymes) == ["capital", "quasi-fonds"]
    assert mots_proches("Des fonds, et des locaux propres.", synonymes) == []
    assert mots_proches("Aide à l'emploi et aux fonds propres.", synonymes) == ["capital", "quasi-fonds", "embauche"]
