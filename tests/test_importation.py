"""Échanges au format national : identité stable, aller-retour, mises à jour, rien de deviné, entrées réelles.

Les fichiers de tests/corpus/national/ sont écrits à la main : chacun reproduit une bizarrerie vue dans de vrais
fichiers (tableur en Windows-1252, autoliens, codes d'outre-mer, porteurs d'un autre exportateur…).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
from pathlib import Path

import pytest

from conftest import DATE_TESTS
from generateur import cli
from generateur.exports import donnees as exports
from generateur.exports.format_national import ligne_nationale
from generateur.exports.importation import DERNIERS_IMPORTS, _fusion, departements_touches, importer
from generateur.lecture.catalogue import RACINE, charger_catalogue
from generateur.lecture.chargement import charger
from generateur.regles.statut import statut_general
from schema import Aide

CORPUS = Path(__file__).parent / "corpus" / "national"
ADRESSE = "https://aides-ess.github.io/aides-ess/"


def _depot(racine: Path, avec_aides: bool = False) -> Path:
    """Un dépôt sans fiche (ou avec toutes les fiches), avec organisations, référentiels et mkdocs.yml."""
    if avec_aides:
        shutil.copytree(RACINE / "aides", racine / "aides")
    else:
        for dossier in ("aides/organisations", "aides/referentiel"):
            shutil.copytree(RACINE / dossier, racine / dossier)
    shutil.copy2(RACINE / "mkdocs.yml", racine / "mkdocs.yml")
    return racine


def _empreintes(dossier: Path) -> dict[str, bytes]:
    return {str(p.relative_to(dossier)): p.read_bytes() for p in sorted(dossier.rglob("*")) if p.is_file()}


def _importer(racine: Path, fichier: Path, *options: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["--racine", str(racine), "importer", str(fichier), *options])
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


def _brouillon(racine: Path, nom: str) -> dict:
    return charger(racine / "aides" / "brouillons" / f"{nom}.yaml")[0]


# --- 1. Identité stable ------------------------------------------------------------------


def test_chaque_fiche_porte_son_identifiant_national(catalogue):
    fiches = sorted((RACINE / "aides").glob("*.yaml"))
    assert len(fiches) == len(catalogue.aides)
    for chemin in fiches:
        lignes = chemin.read_text(encoding="utf-8").splitlines()
        assert lignes[1].startswith("identifiant: ") and lignes[2].startswith("identifiant_national: "), chemin.name
    # Valeur recopiée de dispositif-aide.csv publié avant ce champ : l'adresse nationale de l'aide n'a pas bougé.
    assert catalogue.aides["agrement-esus"].identifiant_national == "0506d502-8515-53ab-9221-3497da68da93"
    assert catalogue.aides["dla-dispositif-local-accompagnement"].identifiant_national == "3c0f92f2-8093-5554-8689-fa9c9799c2d6"
    tous = [a.identifiant_national for a in catalogue.aides.values()]
    assert len(set(tous)) == len(tous)


def test_l_identifiant_national_survit_a_un_changement_de_nom(catalogue):
    aide = catalogue.aides["agrement-esus"].model_copy(update={"identifiant": "agrement-esus-renomme"})
    s = statut_general(aide, DATE_TESTS, catalogue.territoires)
    ligne = ligne_nationale(aide, catalogue.organisations, s, catalogue.territoires.session_du_lecteur(aide), ADRESSE)
    assert ligne["id"] == "0506d502-8515-53ab-9221-3497da68da93"
    assert "Fiche : https://aides-ess.github.io/aides-ess/aides/agrement-esus-renomme/." in ligne["description"]


@pytest.fixture(scope="module")
def notre_export(catalogue, tmp_path_factory) -> Path:
    chemin = tmp_path_factory.mktemp("export") / "dispositif-aide.csv"
    chemin.write_text(exports.texte_national(catalogue, DATE_TESTS, ADRESSE), encoding="utf-8", newline="")
    return chemin


def _sans_date_de_fin(aide: Aide) -> bool:
    """Règle écrite à la main : une aide close sans date de fin ni date de session n'est pas dans le fichier national."""
    cal = aide.calendrier
    return bool(cal.fermeture) and not cal.fermeture.date and not any(s.date_limite or s.ouverture for s in cal.sessions)


