"""« Ma sélection » dans Chromium : ajouter depuis une liste, le filtre et une fiche ; recharger ; partager par
l'adresse dans un navigateur neuf ; une aide close ou retirée reste visible ; impression ; code QR relu."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from tests.conftest import DATE_TESTS
from tests.test_accessibilite import _violations

MIDI = dt.time(12, 0)
TELEPHONE = {"width": 390, "height": 844}


@pytest.fixture()
def contexte(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport=TELEPHONE, is_mobile=True, has_touch=True)
    yield contexte
    contexte.close()


def _ouvrir(page, adresse):
    page.clock.set_fixed_time(dt.datetime.combine(DATE_TESTS, MIDI))
    page.goto(adresse)
    page.wait_for_load_state("networkidle")


def _selection(page) -> list[str]:
    return page.evaluate("JSON.parse(localStorage.getItem('aides-ess.selection') || '[]')")


def _liste_affichee(page) -> list[str]:
    page.wait_for_function("document.querySelector('.selection-etat') && document.querySelector('.selection-etat').textContent !== ''")
    return page.locator(".selection-aide").evaluate_all("els => els.map(e => e.dataset.aide)")


def test_ajouter_depuis_une_liste_le_filtre_et_une_fiche(adresse_site, contexte, catalogue):
    page = contexte.new_page()
    _ouvrir(page, adresse_site + "themes/toutes/")
    cartes = page.locator(".aide-carte .selection-bouton")
    assert cartes.count() > 3
    premiere = cartes.nth(0).get_attribute("data-aide")
    cartes.nth(0).click()
    assert cartes.nth(0).get_attribute("aria-pressed") == "true"
    page.wait_for_function("document.querySelector('.selection-annonce').textContent.includes('ajoutée à votre sélection (1)')")

    _ouvrir(page, adresse_site + "trouver/?structure=association")
    page.wait_for_selector("#trouver-resultats .aide-carte .selection-bouton")
    bouton = page.locator("#trouver-resultats .aide-carte .selection-bouton").nth(1)
    deuxieme = bouton.get_attribute("data-aide")
    bouton.click()

    _ouvrir(page, adresse_site + "aides/fdva-2-fonctionnement-innovation/")
    page.locator(".en-bref__actions .selection-bouton").click()
    attendu = [premiere, deuxieme, "fdva-2-fonctionnement-innovation"]
    assert _selection(page) == attendu
    assert page.locator("[data-selection-compte]").first.inner_text() == "3"
    assert contexte.cookies() == []

    # Recharger : la liste est toujours là, dans l'ordre.
    _ouvrir(page, adresse_site + "ma-selection/")
    assert _liste_affichee(page) == attendu
    page.reload()
    assert _liste_affichee(page) == attendu

    # Réordonner au clavier, noter, retirer.
    page.locator(".selection-aide").nth(1).locator("button[data-sens='haut']").focus()
    page.keyboard.press("Enter")
    assert _selection(page) == [deuxieme, premiere, "fdva-2-fonctionnement-innovation"]
    champ = page.locator(".selection-aide").nth(0).locator("input")
    champ.fill("À présenter au bureau de mars")
    assert page.evaluate("JSON.parse(localStorage.getItem('aides-ess.notes'))")[deuxieme] == "À présenter au bureau de mars"
    page.locator(".selection-aide").nth(2).get_by_role("button", name="Retirer", exact=False).click()
    assert _selection(page) == [deuxieme, premiere]


def test_une_liste_partagee_s_ouvre_pareil_ailleurs(adresse_site, navigateur, catalogue):
    ouvertes = [i for i, a in catalogue.aides.items() if not a.calendrier.fermeture][:4]
    close = next(i for i, a in catalogue.aides.items() if a.calendrier.fermeture)
    liste = ouvertes + [close, "aide-qui-n-existe-plus"]
    adresse = f"{adresse_site}ma-selection/?a={','.join(liste)}"
    for largeur in (TELEPHONE, {"width": 1280, "height": 900}):
        neuf = navigateur.new_context(locale="fr-FR", viewport=largeur)
        page = neuf.new_page()
        _ouvrir(page, adresse)
        assert _liste_affichee(page) == liste, "rien n'est retiré sans le dire"
        statut_close = page.locator(f".selection-aide[data-aide='{close}'] [data-statut]").get_attribute("data-statut")
        assert statut_close == "close"
        assert "n'est plus au catalogue" in page.locator(".selection-aide[data-aide='aide-qui-n-existe-plus']").inner_text()
        assert page.locator(".selection-partage__adresse").input_value() == adresse
        assert _selection(page) == [], "une liste partagée ne remplace pas la sienne sans qu'on le demande"
        page.locator(".selection-garder").click()
        assert _selection(page) == liste
        neuf.close()


def test_le_code_qr_donne_l_adresse_de_la_liste(adresse_site, contexte, catalogue, tmp_path):
    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg absent : lancez make installer (paquet Debian zbar-tools)")
    liste = [i for i, a in catalogue.aides.items() if not a.calendrier.fermeture][:5]
    adresse = f"{adresse_site}ma-selection/?a={','.join(liste)}"
    page = contexte.new_page()
    _ouvrir(page, adresse)
    qr = page.locator(".selection-partage__qr svg")
    qr.wait_for()
    assert "Code QR de cette liste" in qr.evaluate("e => e.textContent + (e.getAttribute('aria-label') || '')") or qr.get_attribute("role")
    image = tmp_path / "qr.png"
    qr.screenshot(path=str(image))
    lu = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
    assert lu.stdout.strip() == adresse, lu.stderr


def test_impression_propre(adresse_site, contexte, catalogue, tmp_path):
    liste = [i for i, a in catalogue.aides.items() if not a.calendrier.fermeture][:3]
    page = contexte.new_page()
    _ouvrir(page, adresse_site + "ma-selection/")
    page.evaluate(f"localStorage.setItem('aides-ess.selection', JSON.stringify({liste!r}))".replace("'[", "[").replace("]'", "]"))
    page.evaluate("localStorage.setItem('aides-ess.notes', JSON.stringify({}))")
    page.reload()
    _liste_affichee(page)
    page.locator(".selection-aide input").first.fill("Note pour le bureau")
    page.emulate_media(media="print")
    for cache in (".selection-aide__outils", ".selection-copier", ".md-header", ".selection-aide input"):
        assert not page.locator(cache).first.is_visible(), cache
    assert page.locator(".selection-aide__note-imprimee").first.inner_text() == "Note : Note pour le bureau"
    assert page.locator(".selection-partage__qr svg").is_visible()
    assert page.locator(".selection-aide").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    page.screenshot(path=str(tmp_path / "impression.png"), full_page=True)
    assert (tmp_path / "impression.png").stat().st_size > 10_000


def test_sans_javascript_la_page_le_dit(adresse_site, navigateur):
    contexte = navigateur.new_context(locale="fr-FR", java_script_enabled=False)
    page = contexte.new_page()
    page.goto(adresse_site + "ma-selection/")
    assert "Cette page a besoin de JavaScript" in page.inner_text("body")
    assert not page.locator("#selection-page").is_visible()
    contexte.close()


@pytest.mark.parametrize("largeur", [TELEPHONE, {"width": 1280, "height": 900}])
def test_axe_sur_ma_selection(adresse_site, navigateur, catalogue, largeur):
    liste = [i for i, a in catalogue.aides.items() if not a.calendrier.fermeture][:3]
    contexte = navigateur.new_context(locale="fr-FR", viewport=largeur)
    page = contexte.new_page()
    _ouvrir(page, f"{adresse_site}ma-selection/?a={','.join(liste)}")
    _liste_affichee(page)
    page.locator(".selection-garder").click()
    assert not page.locator(".selection-garder").is_visible()
    page.mouse.move(0, 0)  # au repos : le survol pâlit les boutons
    violations = _violations(page)
    assert not violations, violations
    contexte.close()
