"""« Trouver mes aides » et les statuts du jour dans Chromium, sur le petit site des fiches de test
(tests/donnees/valeurs/) : chaque borne d'effectif, l'ordre des dates limites, et le jour du lecteur
à Paris (00 h 30 et 23 h 30 autour d'une date limite, horloge simulée). Les listes attendues sont
écrites à la main d'après les fiches."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import DATE_TESTS, copier_petit_depot, servir

PARIS = ZoneInfo("Europe/Paris")
FICTIVES = ("fixture-employeur", "fixture-formules", "fixture-ouverte", "fixture-suspendue")
# fixture-ouverte : au plus 10 salariés ; fixture-employeur : employeur, au moins 3 salariés ;
# fixture-formules et fixture-suspendue : aucun critère d'effectif.


@pytest.fixture(scope="module")
def adresse(petit_site):
    adresse, serveur = servir(petit_site)
    yield adresse
    serveur.shutdown()


@pytest.fixture
def a_paris(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = contexte.new_page()
    yield page
    contexte.close()


def _ouvrir(page, url, moment: dt.datetime):
    page.clock.set_fixed_time(moment)
    page.goto(url)


def _trouvees(page, adresse, requete="", moment=dt.datetime(2026, 11, 27, 12, tzinfo=PARIS)) -> list[str]:
    _ouvrir(page, adresse + "trouver/" + requete, moment)
    page.wait_for_selector("#trouver-compte[data-nombre]")
    while page.is_visible("#trouver-plus"):
        page.click("#trouver-plus")
    liens = page.eval_on_selector_all("#trouver-resultats .aide-carte__titre a", "l => l.map(a => a.getAttribute('href'))")
    identifiants = [lien.removeprefix("../aides/").rstrip("/") for lien in liens]
    return [i for i in identifiants if i in FICTIVES]


@pytest.mark.parametrize("requete, attendues", [
    ("?salaries=oui&nombre=2", ["fixture-formules", "fixture-ouverte", "fixture-suspendue"]),
    ("?salaries=oui&nombre=3", ["fixture-formules", "fixture-ouverte", "fixture-employeur", "fixture-suspendue"]),
    ("?salaries=oui&nombre=10", ["fixture-formules", "fixture-ouverte", "fixture-employeur", "fixture-suspendue"]),
    ("?salaries=oui&nombre=11", ["fixture-formules", "fixture-employeur", "fixture-suspendue"]),
    ("?salaries=oui", ["fixture-formules", "fixture-ouverte", "fixture-employeur", "fixture-suspendue"]),
    ("?salaries=non", ["fixture-formules", "fixture-ouverte", "fixture-suspendue"]),
])
def test_bornes_d_effectif(a_paris, adresse, requete, attendues):
    """Dans l'ordre : bientôt close, puis les ouvertes par date limite (15 janvier avant 20 février, bien que
    « employeur » vienne avant « ouverte » dans l'alphabet), puis la suspendue."""
    assert _trouvees(a_paris, adresse, requete) == attendues


def _fictives_affichees(page) -> list[str]:
    liens = page.eval_on_selector_all("#trouver-resultats .aide-carte__titre a", "l => l.map(a => a.getAttribute('href'))")
    return [i for i in (lien.removeprefix("../aides/").rstrip("/") for lien in liens) if i in FICTIVES]


def test_effectif_change_dans_la_meme_page(a_paris, adresse):
    """Le lecteur tape un nombre, puis un autre, puis revient en arrière, sans recharger : la liste suit à
    chaque fois (la page garde ce que chaque réponse écarte, elle ne doit pas resservir une réponse périmée)."""
    _ouvrir(a_paris, adresse + "trouver/", dt.datetime(2026, 11, 27, 12, tzinfo=PARIS))
    a_paris.wait_for_selector("#trouver-compte[data-nombre]")
    tous = ["fixture-formules", "fixture-ouverte", "fixture-employeur", "fixture-suspendue"]
    a_paris.check("input[name=salaries][value=oui]")
    for nombre, attendues in [
        ("2", ["fixture-formules", "fixture-ouverte", "fixture-suspendue"]),
        ("11", ["fixture-formules", "fixture-employeur", "fixture-suspendue"]),
        ("3", tous),
        ("2", ["fixture-formules", "fixture-ouverte", "fixture-suspendue"]),
        ("", tous),
    ]:
        a_paris.fill("#trouver-nombre", nombre)
        assert _fictives_affichees(a_paris) == attendues, f"nombre de salariés : {nombre or 'non dit'}"
    a_paris.check("input[name=salaries][value=non]")
    assert _fictives_affichees(a_paris) == ["fixture-formules", "fixture-ouverte", "fixture-suspendue"]
    a_paris.check("input[name=salaries][value='']")
    assert _fictives_affichees(a_paris) == tous


