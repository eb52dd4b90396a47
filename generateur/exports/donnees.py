"""Données ouvertes publiées avec le site, dans /donnees/ : JSON, CSV, format national, flux et calendriers.

Tout est calculé depuis le Catalogue validé et la date de construction : les mêmes
fiches donnent les mêmes fichiers, octet pour octet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from generateur.exports import abonnements
from generateur.lecture.catalogue import Catalogue
from generateur.exports.format_national import COLONNES, ligne_nationale
from generateur.regles.formats import echeance, montant_en_bref
from generateur.regles.statut import Statut, statut_general
from schema import DEPENSES, RECURRENCES, STRUCTURES, TYPES, BESOINS, UNITES, VERSION_SCHEMA, Aide

DOSSIER = "donnees"
VERSION_FORMAT = "1.0.0"
"""Version du format de aides.json et aides.csv : on l'augmente à chaque changement qui peut casser une réutilisation."""
LICENCE = {
    "nom": "Licence Ouverte 2.0 (Etalab)",
    "spdx": "etalab-2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
SEPARATEUR_CSV = ";"
"""Point-virgule et UTF-8 avec BOM : Excel en français et LibreOffice ouvrent le fichier sans réglage."""
SEPARATEUR_VALEURS = " | "


def url_aide(adresse: str, aide: Aide) -> str:
    return f"{adresse}aides/{aide.identifiant}/"


def _statut_json(s: Statut) -> dict:
    return {
        "code": s.code,
        "libelle": s.libelle,
        "date_limite": s.date_limite.isoformat() if s.date_limite else None,
        "ouverture": s.ouverture.isoformat() if s.ouverture else None,
        "depuis": s.depuis.isoformat() if s.depuis else None,
        "informations_du": s.informations_du.isoformat() if s.informations_du else None,
    }


def donnees_json(catalogue: Catalogue, jour: dt.date, adresse: str) -> dict:
    aides = sorted(catalogue.aides.values(), key=lambda a: a.identifiant)
    return {
        "format": "aides-ess",
        "version": VERSION_FORMAT,
        "version_schema_fiches": VERSION_SCHEMA,
        "date_generation": jour.isoformat(),
        "licence": LICENCE,
        "source": adresse,
        "documentation": f"{adresse}{DOSSIER}/",
        "schema_fiche": f"{adresse}{DOSSIER}/schema-aide.json",
        "nombre_aides": len(aides),
        "aides": [
            {**a.model_dump(mode="json", exclude={"notes_internes"}), "statut": _statut_json(statut_general(a, jour, catalogue.territoires)),
             "url": url_aide(adresse, a)}
            for a in aides
        ],
        "organisations": [o.model_dump(mode="json") for o in sorted(catalogue.organisations.values(), key=lambda o: o.identifiant)],
    }


def _nombre(valeur: float | None) -> str:
    """Virgule décimale, sans séparateur de milliers : le tableur français y reconnaît un nombre."""
    if valeur is None:
        return ""
    return str(int(valeur)) if float(valeur).is_integer() else str(valeur).replace(".", ",")


def _oui_non(valeur: bool) -> str:
    return "oui" if valeur else "non"


def _date(jour: dt.date | None) -> str:
    return jour.isoformat() if jour else ""


def _liste(valeurs) -> str:
    return SEPARATEUR_VALEURS.join(valeurs)


def _organisations(catalogue: Catalogue, aide: Aide, role: str) -> str:
    return _liste(catalogue.organisations[p.organisation].nom for p in aide.porteurs if role in p.roles)


COLONNES_CSV = [
    # (colonne, sens, valeur) : l'ordre est celui du fichier ; le sens est recopié sur la page Données ouvertes.
    ("identifiant", "Identifiant de l'aide, égal au nom de son fichier YAML.", lambda c, a, s, u: a.identifiant),
    ("titre", "Titre en langage simple.", lambda c, a, s, u: a.titre),
    ("sigle", "Sigle officiel.", lambda c, a, s, u: a.sigle or ""),
    ("nom_officiel", "Nom officiel du dispositif.", lambda c, a, s, u: a.nom_officiel or ""),
    ("resume", "Résumé en une phrase.", lambda c, a, s, u: a.resume),
    ("statut", "Statut le jour de la construction : Ouverte, Bientôt close, Permanente, À venir, Chaque année, À confirmer, Suspendue ou Close.", lambda c, a, s, u: s.libelle),
    ("statut_precision", "Ce que dit le statut : date limite, « informations de mars 2019 », « depuis le 1er janvier 2026 »…", lambda c, a, s, u: echeance(s)),
    ("prochaine_date_limite", "Date limite qui compte pour le statut (AAAA-MM-JJ).", lambda c, a, s, u: _date(s.date_limite)),
    ("prochaine_ouverture", "Date de la prochaine ouverture, pour une aide à venir (AAAA-MM-JJ).", lambda c, a, s, u: _date(s.ouverture)),
    ("types", "Types d'aide (libellés).", lambda c, a, s, u: _liste(TYPES.libelle(t) for t in a.types)),
    ("besoins", "Besoins auxquels l'aide répond (libellés).", lambda c, a, s, u: _liste(BESOINS.libelle(b) for b in a.besoins)),
    ("structures", "Types de structure qui peuvent la demander (libellés).", lambda c, a, s, u: _liste(STRUCTURES.libelle(b) for b in a.beneficiaires.structures)),
    ("depenses", "Dépenses couvertes : fonctionnement, investissement.", lambda c, a, s, u: _liste(DEPENSES.libelle(d) for d in a.depenses)),
    ("financeurs", "Organisations qui paient l'aide.", lambda c, a, s, u: _organisations(c, a, "financeur")),
    ("instructeurs", "Organisations qui reçoivent et étudient les demandes.", lambda c, a, s, u: _organisations(c, a, "instructeur")),
    ("accompagnateurs", "Organisations qui peuvent vous aider à préparer la demande.", lambda c, a, s, u: _organisations(c, a, "accompagnateur")),
    ("territoire", "Territoires couverts (noms).", lambda c, a, s, u: _liste(c.territoires.nom(t) for t in a.territoire.codes)),
    ("territoire_codes", "Territoires couverts (codes : FR, REG-32, DEP-59, EPCI-<SIREN>, COM-<INSEE>).", lambda c, a, s, u: _liste(a.territoire.codes)),
    ("territoire_exclusions", "Territoires exclus (noms).", lambda c, a, s, u: _liste(c.territoires.nom(t) for t in a.territoire.exclusions)),
    ("territoire_precision", "Précision sur le territoire, en clair.", lambda c, a, s, u: a.territoire.precision or ""),
    ("montant", "Ce qu'une structure peut recevoir, en clair (ou « Montant non publié »), comme dans « En bref ».", lambda c, a, s, u: montant_en_bref(a.montant)),
    ("montant_min", "Montant minimum en euros.", lambda c, a, s, u: _nombre(a.montant.min) if a.montant else ""),
    ("montant_max", "Montant maximum (ou fixe) en euros.", lambda c, a, s, u: _nombre(a.montant.max) if a.montant else ""),
    ("taux_min", "Taux minimum de prise en charge, en %.", lambda c, a, s, u: _nombre(a.montant.taux_min) if a.montant else ""),
    ("taux_max", "Taux maximum de prise en charge, en %.", lambda c, a, s, u: _nombre(a.montant.taux_max) if a.montant else ""),
    ("unite", "Unité des montants (€, € par an, € par poste et par an…).", lambda c, a, s, u: UNITES.libelle(a.montant.unite) if a.montant else ""),
    ("montant_commentaire", "Le montant expliqué en mots.", lambda c, a, s, u: (a.montant.commentaire or "") if a.montant else ""),
    ("budget_total", "Budget total du dispositif en euros (jamais ce qu'une structure reçoit).", lambda c, a, s, u: _nombre(a.montant.enveloppe.montant) if a.montant and a.montant.enveloppe else ""),
    ("recurrence", "Permanente, Annuelle ou Ponctuelle.", lambda c, a, s, u: RECURRENCES.libelle(a.calendrier.recurrence)),
    ("periode_habituelle", "Pour une aide annuelle, la période habituelle de dépôt.", lambda c, a, s, u: a.calendrier.periode_habituelle or ""),
    ("dans_la_limite_des_fonds", "oui si l'aide s'arrête quand l'enveloppe est épuisée.", lambda c, a, s, u: _oui_non(a.calendrier.dans_la_limite_des_fonds)),
    ("appel_a_projets", "oui si l'aide passe par un appel à projets.", lambda c, a, s, u: _oui_non(a.appel_a_projets)),
    ("plateforme", "Plateforme de dépôt.", lambda c, a, s, u: a.demarche.plateforme or ""),
    ("lien_candidature", "Lien pour déposer la demande.", lambda c, a, s, u: a.demarche.lien_candidature or ""),
    ("lien_information", "Page officielle d'information.", lambda c, a, s, u: a.demarche.lien_information or ""),
    ("a_confirmer", "Faits incertains ou anciens, à vérifier.", lambda c, a, s, u: _liste(a.a_confirmer)),
    ("derniere_verification", "Date de la dernière vérification de la fiche (AAAA-MM-JJ).", lambda c, a, s, u: _date(a.derniere_verification)),
    ("date_ajout", "Date d'entrée dans le catalogue (AAAA-MM-JJ).", lambda c, a, s, u: _date(a.date_ajout)),
    ("url", "Adresse de la page de l'aide sur ce site.", lambda c, a, s, u: u),
]


def _sans_formule(valeur: str) -> str:
    """Un tableur exécuterait « =… », « +… », « -… » ou « @… » comme une formule : on les neutralise."""
    return "'" + valeur if valeur[:1] in ("=", "+", "-", "@", "\t", "\r") else valeur


def texte_csv(catalogue: Catalogue, jour: dt.date, adresse: str) -> str:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=SEPARATEUR_CSV, lineterminator="\r\n")
    ecrivain.writerow([nom for nom, _, _ in COLONNES_CSV])
    for aide in sorted(catalogue.aides.values(), key=lambda a: a.identifiant):
        s, u = statut_general(aide, jour, catalogue.territoires), url_aide(adresse, aide)
        ecrivain.writerow([_sans_formule(valeur(catalogue, aide, s, u)) for _, _, valeur in COLONNES_CSV])
    return "\ufeff" + sortie.getvalue()