def test_notre_export_reimporte_dans_un_catalogue_vide_redonne_les_memes_aides(catalogue, notre_export, tmp_path, capsys):
    racine = _depot(tmp_path)
    code, sortie, erreurs = _importer(racine, notre_export, "--dossier", str(racine / "aides"), capsys=capsys)
    assert code == 0, erreurs
    importe = charger_catalogue(racine)  # toutes valides, organisations et territoires connus
    attendus = {i for i, a in catalogue.aides.items() if not _sans_date_de_fin(a)}
    assert set(importe.aides) == attendus, "mêmes identifiants, donc mêmes adresses de pages"
    for identifiant, copie in importe.aides.items():
        aide = catalogue.aides[identifiant]
        assert copie.identifiant_national == aide.identifiant_national, identifiant
        assert statut_general(copie, DATE_TESTS, catalogue.territoires).code == statut_general(aide, DATE_TESTS, catalogue.territoires).code, identifiant
        assert copie.types == aide.types, identifiant
        assert copie.besoins == aide.besoins, identifiant
        assert copie.beneficiaires.structures == aide.beneficiaires.structures, identifiant
        assert [p.organisation for p in copie.porteurs] == [p.organisation for p in aide.porteurs], identifiant
        assert [p.roles for p in copie.porteurs] == [p.roles for p in aide.porteurs], identifiant
    # Une seconde fois : rien ne change, octet pour octet.
    avant = _empreintes(racine / "aides")
    code, sortie, _ = _importer(racine, notre_export, "--dossier", str(racine / "aides"), capsys=capsys)
    assert code == 0
    assert _empreintes(racine / "aides") == avant
    assert f"0 brouillon(s) écrit(s) dont 0 incomplet(s), 0 fiche(s) mise(s) à jour, {len(attendus)} inchangée(s)" in sortie


def test_notre_export_reimporte_dans_le_catalogue_complet_ne_cree_ni_doublon_ni_changement(notre_export, tmp_path, capsys):
    racine = _depot(tmp_path, avec_aides=True)
    avant = _empreintes(racine / "aides")
    code, sortie, erreurs = _importer(racine, notre_export, capsys=capsys)
    assert code == 0, erreurs
    assert _empreintes(racine / "aides") == avant, "ni brouillon en double, ni fiche réécrite"
    assert "0 brouillon(s) écrit(s)" in sortie and "0 fiche(s) mise(s) à jour" in sortie
    # Ce que le format national dit moins bien que la fiche est gardé et dit, pas écrasé.
    assert "dla-dispositif-local-accompagnement.yaml : « beneficiaires » modifié à la main, gardé" in erreurs


# --- 2. Mise à jour champ par champ ----------------------------------------------------------


ENTETE = ("id,titre,promesse,description,eligibilite,types_aides,porteurs,programmes_parents,url_source,cibles,"
          "eligibilite_geographique,eligibilite_geographique_exclusions,date_ouverture,date_cloture,date_mise_a_jour\n")
VERSION_1 = ENTETE + (
    '0f1e2d3c-4b5a-4697-8877-665544332211,Fonds des jardins partagés,,"Le fonds aide les jardins partagés.",'
    '"• Être une association de jardiniers.",conseil,"[{""nom"": ""Région Hauts-de-France"", ""roles"": [""financeur""]}]",,'
    'https://www.exemple-producteur.fr/aides/jardins/,associations,REG-32,,2026-01-05T00:00:00+01:00,2026-03-31T23:59:59+02:00,'
    '2026-11-20T10:00:00Z\n')
VERSION_2 = (VERSION_1.replace("Le fonds aide les jardins partagés.", "Le fonds aide les jardins partagés et les vergers.")
             .replace("Fonds des jardins partagés", "Fonds des jardins et vergers partagés")
             .replace("2026-03-31T23:59:59+02:00", "2026-04-30T23:59:59+02:00"))


