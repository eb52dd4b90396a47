"""Recherche Pagefind dans Chromium : le français tel qu'on le tape, sur le site construit du vrai catalogue.

Les pages attendues sont trouvées ici en lisant le HTML construit, indépendamment de Pagefind.
"""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
import yaml

from generateur.lecture.catalogue import RACINE

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>(.*)</article>', re.S)


def mots(texte: str) -> set[str]:
    """Mots sans accents ni majuscules, avec et sans s final."""
    plat = unicodedata.normalize("NFKD", texte.lower()).encode("ascii", "ignore").decode()
    trouves = set(re.findall(r"[a-z0-9]+", plat))
    return trouves | {m.rstrip("s") for m in trouves}


@pytest.fixture(scope="session")
def textes(site_construit):
    """Adresse de chaque fiche d'aide → mots de son article."""
    sortie = {}
    for chemin in (site_construit / "aides").glob("*/index.html"):
        article = _ARTICLE.search(chemin.read_text(encoding="utf-8")).group(1)
        sortie[f"/aides/{chemin.parent.name}/"] = mots(html.unescape(re.sub(r"<[^>]+>", " ", article)))
    return sortie


@pytest.fixture(scope="session")
def chercheur(navigateur, adresse_site):
    """Une page du site ouverte une fois ; chercher(terme) renvoie les adresses trouvées par Pagefind."""
    contexte = navigateur.new_context(locale="fr-FR")
    page = contexte.new_page()
    page.goto(adresse_site)
    page.evaluate("""async () => {
        window.pf = await import("/pagefind/pagefind.js");
        await window.pf.options({ baseUrl: "/" });
    }""")

    def chercher(terme: str) -> list[str]:
        return page.evaluate(
            """async (terme) => {
                const r = await window.pf.search(AidesESSRecherche.preparer(terme));
                return Promise.all(r.results.map(async x => (await x.data()).url));
            }""",
            terme,
        )

    yield chercher
    contexte.close()


@pytest.mark.parametrize("sans, avec", [("tresorerie", "trésorerie"), ("benevoles", "bénévoles"), ("pret", "prêt"), ("region", "Région")])
def test_sans_accents(chercheur, textes, sans, avec):
    trouves = chercheur(sans)
    assert trouves and set(trouves) == set(chercheur(avec))
    contenant = [u for u, m in textes.items() if mots(avec) <= m]
    assert contenant and set(contenant) <= set(trouves)


@pytest.mark.parametrize("elision, mot", [("l'embauche", "embauche"), ("d’emploi", "emploi"), ("L'ÉTAT", "état"), ("qu'un", "un")])
def test_elisions(chercheur, elision, mot):
    trouves = chercheur(elision)
    assert trouves and set(trouves) == set(chercheur(mot))


@pytest.mark.parametrize("singulier, pluriel", [("aide", "aides"), ("subvention", "subventions"), ("association", "associations"), ("salarié", "salariés")])
def test_singulier_et_pluriel(chercheur, textes, singulier, pluriel):
    un, plusieurs = set(chercheur(singulier)), set(chercheur(pluriel))
    assert un and un == plusieurs
    # Une fiche qui n'emploie que le pluriel est trouvée avec le singulier, et inversement.
    for seul, cherche in ((pluriel, un), (singulier, plusieurs)):
        assert {u for u, m in textes.items() if mots(seul) <= m} <= cherche


@pytest.mark.parametrize("sigle, fiche", [("FDVA", "fdva-2-fonctionnement-innovation"), ("DLA", "dla-dispositif-local-accompagnement"), ("ESUS", None)])
def test_sigles(chercheur, textes, sigle, fiche):
    trouves = chercheur(sigle)
    assert set(trouves) == set(chercheur(sigle.lower()))
    attendues = {u for u, m in textes.items() if sigle.lower() in m}
    assert attendues and attendues <= set(trouves)
    if fiche:
        assert f"/aides/{fiche}/" in trouves[:5], "la fiche du dispositif vient parmi les premiers résultats"


def _groupes():
    donnees = yaml.safe_load((RACINE / "aides/referentiel/synonymes.yaml").read_text(encoding="utf-8"))
    return donnees["groupes"]


@pytest.mark.parametrize("tape, sens", [("embauche", "emploi"), ("salarié", "emploi"), ("crédit", "prêt"), ("recrutement", "emploi")])
def test_synonymes(chercheur, textes, tape, sens):
    groupe = next(g for g in _groupes() if g[0] == sens)
    assert tape in groupe, "le synonyme vient du fichier aides/referentiel/synonymes.yaml"
    # Fiches qui parlent de « sens » sans jamais employer le mot tapé.
    seulement = {u for u, m in textes.items() if mots(sens) <= m and not mots(tape) <= m}
    assert seulement, f"aucune fiche ne parle de « {sens} » sans dire « {tape} » : le cas ne prouverait rien"
    assert seulement <= set(chercheur(tape))


def test_interface_dans_l_en_tete(page, adresse_site):
    """Au clavier, depuis n'importe quelle page : « / », taper, lire les résultats, Échap."""
    page.goto(adresse_site + "glossaire/")
    page.keyboard.press("/")
    champ = page.locator("#recherche-ui input")
    champ.wait_for()
    assert champ.evaluate("e => e === document.activeElement")
    page.keyboard.type("l'embauche")
    page.wait_for_selector(".pagefind-ui__result-link")
    assert re.search(r"\d+ résultats? pour", page.inner_text(".pagefind-ui__message"))
    premier = page.locator(".pagefind-ui__result-link").first
    adresse = premier.get_attribute("href")
    assert adresse.startswith("/") and not adresse.startswith("/pagefind")
    page.keyboard.press("Escape")
    assert page.is_hidden("#recherche-panneau")
    assert page.evaluate("document.activeElement.classList.contains('recherche__bouton')")
    page.click(".recherche__bouton")
    champ.fill("embauche")
    page.wait_for_selector(f".pagefind-ui__result-link[href='{adresse}']")
    premier.click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(adresse.rstrip("/"))


def test_recherche_lunr_retiree(site_construit):
    assert not (site_construit / "search" / "search_index.json").exists()
    assert (site_construit / "pagefind" / "pagefind.js").exists()
    accueil = (site_construit / "index.html").read_text(encoding="utf-8")
    assert 'class="recherche"' in accueil and "md-search" not in accueil


def test_synonymes_invalides_message_en_francais(tmp_path):
    """Les synonymes se lisent comme le reste du catalogue : fichier, ligne et champ dans le message."""
    from generateur.lecture.catalogue import charger_referentiel
    from generateur.lecture.erreurs import ErreursDeDonnees

    (tmp_path / "aides" / "referentiel").mkdir(parents=True)
    (tmp_path / "aides" / "referentiel" / "synonymes.yaml").write_text("groupes:\n  - [emploi]\n  - 12\n", encoding="utf-8")
    with pytest.raises(ErreursDeDonnees) as erreur:
        charger_referentiel(tmp_path, "synonymes")
    message = "\n".join(str(e) for e in erreur.value.erreurs)
    assert "aides/referentiel/synonymes.yaml:3:" in message and "groupes[1]" in message
