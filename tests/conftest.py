"""Outils communs aux tests : catalogue réel, site construit une fois, serveur local, Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from generateur.lecture.catalogue import RACINE, charger_catalogue

DATE_TESTS = dt.date(2026, 11, 27)
"""Date de construction fixe : les statuts attendus ne changent pas d'un jour à l'autre."""

ARGUMENTS_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def catalogue():
    return charger_catalogue(RACINE)


def copier_depot(cible: Path) -> Path:
    """Copie de travail du dépôt (sans site ni environnement), pour construire sans toucher au vrai."""
    partout = shutil.ignore_patterns(".git", ".construction-*", ".verrou-construction", "__pycache__", ".pytest_cache")
    a_la_racine = {".venv", "site", ".apercu", "benchmarks"}

    def ignorer(dossier, noms):
        return set(partout(dossier, noms)) | (a_la_racine & set(noms) if Path(dossier) == RACINE else set())

    shutil.copytree(RACINE, cible, ignore=ignorer)
    return cible


FICHES_DE_TEST = Path(__file__).parent / "donnees" / "valeurs"
"""Fiches fictives aux valeurs choisies (bornes, dates limites, formules) : les attendus s'écrivent à la main."""
CITEE_PAR_LES_PAGES = "pret-honneur-initiative-hauts-de-france.yaml"
"""Seule fiche réelle gardée dans le petit dépôt : une page écrite à la main (docs/guides/) y renvoie."""


def copier_petit_depot(cible: Path) -> Path:
    """Copie du dépôt dont le catalogue se réduit aux fiches de test (plus celle que citent les pages) :
    elle se construit en deux secondes."""
    racine = copier_depot(cible)
    for fiche in (racine / "aides").glob("*.yaml"):
        if fiche.name != CITEE_PAR_LES_PAGES:
            fiche.unlink()
    for fiche in FICHES_DE_TEST.glob("*.yaml"):
        shutil.copy(fiche, racine / "aides" / fiche.name)
    return racine


@pytest.fixture(scope="session")
def petit_site(tmp_path_factory) -> Path:
    """Le site du petit dépôt, construit une fois par session à DATE_TESTS."""
    from generateur.construction import construire

    racine = copier_petit_depot(tmp_path_factory.mktemp("petit") / "depot")
    construire(racine, DATE_TESTS)
    return racine / "site"


@pytest.fixture(scope="session")
def site_construit(tmp_path_factory) -> Path:
    """Le site du vrai catalogue, construit une fois par session à DATE_TESTS."""
    from generateur.construction import construire

    racine = copier_depot(tmp_path_factory.mktemp("depot") / "depot")
    construire(racine, DATE_TESTS)
    return racine / "site"


class _Gestionnaire(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def servir(dossier: Path):
    """Sert un dossier sur 127.0.0.1, sur un port libre ; renvoie (adresse, serveur)."""
    gestionnaire = functools.partial(_Gestionnaire, directory=str(dossier))
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{serveur.server_address[1]}/", serveur


@pytest.fixture(scope="session")
def adresse_site(site_construit):
    adresse, serveur = servir(site_construit)
    yield adresse
    serveur.shutdown()


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS_CHROMIUM)
        yield navigateur
        navigateur.close()


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(locale="fr-FR")
    page = contexte.new_page()
    yield page
    contexte.close()
