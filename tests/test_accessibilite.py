"""Accessibilité du vrai site dans Chromium : axe-core sur chaque sorte de page, lien d'évitement,
focus visible au clavier, langue, liens qui ouvrent une nouvelle fenêtre."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from generateur.site.pages import slug
from generateur.regles.statut import statut_general
from schema import BESOINS, STRUCTURES
from tests.conftest import DATE_TESTS

_axe = Axe()


def _violations(page) -> str:
    """Violations axe-core de la page, en clair ; chaîne vide si aucune."""
    resultats = _axe.run(page).response
    lignes = []
    for v in resultats["violations"]:
        lignes.append(f"- {v['id']} ({v['impact']}) : {v['help']} — {v['helpUrl']}")
        for noeud in v["nodes"][:5]:
            resume = " ".join(noeud.get("failureSummary", "").split())
            lignes.append(f"    {' '.join(map(str, noeud['target']))} : {resume[:240]}")
        if len(v["nodes"]) > 5:
            lignes.append(f"    … et {len(v['nodes']) - 5} autres éléments")
    return "\n".join(lignes)


def _ouvrir(page, adresse: str):
    page.goto(adresse)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "fr"


def _pages_a_tester(catalogue) -> dict[str, str]:
    aides = sorted(catalogue.aides.values(), key=lambda a: a.identifiant)
    ouverte = next(a for a in aides if statut_general(a, DATE_TESTS, catalogue.territoires).code in ("ouverte", "bientot-close", "permanente"))
    close = next(a for a in aides if statut_general(a, DATE_TESTS, catalogue.territoires).est_close)
    un = lambda dimension, valeur: f"themes/{dimension}/{slug(valeur)}/"
    premiere = aides[0]
    return {
        "accueil": "",
        "aide ouverte": f"aides/{ouverte.identifiant}/",
        "aide close": f"aides/{close.identifiant}/",
        "index des besoins": "themes/besoins/",
        "un besoin": un("besoins", ouverte.besoins[0]),
        "index des structures": "themes/structures/",
        "un type de structure": un("structures", ouverte.beneficiaires.structures[0]),
        "index des types d'aide": "themes/types/",
        "un type d'aide": un("types", ouverte.types[0]),
        "index des départements": "themes/departements/",
        "un département": "themes/departements/nord/",
        "index des organismes": "themes/organisations/",
        "un organisme": un("organisations", ouverte.porteurs[0].organisation),
        "bientôt closes": "themes/bientot-closes/",
        "archives": "themes/archives/",
        "toutes les aides": "themes/toutes/",
        "glossaire": "glossaire/",
        "déclaration d'accessibilité": "accessibilite/",
        "mentions légales": "mentions-legales/",
        "données ouvertes": "donnees/",
        "se faire aider près de chez vous": "se-faire-aider/",
    } | ({"aide de la première fiche": f"aides/{premiere.identifiant}/"} if premiere not in (ouverte, close) else {})


def _recherche_sans_resultat(catalogue) -> str:
    """Une structure et un besoin qu'aucune fiche, même close, ne réunit : le filtre ne trouve rien."""
    for s in STRUCTURES:
        for b in BESOINS:
            if not any(s.valeur in a.beneficiaires.structures and b.valeur in a.besoins for a in catalogue.aides.values()):
                return f"structure={s.valeur}&besoin={b.valeur}&closes=oui"
    pytest.fail("chaque couple structure-besoin a une aide : choisissez un autre cas sans résultat")


def test_axe_sur_chaque_sorte_de_page(adresse_site, site_construit, catalogue, page):
    echecs = []
    for nom, chemin in _pages_a_tester(catalogue).items():
        if not (site_construit / chemin / "index.html").exists():
            echecs.append(f"## {nom} (/{chemin}) : page absente du site")
            continue
        _ouvrir(page, adresse_site + chemin)
        if violations := _violations(page):
            echecs.append(f"## {nom} (/{chemin})\n{violations}")
    assert not echecs, "Violations axe-core :\n" + "\n".join(echecs)


@pytest.mark.parametrize("cas", ["avec résultats", "sans résultat"])
def test_axe_trouver_mes_aides(adresse_site, catalogue, page, cas):
    aide = next(a for a in catalogue.aides.values() if statut_general(a, DATE_TESTS, catalogue.territoires).code in ("ouverte", "permanente"))
    requete = (
        f"structure={aide.beneficiaires.structures[0]}&besoin={aide.besoins[0]}"
        if cas == "avec résultats"
        else _recherche_sans_resultat(catalogue)
    )
    _ouvrir(page, f"{adresse_site}trouver/?{requete}")
    compte = page.locator("#trouver-compte")
    page.wait_for_function("document.querySelector('#trouver-compte').textContent.trim() !== ''")
    cartes = page.locator("#trouver-resultats .aide-carte").count()
    assert (cartes > 0) == (cas == "avec résultats"), compte.inner_text()
    violations = _violations(page)
    assert not violations, f"Violations axe-core sur « Trouver mes aides » ({cas}) :\n{violations}"


