"""Dire seulement ce qu'on sait : sur le vrai catalogue, aucune aide n'est « ouverte » ou « permanente »
sans source datée récente, et l'accueil, les listes, les exports et les guides disent la même chose."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from generateur.regles.statut import DEMANDABLES, MOIS_DE_VALIDITE, ajouter_mois, date_d_appui, statut_general
from tests.conftest import DATE_TESTS

AUJOURD_HUI = dt.date(2026, 12, 1)

# Aides que les sources disent suspendues, gelées, arrêtées ou incertaines (notes de recherche
# du 2026-12-01) : écrites à la main, elles ne doivent jamais paraître ouvertes ou permanentes.
JAMAIS_OUVERTES = [
    "conseillers-numeriques-france-services",
    "fiso-fonds-innovation-sociale",
    "fdi-fonds-developpement-inclusion",
    "appel-a-projets-insertion-nord",
    "tzcld-entreprise-a-but-d-emploi",
    "feder-fse-ftj-hauts-de-france",
    "service-civique-accueil-volontaires",
    "colos-apprenantes",
    "busin-ess-nouvelles-activites",
    "inv-ess-investissement",
    "cote-cooperations-territoriales",
    "avance-remboursable-developpement-ess",
    "starter-ess-reseau-tremplin",
    "pret-ess-bpifrance",
    "aide-creation-structures-ess-cchf",
    "appel-a-projets-innovation-ess-grandsoissons",
]


@pytest.mark.parametrize("jour", [DATE_TESTS, AUJOURD_HUI])
@pytest.mark.parametrize("identifiant", JAMAIS_OUVERTES)
def test_aides_incertaines_jamais_ouvertes(catalogue, identifiant, jour):
    s = statut_general(catalogue.aides[identifiant], jour, catalogue.territoires)
    assert s.code not in ("ouverte", "bientot-close", "permanente", "annuelle"), (identifiant, s)


def test_conseillers_numeriques_suspendus_et_colos_closes(catalogue):
    assert statut_general(catalogue.aides["conseillers-numeriques-france-services"], AUJOURD_HUI, catalogue.territoires).code == "suspendue"
    assert statut_general(catalogue.aides["colos-apprenantes"], AUJOURD_HUI, catalogue.territoires).code == "close"


@pytest.mark.parametrize("jour", [DATE_TESTS, AUJOURD_HUI])
def test_ouverte_ou_permanente_seulement_avec_une_source_datee_recente(catalogue, jour):
    """Permanente ou chaque année : la source de la situation a moins de 18 mois. Ouverte : une période de dépôt
    datée est en cours, ou la source de la situation est récente."""
    fautes = []
    for identifiant, aide in catalogue.aides.items():
        s = statut_general(aide, jour, catalogue.territoires)
        if s.code not in DEMANDABLES + ("annuelle",):
            continue
        appui = date_d_appui(aide)
        recente = appui is not None and jour <= ajouter_mois(appui, MOIS_DE_VALIDITE)
        session_ouverte = s.code in ("ouverte", "bientot-close") and any(
            sess.date_limite == s.date_limite for sess in aide.calendrier.sessions
        )
        if not (recente or session_ouverte):
            fautes.append((identifiant, s.code, appui))
        if aide.situation is None or aide.situation.etat != "en-cours":
            if not session_ouverte:
                fautes.append((identifiant, s.code, "situation non « en-cours »"))
    assert not fautes


def test_une_aide_close_a_toujours_une_raison_ou_une_date(catalogue):
    for identifiant, aide in catalogue.aides.items():
        fermeture = aide.calendrier.fermeture
        if fermeture:
            assert fermeture.date or fermeture.motif or aide.calendrier.sessions, identifiant


def _statuts_json(site_construit) -> dict[str, str]:
    contenu = json.loads((site_construit / "donnees" / "aides.json").read_text(encoding="utf-8"))
    return {a["identifiant"]: a["statut"]["code"] for a in contenu["aides"]}


def test_accueil_listes_exports_et_guide_disent_la_meme_chose(site_construit, catalogue):
    attendus = {i: statut_general(a, DATE_TESTS, catalogue.territoires).code for i, a in catalogue.aides.items()}
    assert _statuts_json(site_construit) == attendus

    octets = (site_construit / "donnees" / "aides.csv").read_bytes().decode("utf-8-sig")
    libelles = {l["identifiant"]: l["statut"] for l in csv.DictReader(io.StringIO(octets), delimiter=";")}
    from generateur.regles.statut import STATUTS

    assert libelles == {i: STATUTS[c][0] for i, c in attendus.items()}

    # Les cartes des listes « Toutes les aides » et « Archives » : le badge de chaque aide.
    cartes = {}
    for page in ("themes/toutes/index.html", "themes/archives/index.html"):
        html = (site_construit / page).read_text(encoding="utf-8")
        for identifiant, code in re.findall(r'data-aide="([^"]+)"[^>]*><span class="statut statut--([a-z-]+)"', html):
            cartes[identifiant] = code
    assert cartes == attendus

    # L'accueil : des nombres qui font le total, et qui sont ceux des statuts.
    accueil = (site_construit / "index.html").read_text(encoding="utf-8")
    comptes = dict((nom, int(n)) for nom, n in re.findall(r'<li data-compteur="([^"]+)"><strong>(\d+)</strong>', accueil))
    codes = list(attendus.values())
    assert comptes == {
        "ouvertes": sum(codes.count(c) for c in ("ouverte", "bientot-close", "permanente")),
        "à venir ou chaque année": codes.count("a-venir") + codes.count("annuelle"),
        "à confirmer": codes.count("a-confirmer"),
        "suspendues": codes.count("suspendue"),
        "closes": codes.count("close"),
    }
    assert sum(comptes.values()) == len(catalogue.aides)


def test_page_d_une_aide_a_confirmer_dit_qui_appeler(site_construit, catalogue):
    html = (site_construit / "aides/fiso-fonds-innovation-sociale/index.html").read_text(encoding="utf-8")
    assert 'data-statut="a-confirmer"' in html
    assert "renseignez-vous auprès de" in html
    assert "Ouverte" not in re.sub(r"<[^>]+>", " ", html.split('class="en-bref"', 1)[1].split("</div>", 1)[0])


def test_page_d_une_aide_close_propose_des_aides_ouvertes(site_construit, catalogue):
    html = (site_construit / "aides/colos-apprenantes/index.html").read_text(encoding="utf-8")
    assert "Aide close" in html and "Close close" not in html
    voisines = re.findall(r'<ul class="aide-voisines">(.*?)</ul>', html, re.S)
    if voisines:
        for identifiant in re.findall(r'href="\.\./([^/]+)/"', voisines[0]):
            assert statut_general(catalogue.aides[identifiant], DATE_TESTS, catalogue.territoires).code in DEMANDABLES


def test_aucune_page_ne_dit_close_close(site_construit):
    for page in site_construit.rglob("*.html"):
        texte = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        assert not re.search(r"\bClose\s+close\b", texte), page