DEUX_SESSIONS = """\
identifiant: fixture-deux-sessions
titre: Aide à deux sessions départementales
resume: Une aide fictive, ouverte dans le Nord et dans le Pas-de-Calais, avec deux dates limites.
description: Une aide **fictive**, avec une session par département et chacune sa date limite.
porteurs:
  - organisation: sdjes
    roles: [financeur]
types: [subvention]
beneficiaires:
  structures: [association]
besoins: [tresorerie]
territoire:
  codes: [DEP-59, DEP-62]
situation:
  etat: en-cours
  source: https://www.exemple.fr/source
calendrier:
  recurrence: ponctuelle
  sessions:
    - ouverture: 2026-11-02
      date_limite: 2027-01-15
      territoires: [DEP-59]
    - ouverture: 2026-11-02
      date_limite: 2027-02-20
      territoires: [DEP-62]
demarche:
  etapes:
    - Déposer le dossier.
  lien_information: https://www.exemple.fr/information
sources:
  - url: https://www.exemple.fr/source
    titre: Source d'exemple
    date: 2026-11-02
date_ajout: 2026-11-20
derniere_verification: 2026-11-20
"""


@pytest.fixture(scope="module")
def site_deux_sessions(tmp_path_factory):
    from generateur.construction import construire

    racine = copier_petit_depot(tmp_path_factory.mktemp("deux-sessions") / "depot")
    (racine / "aides" / "fixture-deux-sessions.yaml").write_text(DEUX_SESSIONS, encoding="utf-8")
    construire(racine, DATE_TESTS)
    adresse, serveur = servir(racine / "site")
    yield adresse
    serveur.shutdown()


def test_carte_gardee_mais_echeance_du_nouveau_departement(a_paris, site_deux_sessions):
    """Ouverte dans le Nord comme dans le Pas-de-Calais, mais pas à la même date : en changeant de
    département dans la page, la carte (même aide, même statut) doit dire la date limite du nouveau."""
    _ouvrir(a_paris, site_deux_sessions + "trouver/?departement=59", dt.datetime(2026, 11, 27, 12, tzinfo=PARIS))
    a_paris.wait_for_selector("#trouver-compte[data-nombre]")
    carte = a_paris.locator(".aide-carte", has=a_paris.locator("a[href='../aides/fixture-deux-sessions/']"))
    assert carte.locator(".aide-carte__echeance").inner_text() == "date limite : 15\u00a0janvier 2027"
    a_paris.select_option("#trouver-departement", "62")
    assert carte.locator("[data-statut]").get_attribute("data-statut") == "ouverte"
    assert carte.locator(".aide-carte__echeance").inner_text() == "date limite : 20\u00a0février 2027"


def _statut_de_la_page(page, adresse, identifiant, moment, attendu):
    """Le statut recalculé par la page au jour du lecteur (il arrive avec trouver/donnees.json)."""
    _ouvrir(page, adresse + f"aides/{identifiant}/", moment)
    page.wait_for_load_state("networkidle")
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"document.querySelector('.statut-du-jour .statut').dataset.statut === '{attendu}'", timeout=3000)
    badge = page.locator(".statut-du-jour .statut").first
    return badge.get_attribute("data-statut"), page.locator(".statut-du-jour__echeance").first.inner_text()


@pytest.mark.parametrize("moment, statut, echeance, trouvee", [
    (dt.datetime(2026, 12, 10, 0, 30, tzinfo=PARIS), "bientot-close", "date limite : 10 décembre 2026", True),
    (dt.datetime(2026, 12, 10, 23, 30, tzinfo=PARIS), "bientot-close", "date limite : 10 décembre 2026", True),
    # Le 11 à 00 h 30 à Paris, il est encore le 10 à Londres (23 h 30 UTC) : la date limite est passée pour le lecteur.
    (dt.datetime(2026, 12, 11, 0, 30, tzinfo=PARIS), "close", "depuis le 10 décembre 2026", False),
    (dt.datetime(2026, 12, 11, 23, 30, tzinfo=PARIS), "close", "depuis le 10 décembre 2026", False),
])
def test_jour_du_lecteur_a_paris(a_paris, adresse, moment, statut, echeance, trouvee):
    code, texte = _statut_de_la_page(a_paris, adresse, "fixture-formules", moment, statut)
    assert (code, re.sub(r"\s", " ", texte)) == (statut, echeance)
    assert ("fixture-formules" in _trouvees(a_paris, adresse, moment=moment)) is trouvee


def test_cartes_des_listes_en_typographie_francaise(petit_site):
    page = (petit_site / "themes" / "besoins" / "tresorerie" / "index.html").read_text(encoding="utf-8")
    # Même statut « Ouverte » : la date limite la plus proche d'abord, quel que soit l'ordre des titres.
    assert list(dict.fromkeys(re.findall(r'aides/(fixture-[a-z]+)/"', page))) == ["fixture-ouverte", "fixture-employeur"]
    assert "Une aide fictive\u00a0: il faut au moins 3 salariés\u202f!" in page
    assert "date limite\u00a0: 15\u00a0janvier 2027" in page
