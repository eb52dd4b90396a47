"""Le référentiel des territoires : produit depuis le paquet épinglé, lu vite, et ce qu'il dit des vrais territoires."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import DATE_TESTS
from generateur.contribution.decoupage import DOSSIER_PAQUET, texte
from generateur.guides.selection import guides_prets
from generateur.lecture.catalogue import RACINE, charger_catalogue
from generateur.lecture.territoires import CHEMIN_REFERENTIEL, lire_referentiel
from generateur.site.pages import Site

SERVIS = ["DEP-02", "DEP-59", "DEP-60", "DEP-62", "DEP-80"]


@pytest.fixture(scope="module")
def zones():
    return {z["code"]: z for z in lire_referentiel(RACINE / CHEMIN_REFERENTIEL)["zones"]}


@pytest.fixture(scope="module")
def territoires():
    return charger_catalogue(RACINE).territoires


def test_le_referentiel_commite_est_celui_du_paquet_epingle():
    """Échoue si territoires.yaml a été modifié à la main, ou produit depuis une autre version du paquet."""
    assert (RACINE / DOSSIER_PAQUET / "package.json").exists(), f"{DOSSIER_PAQUET} absent : lancez `make installer`"
    assert (RACINE / CHEMIN_REFERENTIEL).read_text(encoding="utf-8") == texte(RACINE), (
        "aides/referentiel/territoires.yaml ne correspond pas au paquet épinglé : lancez python -m generateur territoires"
    )


def test_la_version_ecrite_est_celle_du_makefile():
    epingle = re.search(r"^DECOUPAGE := @etalab/decoupage-administratif@(\S+)$", (RACINE / "Makefile").read_text(), re.M)
    assert lire_referentiel(RACINE / CHEMIN_REFERENTIEL)["version"] == epingle.group(1) == "6.0.0"


def test_toute_la_france_et_les_communes_des_departements_servis(zones):
    # Valeurs lues à la main dans le paquet 6.0.0 (data/*.json).
    assert zones["DEP-08"] == {"code": "DEP-08", "nom": "Ardennes", "parent": "REG-44"}
    assert zones["DEP-2A"]["nom"] == "Corse-du-Sud"
    assert zones["REG-32"] == {"code": "REG-32", "nom": "Hauts-de-France", "parent": "FR"}
    assert len([c for c in zones if c.startswith("DEP-")]) == 109
    assert len([c for c in zones if c.startswith("REG-")]) == 26
    assert zones["EPCI-246200299"] == {"code": "EPCI-246200299", "nom": "CA d'Hénin-Carvin", "parent": "DEP-62"}
    assert zones["COM-62427"] == {
        "code": "COM-62427", "nom": "Hénin-Beaumont", "parent": "DEP-62", "aussi_dans": ["EPCI-246200299"], "codes_postaux": ["62110"],
    }
    assert zones["COM-62193"]["aussi_dans"] == ["EPCI-200090751"]  # Calais : CA Grand Calais Terres et Mers
    assert zones["EPCI-200090751"]["nom"] == "CA Grand Calais Terres et Mers"
    assert zones["COM-59350"]["codes_postaux"] == ["59000", "59160", "59260", "59777", "59800"]
    # Une intercommunalité à cheval : CC Flandre Lys, dans le Nord et le Pas-de-Calais.
    flandre_lys = zones["EPCI-245900758"]
    assert {flandre_lys["parent"], *flandre_lys["aussi_dans"]} == {"DEP-59", "DEP-62"}
    # Seules les communes des départements servis : pas celles des Ardennes (Charleville-Mézières, 08105).
    assert "COM-08105" not in zones
    assert {z["parent"] for c, z in zones.items() if c.startswith("COM-")} == set(SERVIS)


def test_contenants_d_une_commune(territoires):
    assert territoires.contenants("COM-62427") == {"COM-62427", "EPCI-246200299", "DEP-62", "REG-32", "FR"}
    assert territoires.departements_de("EPCI-245900758") == {"DEP-59", "DEP-62"}


def test_les_departements_servis_viennent_de_la_configuration(territoires):
    assert territoires.departements == SERVIS
    assert "DEP-08" in territoires and "DEP-08" not in territoires.departements


def test_referentiel_abime_message_clair(tmp_path, capsys):
    from generateur.cli import main

    for dossier in ("aides/referentiel", "aides/organisations"):
        shutil.copytree(RACINE / dossier, tmp_path / dossier)
    chemin = tmp_path / CHEMIN_REFERENTIEL
    chemin.write_text(chemin.read_text(encoding="utf-8").replace('"nom": "Somme"', '"nom": Somme'), encoding="utf-8")
    assert main(["--racine", str(tmp_path), "valider"]) == 1
    erreur = capsys.readouterr().err
    assert "aides/referentiel/territoires.yaml:1:1: référentiel illisible ligne " in erreur
    assert "relancez « python -m generateur territoires »" in erreur and "Traceback" not in erreur


def test_paquet_absent_message_clair(tmp_path, capsys):
    from generateur.cli import main

    shutil.copy(RACINE / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert main(["--racine", str(tmp_path), "territoires"]) == 1
    assert "paquet @etalab/decoupage-administratif absent de .outils/node_modules/@etalab/decoupage-administratif : lancez `make installer`" in capsys.readouterr().err


def test_un_departement_hors_du_site_reste_un_nom(site_construit):
    """Interreg micro-projets code DEP-08 et DEP-51 (Ardennes, Marne) : ni index, ni option du trouveur, ni guide,
    ni calendrier pour eux ; la page de l'aide les nomme."""
    import json

    assert "DEP-08" in (RACINE / "aides/interreg-france-wallonie-vlaanderen-micro-projets.yaml").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (site_construit / "themes/departements").iterdir() if p.is_dir())
    assert pages == ["aisne", "nord", "oise", "pas-de-calais", "somme"]
    donnees = json.loads((site_construit / "trouver/donnees.json").read_text(encoding="utf-8"))
    assert donnees["departements"] == [["02", "Aisne"], ["59", "Nord"], ["60", "Oise"], ["62", "Pas-de-Calais"], ["80", "Somme"]]
    catalogue = charger_catalogue(site_construit.parent)
    guides = [g.fichier for g in guides_prets(Site(catalogue, DATE_TESTS)) if "departement" in g.fichier]
    assert guides == ["guides/aides-ess-departement-aisne.pdf", "guides/aides-ess-departement-nord.pdf", "guides/aides-ess-departement-oise.pdf",
                      "guides/aides-ess-departement-pas-de-calais.pdf", "guides/aides-ess-departement-somme.pdf"]
    assert sorted(p.name for p in (site_construit / "donnees/calendriers/departements").iterdir()) == [
        "aisne.ics", "nord.ics", "oise.ics", "pas-de-calais.ics", "somme.ics"]
    html = (site_construit / "aides/interreg-france-wallonie-vlaanderen-micro-projets/index.html").read_text(encoding="utf-8")
    assert "<dd data-pagefind-ignore>Hauts-de-France, Ardennes, Marne</dd>" in html
    assert "DEP-08" not in html