def texte_national(catalogue: Catalogue, jour: dt.date, adresse: str = "") -> str:
    """Fichier « dispositif-aide » : virgule, UTF-8 sans BOM, comme l'exemple officiel ; adresse : celle du site publié."""
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=COLONNES, lineterminator="\r\n")
    ecrivain.writeheader()
    for aide in sorted(catalogue.aides.values(), key=lambda a: a.identifiant):
        s = statut_general(aide, jour, catalogue.territoires)
        ligne = ligne_nationale(aide, catalogue.organisations, s, catalogue.territoires.session_du_lecteur(aide), adresse)
        if ligne is not None:
            ecrivain.writerow({cle: _sans_formule(valeur) for cle, valeur in ligne.items()})
    return sortie.getvalue()


def json_par_ligne(donnees: dict) -> str:
    """JSON lisible : une clé par ligne, une aide par ligne. L'encodeur en C de json ne sait pas indenter ;
    avec indent, tout passerait par l'encodeur écrit en Python, trois fois plus lent."""
    lignes = []
    for cle, valeur in donnees.items():
        if isinstance(valeur, list) and valeur:
            texte = "[\n  " + ",\n  ".join(json.dumps(e, ensure_ascii=False) for e in valeur) + "\n ]"
        else:
            texte = json.dumps(valeur, ensure_ascii=False)
        lignes.append(f" {json.dumps(cle, ensure_ascii=False)}: {texte}")
    return "{\n" + ",\n".join(lignes) + "\n}\n"


def ecrire_exports(catalogue: Catalogue, site: Path, jour: dt.date, adresse: str) -> list[Path]:
    """Écrit toutes les données ouvertes dans site/donnees/ et renvoie leurs chemins ; adresse : celle du site publié."""
    dossier = site / DOSSIER
    fichiers = {
        "aides.json": json_par_ligne(donnees_json(catalogue, jour, adresse)),
        "aides.csv": texte_csv(catalogue, jour, adresse),
        "dispositif-aide.csv": texte_national(catalogue, jour, adresse),
        **abonnements.fichiers(catalogue, adresse, jour),
    }
    ecrits = []
    for nom, contenu in fichiers.items():
        chemin = dossier / nom
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(contenu, encoding="utf-8", newline="")
        ecrits.append(chemin)
    return ecrits
