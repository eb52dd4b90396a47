"""Le corpus de fichiers cassés ou hostiles : chacun donne un message en français
qui nomme le fichier, la ligne et le champ, un code de sortie non nul, pas de trace
Python, et rien n'est écrit dans site/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generateur.lecture.catalogue import RACINE
from generateur.cli import main

CORPUS = Path(__file__).parent / "corpus"
ATTENDUS = yaml.safe_load((CORPUS / "attendus.yaml").read_text(encoding="utf-8"))
FICHIERS = sorted(p.stem for p in CORPUS.glob("*.yaml") if p.name != "attendus.yaml")


def test_le_corpus_est_complet():
    assert len(FICHIERS) >= 40
    assert set(FICHIERS) == set(ATTENDUS), "chaque fichier du corpus a son message attendu"


@pytest.fixture(scope="module")
def depot_minimal(tmp_path_factory) -> Path:
    racine = tmp_path_factory.mktemp("corpus")
    shutil.copytree(RACINE / "aides" / "organisations", racine / "aides" / "organisations")
    shutil.copytree(RACINE / "aides" / "referentiel", racine / "aides" / "referentiel")
    shutil.copy(RACINE / "aides" / "fdva-2-fonctionnement-innovation.yaml", racine / "aides")
    (racine / "site").mkdir()
    (racine / "site" / "index.html").write_text("ancien site", encoding="utf-8")
    return racine


@pytest.mark.parametrize("nom", FICHIERS)
def test_fichier_casse(nom, depot_minimal, capsys):
    cible = depot_minimal / "aides" / f"{nom}.yaml"
    shutil.copy(CORPUS / f"{nom}.yaml", cible)
    try:
        code = main(["--racine", str(depot_minimal), "construire", "--date", "2026-11-27"])
    finally:
        cible.unlink()
    sortie = capsys.readouterr()
    attendu = ATTENDUS[nom]
    assert code == 1
    assert "Traceback" not in sortie.err + sortie.out
    prefixe = f"aides/{nom}.yaml:{attendu['ligne']}:"
    lignes = [l for l in sortie.err.splitlines() if l.startswith(prefixe)]
    assert lignes, f"aucune erreur à la ligne attendue dans :\n{sortie.err}"
    assert any(attendu["message"] in l and (f" {attendu['champ']}:" in l if attendu["champ"] else True) for l in lignes), sortie.err
    assert "le site précédent est intact" in sortie.err
    assert [p.name for p in (depot_minimal / "site").iterdir()] == ["index.html"]
    assert (depot_minimal / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"
    assert not list(depot_minimal.glob(".construction-*"))


@pytest.mark.parametrize(
    "nom, suggestion",
    [
        ("vocabulaire-besoin", "vouliez-vous dire « tresorerie » ?"),
        ("vocabulaire-structure", "vouliez-vous dire « association » ?"),
        ("cle-inconnue", "vouliez-vous dire « types » ?"),
        ("cle-inconnue-imbriquee", "vouliez-vous dire « conditions » ?"),
        ("organisation-inconnue", "vouliez-vous dire « sdjes » ?"),
        # Territoires : un sigle, un nom, un code mal tapé → le code officiel et son nom.
        ("territoire-sigle", "vouliez-vous dire EPCI-246200299 (CA d'Hénin-Carvin) ?"),
        ("territoire-nom", "vouliez-vous dire EPCI-246200299 (CA d'Hénin-Carvin) ?"),
        ("territoire-code", "vouliez-vous dire EPCI-246200299 (CA d'Hénin-Carvin) ?"),
        ("territoire-mal-forme", "vouliez-vous dire DEP-59 (Nord) ?"),
    ],
)
def test_suggestions_pour_les_fautes_de_frappe(nom, suggestion, depot_minimal, capsys):
    cible = depot_minimal / "aides" / f"{nom}.yaml"
    shutil.copy(CORPUS / f"{nom}.yaml", cible)
    try:
        assert main(["--racine", str(depot_minimal), "valider"]) == 1
    finally:
        cible.unlink()
    assert suggestion in capsys.readouterr().err


def test_toutes_les_erreurs_d_un_coup(depot_minimal, capsys):
    for nom in ("vocabulaire-besoin", "montant-inverse", "lien-javascript"):
        shutil.copy(CORPUS / f"{nom}.yaml", depot_minimal / "aides" / f"{nom}.yaml")
    try:
        assert main(["--racine", str(depot_minimal), "valider"]) == 1
    finally:
        for nom in ("vocabulaire-besoin", "montant-inverse", "lien-javascript"):
            (depot_minimal / "aides" / f"{nom}.yaml").unlink()
    erreurs = capsys.readouterr().err
    assert "aides/vocabulaire-besoin.yaml:" in erreurs
    assert "aides/montant-inverse.yaml:" in erreurs
    assert "aides/lien-javascript.yaml:" in erreurs
    assert "3 erreurs" in erreurs


def test_annotations_github(depot_minimal, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    shutil.copy(CORPUS / "vocabulaire-besoin.yaml", depot_minimal / "aides" / "vocabulaire-besoin.yaml")
    try:
        assert main(["--racine", str(depot_minimal), "valider"]) == 1
    finally:
        (depot_minimal / "aides" / "vocabulaire-besoin.yaml").unlink()
    assert "::error file=aides/vocabulaire-besoin.yaml,line=22,col=11,title=Fiche invalide::besoins[0] : valeur inconnue" in capsys.readouterr().err
