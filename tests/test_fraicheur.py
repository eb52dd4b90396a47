"""Fiches à revoir : vérification ancienne, date limite passée sans suite, faits à confirmer, fiche inachevée."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from generateur.contribution import fraicheur
from generateur.contribution.fraicheur import A_COMPLETER, A_CONFIRMER, ANCIENNE, SANS_SUITE, controler, mois_avant
from tests.conftest import DATE_TESTS
from tests.depot_minimal import lancer, petit_depot
from tests.outils import aide

JOUR = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    "jour, mois, attendu",
    [
        ("2026-11-27", 6, "2026-05-27"),
        ("2026-08-31", 6, "2026-02-28"),
        ("2024-08-31", 6, "2024-02-29"),
        ("2026-03-15", 6, "2025-09-15"),
        ("2026-01-31", 1, "2025-12-31"),
    ],
)
def test_mois_avant(jour, mois, attendu):
    assert mois_avant(dt.date.fromisoformat(jour), mois) == dt.date.fromisoformat(attendu)


def _constats(catalogue, *aides):
    petit = dataclasses.replace(catalogue, aides={a.identifiant: a for a in aides}, fichiers={a.identifiant: f"aides/{a.identifiant}.yaml" for a in aides})
    espaces = lambda raisons: {k: [r.replace("\xa0", " ") for r in v] for k, v in raisons.items()}  # date_fr : espaces insécables
    return {c.aide.identifiant: espaces(c.raisons) for c in controler(petit, JOUR)}


def _session(**dates):
    return [{k: v for k, v in dates.items()}]


def test_chaque_raison_est_detectee(catalogue):
    futur = _session(ouverture="2027-01-05", date_limite="2027-03-01")
    constats = _constats(
        catalogue,
        aide(identifiant="a-jour", a_confirmer=[], calendrier__sessions=futur),
        aide(identifiant="juste-six-mois", a_confirmer=[], calendrier__sessions=futur, derniere_verification="2026-05-27"),
        aide(identifiant="ancienne", a_confirmer=[], calendrier__sessions=futur, derniere_verification="2026-05-26"),
        aide(identifiant="annuelle-passee", a_confirmer=[]),
        aide(identifiant="ponctuelle-passee", a_confirmer=[], calendrier__recurrence="ponctuelle"),
        aide(identifiant="fermee", a_confirmer=[], calendrier__fermeture={"motif": "Fin du programme."}),
        aide(identifiant="ouverte", a_confirmer=[], calendrier__sessions=_session(ouverture="2026-11-01", date_limite="2026-12-15")),
        aide(identifiant="sans-date-limite", a_confirmer=[], calendrier__sessions=_session(ouverture="2026-01-01")),
        aide(identifiant="a-confirmer", calendrier__sessions=futur),
        aide(identifiant="inachevee", a_confirmer=[], calendrier__sessions=futur, resume="À compléter : une phrase."),
    )
    assert set(constats) == {"ancienne", "annuelle-passee", "ponctuelle-passee", "a-confirmer", "inachevee"}
    assert constats["ancienne"] == {ANCIENNE: ["dernière vérification le 26 mai 2026"]}
    assert "1er mars 2026" in constats["annuelle-passee"][SANS_SUITE][0] and "chaque année" in constats["annuelle-passee"][SANS_SUITE][0]
    assert "fermeture" in constats["ponctuelle-passee"][SANS_SUITE][0]
    assert constats["a-confirmer"] == {A_CONFIRMER: ["Le montant 2027 n'est pas connu."]}
    assert constats["inachevee"] == {A_COMPLETER: ["resume contient encore « À compléter »"]}


def test_page_a_verifier_du_site(site_construit, catalogue):
    html = (site_construit / "a-verifier" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "À vérifier" in html
    constats = fraicheur.par_rubrique(controler(catalogue, DATE_TESTS))
    for rubrique, liste in constats.items():
        bloc = re.search(rf'<ul class="a-verifier" data-rubrique="{rubrique}">(.*?)</ul>\s*</li>\s*</ul>', html, re.S)
        if not liste:
            assert bloc is None
            continue
        trouves = re.findall(r'<li><a href="\.\./aides/([^/]+)/">', bloc.group(0))
        assert trouves == [c.aide.identifiant for c in liste]
    assert "a-verifier/" not in (site_construit / "index.html").read_text(encoding="utf-8")


def test_commande_fraicheur(tmp_path):
    depot = petit_depot(tmp_path / "depot")
    assert lancer(depot, "nouvelle-aide", "Aide vérifiée il y a longtemps", "--date", "2025-01-10").returncode == 0
    resultat = lancer(depot, "fraicheur", "--date", "2026-11-27")
    assert resultat.returncode == 0, resultat.stderr
    sortie = resultat.stdout.replace("\xa0", " ")
    assert "Fiches inachevées (« À compléter ») : 1" in sortie
    assert "Vérifiées il y a plus de 6 mois : 1" in sortie
    assert "aides/aide-verifiee-il-y-a-longtemps.yaml (Aide vérifiée il y a longtemps)" in sortie
    assert "- dernière vérification le 10 janvier 2025" in sortie
    assert "1 fiche à vérifier." in sortie
    assert lancer(depot, "fraicheur", "--date", "2026-11-27", "--strict").returncode == 1


def test_aide_sans_contact_joignable_signalee(catalogue):
    sans = aide(identifiant="sans-contact", a_confirmer=[], contacts=[], porteurs=[{"organisation": "cnds", "roles": ["financeur"]}],
                calendrier__sessions=_session(ouverture="2027-01-05", date_limite="2027-03-01"))
    avec = aide(identifiant="avec-contact", a_confirmer=[], calendrier__sessions=_session(ouverture="2027-01-05", date_limite="2027-03-01"))
    constats = _constats(catalogue, sans, avec)
    assert set(constats) == {"sans-contact"}
    assert list(constats["sans-contact"]) == [fraicheur.SANS_CONTACT]
