"""L'éditeur de formulaires /admin/ (Decap CMS) : configuration tirée de schema.py, servi par le site,
et un vrai parcours dans Chromium sur le serveur local de Decap, qui écrit dans un dépôt git."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from pydantic import BaseModel

from generateur.contribution.editeur import VERSION_DECAP, configuration, ecrire_editeur
from generateur.lecture.catalogue import RACINE, charger_catalogue, charger_referentiel
from generateur.lecture.documentation import sous_modele
from generateur.site.preparation import _copier_les_bibliotheques
from schema import Aide
from tests.conftest import servir

SERVEUR_DECAP = RACINE / ".outils/node_modules/decap-server/dist/index.js"
EXISTANTE = "fdva-2-fonctionnement-innovation"
NOUVELLE = "aide-creee-par-le-formulaire"


def _config() -> dict:
    zones = charger_referentiel(RACINE, "territoires").zones
    return configuration("https://github.com/aides-ess/aides-ess", "https://aides-ess.github.io/aides-ess/", zones)


def _champ(champs: list[dict], *chemin: str) -> dict:
    for nom in chemin:
        champ = next(c for c in champs if c["name"] == nom)
        champs = champ.get("fields", [])
    return champ


# --- Configuration -------------------------------------------------------------------------------


def test_configuration_tiree_du_schema():
    config = _config()
    assert config["backend"] == {**config["backend"], "name": "github", "repo": "aides-ess/aides-ess", "branch": "main", "open_authoring": True}
    assert config["publish_mode"] == "editorial_workflow", "chaque proposition devient une demande de fusion"
    assert config["locale"] == "fr"
    aides = next(c for c in config["collections"] if c["name"] == "aides")
    assert (aides["folder"], aides["extension"], aides["slug"]) == ("aides", "yaml", "{{identifiant}}")
    champs = aides["fields"]
    assert [c["name"] for c in champs] == list(Aide.model_fields), "tous les champs, dans l'ordre du schéma"
    assert _champ(champs, "resume")["label"] == "Résumé"
    assert _champ(champs, "derniere_verification")["label"] == "Dernière vérification"
    assert _champ(champs, "a_confirmer")["label"] == "À confirmer"
    assert _champ(champs, "resume")["hint"] == "Une phrase de 200 caractères au plus : ce que l'aide apporte et à qui."
    types = _champ(champs, "types")
    assert (types["widget"], types["multiple"], types["min"]) == ("select", True, 1)
    assert {"label": "Prêt d'honneur", "value": "pret-honneur"} in types["options"]
    etat = _champ(champs, "situation", "etat")
    assert etat["widget"] == "select" and not etat["multiple"]
    assert {"label": "À confirmer", "value": "a-confirmer"} in etat["options"]
    organisation = _champ(champs, "porteurs", "organisation")
    assert (organisation["widget"], organisation["collection"], organisation["value_field"]) == ("relation", "organisations", "identifiant")
    assert _champ(champs, "calendrier", "fermeture", "remplacee_par")["collection"] == "aides"
    codes = _champ(champs, "territoire", "codes")
    assert codes["widget"] == "select" and codes["multiple"]
    assert {"label": "Somme (DEP-80)", "value": "DEP-80"} in codes["options"]
    assert {"label": "France entière", "value": "FR"} == codes["options"][0]
    assert _champ(champs, "derniere_verification")["widget"] == "datetime"
    assert _champ(champs, "derniere_verification")["format"] == "YYYY-MM-DD"
    date_source = _champ(champs, "sources", "date")
    assert date_source["widget"] == "string" and re.fullmatch(date_source["pattern"][0], "2026-03")
    assert _champ(champs, "sources")["widget"] == "list" and _champ(champs, "sources")["min"] == 1
    assert _champ(champs, "demarche", "etapes")["field"]["widget"] == "string"
    assert _champ(champs, "description")["widget"] == "text"
    assert _champ(champs, "montant", "min")["value_type"] == "float"
    # Une rubrique facultative laissée vide ne bloque pas l'enregistrement : ses champs obligatoires sont vérifiés par la validation.
    assert _champ(champs, "montant", "enveloppe", "montant")["required"] is False
    assert _champ(champs, "sources", "url")["required"] is True
    assert _champ(champs, "notes_internes")["required"] is False


def test_version_de_decap_epinglee_et_servie():
    makefile = (RACINE / "Makefile").read_text(encoding="utf-8")
    assert f"decap-cms@{VERSION_DECAP}" in makefile
    installe = json.loads((RACINE / ".outils/node_modules/decap-cms/package.json").read_text(encoding="utf-8"))
    assert installe["version"] == VERSION_DECAP
    page = (RACINE / "docs/admin/index.html").read_text(encoding="utf-8")
    assert re.findall(r'src="([^"]+)"', page) == ["../assets/vendor/decap-cms/decap-cms.js", "../assets/editeur.js"]
    assert "http" not in page, "aucune requête vers un autre site"


# --- Dans Chromium ----------------------------------------------------------------------------------


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def editeur(tmp_path_factory):
    """Un dépôt git (organisations, référentiels, une fiche), le serveur local de Decap qui y écrit, la page /admin/."""
    racine = tmp_path_factory.mktemp("editeur")
    depot = racine / "depot"
    for dossier in ("aides/organisations", "aides/referentiel"):
        shutil.copytree(RACINE / dossier, depot / dossier)
    shutil.copy(RACINE / "aides" / f"{EXISTANTE}.yaml", depot / "aides")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=depot, check=True)
    subprocess.run([*git, "add", "."], cwd=depot, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "départ"], cwd=depot, check=True)

    port = _port_libre()
    environnement = {"PATH": "/usr/bin:/bin", "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1",
                     "GIT_REPO_DIRECTORY": str(depot), "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                     "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org", "HOME": str(racine)}
    serveur = subprocess.Popen(["node", str(SERVEUR_DECAP)], env=environnement, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        site = racine / "site"
        _copier_les_bibliotheques(RACINE, site)
        (site / "admin").mkdir()
        shutil.copy(RACINE / "docs/admin/index.html", site / "admin")
        shutil.copy(RACINE / "docs/assets/editeur.js", site / "assets")
        zones = charger_referentiel(RACINE, "territoires").zones
        ecrire_editeur(site / "admin", "https://github.com/aides-ess/aides-ess", "", zones, f"http://127.0.0.1:{port}/api/v1")
        adresse, http = servir(site)
        yield adresse + "admin/", depot
        http.shutdown()
    finally:
        serveur.terminate()
        serveur.wait(timeout=10)


def _saisie(page, nom: str, n: int = 0):
    """Le champ « nom » du formulaire (Decap nomme ses champs « <nom>-field-<numéro> »)."""
    return page.locator(f"[id^='{nom}-field-']").nth(n)


def _choisir(page, nom: str, option: str, n: int = 0) -> None:
    _saisie(page, nom, n).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()


def _enregistrer(page, depot: Path, identifiant: str) -> str:
    """Enregistre ; le flux éditorial écrit la fiche sur sa branche (la future demande de fusion), qu'on relit."""
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    branche = f"cms/aides/{identifiant}"
    for _ in range(100):
        # La branche naît avant son commit : on attend le commit de la proposition.
        commits = subprocess.run(["git", "rev-list", f"main..{branche}"], cwd=depot, capture_output=True, text=True).stdout.split()
        if commits:
            return subprocess.run(["git", "show", f"{commits[0]}:aides/{identifiant}.yaml"], cwd=depot, capture_output=True, text=True, check=True).stdout
        time.sleep(0.1)
    raise AssertionError(f"rien d'écrit sur la branche {branche}")