def test_axe_resultats_de_recherche(adresse_site, page):
    _ouvrir(page, adresse_site)
    bouton = page.locator("[data-recherche] .recherche__bouton")
    assert bouton.count() == 1, "le bouton de recherche manque à l'en-tête"
    bouton.click()
    page.locator("#recherche-ui input[type=search]").fill("emploi")
    page.check("#recherche-ui .recherche__archives input")  # les aides closes aussi : tous les badges
    page.wait_for_selector(".recherche__resultat .statut--close", timeout=10000)
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)  # le survol du bouton pâlit son texte : axe mesure l'état au repos
    violations = _violations(page)
    assert not violations, f"Violations axe-core sur les résultats de recherche :\n{violations}"


def test_lien_d_evitement(adresse_site, catalogue, page):
    aide = sorted(catalogue.aides)[0]
    _ouvrir(page, f"{adresse_site}aides/{aide}/")
    page.keyboard.press("Tab")
    lien = page.evaluate("({texte: document.activeElement.textContent.trim(), cible: document.activeElement.getAttribute('href')})")
    assert lien["texte"] == "Aller au contenu", "le premier arrêt au clavier doit être le lien d'évitement"
    assert page.evaluate("getComputedStyle(document.activeElement).visibility") == "visible"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == lien["cible"]
    assert page.evaluate(f"!!document.getElementById({lien['cible'][1:]!r})?.closest('article')")
    # La tabulation suivante part du contenu, pas de l'en-tête ni du menu.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article')"), page.evaluate("document.activeElement.outerHTML")


_INDICATEUR = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const contour = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const ombre = s.boxShadow && s.boxShadow !== "none";
  const r = e.getBoundingClientRect();
  return {visible: contour || ombre, visibleALEcran: r.width > 0 && r.height > 0,
          nom: e.tagName + "." + e.className + " « " + (e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 40) + " »",
          contour: s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor};
}"""


def test_focus_visible_au_clavier(adresse_site, catalogue, page):
    aide = sorted(catalogue.aides)[0]
    _ouvrir(page, f"{adresse_site}aides/{aide}/")
    sans_indicateur, vus = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        etat = page.evaluate(_INDICATEUR)
        vus.append(etat)
        if etat["nom"].startswith("BODY"):  # le focus est sorti de la page, vers le navigateur
            continue
        if etat["visibleALEcran"] and not etat["visible"]:
            sans_indicateur.append(etat["nom"])
    assert not sans_indicateur, f"éléments sans contour de focus visible : {sans_indicateur}"
    # Les liens du contenu portent le contour épais du site (docs/assets/aides.css).
    assert any("3px" in e["contour"] for e in vus), [e["contour"] for e in vus]


def test_nouvelle_fenetre_annoncee_et_langue(site_construit):
    """Aucun lien n'ouvre de nouvelle fenêtre sans le dire ; toutes les pages sont en français."""
    cible = re.compile(r"<a\b[^>]*\btarget=[\"']?_blank[^>]*>(.*?)</a>", re.S | re.I)
    sans_mention, sans_langue = [], []
    for fichier in site_construit.rglob("*.html"):
        html = fichier.read_text(encoding="utf-8")
        nom = fichier.relative_to(site_construit).as_posix()
        if not re.search(r"<html\b[^>]*\blang=\"fr\"", html):
            sans_langue.append(nom)
        for texte in cible.findall(html):
            if "nouvelle fenêtre" not in texte:
                sans_mention.append(f"{nom} : {texte[:60]}")
    assert not sans_langue, sans_langue
    assert not sans_mention, sans_mention
    # Les scripts du site ne créent pas non plus de lien vers une nouvelle fenêtre.
    racine = Path(__file__).parent.parent
    for script in (racine / "docs" / "assets").glob("*.js"):
        assert "_blank" not in script.read_text(encoding="utf-8"), script.name


@pytest.mark.parametrize("chemin", ["", "aides/aide-embauche-apprentis/", "aides/fiso-fonds-innovation-sociale/",
                                    "aides/colos-apprenantes/", "trouver/?structure=association", "se-faire-aider/"])
def test_axe_sur_telephone(adresse_site, navigateur, chemin):
    """Les mêmes règles à la largeur d'un téléphone (390 × 844), où la mise en page change."""
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = contexte.new_page()
    try:
        _ouvrir(page, adresse_site + chemin)
        violations = _violations(page)
        assert not violations, f"Violations axe-core sur /{chemin} à 390 px :\n{violations}"
    finally:
        contexte.close()
