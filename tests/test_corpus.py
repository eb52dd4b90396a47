"""Le corpus de fichiers cassés ou hostiles : chacun donne un message en français
qui nomme le fichier, la ligne et le champ, un code de sortie non nul, pas de trace
Python, et rien n'est écrit dans site/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]", sortie.err), \
        "aucun caractère de contrôle ni invisible renvoyé tel quel"
    for erreur in [attendu, *attendu.get("autres", [])]:
        prefixe = f"aides/{nom}.yaml:{erreur['ligne']}:"
        lignes = [l for l in sortie.err.splitlines() if l.startswith(prefixe)]
        assert lignes, f"aucune erreur à la ligne attendue dans :\n{sortie.err}"
        assert any(erreur["message"] in l and (f" {erreur['champ']}:" in l if erreur["champ"] else True) for l in lignes), sortie.err
    for trompeur in attendu.get("jamais", []):
        assert trompeur not in sortie.err
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
    assert "3 erreurs : corrigez-les puis relancez" in erreurs


def test_annotations_github(depot_minimal, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    shutil.copy(CORPUS / "vocabulaire-besoin.yaml", depot_minimal / "aides" / "vocabulaire-besoin.yaml")
    try:
        assert main(["--racine", str(depot_minimal), "valider"]) == 1
    finally:
        (depot_minimal / "aides" / "vocabulaire-besoin.yaml").unlink()
    assert "::error file=aides/vocabulaire-besoin.yaml,line=22,col=11,title=Fiche invalide::besoins[0] : valeur inconnue" in capsys.readouterr().err


# --- Fichiers que la lecture refuse par leur nom, sans les ouvrir -------------------------------------------


def _valider(racine: Path, *fichiers: str) -> subprocess.CompletedProcess:
    """La validation dans un processus à part : un fichier qui la ferait attendre (tube, /dev/stdin) échoue le test."""
    return subprocess.run(
        [sys.executable, "-m", "generateur", "--racine", str(racine), "valider", *fichiers],
        capture_output=True, text=True, timeout=120, cwd=RACINE, stdin=subprocess.PIPE,
    )


@pytest.fixture
def depot_vide(depot_minimal):
    """depot_minimal, remis dans son état après chaque test (des fichiers spéciaux y sont posés)."""
    avant = {p for p in depot_minimal.rglob("*")}
    yield depot_minimal
    for chemin in sorted({p for p in depot_minimal.rglob("*")} - avant, key=lambda p: -len(p.parts)):
        chemin.unlink() if chemin.is_symlink() or not chemin.is_dir() else chemin.rmdir()


def test_lien_vers_l_entree_standard_refuse_sans_attendre(depot_vide):
    (depot_vide / "aides" / "entree.yaml").symlink_to("/dev/stdin")
    resultat = _valider(depot_vide)  # l'entrée reste ouverte : la lire attendrait jusqu'au délai
    assert resultat.returncode == 1
    assert "aides/entree.yaml:1:1: lien symbolique refusé" in resultat.stderr
    assert "Traceback" not in resultat.stderr


def test_tube_refuse_sans_attendre(depot_vide):
    os.mkfifo(depot_vide / "aides" / "tube.yaml")
    resultat = _valider(depot_vide)
    assert resultat.returncode == 1
    assert "aides/tube.yaml:1:1: ce n'est pas un fichier ordinaire" in resultat.stderr
    # Demandé par son nom, il n'est pas ouvert non plus.
    resultat = _valider(depot_vide, str(depot_vide / "aides" / "tube.yaml"))
    assert resultat.returncode == 1 and "aides/tube.yaml:1:1:" in resultat.stderr


def test_lien_vers_une_fiche_valide_hors_du_depot(depot_vide, tmp_path, capsys):
    dehors = tmp_path / "fdva-bis.yaml"
    dehors.write_text((RACINE / "aides" / "fdva-2-fonctionnement-innovation.yaml").read_text(encoding="utf-8")
                      .replace("identifiant: fdva-2-fonctionnement-innovation", "identifiant: fdva-bis"), encoding="utf-8")
    (depot_vide / "aides" / "fdva-bis.yaml").symlink_to(dehors)
    (depot_vide / "aides" / "organisations" / "lien.yaml").symlink_to(depot_vide / "aides" / "organisations" / "sdjes.yaml")
    assert main(["--racine", str(depot_vide), "construire", "--date", "2026-11-27"]) == 1
    erreurs = capsys.readouterr().err
    assert "aides/fdva-bis.yaml:1:1: lien symbolique refusé" in erreurs
    assert "aides/organisations/lien.yaml:1:1: lien symbolique refusé" in erreurs
    assert "le site précédent est intact" in erreurs
    assert (depot_vide / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"


def test_lien_dans_docs_refuse(depot_vide, capsys):
    (depot_vide / "docs" / "guides").mkdir(parents=True)
    (depot_vide / "docs" / "fuite.txt").symlink_to("/etc/hostname")
    (depot_vide / "docs" / "guides" / "dossier").symlink_to("/etc")
    assert main(["--racine", str(depot_vide), "construire", "--date", "2026-11-27"]) == 1
    erreurs = capsys.readouterr().err
    assert "docs/fuite.txt:1:1: lien symbolique refusé" in erreurs
    assert "docs/guides/dossier:1:1: lien symbolique refusé" in erreurs
    assert (depot_vide / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"


def test_nom_de_fichier_avec_controle_refuse(depot_vide, capsys):
    """Un nom de page ou de fiche qui forgerait une commande GitHub (saut de ligne puis « ::error ») ou
    effacerait le terminal n'arrive jamais à MkDocs, qui l'écrirait tel quel dans son journal."""
    (depot_vide / "docs").mkdir(exist_ok=True)
    (depot_vide / "docs" / "a\n::error file=x::faux.md").write_text("# Faux\n", encoding="utf-8")
    (depot_vide / "docs" / "b\x1b[2J.md").write_text("# Faux\n", encoding="utf-8")
    (depot_vide / "aides" / "c\u202egpj.yaml").write_text("identifiant: c\n", encoding="utf-8")
    assert main(["--racine", str(depot_vide), "construire", "--date", "2026-11-27"]) == 1
    erreurs = capsys.readouterr().err
    assert "docs/a\\x0a::error file=x::faux.md:1:1: nom de fichier avec un caractère invisible ou de contrôle" in erreurs
    assert "docs/b\\x1b[2J.md:1:1: nom de fichier avec un caractère invisible ou de contrôle" in erreurs
    assert "aides/c\\u202egpj.yaml:1:1: nom de fichier avec un caractère invisible ou de contrôle" in erreurs
    assert "\x1b" not in erreurs and "\n::error" not in erreurs
    assert (depot_vide / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"


def test_fichiers_jamais_lus_signales(depot_vide, capsys):
    fiche = (CORPUS / "montant-inverse.yaml").read_text(encoding="utf-8")
    (depot_vide / "aides" / "majuscules.YAML").write_text(fiche, encoding="utf-8")
    (depot_vide / "aides" / "sans-extension").write_text(fiche, encoding="utf-8")
    (depot_vide / "aides" / ".cachee.yaml").write_text(fiche, encoding="utf-8")
    (depot_vide / "aides" / "sous-dossier").mkdir()
    (depot_vide / "aides" / "sous-dossier" / "montant-inverse.yaml").write_text(fiche, encoding="utf-8")
    (depot_vide / "aides" / "organisations" / "archives").mkdir()
    (depot_vide / "aides" / "referentiel" / "communes.yaml").write_text("zones: []\n", encoding="utf-8")
    assert main(["--racine", str(depot_vide), "valider"]) == 1
    erreurs = capsys.readouterr().err
    attendus = [
        "aides/majuscules.YAML:1:1: extension « .YAML » non lue : renommez le fichier « majuscules.yaml »",
        "aides/sans-extension:1:1: fichier non lu : seuls les fichiers « .yaml » sont lus dans aides/",
        "aides/.cachee.yaml:1:1: fichier caché non lu",
        "aides/sous-dossier:1:1: sous-dossier non lu : les fiches d'aide vont directement dans aides/",
        "aides/organisations/archives:1:1: sous-dossier non lu",
        "aides/referentiel/communes.yaml:1:1: référentiel inconnu « communes », jamais lu",
    ]
    for attendu in attendus:
        assert attendu in erreurs
    assert "Catalogue valide" not in erreurs
    assert "6 erreurs" in erreurs


def test_brouillons_pas_lus_comme_catalogue(depot_vide, capsys):
    (depot_vide / "aides" / "brouillons").mkdir()
    shutil.copy(CORPUS / "montant-inverse.yaml", depot_vide / "aides" / "brouillons" / "montant-inverse.yaml")
    assert main(["--racine", str(depot_vide), "valider"]) == 0
    assert "Catalogue valide : 1 aides" in capsys.readouterr().out
    # Demandé par son nom, le brouillon est validé seul.
    assert main(["--racine", str(depot_vide), "valider", str(depot_vide / "aides" / "brouillons" / "montant-inverse.yaml")]) == 1
    assert "aides/brouillons/montant-inverse.yaml:24:1: montant: le minimum (5000) est plus grand que le maximum (1000)" in capsys.readouterr().err


@pytest.mark.parametrize("nom", ["organisation-inconnue", "organisation-sans-fichier", "remplacement-inconnu",
                                 "remplacee-par-elle-meme", "territoire-inconnu", "territoire-code"])
def test_fichier_seul_hors_de_aides_renvois_verifies_contre_le_depot(nom, depot_vide, tmp_path, capsys):
    """Un brouillon ou une fiche à essayer, validé par son nom, a les mêmes renvois vérifiés que dans aides/."""
    copie = tmp_path / f"{nom}.yaml"
    shutil.copy(CORPUS / f"{nom}.yaml", copie)
    assert main(["--racine", str(depot_vide), "valider", str(copie)]) == 1
    erreurs = capsys.readouterr().err
    attendu = ATTENDUS[nom]
    assert f"{copie}:{attendu['ligne']}:" in erreurs and f" {attendu['champ']}: {attendu['message']}" in erreurs, erreurs
    assert "Traceback" not in erreurs


def test_fichier_seul_hors_de_aides_renvoi_vers_le_depot_accepte(depot_vide, tmp_path, capsys):
    """Ses renvois vers une organisation et une aide du dépôt sont acceptés."""
    fiche = (CORPUS / "remplacement-inconnu.yaml").read_text(encoding="utf-8")
    assert "remplacee_par: fdva-3-fonctionnement" in fiche
    (tmp_path / "essai.yaml").write_text(fiche.replace("remplacee_par: fdva-3-fonctionnement",
                                                       "remplacee_par: fdva-2-fonctionnement-innovation"), encoding="utf-8")
    assert main(["--racine", str(depot_vide), "valider", str(tmp_path / "essai.yaml")]) == 0, capsys.readouterr().err
    assert "Fichier valide (hors du catalogue)" in capsys.readouterr().out


def test_valider_un_fichier_casse_hors_de_aides(depot_vide, tmp_path, capsys):
    casse = tmp_path / "essai.yaml"
    shutil.copy(CORPUS / "montant-inverse.yaml", casse)
    assert main(["--racine", str(depot_vide), "valider", str(casse)]) == 1
    assert f"{casse}:24:1: montant: le minimum (5000) est plus grand que le maximum (1000)" in capsys.readouterr().err
    assert main(["--racine", str(depot_vide), "valider", str(tmp_path / "absent.yaml")]) == 1
    assert "absent.yaml:1:1: fichier illisible (fichier introuvable)" in capsys.readouterr().err
    (tmp_path / "syntaxe.yaml").write_text("titre: [ouvert\n", encoding="utf-8")
    assert main(["--racine", str(depot_vide), "valider", str(tmp_path / "syntaxe.yaml")]) == 1
    assert "syntaxe.yaml:2:1: erreur de syntaxe YAML : liste entre crochets non fermée" in capsys.readouterr().err


@pytest.mark.parametrize("nom", ["con", "aux", "com1", "lpt9", "nul", "prn"])
def test_noms_reserves_de_windows(nom, depot_vide, capsys):
    fiche = (CORPUS / "montant-inverse.yaml").read_text(encoding="utf-8")
    fiche = fiche.replace("identifiant: montant-inverse", f"identifiant: {nom}").replace("  min: 5000", "  min: 500")
    (depot_vide / "aides" / f"{nom}.yaml").write_text(fiche, encoding="utf-8")
    assert main(["--racine", str(depot_vide), "valider"]) == 1
    assert f"aides/{nom}.yaml:2:1: identifiant: identifiant « {nom} » impossible : Windows ne sait pas ouvrir" in capsys.readouterr().err


# --- Messages : jamais une commande de GitHub ni une séquence du terminal fabriquée par une valeur -----------


def test_annotations_non_falsifiables(depot_vide, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for nom in ("commande-github", "echappement-terminal"):
        shutil.copy(CORPUS / f"{nom}.yaml", depot_vide / "aides" / f"{nom}.yaml")
    # Un nom de fichier qui tente de sortir de la propriété « file= ».
    shutil.copy(CORPUS / "montant-inverse.yaml", depot_vide / "aides" / "x,line=1::error::faux%0A.yaml")
    assert main(["--racine", str(depot_vide), "valider"]) == 1
    erreurs = capsys.readouterr().err
    commandes = [l for l in erreurs.splitlines() if l.lstrip().startswith("::")]
    assert len(commandes) == 3
    # Après « title=…:: » tout est donnée (« ::add-mask:: » y est inerte) ; avant, seules nos propriétés.
    assert all(re.match(r"::error file=aides/[^:,\s]*,line=\d+,col=\d+,title=Fiche invalide::", l) for l in commandes), commandes
    assert "::error file=aides/x%2Cline=1%3A%3Aerror%3A%3Afaux%250A.yaml,line=24,col=1,title=Fiche invalide::montant : le minimum" in erreurs
    assert "\x1b" not in erreurs and "\\x1b[32mCatalogue valide" in erreurs


def test_resume_du_job_liste_toutes_les_erreurs(depot_vide, tmp_path, capsys, monkeypatch):
    resume = tmp_path / "resume.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(resume))
    fiche = (CORPUS / "montant-inverse.yaml").read_text(encoding="utf-8")
    for i in range(12):
        (depot_vide / "aides" / f"casse-{i:02d}.yaml").write_text(fiche.replace("montant-inverse", f"casse-{i:02d}"), encoding="utf-8")
    (depot_vide / "aides" / "casse-<b>.yaml").write_text(fiche, encoding="utf-8")
    assert main(["--racine", str(depot_vide), "valider"]) == 1
    capsys.readouterr()
    texte = resume.read_text(encoding="utf-8")
    assert "13 erreurs dans les fiches" in texte
    for i in range(12):
        assert f"<tr><td>aides/casse-{i:02d}.yaml</td><td>24</td><td>montant</td><td>le minimum (5000) est plus grand que le maximum (1000)</td></tr>" in texte
    assert "aides/casse-&lt;b&gt;.yaml" in texte and "<b>" not in texte


def test_resume_absent_pour_dix_erreurs_au_plus(depot_vide, tmp_path, capsys, monkeypatch):
    resume = tmp_path / "resume.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(resume))
    shutil.copy(CORPUS / "montant-inverse.yaml", depot_vide / "aides" / "montant-inverse.yaml")
    assert main(["--racine", str(depot_vide), "valider"]) == 1
    assert not resume.exists()


# --- Du français légitime, qui ressemble à ce qu'on refuse ---------------------------------------------------


def test_francais_legitime_accepte(depot_vide, capsys):
    fiche = (CORPUS / "montant-inverse.yaml").read_text(encoding="utf-8")
    fiche = fiche.replace("identifiant: montant-inverse", "identifiant: francais").replace("  min: 5000", "  min: 500")
    fiche = fiche.replace("    - Avoir son siège dans le Nord.", "    - Chiffre d'affaires < seuil de 100 000 €.\n    - 'Publier en open data : le portail.'\n    - 'Sans espace, open data: le portail.'")
    fiche = fiche.replace("  Une aide **fictive**, pour les tests.", "  Une aide **fictive** (open data : [le portail](https://www.data.gouv.fr/)), si 3 < 5.")
    (depot_vide / "aides" / "francais.yaml").write_text(fiche, encoding="utf-8")
    assert main(["--racine", str(depot_vide), "valider"]) == 0, capsys.readouterr().err


# Chaque « problem » que peut lever la libyaml embarquée par PyYAML (scanner, parser, reader), relevé dans _yaml.so.
MESSAGES_LIBYAML = [
    "block sequence entries are not allowed in this context", "control characters are not allowed",
    "could not find expected ':'", "could not find expected directive name", "did not find URI escaped octet",
    "did not find expected '!'", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
    "did not find expected '-' indicator", "did not find expected <document start>", "did not find expected <stream-start>",
    "did not find expected alphabetic or numeric character", "did not find expected comment or line break",
    "did not find expected digit or '.' character", "did not find expected hexdecimal number", "did not find expected key",
    "did not find expected node content", "did not find expected tag URI", "did not find expected version number",
    "did not find expected whitespace", "did not find expected whitespace or line break", "did not find the expected '>'",
    "found a tab character that violates indentation", "found a tab character where an indentation space is expected",
    "found an incorrect leading UTF-8 octet", "found an incorrect trailing UTF-8 octet", "found an indentation indicator equal to 0",
    "found character that cannot start any token", "found duplicate %TAG directive", "found duplicate %YAML directive",
    "found extremely long version number", "found incompatible YAML document", "found invalid Unicode character escape code",
    "found undefined tag handle", "found unexpected ':'", "found unexpected document indicator", "found unexpected end of stream",
    "found unexpected non-alphabetical character", "found unknown directive name", "found unknown escape character",
    "incomplete UTF-8 octet sequence", "invalid Unicode character", "invalid leading UTF-8 octet", "invalid length of a UTF-8 sequence",
    "invalid trailing UTF-8 octet", "mapping keys are not allowed in this context", "mapping values are not allowed in this context",
    "input is too long",
]


@pytest.mark.parametrize("probleme", MESSAGES_LIBYAML + ["a message libyaml does not have yet", "expected <block end>, but found '<scalar>'"])
def test_aucun_message_de_libyaml_en_anglais(probleme):
    from generateur.lecture.chargement import _PAR_DEFAUT_YAML, _traduire_yaml

    francais = _traduire_yaml(yaml.MarkedYAMLError(problem=probleme))
    mots = set(re.findall(r"[a-z]+", francais.lower()))
    assert not mots & {"found", "expected", "did", "not", "allowed", "character", "while", "could", "invalid"}, francais
    if probleme in MESSAGES_LIBYAML:
        assert francais != _PAR_DEFAUT_YAML, "chaque message connu a sa traduction, plus précise que le message par défaut"
