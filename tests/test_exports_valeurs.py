"""Valeurs, pas formes : chaque export des quatre fiches de tests/donnees/valeurs/, le 27 novembre 2026,
comparé à des valeurs écrites à la main d'après les règles (REGLES de statut, format national,
RFC 5545, RFC 4287). Aucune valeur attendue n'est calculée par le code testé."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import uuid
from pathlib import Path

import feedparser
import icalendar
import pytest

from generateur.exports import abonnements
from generateur.exports import donnees as exports
from generateur.lecture.catalogue import RACINE, charger_catalogue

JOUR = dt.date(2026, 11, 27)
ADRESSE = "https://exemple.fr/aides-ess/"
FICHES = Path(__file__).parent / "donnees" / "valeurs"
# Espace de noms des identifiants nationaux, recopié de la documentation des données ouvertes.
ESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/aides-ess/aides-ess")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    racine = tmp_path_factory.mktemp("valeurs")
    for dossier in ("aides/organisations", "aides/referentiel"):
        shutil.copytree(RACINE / dossier, racine / dossier)
    for fiche in FICHES.glob("*.yaml"):
        shutil.copy(fiche, racine / "aides" / fiche.name)
    shutil.copy(RACINE / "mkdocs.yml", racine / "mkdocs.yml")  # les départements servis
    return charger_catalogue(racine)


@pytest.fixture(scope="module")
def fichiers(catalogue) -> dict[str, str]:
    return abonnements.fichiers(catalogue, ADRESSE, JOUR)


# --- aides.json ------------------------------------------------------------------


def test_json_statuts(catalogue):
    donnees = json.loads(exports.json_par_ligne(exports.donnees_json(catalogue, JOUR, ADRESSE)))
    assert donnees["date_generation"] == "2026-11-27"
    assert donnees["nombre_aides"] == 4
    par_identifiant = {a["identifiant"]: a for a in donnees["aides"]}
    assert [a["identifiant"] for a in donnees["aides"]] == ["fixture-employeur", "fixture-formules", "fixture-ouverte", "fixture-suspendue"]
    assert par_identifiant["fixture-ouverte"]["statut"] == {
        "code": "ouverte", "libelle": "Ouverte", "date_limite": "2027-01-15", "ouverture": None, "depuis": None, "informations_du": None,
    }
    # 13 jours avant la date limite : bientôt close (30 jours ou moins).
    assert par_identifiant["fixture-formules"]["statut"] == {
        "code": "bientot-close", "libelle": "Bientôt close", "date_limite": "2026-12-10", "ouverture": None, "depuis": None, "informations_du": None,
    }
    assert par_identifiant["fixture-suspendue"]["statut"] == {
        "code": "suspendue", "libelle": "Suspendue", "date_limite": None, "ouverture": None, "depuis": "2026-10-01", "informations_du": None,
    }
    assert par_identifiant["fixture-ouverte"]["url"] == "https://exemple.fr/aides-ess/aides/fixture-ouverte/"
    assert par_identifiant["fixture-ouverte"]["calendrier"]["sessions"][0]["date_limite"] == "2027-01-15"
    assert par_identifiant["fixture-ouverte"]["montant"]["max"] == 2500.5


# --- aides.csv -------------------------------------------------------------------

ENTETE_CSV = [
    "identifiant", "titre", "sigle", "nom_officiel", "resume", "statut", "statut_precision", "prochaine_date_limite",
    "prochaine_ouverture", "types", "besoins", "structures", "depenses", "financeurs", "instructeurs", "accompagnateurs",
    "territoire", "territoire_codes", "territoire_exclusions", "territoire_precision", "montant", "montant_min",
    "montant_max", "taux_min", "taux_max", "unite", "montant_commentaire", "budget_total", "recurrence",
    "periode_habituelle", "dans_la_limite_des_fonds", "appel_a_projets", "plateforme", "lien_candidature",
    "lien_information", "a_confirmer", "derniere_verification", "date_ajout", "url",
]
SDJES = "Services départementaux à la jeunesse, à l'engagement et aux sports"


def _csv(catalogue) -> list[dict]:
    texte = exports.texte_csv(catalogue, JOUR, ADRESSE)
    assert texte.startswith("\ufeffidentifiant;titre;sigle;")
    lecteur = csv.reader(io.StringIO(texte.removeprefix("\ufeff")), delimiter=";")
    entete, *lignes = list(lecteur)
    assert entete == ENTETE_CSV
    return [dict(zip(entete, ligne)) for ligne in lignes]


def test_csv_valeurs(catalogue):
    lignes = {l["identifiant"]: l for l in _csv(catalogue)}
    ouverte = lignes["fixture-ouverte"]
    assert ouverte["titre"] == "Aide ouverte de la fixture"
    assert ouverte["sigle"] == "AOF"
    assert ouverte["statut"] == "Ouverte"
    assert ouverte["statut_precision"] == "date limite : 15\u00a0janvier 2027"
    assert ouverte["prochaine_date_limite"] == "2027-01-15"
    assert ouverte["prochaine_ouverture"] == ""
    assert ouverte["structures"] == "Association | Fondation ou fonds de dotation"
    assert ouverte["financeurs"] == SDJES and ouverte["instructeurs"] == SDJES and ouverte["accompagnateurs"] == ""
    assert ouverte["territoire_codes"] == "DEP-59" and ouverte["territoire"] == "Nord"
    assert (ouverte["montant_min"], ouverte["montant_max"]) == ("1000", "2500,5")
    assert ouverte["recurrence"] == "Annuelle"
    assert ouverte["dans_la_limite_des_fonds"] == "non"
    assert ouverte["derniere_verification"] == "2026-11-20" and ouverte["date_ajout"] == "2026-11-20"
    assert ouverte["url"] == "https://exemple.fr/aides-ess/aides/fixture-ouverte/"
    suspendue = lignes["fixture-suspendue"]
    assert (suspendue["statut"], suspendue["statut_precision"]) == ("Suspendue", "depuis le 1er\u00a0octobre 2026")
    assert suspendue["date_ajout"] == ""
    employeur = lignes["fixture-employeur"]
    assert (employeur["statut"], employeur["prochaine_date_limite"]) == ("Ouverte", "2027-02-20")


def test_csv_sans_formule(catalogue):
    """= + - @ en tête de cellule : précédés d'une apostrophe, le tableur les lit comme du texte."""
    formules = {l["identifiant"]: l for l in _csv(catalogue)}["fixture-formules"]
    assert formules["titre"] == "'@Coopérer, une aide qui commence par une arobase"
    assert formules["nom_officiel"] == "'+ de moyens pour coopérer"
    assert formules["resume"] == "'-20 % sur le prêt, une aide fictive bientôt close."
    assert formules["statut"] == "Bientôt close"
    assert formules["structures"] == "Coopérative | Association"
    assert formules["accompagnateurs"] == SDJES and formules["instructeurs"] == ""