def test_une_aide_connue_est_mise_a_jour_champ_par_champ_sauf_ce_qu_un_relecteur_a_modifie(tmp_path, capsys):
    racine = _depot(tmp_path)
    v1, v2 = tmp_path / "v1.csv", tmp_path / "v2.csv"
    v1.write_text(VERSION_1, encoding="utf-8")
    v2.write_text(VERSION_2, encoding="utf-8")
    _importer(racine, v1, capsys=capsys)
    brouillon = racine / "aides" / "brouillons" / "fonds-des-jardins-partages.yaml"
    assert brouillon.is_file() and (racine / "aides" / "brouillons" / DERNIERS_IMPORTS).is_file()
    # Le relecteur retouche le titre et ajoute un commentaire.
    texte = brouillon.read_text(encoding="utf-8").replace("titre: Fonds des jardins partagés\n",
                                                          "# titre revu avec la Région\ntitre: Cultiver un jardin partagé\n")
    brouillon.write_text(texte, encoding="utf-8")

    code, sortie, erreurs = _importer(racine, v2, capsys=capsys)
    assert code == 1, "le brouillon reste incomplet (besoins, vérification)"
    assert "fonds-des-jardins-partages.yaml — description : « Le fonds aide les jardins partagés. » → « Le fonds aide les jardins partagés et les vergers. »" in sortie
    assert "calendrier.sessions[0].date_limite : « 2026-03-31 » → « 2026-04-30 »" in sortie
    assert "« titre » modifié à la main, gardé (--forcer pour le remplacer)" in erreurs
    assert "1 fiche(s) mise(s) à jour" in sortie and "0 brouillon(s) écrit(s)" in sortie
    donnees = charger(brouillon)[0]
    assert donnees["titre"] == "Cultiver un jardin partagé"
    assert donnees["description"] == "Le fonds aide les jardins partagés et les vergers."
    assert donnees["calendrier"]["sessions"][0]["date_limite"] == "2026-04-30"
    assert "# titre revu avec la Région\n" in brouillon.read_text(encoding="utf-8"), "le reste du fichier est intact"

    avant = _empreintes(racine / "aides")
    _importer(racine, v2, capsys=capsys)
    assert _empreintes(racine / "aides") == avant, "le même fichier une seconde fois ne change rien"

    code, sortie, _ = _importer(racine, v2, "--forcer", capsys=capsys)
    assert "titre : « Cultiver un jardin partagé » → « Fonds des jardins et vergers partagés »" in sortie
    assert charger(brouillon)[0]["titre"] == "Fonds des jardins et vergers partagés"


def test_ce_que_le_fichier_ne_dit_pas_n_efface_rien():
    actuel = {"structures": ["association", "siae"], "conditions": ["Avoir un projet."], "employeur": True}
    importe = {"structures": [], "conditions": ["Avoir un projet local."]}
    assert _fusion(actuel, importe) == {"structures": ["association", "siae"], "conditions": ["Avoir un projet local."], "employeur": True}
    assert _fusion({"codes": ["DEP-59"], "precision": "Quartiers prioritaires."}, {"codes": ["DEP-62"]}) == {
        "codes": ["DEP-62"], "precision": "Quartiers prioritaires."}


def test_une_ligne_sans_id_est_reconnue_par_sa_page_officielle(tmp_path, capsys):
    racine = _depot(tmp_path, avec_aides=True)
    page = charger_catalogue(racine).aides["agrement-esus"].demarche.lien_information
    ligne = VERSION_1.replace("0f1e2d3c-4b5a-4697-8877-665544332211", "").replace(
        "https://www.exemple-producteur.fr/aides/jardins/", page)
    fichier = tmp_path / "sans-id.csv"
    fichier.write_text(ligne, encoding="utf-8")
    _, sortie, _ = _importer(racine, fichier, "--territoire", "tout", capsys=capsys)
    assert "0 brouillon(s) écrit(s)" in sortie and not (racine / "aides" / "brouillons" / "fonds-des-jardins-partages.yaml").exists()


# --- 3 à 5. Résultats honnêtes, rien de deviné, entrées réelles -----------------------------------


ATTENDUS = {
    # fichier → (code de sortie, textes attendus dans la sortie, brouillons écrits)
    "aides-territoires.csv": (1, ["rôle « diffuseur » de « Région Hauts-de-France » non repris",
                                  "frtl.yaml — ligne 2 « Fonds régional pour les tiers-lieux (FRTL) », colonne (aucune colonne) : besoins"], ["frtl"]),
    "utf8-bom.csv": (1, ["1 brouillon(s) écrit(s) dont 1 incomplet(s)"], ["prime-a-l-emploi-associatif"]),
    "windows-1252.csv": (1, ["fichier lu en Windows-1252", "séparateur point-virgule"], ["fonds-d-oeuvres-sociales-de-l-oise"]),
    "utf-16.csv": (1, ["fichier non importé : le fichier n'est ni en UTF-8 ni en Windows-1252", "« CSV UTF-8 »"], []),
    "autolien-et-outre-mer.csv": (1, ["colonne eligibilite_geographique : territoire « COM-975 » non repris : les collectivités d'outre-mer",
                                      "territoire « COM-987 » non repris"], ["aide-aux-associations-ultramarines-et-du-nord"]),
    "porteurs-variantes.csv": (1, ["rôle « autre » de « Chambre d'agriculture du Nord-Pas de Calais » non repris",
                                   "aides/brouillons/organisations/chambre-d-agriculture-du-nord-pas-de-calais.yaml"],
                               ["diagnostic-agricole-des-associations"]),
    "courriels.csv": (1, ["colonne description : 2 adresse(s) électronique(s) de personne non importée(s)",
                          "colonne eligibilite : 1 adresse(s) électronique(s) de personne non importée(s)"],
                      ["soutien-a-la-vie-associative-locale"]),
    "description-longue.csv": (1, ["colonne description : description de 5459 caractères, coupée à 5000"], ["aide-aux-villages-de-la-somme"]),
    "hors-territoire.csv": (1, ["3 ligne(s) hors territoire non reprise(s)"], ["aide-a-lille"]),
    "vide.csv": (1, ["fichier non importé : colonne(s) absente(s) titre, description, porteurs, url_source"], []),
    "lignes-refusees.csv": (1, ["Lignes refusées (2)", "ligne 2 « Aide sans adresse », colonne url_source : ligne non importée",
                                "ligne 3, colonne titre : ligne non importée : ni titre ni promesse",
                                "ligne 4 « Aide aux porteurs illisibles », colonne porteurs : illisible",
                                "2 ligne(s) refusée(s)"], ["aide-aux-porteurs-illisibles"]),
}