def _ordre_canonique(donnees, modele: type[BaseModel], chemin: str = "") -> list[str]:
    """Les endroits où les clés ne suivent pas l'ordre du schéma (liste vide : tout est dans l'ordre)."""
    if isinstance(donnees, list):
        return [e for i, element in enumerate(donnees) for e in _ordre_canonique(element, modele, f"{chemin}[{i}]")]
    if not isinstance(donnees, dict):
        return []
    ordre = list(modele.model_fields)
    cles = list(donnees)
    problemes = [] if cles == sorted(cles, key=ordre.index) else [f"{chemin or 'fiche'} : {cles}"]
    for cle, valeur in donnees.items():
        sous = sous_modele(modele.model_fields[cle].annotation)
        if sous:
            problemes += _ordre_canonique(valeur, sous, f"{chemin}.{cle}".lstrip("."))
    return problemes


def _valider(depot: Path, identifiant: str, texte: str, tmp_path: Path) -> Aide:
    """La fiche écrite, relue par le vrai validateur dans une copie du dépôt."""
    copie = tmp_path / "verification"
    shutil.copytree(depot / "aides", copie / "aides", ignore=shutil.ignore_patterns(f"{identifiant}.yaml"))
    (copie / "aides" / f"{identifiant}.yaml").write_text(texte, encoding="utf-8")
    return charger_catalogue(copie).aides[identifiant]