def test_csv_garde_contre_les_formules():
    for tete in ("=", "+", "-", "@", "\t", "\r"):
        assert exports._sans_formule(tete + "1+1") == "'" + tete + "1+1"
    assert exports._sans_formule("1+1") == "1+1"
    assert exports._sans_formule("") == ""


# --- dispositif-aide.csv (format national) -----------------------------------------

ENTETE_NATIONAL = [
    "id", "titre", "promesse", "description", "eligibilite", "types_aides", "porteurs", "programmes_parents",
    "url_source", "cibles", "eligibilite_geographique", "eligibilite_geographique_exclusions",
    "date_ouverture", "date_cloture", "date_mise_a_jour",
]


def _national(catalogue) -> dict[str, dict]:
    texte = exports.texte_national(catalogue, JOUR)
    assert not texte.startswith("\ufeff")
    lecteur = csv.DictReader(io.StringIO(texte))
    lignes = list(lecteur)
    assert lecteur.fieldnames == ENTETE_NATIONAL
    return {ligne["promesse"]: ligne for ligne in lignes}


def test_entete_national_egal_au_schema_officiel():
    """L'en-tête écrit à la main ci-dessus est bien celui du schéma d'Etalab recopié dans le dépôt."""
    officiel = json.loads((RACINE / "generateur" / "exports" / "normes" / "schema-dispositif-aide-0.2.0.json").read_text(encoding="utf-8"))
    assert [champ["name"] for champ in officiel["fields"]] == ENTETE_NATIONAL


