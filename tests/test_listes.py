"""Listes longues (département, structure, besoin, type) resserrées dans le navigateur, dans Chromium.

Les aides attendues viennent des autres pages de listes du site construit (faites en Python, sans script) :
la page Somme resserrée aux associations montre les aides à la fois sur la page Somme et sur la page Association.
"""

from __future__ import annotations

import re

import pytest

_LIEN = re.compile(r'<li class="aide-carte"[^>]*>\s*<p class="aide-carte__titre"><a href="[./]*aides/([a-z0-9-]+)/"')


def _fiches(site, chemin: str) -> list[str]:
    return _LIEN.findall((site / chemin / "index.html").read_text(encoding="utf-8"))


def _affichees(page) -> list[str]:
    return page.eval_on_selector_all(".aides-liste > li:not([hidden]) .aide-carte__titre a",
                                     "l => l.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())")


@pytest.fixture
def telephone(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = contexte.new_page()
    yield page
    contexte.close()


def test_somme_aux_associations_en_un_toucher(telephone, adresse_site, site_construit):
    somme = _fiches(site_construit, "themes/departements/somme")
    associations = set(_fiches(site_construit, "themes/structures/association"))
    attendues = [f for f in somme if f in associations]
    assert 0 < len(attendues) < len(somme), "le cas ne prouverait rien"
    page = telephone
    page.goto(adresse_site + "themes/departements/somme/")
    assert _affichees(page) == somme
    page.locator(".resserrer__puce", has_text="Association").tap()
    assert _affichees(page) == attendues, "dans l'ordre de la page : les aides ouvertes d'abord"
    assert page.inner_text(".resserrer__etat").startswith(f"{len(attendues)} aides sur {len(somme)} affichées")
    assert page.get_attribute(".resserrer__puce[aria-pressed=true]", "data-valeur") == "association"
    page.locator(".resserrer__tout").tap()
    assert _affichees(page) == somme


def test_resserrer_par_besoin_et_statut(page, adresse_site, site_construit):
    association = _fiches(site_construit, "themes/structures/association")
    emploi = set(_fiches(site_construit, "themes/besoins/emploi"))
    page.goto(adresse_site + "themes/structures/association/")
    assert page.locator(".resserrer__puce").count() == 0, "pas de structure à choisir sur une page de structure"
    page.click(".resserrer__plus summary")
    page.select_option(".resserrer select[name=besoins]", "emploi")
    assert _affichees(page) == [f for f in association if f in emploi]
    page.check(".resserrer input[type=checkbox]")
    badges = page.eval_on_selector_all(".aides-liste > li:not([hidden]) [data-statut]", "l => l.map(s => s.dataset.statut)")
    assert badges and set(badges) <= {"ouverte", "bientot-close", "permanente"}
    assert len(badges) < len(emploi & set(association))


def test_departement_retenu_resserre_visiblement_et_se_retire(page, adresse_site, site_construit):
    """Le département choisi dans « Trouver mes aides » resserre les listes, le dit, et « Tout afficher » l'enlève."""
    tresorerie = _fiches(site_construit, "themes/besoins/tresorerie")
    nord = set(_fiches(site_construit, "themes/departements/nord"))
    attendues = [f for f in tresorerie if f in nord]
    page.goto(adresse_site + "trouver/")
    page.wait_for_selector("#trouver-compte[data-nombre]")
    page.select_option("#trouver-departement", "59")
    page.goto(adresse_site + "themes/besoins/tresorerie/")
    assert _affichees(page) == attendues
    etat = page.inner_text(".resserrer__etat")
    assert "Département retenu : Nord" in etat
    assert page.input_value(".resserrer select[name=departements]") == "59"
    page.click(".resserrer__tout")
    assert _affichees(page) == tresorerie


def test_sans_javascript_tout_est_affiche(navigateur, adresse_site, site_construit):
    contexte = navigateur.new_context(locale="fr-FR", java_script_enabled=False)
    page = contexte.new_page()
    page.goto(adresse_site + "themes/departements/somme/")
    assert _affichees(page) == _fiches(site_construit, "themes/departements/somme")
    assert page.is_hidden(".resserrer")
    contexte.close()
