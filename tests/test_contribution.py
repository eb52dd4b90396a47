"""Contribuer sans être développeur : liens vers GitHub, squelette de fiche, guide généré, erreurs annotées."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generateur.lecture.documentation import cellule
from generateur.contribution import guide_contributeur as contribution
from generateur.lecture.catalogue import RACINE, charger_catalogue
from generateur.contribution.depot import lire_depot
from generateur.lecture.erreurs import ErreursDeDonnees
from schema import VOCABULAIRES, Aide, Organisation
from tests.depot_minimal import PYTHON, lancer, petit_depot

DEPOT = lire_depot(RACINE)
GITHUB = yaml.safe_load((RACINE / ".github/workflows/verifier.yml").read_text(encoding="utf-8"))


@pytest.fixture
def depot(tmp_path) -> Path:
    return petit_depot(tmp_path / "depot")


def _env_actions() -> dict:
    return {**os.environ, "GITHUB_ACTIONS": "true"}


# --- Adresse du dépôt, écrite une seule fois ------------------------------------------------


def test_adresse_du_depot_lue_dans_mkdocs_yml():
    config = yaml.safe_load((RACINE / "mkdocs.yml").read_text(encoding="utf-8"))
    assert DEPOT.adresse == config["repo_url"].rstrip("/")
    assert DEPOT.site == config["site_url"]
    # Ni les gabarits ni les modules de contribution ne la recopient.
    modules = [*(RACINE / "generateur" / "contribution").glob("*.py"), *(RACINE / "generateur" / "site").glob("*.py")]
    for chemin in [*(RACINE / "generateur").rglob("*.j2"), *modules]:
        assert DEPOT.adresse not in chemin.read_text(encoding="utf-8"), chemin


def test_liens_de_la_page_d_une_aide(site_construit, catalogue):
    identifiant = sorted(catalogue.aides)[0]
    html = (site_construit / "aides" / identifiant / "index.html").read_text(encoding="utf-8")
    modifier = re.search(r'href="([^"]+)"[^>]*data-contribuer="modifier"', html).group(1)
    assert modifier == f"{DEPOT.adresse}/edit/main/aides/{identifiant}.yaml"
    # Le bouton crayon de Material ouvre lui aussi le fichier YAML, pas la page produite.
    assert f'href="{DEPOT.adresse}/edit/main/aides/{identifiant}.yaml" title=' in html
    signaler = re.search(r'href="([^"]+)"[^>]*data-contribuer="signaler"', html).group(1).replace("&amp;", "&")
    adresse = urlsplit(signaler)
    assert f"{adresse.scheme}://{adresse.netloc}{adresse.path}" == f"{DEPOT.adresse}/issues/new"
    champs = {k: v[0] for k, v in parse_qs(adresse.query).items()}
    assert champs["template"] == "signaler-une-erreur.yml"
    assert champs["aide"] == identifiant
    assert catalogue.aides[identifiant].titre in champs["title"]
    assert champs["page"] == f"{DEPOT.site}aides/{identifiant}/"
    # Chaque paramètre prérempli correspond à un champ du formulaire de ticket.
    formulaire = yaml.safe_load((RACINE / ".github/ISSUE_TEMPLATE" / champs["template"]).read_text(encoding="utf-8"))
    ids = {element.get("id") for element in formulaire["body"]}
    assert {"aide", "page"} <= ids
    assert "Proposer une modification" in html and "Signaler une erreur" in html


def test_proposer_une_nouvelle_aide_ouvre_un_modele_valide(site_construit, depot):
    html = (site_construit / "contribuer" / "index.html").read_text(encoding="utf-8")
    balise = re.search(r'<a [^>]*data-contribuer="nouvelle-aide"[^>]*>', html).group(0)
    lien = re.search(r'href="([^"]+)"', balise).group(1).replace("&amp;", "&")
    adresse = urlsplit(lien)
    assert f"{adresse.scheme}://{adresse.netloc}{adresse.path}" == f"{DEPOT.adresse}/new/main/aides"
    champs = {k: v[0] for k, v in parse_qs(adresse.query).items()}
    assert champs["value"].startswith("# ")  # modèle commenté
    assert len(lien) < 8000  # GitHub refuse les adresses trop longues
    # Le fichier, enregistré tel que GitHub le propose, passe la validation.
    (depot / "aides" / champs["filename"]).write_text(champs["value"], encoding="utf-8")
    resultat = lancer(depot, "valider")
    assert resultat.returncode == 0, resultat.stderr
    assert "À compléter" in resultat.stderr  # mais il est signalé comme inachevé
    assert 'href="' + DEPOT.adresse + "/blob/main/CONTRIBUTING.md" in html
    # La page est au menu, la page des mainteneurs n'y est pas.
    accueil = (site_construit / "index.html").read_text(encoding="utf-8")
    assert 'href="contribuer/"' in accueil
    assert "a-verifier/" not in accueil


# --- Guide du contributeur généré depuis schema.py -------------------------------------------


def test_contributing_est_a_jour():
    assert contribution.guide_a_jour(RACINE), "CONTRIBUTING.md n'est plus à jour : lancez python -m generateur contribution"


def test_contributing_decrit_chaque_champ_et_chaque_valeur():
    texte = (RACINE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for modele in (Aide, Organisation):
        for nom, info in modele.model_fields.items():
            assert f"| `{nom}` |" in texte, nom
            vocabulaire = any(info.description and info.description.startswith(f"{v.titre} :") for v in VOCABULAIRES.values())
            if info.description and not vocabulaire:  # une liste de valeurs est décrite par son tableau
                assert cellule(info.description) in texte, nom
    for vocabulaire in VOCABULAIRES.values():
        for terme in vocabulaire:
            assert f"| `{terme.valeur}` | {cellule(terme.libelle)} | {cellule(terme.definition)} |" in texte
    for rubrique in ("pas à pas", "Citer une source", "Dater une vérification", "Ce qui se passe après"):
        assert rubrique in texte


def test_le_guide_repond_aux_cas_des_contributeurs():
    texte = (RACINE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    cas = {
        "## Où l'aide s'applique (`territoire`)": ["EPCI-", "aides/referentiel/territoires.yaml", "exclusions"],
        "## Cas particuliers": ["etat: a-confirmer", "types: [avantage-fiscal]", "montant.produits", "`AAAA-MM-JJ`"],
        "## Guillemets : le piège des deux-points": ['- "Payer au Smic : 1 801,80 € brut par mois"'],
        "## Avec l'éditeur de formulaires (`/admin/`)": ["demande de modification", "make editeur"],
        "## Voir la fiche sur votre ordinateur": ["make serve", "make bench"],
        "### Ajouter une organisation": ["aides/organisations/"],
    }
    for titre, contenus in cas.items():
        assert titre in texte, titre
        section = texte.split(titre, 1)[1].split("\n## ", 1)[0]
        for contenu in contenus:
            assert contenu in section, (titre, contenu)
    assert "exemple à remplacer" in texte and "notes_internes" in texte
    # La durée de l'aperçu est celle mesurée par make bench, écrite en chiffres.
    assert re.search(r"à jour dans sa page servie en moins de \d+ s : c.est ce que `make bench` a mesuré", texte)
    # Une seule règle pour dater une source, dite une fois.
    assert texte.count("`consultee_le` : seulement si la page n'affiche **aucune** date") == 1


def test_commande_contribution_reecrit_la_partie_generee(depot):
    guide = depot / "CONTRIBUTING.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("| `resume` |", "| `resumé` |"), encoding="utf-8")
    verification = lancer(depot, "contribution", "--verifier")
    assert verification.returncode == 1 and "n'est plus à jour" in verification.stderr
    assert lancer(depot, "contribution").returncode == 0
    assert guide.read_text(encoding="utf-8") == (RACINE / "CONTRIBUTING.md").read_text(encoding="utf-8")


# --- nouvelle-aide ------------------------------------------------------------------------------


def test_nouvelle_aide_ecrit_un_squelette_valide_et_n_ecrase_rien(depot):
    resultat = lancer(depot, "nouvelle-aide", "Financer l'emploi : « Poste » associatif #2", "--date", "2026-11-27")
    assert resultat.returncode == 0, resultat.stderr
    fichier = depot / "aides" / "financer-l-emploi-poste-associatif-2.yaml"
    assert fichier.is_file() and "aides/financer-l-emploi-poste-associatif-2.yaml" in resultat.stdout
    catalogue = charger_catalogue(depot)
    aide = catalogue.aides["financer-l-emploi-poste-associatif-2"]
    assert aide.titre == "Financer l'emploi : « Poste » associatif #2"
    assert str(aide.derniere_verification) == "2026-11-27"

    contenu = fichier.read_bytes()
    deuxieme = lancer(depot, "nouvelle-aide", "Financer l'emploi : « Poste » associatif #2")
    assert deuxieme.returncode == 1 and "existe déjà" in deuxieme.stderr
    assert fichier.read_bytes() == contenu


def test_nouvelle_aide_refuse_une_organisation_sans_fichier(depot):
    resultat = lancer(depot, "nouvelle-aide", "Aide du département", "--organisation", "departement-yvelines")
    assert resultat.returncode == 1
    assert "Rien n'a été écrit : organisation inconnue « departement-yvelines » ; aucun fichier aides/organisations/departement-yvelines.yaml : créez-le d'abord" in resultat.stderr
    assert "vouliez-vous dire" not in resultat.stderr
    assert not list((depot / "aides").glob("*.yaml"))
    faute = lancer(depot, "nouvelle-aide", "Aide du département", "--organisation", "departement-somm")
    assert faute.returncode == 1 and "vouliez-vous dire « departement-somme » ?" in faute.stderr


def test_identifiant_du_sigle_ou_des_premiers_mots(depot):
    titre = "Fonds pour le développement de la vie associative : financer le fonctionnement et les projets innovants"
    assert lancer(depot, "nouvelle-aide", titre, "--organisation", "sdjes").returncode == 0
    assert (depot / "aides" / "fonds-pour-le-developpement-de-la-vie-associative-financer.yaml").is_file()
    assert lancer(depot, "nouvelle-aide", "Financer le fonctionnement", "--sigle", "FDVA 2", "--organisation", "sdjes").returncode == 0
    fichier = depot / "aides" / "fdva-2.yaml"
    assert 'sigle: "FDVA 2"' in fichier.read_text(encoding="utf-8")
    assert charger_catalogue(depot).aides["fdva-2"].porteurs[0].organisation == "sdjes"


def test_valeurs_d_exemple_du_modele_laissees_telles_quelles_avertissent(depot):
    assert lancer(depot, "nouvelle-aide", "Aide d'exemple", "--date", "2026-11-27").returncode == 0
    fichier = depot / "aides" / "aide-d-exemple.yaml"
    texte = fichier.read_text(encoding="utf-8")
    assert "# notes_internes:" in texte, "le champ des notes aux relecteurs est montré"
    sortie = lancer(depot, "valider").stderr
    for debut in ("types: [subvention]", "  structures: [association]", "besoins: [fonctionnement]", "  codes: [REG-32]",
                  "  recurrence: permanente", "  - organisation: cress-hauts-de-france", "    consultee_le: 2026-11-27"):
        ligne = _ligne(fichier, debut)
        assert re.search(rf"^aides/aide-d-exemple.yaml:{ligne}:\d+: avertissement : « {re.escape(debut.strip().lstrip('- '))} » est une valeur d'exemple", sortie, re.M), debut
    # Valeur choisie, marque retirée : plus d'avertissement sur la ligne.
    fichier.write_text(re.sub(r"types: \[subvention\].*", "types: [pret]", texte), encoding="utf-8")
    sortie = lancer(depot, "valider").stderr
    assert f"aides/aide-d-exemple.yaml:{_ligne(fichier, 'types:')}:" not in sortie
    assert f"aides/aide-d-exemple.yaml:{_ligne(fichier, 'besoins:')}:" in sortie


def test_nouvelle_aide_refuse_un_titre_sans_lettre(depot):
    resultat = lancer(depot, "nouvelle-aide", " ?! ")
    assert resultat.returncode == 1 and "Rien n'a été écrit" in resultat.stderr
    assert not list((depot / "aides").glob("*.yaml"))


# --- Erreurs qu'un contributeur peut corriger, et commandes de la vérification des propositions --

FAUTES = {
    "besoins: [fonctionnement]": "besoins: [tresorie, fonctionnement]",
    "territoire:\n": "territoir:\n",
    "derniere_verification: 2026-11-27": "derniere_verification: 27/11/2026",
    "  recurrence: permanente": "  recurrence: permanente\n  dans_la_limite_des_fonds: peut-être",
}


def _fiche_modifiee_par_un_debutant(depot: Path) -> Path:
    assert lancer(depot, "nouvelle-aide", "Aide modifiée dans le navigateur", "--date", "2026-11-27").returncode == 0
    fichier = depot / "aides" / "aide-modifiee-dans-le-navigateur.yaml"
    texte = fichier.read_text(encoding="utf-8")
    for avant, apres in FAUTES.items():
        assert avant in texte
        texte = texte.replace(avant, apres)
    fichier.write_text(texte, encoding="utf-8")
    return fichier


def _ligne(fichier: Path, debut: str) -> int:
    return next(i for i, l in enumerate(fichier.read_text(encoding="utf-8").splitlines(), 1) if l.startswith(debut))


def test_commandes_du_workflow_de_proposition_annotent_les_lignes(depot):
    """Les étapes `python -m generateur …` de verifier.yml, lancées comme sur GitHub, sur une fiche abîmée."""
    fichier = _fiche_modifiee_par_un_debutant(depot)
    etapes = [e["run"] for e in GITHUB["jobs"]["verifier"]["steps"] if "run" in e]
    commandes = [shlex.split(e) for e in etapes if e.startswith(".venv/bin/python -m generateur")]
    assert [c[3] for c in commandes] == ["valider", "contribution", "construire"]

    valider = subprocess.run([PYTHON, *commandes[0][1:]], cwd=depot, capture_output=True, text=True, env=_env_actions(), timeout=120)
    assert valider.returncode == 1
    sortie = valider.stderr
    nom = "aides/aide-modifiee-dans-le-navigateur.yaml"
    attendu = {
        _ligne(fichier, "besoins:"): "vouliez-vous dire « tresorerie » ?",
        _ligne(fichier, "territoir:"): "clé inconnue « territoir » ; vouliez-vous dire « territoire » ?",
        _ligne(fichier, "derniere_verification:"): "le format attendu est AAAA-MM-JJ",
        _ligne(fichier, "  dans_la_limite_des_fonds:"): "true ou false est attendu, reçu « peut-être »",
    }
    for ligne, message in attendu.items():
        annotation = re.search(rf"^::error file={re.escape(nom)},line={ligne},col=\d+,title=Fiche invalide::(.*)$", sortie, re.M)
        assert annotation and message in annotation.group(1), (ligne, message, sortie)
        assert re.search(rf"^{re.escape(nom)}:{ligne}:\d+: .*{re.escape(message)}", sortie, re.M)
    # Toutes les erreurs en une fois, et le champ manquant dit ce qui était attendu.
    assert "territoire: champ obligatoire manquant ; attendu : Où l'aide s'applique" in sortie
    assert "5 erreurs" in sortie

    # Corrigée, la fiche passe ; les « À compléter » restants deviennent des avertissements sur leurs lignes.
    texte = fichier.read_text(encoding="utf-8")
    for avant, apres in FAUTES.items():
        texte = texte.replace(apres, avant)
    fichier.write_text(texte, encoding="utf-8")
    valider = subprocess.run([PYTHON, *commandes[0][1:]], cwd=depot, capture_output=True, text=True, env=_env_actions(), timeout=120)
    assert valider.returncode == 0, valider.stderr
    assert f"::warning file={nom},line={_ligne(fichier, 'resume:')}," in valider.stderr

    guide = subprocess.run([PYTHON, *commandes[1][1:]], cwd=depot, capture_output=True, text=True, timeout=120)
    assert guide.returncode == 0, guide.stderr


def test_sans_github_actions_pas_d_annotation(depot):
    _fiche_modifiee_par_un_debutant(depot)
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    resultat = lancer(depot, "valider", env=env)
    assert resultat.returncode == 1 and "::error" not in resultat.stderr
    with pytest.raises(ErreursDeDonnees) as exc:
        charger_catalogue(depot)
    assert len(exc.value.erreurs) == 5


def test_pre_commit_valide_les_fiches_modifiees(depot):
    """Le crochet pre-commit du dépôt, lancé par pre-commit lui-même sur une fiche abîmée."""
    fichier = _fiche_modifiee_par_un_debutant(depot)
    (depot / ".venv").symlink_to(Path(PYTHON).parent.parent)
    env = {**os.environ, "PRE_COMMIT_HOME": str(depot.parent / "pre-commit"), "GIT_CONFIG_GLOBAL": os.devnull}
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=depot, check=True, env=env)
    subprocess.run([*git, "add", "."], cwd=depot, check=True, env=env)
    pre_commit = [str(Path(PYTHON).parent / "pre-commit"), "run", "--files"]
    resultat = subprocess.run([*pre_commit, str(fichier.relative_to(depot))], cwd=depot, capture_output=True, text=True, env=env, timeout=120)
    assert resultat.returncode == 1, resultat.stdout
    assert "Valider les fiches modifiées" in resultat.stdout and "Failed" in resultat.stdout
    assert "vouliez-vous dire « tresorerie » ?" in resultat.stdout
    # Un fichier hors de aides/ ne déclenche pas la validation.
    resultat = subprocess.run([*pre_commit, "mkdocs.yml"], cwd=depot, capture_output=True, text=True, env=env, timeout=120)
    assert resultat.returncode == 0, resultat.stdout
    assert "Valider les fiches modifiées" in resultat.stdout and "Skipped" in resultat.stdout


def test_nouvelle_aide_tire_un_identifiant_national_neuf_et_une_copie_est_refusee(depot):
    """Chaque fiche neuve reçoit son identifiant national une fois pour toutes ; une fiche copiée qui le garde est refusée."""
    from generateur.cli import main
    from generateur.lecture.catalogue import charger_catalogue
    from generateur.lecture.chargement import charger
    from generateur.lecture.erreurs import ErreursDeDonnees

    assert main(["--racine", str(depot), "nouvelle-aide", "Fonds pour les jardins partagés"]) == 0
    assert main(["--racine", str(depot), "nouvelle-aide", "Fonds pour les ressourceries"]) == 0
    premier = charger(depot / "aides" / "fonds-pour-les-jardins-partages.yaml")[0]["identifiant_national"]
    second = charger(depot / "aides" / "fonds-pour-les-ressourceries.yaml")[0]["identifiant_national"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", premier) and premier != second
    copie = (depot / "aides" / "fonds-pour-les-ressourceries.yaml").read_text(encoding="utf-8").replace(second, premier)
    (depot / "aides" / "fonds-pour-les-ressourceries.yaml").write_text(copie, encoding="utf-8")
    with pytest.raises(ErreursDeDonnees) as erreur:
        charger_catalogue(depot)
    messages = [str(e) for e in erreur.value.erreurs]
    assert any(m.startswith("aides/fonds-pour-les-ressourceries.yaml:6:") and "identifiant_national" in m
               and "déjà porté par aides/fonds-pour-les-jardins-partages.yaml" in m for m in messages), messages