def test_national_valeurs(catalogue):
    lignes = _national(catalogue)
    ouverte = lignes["Aide ouverte de la fixture"]
    assert ouverte["id"] == str(uuid.uuid5(ESPACE, "fixture-ouverte"))
    assert ouverte["titre"] == "Aide ouverte de la fixture (AOF)"
    assert ouverte["cibles"] == "associations"
    assert ouverte["types_aides"] == "financement"
    assert ouverte["eligibilite_geographique"] == "DEP-59"
    assert ouverte["url_source"] == "https://www.exemple.fr/source"
    assert ouverte["date_ouverture"] == "2026-11-02T00:00:00+01:00"
    assert ouverte["date_cloture"] == "2027-01-15T23:59:59+01:00"
    assert ouverte["date_mise_a_jour"] == "2026-11-20T00:00:00+01:00"
    assert ouverte["description"] == ("Situation : en cours. Calendrier : un appel revient chaque année. Types : Subvention. Besoins : Trésorerie.\n\n"
                                      "Une aide **fictive**, ouverte, pour vérifier les exports.")
    assert ouverte["eligibilite"] == "• Structures concernées : Association, Fondation ou fonds de dotation.\n• Employer au plus 10 salarié(s)."
    assert json.loads(ouverte["porteurs"]) == [{"nom": SDJES, "roles": ["financeur", "instructeur"]}]

    formules = lignes["'@Coopérer, une aide qui commence par une arobase"]
    assert formules["titre"] == "'+ de moyens pour coopérer"
    assert formules["cibles"] == "professionnels|associations"
    assert formules["types_aides"] == "prêt"
    assert formules["eligibilite_geographique"] == "REG-32"
    assert formules["url_source"] == "https://www.exemple.fr/information"
    assert (formules["date_ouverture"], formules["date_cloture"]) == ("2026-11-01T00:00:00+01:00", "2026-12-10T23:59:59+01:00")
    assert json.loads(formules["porteurs"]) == [{"nom": SDJES, "roles": ["financeur", "diffuseur"]}]

    employeur = lignes["Aide employeur de la fixture"]
    assert employeur["eligibilite"] == ("• Structures concernées : Association.\n• Employer au moins un salarié.\n"
                                        "• Employer au moins 3 salarié(s).")
    assert employeur["date_cloture"] == "2027-02-20T23:59:59+01:00"

    suspendue = lignes["Aide suspendue de la fixture"]
    # Suspendue le 1er octobre : close la veille au soir, à l'heure d'été de Paris.
    assert (suspendue["date_ouverture"], suspendue["date_cloture"]) == ("", "2026-09-30T23:59:59+02:00")
    assert suspendue["date_mise_a_jour"] == "2026-10-05T00:00:00+02:00"
    assert suspendue["cibles"] == "professionnels|particuliers|secteur public"
    assert suspendue["eligibilite_geographique"] == "PAYS-99100"
    assert suspendue["description"].startswith("Situation : suspendue depuis le 2026-10-01. Calendrier : on peut la demander toute l'année. "
                                              "Types : Subvention. Besoins : Emploi.\n\n")


# --- Calendriers ---------------------------------------------------------------------


def _evenements(texte: str) -> list:
    return [e for e in icalendar.Calendar.from_ical(texte).walk("VEVENT")]


def test_calendrier_dtend_et_rappel(fichiers):
    evenements = _evenements(fichiers["calendriers/toutes-les-aides.ics"])
    assert [str(e["summary"]) for e in evenements] == [
        "Date limite : @Coopérer, une aide qui commence par une arobase",
        "Date limite : Aide ouverte de la fixture (AOF)",
        "Date limite : Aide employeur de la fixture",
    ]
    premier, second, _ = evenements
    # Un événement d'une journée entière : DTEND est le lendemain (RFC 5545, 3.6.1), exclu.
    assert (premier["dtstart"].dt, premier["dtend"].dt) == (dt.date(2026, 12, 10), dt.date(2026, 12, 11))
    assert (second["dtstart"].dt, second["dtend"].dt) == (dt.date(2027, 1, 15), dt.date(2027, 1, 16))
    assert "DTEND;VALUE=DATE:20270116" in fichiers["calendriers/toutes-les-aides.ics"]
    for evenement in evenements:
        (rappel,) = evenement.walk("VALARM")
        assert rappel["trigger"].dt == dt.timedelta(days=-7), "le rappel sonne 7 jours avant, pas après"
        assert str(rappel["description"]).startswith("Dans 7 jours : Date limite : ")
    assert "TRIGGER:-P7D" in fichiers["calendriers/toutes-les-aides.ics"]
    assert str(second["url"]) == "https://exemple.fr/aides-ess/aides/fixture-ouverte/"
    # Horodatage de l'événement : la dernière vérification de la fiche, à minuit UTC (jamais l'horloge).
    assert second["dtstamp"].dt == dt.datetime(2026, 11, 20, 0, 0, tzinfo=dt.timezone.utc)
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in fichiers["calendriers/toutes-les-aides.ics"]


