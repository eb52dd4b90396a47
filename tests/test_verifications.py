"""Le contrôle de sécurité du site construit : chaque ruse refusée par son nom, et la construction qui s'arrête."""

from __future__ import annotations

import pytest

from generateur.construction import ErreurDeConstruction, construire
from generateur.site.verifications import Controle, lire_page, verifier
from tests.conftest import DATE_TESTS, copier_depot

THEME = '<html><body><script src="assets/javascripts/bundle.js"></script><script>var __md_scope=new URL(".",location)</script></body></html>'


@pytest.fixture
def controle(tmp_path):
    (tmp_path / "404.html").write_text(THEME, encoding="utf-8")
    return Controle(tmp_path)


def _page(corps: str) -> str:
    return f'<html><body>{corps}<script src="../assets/javascripts/bundle.js"></script></body></html>'


@pytest.mark.parametrize(
    "corps, attendu",
    [
        ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "p.html : adresse interdite dans <a> « data:text/html,<script>alert(1)</script> »"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "p.html : adresse interdite dans <img> « data:image/svg+xml;base64,PHN2Zz4= »"),
        ('<a href=" jav&#9;ascript:alert(1)">x</a>', "p.html : adresse interdite dans <a> «  jav\tascript:alert(1) »"),
        ('<script src="https://cdn.exemple.fr/assets/x.js"></script>', "p.html : script inconnu « src=https://cdn.exemple.fr/assets/x.js »"),
        ('<script src="//cdn.exemple.fr/x.js"></script>', "p.html : script inconnu « src=//cdn.exemple.fr/x.js »"),
        ("<script>alert(1)</script>", "p.html : script inconnu « alert(1) »"),
        ('<object data="https://exemple.fr/x.swf"></object>', "p.html : élément interdit <object>"),
        ('<embed src="https://exemple.fr/x.swf">', "p.html : élément interdit <embed>"),
        ('<base href="https://exemple.fr/">', "p.html : élément interdit <base>"),
        ('<iframe src="https://exemple.fr/"></iframe>', "p.html : élément interdit <iframe>"),
        ('<meta http-equiv="Refresh" content="0; url=https://exemple.fr/">', "p.html : élément interdit <meta>"),
        ('<p onmouseover="alert(1)">x</p>', "p.html : attribut de script interdit <p onmouseover=…>"),
    ],
)
def test_chaque_ruse_est_refusee(controle, corps, attendu):
    assert controle.securite("p.html", lire_page(_page(corps))) == [attendu]


def test_page_ordinaire_sans_probleme(controle):
    corps = '<a href="https://www.associations.gouv.fr/">site</a><a href="mailto:contact@exemple.fr">courriel</a><script src="../pagefind/pagefind-ui.js"></script>'
    assert controle.securite("aides/x/index.html", lire_page(_page(corps))) == []


def test_la_construction_s_arrete_sur_ses_conclusions(tmp_path):
    racine = copier_depot(tmp_path / "depot")
    (racine / "site").mkdir()
    (racine / "site" / "index.html").write_text("ancien site", encoding="utf-8")
    # Une page écrite à la main (le HTML brut passe par MkDocs) : le contrôle doit la refuser, et la construction s'arrêter.
    (racine / "docs" / "piege.md").write_text(
        '# Piège\n\n<script src="https://cdn.exemple.fr/x.js"></script>\n\n<embed src="https://exemple.fr/x.swf">\n', encoding="utf-8"
    )
    with pytest.raises(ErreurDeConstruction) as exc:
        construire(racine, DATE_TESTS)
    message = str(exc.value)
    assert message.startswith("Le site construit ne passe pas les contrôles :")
    assert "piege/index.html : script inconnu « src=https://cdn.exemple.fr/x.js »" in message
    assert "piege/index.html : élément interdit <embed>" in message
    assert (racine / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"
    assert sorted(p.name for p in (racine / "site").iterdir()) == ["index.html"]
    assert verifier(racine / "site") == []