def test_creer_puis_modifier_une_aide_par_le_formulaire(editeur, page, tmp_path):
    adresse, depot = editeur
    erreurs = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    ailleurs = []
    page.on("request", lambda r: ailleurs.append(r.url) if not r.url.startswith("http://127.0.0.1") else None)
    page.goto(adresse)
    page.get_by_role("button", name="Se connecter").click()

    # Créer.
    page.goto(adresse + "#/collections/aides/new")
    _saisie(page, "identifiant").fill(NOUVELLE)
    _saisie(page, "titre").fill("Aide créée par le formulaire")
    _saisie(page, "resume").fill("Payer au Smic : 1 801,80 € par mois, pour essayer le formulaire.")
    _saisie(page, "description").fill("Une aide **fictive**.\n\n- un point ;\n- un autre.")
    page.get_by_role("button", name=re.compile("Ajouter porteurs")).click()
    _choisir(page, "roles", "Financeur")  # avant l'organisation : l'ordre de saisie n'est pas celui du schéma
    _choisir(page, "organisation", "Services départementaux à la jeunesse")
    _choisir(page, "types", "Subvention")
    _choisir(page, "structures", "Coopérative")
    _choisir(page, "besoins", "Emploi")
    _choisir(page, "codes", "Somme (DEP-80)")
    _choisir(page, "etat", "À confirmer")
    _choisir(page, "recurrence", "Permanente")
    page.get_by_role("button", name=re.compile("Ajouter sources")).click()
    _saisie(page, "url").fill("https://www.exemple.fr/source")
    _saisie(page, "titre", 1).fill("Page d'exemple")
    _saisie(page, "date", 1).fill("2026")  # le premier « date » est celui de la fermeture
    _saisie(page, "derniere_verification").fill("2026-11-27")
    texte = _enregistrer(page, depot, NOUVELLE)

    aide = _valider(depot, NOUVELLE, texte, tmp_path)
    assert aide.resume == "Payer au Smic : 1 801,80 € par mois, pour essayer le formulaire."
    assert aide.porteurs[0].organisation == "sdjes" and aide.porteurs[0].roles == ["financeur"]
    assert (aide.types, aide.beneficiaires.structures, aide.besoins) == (["subvention"], ["cooperative"], ["emploi"])
    assert aide.territoire.codes == ["DEP-80"]
    assert aide.sources[0].date.iso == "2026", "une source datée par l'année"
    assert str(aide.derniere_verification) == "2026-11-27"
    assert _ordre_canonique(yaml.safe_load(texte), Aide) == []
    assert not erreurs and not ailleurs, (erreurs, ailleurs)

    # Modifier une fiche existante : seul le titre change, la fiche reste valide et dans l'ordre.
    avant = yaml.safe_load((depot / "aides" / f"{EXISTANTE}.yaml").read_text(encoding="utf-8"))
    page.wait_for_url(re.compile(f"entries/{NOUVELLE}"))
    page.goto(adresse + "#/collections/aides")
    page.get_by_role("link", name=avant["titre"]).click()
    expect(_saisie(page, "titre")).to_have_value(avant["titre"], timeout=30_000)
    _saisie(page, "titre").fill("Financer le fonctionnement de votre association")
    texte = _enregistrer(page, depot, EXISTANTE)
    aide = _valider(depot, EXISTANTE, texte, tmp_path / "modifiee")
    assert aide.titre == "Financer le fonctionnement de votre association"
    apres = yaml.safe_load(texte)
    assert {k: v for k, v in apres.items() if k != "titre"} == {k: v for k, v in avant.items() if k != "titre"}
    assert _ordre_canonique(apres, Aide) == []
    assert not erreurs and not ailleurs, (erreurs, ailleurs)