def test_calendriers_par_departement_et_par_besoin(fichiers):
    def titres(chemin):
        return [str(e["summary"]) for e in _evenements(fichiers[chemin])]

    formules, ouverte = "Date limite : @Coopérer, une aide qui commence par une arobase", "Date limite : Aide ouverte de la fixture (AOF)"
    employeur = "Date limite : Aide employeur de la fixture"
    assert titres("calendriers/departements/nord.ics") == [formules, ouverte, employeur]
    assert titres("calendriers/departements/somme.ics") == [formules]
    assert titres("calendriers/besoins/tresorerie.ics") == [ouverte, employeur]
    assert titres("calendriers/besoins/emploi.ics") == [], "l'aide suspendue n'a pas de date limite"


# --- Flux Atom -----------------------------------------------------------------------


def test_flux_atom_titres_et_dates(fichiers):
    flux = feedparser.parse(fichiers["nouveautes.xml"])
    assert not flux.bozo
    assert flux.feed.updated == "2026-11-25T00:00:00+01:00"
    assert [(e.title, e.updated, e.get("published")) for e in flux.entries] == [
        ("Aide mise à jour : @Coopérer, une aide qui commence par une arobase", "2026-11-25T00:00:00+01:00", "2026-01-10T00:00:00+01:00"),
        ("Nouvelle aide : Aide ouverte de la fixture (AOF)", "2026-11-20T00:00:00+01:00", "2026-11-20T00:00:00+01:00"),
        ("Aide mise à jour : Aide suspendue de la fixture", "2026-10-05T00:00:00+02:00", None),
        ("Aide mise à jour : Aide employeur de la fixture", "2026-09-15T00:00:00+02:00", None),
    ]
    assert flux.entries[1].link == "https://exemple.fr/aides-ess/aides/fixture-ouverte/"
    assert flux.entries[1].id == f"urn:uuid:{uuid.uuid5(ESPACE, 'fixture-ouverte')}"
    termes = [(t.term, t.label) for t in flux.entries[0].tags]
    assert ("statut:bientot-close", "Bientôt close (date limite : 10\u00a0décembre 2026)") in termes


def test_fichiers_ecrits(catalogue, tmp_path):
    """Écrits deux fois de suite au même endroit (la seconde remplace la première), en UTF-8 lisible, CRLF gardés."""
    site = tmp_path / "exports"  # pas encore créé, comme pendant la construction
    for _ in range(2):
        chemins = exports.ecrire_exports(catalogue, site, JOUR, ADRESSE)
    noms = {p.relative_to(site).as_posix() for p in chemins}
    assert {"donnees/aides.json", "donnees/aides.csv", "donnees/dispositif-aide.csv", "donnees/nouveautes.xml",
            "donnees/calendriers/toutes-les-aides.ics", "donnees/calendriers/departements/pas-de-calais.ics",
            "donnees/calendriers/besoins/tresorerie.ics"} <= noms
    assert len([n for n in noms if n.startswith("donnees/calendriers/departements/")]) == 5
    json_brut = (site / "donnees" / "aides.json").read_text(encoding="utf-8")
    assert '"titre": "@Coopérer, une aide qui commence par une arobase"' in json_brut, "pas d'échappement \\u des accents"
    assert (site / "donnees" / "aides.csv").read_bytes().count(b"\r\n") == 5, "en-tête et quatre lignes, fins CRLF"


def test_json_par_ligne_une_cle_par_ligne():
    assert exports.json_par_ligne({"nom": "Économie", "liste": [{"a": "é"}, 2], "vide": []}) == (
        '{\n "nom": "Économie",\n "liste": [\n  {"a": "é"},\n  2\n ],\n "vide": []\n}\n'
    )