def test_le_corpus_national_est_complet():
    assert {p.name for p in CORPUS.glob("*.csv")} == set(ATTENDUS)


@pytest.mark.parametrize("nom", sorted(ATTENDUS))
def test_corpus_national_sans_trace_et_sans_code_0_trompeur(nom, tmp_path, capsys):
    racine = _depot(tmp_path)
    code, sortie, erreurs = _importer(racine, CORPUS / nom, capsys=capsys)  # une trace Python ferait échouer ici
    attendu_code, textes, brouillons = ATTENDUS[nom]
    tout = sortie + erreurs
    assert code == attendu_code, tout
    for texte in textes:
        assert texte in tout, texte
    ecrits = sorted(p.stem for p in (racine / "aides" / "brouillons").glob("*.yaml"))
    assert ecrits == sorted(brouillons)
    assert "Traceback" not in tout
    # Jamais de code 0 avec un brouillon qui ne passerait pas « valider ».
    if code == 0:
        for stem in ecrits:
            Aide.model_validate(_brouillon(racine, stem))


def test_rien_de_devine_n_est_presente_comme_un_fait(tmp_path, capsys):
    racine = _depot(tmp_path)
    _importer(racine, CORPUS / "aides-territoires.csv", capsys=capsys)
    fiche = _brouillon(racine, "frtl")
    assert "besoins" not in fiche, "le format national ne dit pas les besoins"
    assert "derniere_verification" not in fiche, "la date d'export du producteur n'est pas notre vérification"
    assert fiche["beneficiaires"]["structures"] == ["association"], "« professionnels » ne dit pas lesquels"
    assert fiche["types"] == ["accompagnement"], "« financement » ne dit pas subvention ou prêt"
    assert fiche["porteurs"] == [{"organisation": "region-hauts-de-france", "roles": ["financeur"]}], "« diffuseur » n'est pas « accompagnateur »"
    assert "lien_information" not in fiche["demarche"], "la page du producteur n'est pas la page officielle"
    assert fiche["sources"][0]["url"] == "https://aides-territoires.beta.gouv.fr/aides/fonds-tiers-lieux/"
    assert fiche["sources"][0]["tierce"] is True
    assert fiche["montant"] == {"commentaire": "jusqu'à 10 000 € par projet"}
    assert fiche["demarche"]["etapes"] == ["Créer un compte sur la plateforme", "Déposer le dossier avant la date limite"]
    a_confirmer = " ".join(fiche["a_confirmer"])
    for note in ("Besoins : le format national ne les dit pas", "« professionnels »", "« financement »", "« diffuseur »",
                 "https://www.hautsdefrance.fr/fonds-tiers-lieux/", "derniere_verification"):
        assert note in a_confirmer, note


