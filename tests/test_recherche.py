"""Recherche Pagefind dans Chromium : le français tel qu'on le tape, sur le site construit du vrai catalogue.

Les pages attendues sont trouvées ici en lisant le HTML construit, indépendamment de Pagefind.
"""

from __future__ import annotations

import html
import re
import unicodedata

import jeu_de_requetes
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

    page.evaluate("AidesESSRecherche.charger()")

    def chercher(terme: str, archives: bool = True) -> list[str]:
        """Adresses dans l'ordre affiché par assets/recherche.js (avec les aides closes, sauf archives=False)."""
        return [r["url"] for r in page.evaluate("async ([q, a]) => await AidesESSRecherche.adresses(q, a)", [terme, archives])]

    chercher.page = page
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
    page.goto(adresse_site + "a-propos/")
    page.keyboard.press("/")
    champ = page.locator("#recherche-ui input[type=search]")
    champ.wait_for()
    assert champ.evaluate("e => e === document.activeElement")
    page.keyboard.type("l'embauche")
    page.wait_for_selector(".recherche__lien")
    assert re.search(r"\d+ aides? en cours et \d+ autres? pages? pour « l'embauche »", page.inner_text(".recherche__message"))
    premier = page.locator(".recherche__lien").first
    adresse = premier.get_attribute("href")
    assert adresse.startswith("/aides/")
    page.keyboard.press("Escape")
    assert page.is_hidden("#recherche-panneau")
    assert page.evaluate("document.activeElement.classList.contains('recherche__bouton')")
    page.click(".recherche__bouton")
    champ.fill("embauche")
    page.wait_for_selector(f".recherche__lien[href='{adresse}']")
    premier.click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(adresse.rstrip("/"))


def _resultats(page) -> list[dict]:
    return page.eval_on_selector_all(".recherche__resultat", """els => els.map(e => ({
        url: e.querySelector('a').getAttribute('href'),
        badge: (e.querySelector('.statut') || {}).textContent || '',
        extrait: e.querySelector('.recherche__extrait').textContent }))""")


def test_requete_gardee_dans_l_adresse_et_effacer(page, adresse_site):
    """Une recherche se partage par son adresse ; « Effacer » vide le champ, les résultats et l'adresse."""
    page.goto(adresse_site + "a-propos/?q=tresorerie")
    page.wait_for_selector(".recherche__resultat")
    assert page.is_visible("#recherche-panneau")
    assert page.input_value("#recherche-ui input[type=search]") == "tresorerie"
    premier = _resultats(page)[0]
    assert premier["url"].startswith("/aides/") and premier["badge"] not in ("", "Close"), "une aide en cours en premier"
    page.fill("#recherche-ui input[type=search]", "dons")
    page.wait_for_function("location.search === '?q=dons'")
    page.click("text=Effacer")
    page.wait_for_function("location.search === ''")
    assert page.input_value("#recherche-ui input[type=search]") == ""
    assert page.locator(".recherche__resultat").count() == 0


def test_badges_extraits_et_archives(page, adresse_site):
    """Chaque fiche trouvée porte son statut ; les extraits ne collent pas un libellé à sa valeur ;
    les aides closes n'apparaissent qu'en cochant la case, après toutes les autres."""
    page.goto(adresse_site + "?q=" + "pr%C3%AAt")
    page.wait_for_selector(".recherche__resultat")
    sans = _resultats(page)
    aides = [r for r in sans if r["url"].startswith("/aides/")]
    assert aides and all(r["badge"] for r in aides)
    assert "Close" not in [r["badge"] for r in sans]
    libelle = page.inner_text(".recherche__archives")
    nombre = int(re.search(r"\((\d+) pour cette recherche\)", libelle).group(1))
    assert nombre > 0
    page.check(".recherche__archives input")
    page.wait_for_function("location.search.includes('archives=oui')")
    page.wait_for_function("document.querySelectorAll('.recherche__resultat .statut--close').length > 0")
    avec = [r["badge"] for r in _resultats(page) if r["badge"]]
    premiere_close = avec.index("Close")
    assert set(avec[premiere_close:]) == {"Close"}, "aucune aide en cours après une aide close"
    for r in sans + _resultats(page):
        assert not re.search(r"(Type d'aide|Statut|Combien|Pour qui|Qui appeler)[A-ZÀ-Ý]", r["extrait"]), r


