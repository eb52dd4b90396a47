"""Une fiche répond à « combien », « qui appeler » et « que faire » dans le premier écran d'un téléphone."""

from __future__ import annotations

import re

import pytest

ECRAN = {"width": 390, "height": 844}

# Une fiche par forme de montant et de contact (relevé à la main dans aides/).
FICHES = {
    "aide-embauche-apprentis": "paliers",
    "france-active-garanties-prets-primes": "produits",
    "fdva-2-fonctionnement-innovation": "fourchette",
    "appel-a-projets-insertion-nord": "budget total seulement",
    "fiso-fonds-innovation-sociale": "à confirmer",
    "coup-d-pouce-ess-emergence-cahc": "taux avec plafond",
    "ami-financer-developpement-ptce": "sans contact joignable",
}


@pytest.fixture()
def telephone(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport=ECRAN, is_mobile=True, has_touch=True)
    page = contexte.new_page()
    yield page
    contexte.close()


@pytest.mark.parametrize("identifiant", sorted(FICHES))
def test_statut_montant_et_contact_dans_le_premier_ecran(adresse_site, telephone, identifiant):
    telephone.goto(f"{adresse_site}aides/{identifiant}/")
    for selecteur in (".en-bref .statut", ".en-bref__montant", ".en-bref__contact", ".en-bref__actions a[href='#comment-faire']"):
        boite = telephone.locator(selecteur).first.bounding_box()
        assert boite is not None, selecteur
        assert boite["y"] + boite["height"] <= ECRAN["height"], f"{selecteur} hors du premier écran ({boite['y']:.0f} px)"
    montant = telephone.locator(".en-bref__montant").inner_text()
    assert "ci-dessous" not in montant
    assert re.search(r"\d", montant) or montant.startswith("Montant non publié"), montant


def test_service_gratuit_dit_en_mots(adresse_site, telephone):
    telephone.goto(f"{adresse_site}aides/aidants-connect/")
    assert telephone.locator(".en-bref__montant").inner_text().startswith("Service gratuit")


def test_budget_total_jamais_pris_pour_un_montant(adresse_site, telephone):
    telephone.goto(f"{adresse_site}aides/appel-a-projets-insertion-nord/")
    montant = telephone.locator(".en-bref__montant").inner_text()
    assert montant.startswith("Montant non publié") and "budget total du dispositif" in montant


def test_titre_lisible(adresse_site, telephone):
    telephone.goto(f"{adresse_site}aides/fdva-2-fonctionnement-innovation/")
    style = telephone.evaluate("getComputedStyle(document.querySelector('.md-typeset h1'))")
    assert int(style["fontWeight"]) >= 600
    assert style["color"] in ("rgb(27, 27, 27)",)
    assert telephone.locator(".md-typeset h1").bounding_box()["height"] < 4 * 40  # trois lignes au plus


def test_jamais_voir_ci_dessous(site_construit):
    for page in site_construit.glob("aides/*/index.html"):
        assert "voir ci-dessous" not in page.read_text(encoding="utf-8"), page


def test_le_departement_choisi_passe_devant(adresse_site, telephone):
    """Choisi une fois dans « Trouver mes aides », le département sert sur les fiches : ses contacts d'abord."""
    telephone.goto(f"{adresse_site}trouver/")
    telephone.wait_for_selector("#trouver-compte[data-nombre]")
    telephone.select_option("select[name=departement]", "59")
    telephone.wait_for_function("localStorage.getItem('aides-ess.departement') === '59'")  # écrit une fois la liste peinte
    telephone.goto(f"{adresse_site}aides/france-active-garanties-prets-primes/")
    premiers = telephone.locator("ul.aide-contacts > li").first
    assert "Nord Actif" in premiers.inner_text()
    assert "Nord Actif" in telephone.locator(".en-bref__contact").inner_text()
    replies = telephone.locator(".aide-contacts--autres > li")
    assert replies.count() >= 1 and "Pas-de-Calais Actif" in telephone.locator(".aide-contacts--autres").text_content()
    lien = telephone.locator(".en-bref__actions a[data-vers-appuis]").get_attribute("href")
    assert lien.endswith("#departement-59")
    # Rien n'est gardé ailleurs que dans ce navigateur : pas de cookie.
    assert telephone.context.cookies() == []


def test_retour_a_mes_resultats(adresse_site, telephone):
    telephone.goto(f"{adresse_site}trouver/?structure=association&besoin=emploi")
    telephone.wait_for_selector("#trouver-resultats .aide-carte a")
    telephone.locator("#trouver-resultats .aide-carte a").first.click()
    telephone.wait_for_load_state()
    retour = telephone.locator(".retour-resultats a")
    assert retour.is_visible() and "structure=association" in retour.get_attribute("href")


def test_page_se_faire_aider_une_section_par_departement(site_construit, catalogue):
    html = (site_construit / "se-faire-aider/index.html").read_text(encoding="utf-8")
    for numero in ("02", "59", "60", "62", "80"):
        assert f'id="departement-{numero}"' in html
    assert 'id="toute-la-region"' in html
    for appui in catalogue.appuis.appuis:
        assert appui.nom.replace("'", "&#39;") in html or appui.nom in html, appui.nom
