"""« Votre commune ou code postal » dans « Trouver mes aides », dans Chromium, sur le site du vrai catalogue.

Codes officiels : Hénin-Beaumont 62427 (62110), dans la CA d'Hénin-Carvin (EPCI 246200299) ;
Calais 62193 (62100), dans la CA Grand Calais Terres et Mers.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from test_trouver import ouvrir, resultats

CAHC = {"coup-d-pouce-ess-creation-developpement-cahc", "coup-d-pouce-ess-emergence-cahc", "coup-d-pouce-ess-immobilier-cahc"}
MEL = {"entreprendre-autrement-mel", "fonds-rebond-associatif-mel"}
DU_PAS_DE_CALAIS = "subvention-fonctionnement-associations-pas-de-calais"


def choisir_commune(page, texte):
    page.fill("#trouver-commune", texte)
    page.wait_for_function("new URLSearchParams(location.search).has('commune')")
    page.wait_for_selector("#trouver-compte[data-nombre]")


def test_henin_beaumont_voit_les_aides_de_la_cahc_calais_non(page, adresse_site):
    demandes = []
    page.on("request", lambda r: demandes.append(r.url))
    ouvrir(page, adresse_site, "?departement=62")
    sans_commune = set(resultats(page))
    assert CAHC <= sans_commune and DU_PAS_DE_CALAIS in sans_commune

    # Le code postal propose la commune, avec son nom officiel.
    page.fill("#trouver-commune", "62110")
    page.wait_for_function("document.querySelectorAll('#trouver-communes option').length > 0")
    assert "Hénin-Beaumont (62110)" in page.eval_on_selector_all("#trouver-communes option", "o => o.map(x => x.value)")

    choisir_commune(page, "Hénin-Beaumont (62110)")
    assert parse_qs(urlsplit(page.url).query) == {"departement": ["62"], "commune": ["62427"]}
    henin = set(resultats(page))
    assert CAHC <= henin and DU_PAS_DE_CALAIS in henin and not MEL & henin
    assert page.text_content("#trouver-commune-choisie") == "Intercommunalité : CA d'Hénin-Carvin."

    page.fill("#trouver-commune", "")
    page.wait_for_function("!location.search.includes('commune')")
    choisir_commune(page, "Calais (62100)")
    assert parse_qs(urlsplit(page.url).query)["commune"] == ["62193"]
    calais = set(resultats(page))
    assert not CAHC & calais and DU_PAS_DE_CALAIS in calais
    assert calais == sans_commune - CAHC

    # Aucune requête hors du site : les communes sont servies avec lui.
    assert demandes and all(d.startswith(adresse_site) for d in demandes)


def test_commune_gardee_dans_l_adresse_et_le_navigateur(page, navigateur, adresse_site):
    ouvrir(page, adresse_site, "?commune=62427")
    page.wait_for_function("document.getElementById('trouver-commune').value === 'Hénin-Beaumont (62110)'")
    page.wait_for_function("document.getElementById('trouver-departement').value === '62'")
    assert CAHC <= set(resultats(page))

    # Dans un nouvel onglet sans choix dans l'adresse : la commune gardée revient.
    autre = page.context.new_page()
    ouvrir(autre, adresse_site)
    autre.wait_for_function("new URLSearchParams(location.search).get('commune') === '62427'")
    assert CAHC <= set(resultats(autre))

    # Une autre commune du même département, puis « Précédent » : Hénin-Beaumont revient.
    choisir_commune(page, "Calais (62100)")
    assert not CAHC & set(resultats(page))
    page.go_back()
    page.wait_for_function("new URLSearchParams(location.search).get('commune') === '62427'")
    page.wait_for_function("document.getElementById('trouver-commune').value === 'Hénin-Beaumont (62110)'")
    assert CAHC <= set(resultats(page))

    # Un autre département : la commune ne vaut plus.
    page.select_option("#trouver-departement", "59")
    page.wait_for_function("!location.search.includes('commune')")
    assert page.input_value("#trouver-commune") == ""


# Les deux aides réservées aux quartiers prioritaires ; l'appel national est clos, caché sans « closes=oui ».
QPV = {"politique-de-la-ville-contrats-de-ville"}


def test_quartier_prioritaire_dit_par_le_lecteur(page, adresse_site):
    ouvrir(page, adresse_site)
    tout = set(resultats(page))
    assert QPV <= tout and "leader-hauts-de-france" in tout
    page.check("input[name=quartier][value=non]")
    page.wait_for_function("location.search === '?quartier=non'")
    page.wait_for_function("!document.querySelector('#trouver-resultats a[href$=\"politique-de-la-ville-contrats-de-ville/\"]')")
    # Seules les aides réservées aux quartiers prioritaires partent ; la zone rurale n'est pas une question posée.
    assert set(resultats(page)) == tout - QPV
    page.reload()
    page.wait_for_selector("#trouver-compte[data-nombre]")
    page.wait_for_function("!document.querySelector('#trouver-resultats a[href$=\"politique-de-la-ville-contrats-de-ville/\"]')")
    assert page.is_checked("input[name=quartier][value=non]")
    assert set(resultats(page)) == tout - QPV
    page.check("input[name=quartier][value=oui]")
    page.wait_for_function("location.search === '?quartier=oui'")
    assert set(resultats(page)) == tout


def test_zone_reservee_ecrite_sur_la_page(site_construit):
    html = (site_construit / "aides/politique-de-la-ville-contrats-de-ville/index.html").read_text(encoding="utf-8")
    assert "<dd data-pagefind-ignore>France entière\u00a0: quartiers prioritaires de la politique de la ville seulement</dd>" in html
    html = (site_construit / "aides/leader-hauts-de-france/index.html").read_text(encoding="utf-8")
    assert "<dd data-pagefind-ignore>Hauts-de-France\u00a0: zones rurales seulement</dd>" in html