@pytest.mark.parametrize("terme", ["vérifier", "glossaire", "sigles", "sélection"])
def test_pages_internes_non_indexees(chercheur, site_construit, terme):
    """« À vérifier », le glossaire et « Ma sélection » servent l'équipe ou un outil : pas la recherche."""
    internes = {"/a-verifier/", "/glossaire/", "/ma-selection/"}
    assert not internes & set(chercheur(terme))
    for chemin in internes:
        assert "data-pagefind-body" not in (site_construit / chemin.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in (site_construit / "aides" / "poste-fonjep" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("tape, formes, faux_amis", [
    ("loyer", {"loyer", "loyers"}, {"loi", "lois", "loire"}),
    ("loyers", {"loyer", "loyers"}, {"loi", "lois", "loire"}),
    ("dons", {"don", "dons"}, {"donnee", "donnees"}),
])
def test_mots_distincts(chercheur, textes, tape, formes, faux_amis):
    """La racinisation française donne une racine commune à « loyer » et « loi », à « dons » et « données » :
    les règles « distincts » de aides/referentiel/synonymes.yaml les séparent."""
    trouves = chercheur(tape)
    contenant = {u for u, m in textes.items() if m & formes}
    assert contenant and contenant <= set(trouves)
    fiches = [u for u in trouves if u.startswith("/aides/")]
    assert set(fiches) <= contenant, "seules les fiches qui écrivent le mot"
    assert any(m & faux_amis and not m & formes for m in textes.values()), "le cas ne prouverait rien"
    assert "/donnees/" not in trouves


@pytest.mark.parametrize("terme", ["tresorerie", "trésorerie", "Trésorerie"])
def test_tresorerie_aide_demandable_d_abord(chercheur, terme):
    """Issue #17 : une aide qu'on peut demander aujourd'hui d'abord, pas une aide à confirmer ni une page."""
    tete = chercheur.page.evaluate("async q => await AidesESSRecherche.adresses(q, true)", terme)[0]
    assert tete["url"].startswith("/aides/") and tete["statut"] in ("ouverte", "bientot-close", "permanente"), tete


def test_poids_des_aides_demandables(site_construit):
    """Le texte d'une fiche demandable ce jour pèse 5 dans Pagefind ; une aide à confirmer, close ou une
    autre page garde le poids ordinaire (statuts au jour des tests, lus dans les fiches)."""
    def entete(chemin):
        return re.search(r"<div data-pagefind-body[^>]*>", (site_construit / chemin).read_text(encoding="utf-8")).group(0)

    assert 'data-pagefind-weight="5"' in entete("aides/activite-partielle/index.html")  # permanente
    assert 'data-pagefind-weight="5"' in entete("aides/aide-embauche-apprentis/index.html")  # permanente
    for chemin in ("aides/avance-remboursable-ess-difficulte-picardie/index.html",  # à confirmer
                   "aides/fonds-soutien-associations-lille-2020/index.html",  # close
                   "themes/besoins/tresorerie/index.html", "index.html"):
        assert "data-pagefind-weight" not in entete(chemin), chemin


@pytest.mark.parametrize("terme", list(jeu_de_requetes.requetes()))
def test_requetes_reelles(chercheur, terme):
    """tests/donnees/requetes-recherche.yaml : une aide attendue parmi les trois premiers, aucune aide close
    sans les archives, et, avec elles, aucune aide close avant une aide en cours."""
    r = jeu_de_requetes.jouer(chercheur.page, terme, jeu_de_requetes.requetes()[terme])
    assert r["trouvee"], r
    assert not r["close_sans_archives"] and not r["close_avant_ouverte"], r


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