def test_entrees_reelles_lues_sans_perte(tmp_path, capsys):
    racine = _depot(tmp_path)
    for nom in ("windows-1252.csv", "autolien-et-outre-mer.csv", "porteurs-variantes.csv", "courriels.csv", "description-longue.csv"):
        _importer(racine, CORPUS / nom, capsys=capsys)
    oise = _brouillon(racine, "fonds-d-oeuvres-sociales-de-l-oise")
    assert oise["titre"] == "Fonds d’œuvres sociales de l’Oise"
    assert oise["porteurs"] == [{"organisation": "departement-oise", "roles": ["financeur"]}], "« l’Oise » = « l'Oise »"
    outre_mer = _brouillon(racine, "aide-aux-associations-ultramarines-et-du-nord")
    assert outre_mer["description"] == ("Voir la page officielle : [https://www.exemple.gouv.fr/aide-associations]"
                                        "(https://www.exemple.gouv.fr/aide-associations).")
    assert outre_mer["territoire"] == {"codes": ["DEP-59"]}
    agricole = _brouillon(racine, "diagnostic-agricole-des-associations")
    assert agricole["porteurs"] == [{"organisation": "chambre-d-agriculture-du-nord-pas-de-calais", "roles": []},
                                    {"organisation": "region-hauts-de-france", "roles": ["financeur"]}]
    organisation = charger(racine / "aides" / "brouillons" / "organisations" / "chambre-d-agriculture-du-nord-pas-de-calais.yaml")[0]
    assert organisation == {"identifiant": "chambre-d-agriculture-du-nord-pas-de-calais", "nom": "Chambre d'agriculture du Nord-Pas de Calais"}
    courriels = _brouillon(racine, "soutien-a-la-vie-associative-locale")
    assert courriels["description"] == "Contact : [adresse personnelle retirée] ou Jean, sinon contact@exemple-mairie.fr."
    assert courriels["beneficiaires"]["conditions"] == ["Écrire à [adresse personnelle retirée] avant de déposer."]
    longue = _brouillon(racine, "aide-aux-villages-de-la-somme")
    assert len(longue["description"]) <= 5000 and longue["description"].endswith("…")
    assert longue["description"].startswith("Cette aide finance les projets des associations de la Somme qui créent du lien social")
    assert any("coupée" in n for n in longue["a_confirmer"])


def test_territoire_choisi(tmp_path, capsys):
    racine = _depot(tmp_path)
    _, sortie, _ = _importer(racine, CORPUS / "hors-territoire.csv", "--territoire", "DEP-13", capsys=capsys)
    assert sorted(p.stem for p in (racine / "aides" / "brouillons").glob("*.yaml")) == ["aide-en-bouches-du-rhone"]
    assert "3 ligne(s) hors territoire" in sortie
    _, sortie, _ = _importer(racine, CORPUS / "hors-territoire.csv", "--territoire", "REG-32", capsys=capsys)
    assert "3 ligne(s) hors territoire" in sortie and "aide-a-lille.yaml" in sortie, "une région : ses départements"
    _, sortie, erreurs = _importer(racine, CORPUS / "hors-territoire.csv", "--territoire", "tout", capsys=capsys)
    assert "0 ligne(s) hors territoire" in sortie
    # Le référentiel connaît tous les départements de France : le Jura n'est pas une erreur, seulement hors du site.
    assert "DEP-39" not in erreurs
    assert {"aide-dans-le-jura", "aide-en-bouches-du-rhone"} <= {p.stem for p in (racine / "aides" / "brouillons").glob("*.yaml")}


def test_departements_touches():
    territoires = {"REG-32": "FR", "DEP-59": "REG-32", "DEP-80": "REG-32", "EPCI-200093201": "DEP-59"}
    assert departements_touches("FR", territoires) == {"DEP-59", "DEP-80"}
    assert departements_touches("REG-32", territoires) == {"DEP-59", "DEP-80"}
    assert departements_touches("EPCI-200093201", territoires) == {"DEP-59"}
    assert departements_touches("COM-59350", territoires) == {"DEP-59"}
    assert departements_touches("COM-97411", territoires) == {"DEP-974"}
    assert departements_touches("REG-93", territoires) == set()


# --- 6. Export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("debut", ["=", "+", "-", "@", "\t", "\r"])
def test_format_national_sans_formule_au_debut_d_aucune_case(catalogue, debut):
    premiere = sorted(catalogue.aides)[0]
    piege = catalogue.aides[premiere].model_copy(update={
        "nom_officiel": debut + "NOM()", "sigle": None, "titre": debut + "TITRE()", "description": debut + "DESCRIPTION()",
    })
    petit = dataclasses.replace(catalogue, aides={premiere: piege})
    ligne = next(csv.DictReader(io.StringIO(exports.texte_national(petit, DATE_TESTS), newline="")))
    assert ligne["titre"] == "'" + debut + "NOM()"
    assert ligne["promesse"] == "'" + debut + "TITRE()"
    assert ligne["description"].endswith("\n\n" + debut + "DESCRIPTION()")
    assert ligne["description"].startswith("Situation : ")
