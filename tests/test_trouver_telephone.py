"""« Trouver mes aides » au téléphone (390 × 844) et nombres à côté des choix, dans Chromium."""

from __future__ import annotations

import pytest

TELEPHONE = {"width": 390, "height": 844}


@pytest.fixture
def telephone(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport=TELEPHONE, is_mobile=True, has_touch=True)
    page = contexte.new_page()
    yield page
    contexte.close()


def _dans_l_ecran(page, selecteur) -> bool:
    return page.eval_on_selector(selecteur, """e => { const r = e.getBoundingClientRect();
        const entete = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return r.top >= entete && r.bottom <= innerHeight; }""")


def test_premier_resultat_a_un_toucher(telephone, adresse_site):
    """Après le dernier choix, « Voir les N aides » (collé en bas, compte vivant) mène au premier résultat en un toucher ;
    les questions répondues sont repliées en une ligne qui dit la réponse et se rouvre d'un toucher."""
    page = telephone
    page.goto(adresse_site + "trouver/")
    page.wait_for_selector("#trouver-compte[data-nombre]")
    page.select_option("#trouver-structure", "association")
    page.select_option("#trouver-departement", "80")
    page.check("input[name=salaries][value=non]")
    # Répondues : repliées, la réponse en clair.
    assert page.is_hidden("#trouver-structure") and page.is_hidden("#trouver-departement")
    assert page.inner_text(".trouver__question:has(#trouver-structure) .trouver__resume").startswith("Votre structure : Association")
    assert "Somme" in page.inner_text(".trouver__question:has(#trouver-departement) .trouver__resume")
    page.check("input[name=besoin][value=tresorerie]")
    bouton = page.locator(".trouver__voir-bouton")
    assert bouton.is_visible() and _dans_l_ecran(page, ".trouver__voir-bouton")
    nombre = page.get_attribute("#trouver-compte", "data-nombre")
    assert bouton.inner_text() == f"Voir les {nombre} aides"
    page.check("input[name=besoin][value=emploi]")
    nouveau = page.get_attribute("#trouver-compte", "data-nombre")
    assert nouveau != nombre and bouton.inner_text() == f"Voir les {nouveau} aides", "le compte suit chaque choix"
    assert not _dans_l_ecran(page, "#trouver-resultats .aide-carte__titre a")
    bouton.tap()
    page.wait_for_function("document.querySelector('#trouver-compte').getBoundingClientRect().top < 200")
    assert _dans_l_ecran(page, "#trouver-resultats .aide-carte__titre a"), "le premier résultat est à l'écran"
    assert page.is_hidden("input[name=besoin][value=emploi]"), "les besoins cochés se replient aussi"
    assert page.is_hidden(".trouver__voir-bouton"), "la barre s'efface quand les résultats sont là"
    # Rouvrir une question repliée : un toucher.
    page.locator(".trouver__question:has(#trouver-structure) .trouver__resume").tap()
    assert page.is_visible("#trouver-structure")


PROFILS = ["", "?structure=association&departement=80", "?departement=62&besoin=emploi",
           "?structure=cooperative&salaries=oui&besoin=tresorerie&besoin=investissement&type=pret",
           "?structure=association&departement=59&salaries=non&type=subvention"]


@pytest.mark.parametrize("profil", PROFILS, ids=[p or "sans-choix" for p in PROFILS])
def test_les_nombres_tiennent_leur_promesse(page, adresse_site, profil):
    """Pour chaque option de chaque question : le nombre affiché à côté est le nombre de résultats qu'on obtient en la
    choisissant (ou en la cochant) avec les autres choix du profil ; pour les aides closes, ce qu'elles ajoutent."""
    page.goto(adresse_site + "trouver/" + profil)
    page.wait_for_selector("#trouver-compte[data-nombre]")
    ecarts = page.evaluate("""async () => {
        const f = document.querySelector('#trouver form');
        const nombre = () => +document.getElementById('trouver-compte').dataset.nombre;
        // Une option sans nombre (commune, quartier prioritaire) ne promet rien.
        const affiche = t => { const m = t.match(/\\(\\+?(\\d+)\\)\\s*$/); return m ? +m[1] : null; };
        const changer = e => e.dispatchEvent(new Event('change', { bubbles: true }));
        const ecarts = [];
        let essais = 0;
        for (const menu of f.querySelectorAll('select')) {
            const avant = menu.value;
            for (const o of Array.from(menu.options)) {
                const promis = affiche(o.textContent);
                if (promis === null) continue;
                menu.value = o.value; changer(menu);
                if (nombre() !== promis) ecarts.push([menu.name, o.value, promis, nombre()]);
                menu.value = avant; changer(menu);
                essais++;
            }
        }
        for (const e of f.querySelectorAll('input[type=radio], input[type=checkbox]')) {
            const promis = affiche(e.parentNode.textContent);
            if (promis === null) continue;
            const avant = nombre();
            const radio = e.type === 'radio', precedent = radio ? f.querySelector(`input[name=${e.name}]:checked`) : null;
            if (e.checked && !radio && e.name !== 'closes') { if (avant !== promis) ecarts.push([e.name, e.value, promis, avant]); essais++; continue; }
            if (e.checked && radio) { if (avant !== promis) ecarts.push([e.name, e.value, promis, avant]); essais++; continue; }
            e.click();
            const apres = e.name === 'closes' ? Math.abs(nombre() - avant) : nombre();
            if (apres !== promis) ecarts.push([e.name, e.value, promis, apres]);
            if (radio) precedent.click(); else e.click();
            essais++;
        }
        return { ecarts, essais };
    }""")
    assert ecarts["essais"] >= 40
    assert ecarts["ecarts"] == [], ecarts["ecarts"]