def test_flux_atom_d_un_catalogue_vide(catalogue):
    import dataclasses

    flux = feedparser.parse(abonnements.flux_atom(dataclasses.replace(catalogue, aides={}), ADRESSE, JOUR))
    assert (flux.feed.updated, flux.entries) == ("2026-01-01T00:00:00+01:00", [])


def _seules(catalogue, *aides):
    import dataclasses

    return dataclasses.replace(catalogue, aides={a.identifiant: a for a in aides})


def test_echeances_jamais_apres_l_arret(catalogue):
    from tests.outils import aide

    suspendue = aide(identifiant="a-suspendue", situation={"etat": "suspendue", "depuis": "2026-10-01", "source": "https://www.exemple.fr/source"},
                     calendrier__sessions=[{"date_limite": d} for d in ("2026-12-01", "2026-10-01", "2026-09-30")])
    finie = aide(identifiant="b-finie", calendrier__fermeture={"date": "2027-03-01", "motif": "Fin du programme."},
                 calendrier__sessions=[{"date_limite": d} for d in ("2027-04-01", "2027-03-01")])
    paires = abonnements.echeances(_seules(catalogue, suspendue, finie))
    # Suspendue le 1er octobre : plus rien à partir de ce jour ; finie le 1er mars : ce jour compte encore.
    assert [(a.identifiant, s.date_limite.isoformat()) for a, s in paires] == [("a-suspendue", "2026-09-30"), ("b-finie", "2027-03-01")]


def test_echeances_du_meme_jour_par_libelle(catalogue):
    from tests.outils import aide

    a = aide(calendrier__sessions=[
        {"date_limite": "2026-03-01", "libelle": "Nord", "territoires": ["DEP-59"]},
        {"date_limite": "2026-03-01"},
        {"date_limite": "2026-03-01", "libelle": "Aisne", "territoires": ["DEP-02"]},
    ])
    petit = _seules(catalogue, a)
    assert [s.libelle for _, s in abonnements.echeances(petit)] == [None, "Aisne", "Nord"]
    texte = abonnements.calendrier(petit, "Essai", "Essai", abonnements.echeances(petit), ADRESSE)
    descriptions = [str(e["description"]) for e in _evenements(texte)]
    assert "\n\nPour : Aisne.\n\n" in descriptions[1] and "\n\nPour : Nord.\n\n" in descriptions[2]
    assert "Pour :" not in descriptions[0]


def test_description_nationale_coupee_a_5000_caracteres(catalogue):
    from tests.outils import aide

    longue = aide(description="M" * 4990)  # avec la phrase de tête, plus de 5 000 caractères
    ligne = next(csv.DictReader(io.StringIO(exports.texte_national(_seules(catalogue, longue), JOUR))))
    assert len(ligne["description"]) == 5000 and ligne["description"].endswith("MMM…")
    tete = "Situation : en cours. Calendrier : un appel revient chaque année. Types : Subvention. Besoins : Trésorerie, Emploi.\n\n"
    courte = aide(description="M" * (5000 - len(tete)))  # 5 000 caractères tout juste : rien n'est coupé
    ligne = next(csv.DictReader(io.StringIO(exports.texte_national(_seules(catalogue, courte), JOUR))))
    assert ligne["description"] == tete + "M" * (5000 - len(tete))


def test_dates_nationales_d_une_aide_a_venir(catalogue):
    """Pour une aide de toute la région, sans département choisi, la session du Nord ne compte pas ; des deux sessions générales qui ouvrent le
    1er février, celle qui fait le statut est celle du 1er mars (la plus proche)."""
    from tests.outils import aide

    a = aide(territoire__codes=["REG-32"], calendrier__sessions=[
        {"ouverture": "2027-01-04", "date_limite": "2027-03-01", "territoires": ["DEP-59"], "libelle": "Nord"},
        {"ouverture": "2027-02-01", "date_limite": "2027-06-30"},
        {"ouverture": "2027-02-01", "date_limite": "2027-03-01"},
    ])
    ligne = next(csv.DictReader(io.StringIO(exports.texte_national(_seules(catalogue, a), JOUR))))
    assert (ligne["date_ouverture"], ligne["date_cloture"]) == ("2027-02-01T00:00:00+01:00", "2027-03-01T23:59:59+01:00")
    assert '"nom": "Services départementaux' in ligne["porteurs"], "accents lisibles, sans échappement \\u"
