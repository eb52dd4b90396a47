"""Format national d'échange « dispositif-aide » v0.2.0 d'Etalab : correspondances dans les deux sens.

Le schéma officiel (Table Schema, Licence Ouverte 2.0) est recopié dans
generateur/normes/ pour que le dépôt se suffise à lui-même. Ce module ne fait
qu'associer nos champs aux siens ; exports.py écrit le fichier, importation.py le lit.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from schema import STRUCTURES, Aide, Beneficiaires, Organisation

SCHEMA_NATIONAL = Path(__file__).parent / "normes" / "schema-dispositif-aide-0.2.0.json"
VERSION_NATIONALE = "0.2.0"
FUSEAU = ZoneInfo("Europe/Paris")

ESPACE_UUID = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/aides-ess/aides-ess")
"""Espace de noms fixe : l'identifiant national d'une aide ne dépend que de son identifiant."""

COLONNES = [
    "id", "titre", "promesse", "description", "eligibilite", "types_aides", "porteurs", "programmes_parents",
    "url_source", "cibles", "eligibilite_geographique", "eligibilite_geographique_exclusions",
    "date_ouverture", "date_cloture", "date_mise_a_jour",
]

FRANCE_NATIONAL = "PAYS-99100"

TYPES_VERS_NATIONAL = {
    "subvention": "financement",
    "pret": "prêt",
    "pret-honneur": "prêt",
    "avance-remboursable": "financement",
    "garantie": "financement",
    "fonds-propres": "financement",
    "accompagnement": "conseil",
    "aide-emploi": "financement",
    "avantage-fiscal": "avantage fiscal",
    "agrement": "information",
}
TYPES_DEPUIS_NATIONAL = {
    "financement": "subvention",
    "prêt": "pret",
    "avantage fiscal": "avantage-fiscal",
    "conseil": "accompagnement",
    "assistance": "accompagnement",
    "étude": "accompagnement",
    "formation": "accompagnement",
    "information": "accompagnement",
}

ROLES_VERS_NATIONAL = {"financeur": "financeur", "instructeur": "instructeur", "accompagnateur": "diffuseur"}
ROLES_DEPUIS_NATIONAL = {v: k for k, v in ROLES_VERS_NATIONAL.items()}

CIBLES_DES_STRUCTURES = {
    "association": "associations",
    "cooperative": "professionnels",
    "mutuelle": "professionnels",
    "fondation": "associations",
    "entreprise-esus": "professionnels",
    "entreprise-ess": "professionnels",
    "siae": "professionnels",
    "entreprise-adaptee": "professionnels",
    "groupement-employeurs": "professionnels",
    "porteur-de-projet": "particuliers",
    "collectivite": "secteur public",
}
ORDRE_CIBLES = ["professionnels", "particuliers", "associations", "secteur public"]
STRUCTURES_DES_CIBLES = {
    "associations": ["association"],
    "professionnels": ["cooperative", "entreprise-esus", "entreprise-ess"],
    "particuliers": ["porteur-de-projet"],
    "secteur public": ["collectivite"],
}

# Critères chiffrés de Beneficiaires, écrits en phrases dans « eligibilite » et relus à l'import.
PREFIXE_STRUCTURES = "Structures concernées : "
PREFIXE_AGREMENT = "Agrément exigé : "
PREFIXE_EXCLUS = "Exclus : "
PUCE = "• "
CRITERES = [
    ("salaries_min", "Employer au moins {} salarié(s).", r"Employer au moins (\d+) salarié\(s\)\."),
    ("salaries_max", "Employer au plus {} salarié(s).", r"Employer au plus (\d+) salarié\(s\)\."),
    ("anciennete_min_mois", "Exister depuis au moins {} mois.", r"Exister depuis au moins (\d+) mois\."),
    ("budget_min", "Budget annuel d'au moins {} euros.", r"Budget annuel d'au moins (\d+(?:\.\d+)?) euros\."),
    ("budget_max", "Budget annuel d'au plus {} euros.", r"Budget annuel d'au plus (\d+(?:\.\d+)?) euros\."),
]
EMPLOYEUR = {True: "Employer au moins un salarié.", False: "Ne pas avoir de salarié."}


def identifiant_national(identifiant: str) -> str:
    return str(uuid.uuid5(ESPACE_UUID, identifiant))


def _nombre(valeur: float) -> str:
    return str(int(valeur)) if float(valeur).is_integer() else str(valeur)


def _horodatage(jour: dt.date | None, fin_de_journee: bool = False) -> str:
    if jour is None:
        return ""
    heure = dt.time(23, 59, 59) if fin_de_journee else dt.time(0, 0, 0)
    return dt.datetime.combine(jour, heure, FUSEAU).isoformat()


def date_depuis_horodatage(texte: str) -> dt.date | None:
    """« 2026-03-01T23:59:59+01:00 » ou « 2026-03-01T22:59:59Z » → 2026-03-01 (jour à Paris)."""
    texte = texte.strip()
    if not texte:
        return None
    moment = dt.datetime.fromisoformat(texte.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(FUSEAU).date()


def code_national(code: str) -> str:
    return FRANCE_NATIONAL if code == "FR" else code


def code_depuis_national(code: str) -> str:
    return "FR" if code == FRANCE_NATIONAL else code


def titre_national(aide: Aide) -> str:
    nom = aide.nom_officiel or aide.titre
    return f"{nom} ({aide.sigle})" if aide.sigle else nom


def lignes_eligibilite(beneficiaires: Beneficiaires) -> list[str]:
    lignes = [PREFIXE_STRUCTURES + ", ".join(STRUCTURES.libelle(s) for s in beneficiaires.structures) + "."]
    if beneficiaires.employeur is not None:
        lignes.append(EMPLOYEUR[beneficiaires.employeur])
    for champ, gabarit, _ in CRITERES:
        valeur = getattr(beneficiaires, champ)
        if valeur is not None:
            lignes.append(gabarit.format(_nombre(valeur)))
    lignes += [PREFIXE_AGREMENT + a for a in beneficiaires.agrements]
    lignes += list(beneficiaires.conditions)
    lignes += [PREFIXE_EXCLUS + e for e in beneficiaires.exclus]
    return list(dict.fromkeys(lignes))  # une condition écrite en clair peut redire un critère chiffré


def dates_du_dispositif(aide: Aide) -> tuple[dt.date | None, dt.date | None]:
    """Ouverture et clôture du dispositif lui-même (pas d'une session) : une aide annuelle ou
    permanente n'a de date de clôture que si elle a pris fin."""
    calendrier = aide.calendrier
    sessions = calendrier.sessions
    cloture = calendrier.fermeture.date if calendrier.fermeture else None
    ouverture = None
    if calendrier.recurrence == "ponctuelle" and sessions:
        ouvertures = [s.ouverture for s in sessions if s.ouverture]
        ouverture = min(ouvertures) if len(ouvertures) == len(sessions) else None
        if cloture is None and all(s.date_limite for s in sessions):
            cloture = max(s.date_limite for s in sessions)
    if calendrier.fermeture and cloture is None and sessions:
        cloture = max(s.date_limite or s.ouverture for s in sessions)
    return ouverture, cloture


def porteurs_json(aide: Aide, organisations: dict[str, Organisation]) -> str:
    porteurs = []
    for porteur in aide.porteurs:
        organisation = organisations[porteur.organisation]
        roles = list(dict.fromkeys(ROLES_VERS_NATIONAL[r] for r in porteur.roles))
        entree = {"nom": organisation.nom}
        if organisation.siren:
            entree["siren"] = organisation.siren
        entree["roles"] = roles
        porteurs.append(entree)
    return json.dumps(porteurs, ensure_ascii=False)


def ligne_nationale(aide: Aide, organisations: dict[str, Organisation]) -> dict[str, str]:
    """Une ligne du fichier national, toutes valeurs en texte."""
    ouverture, cloture = dates_du_dispositif(aide)
    cibles = {CIBLES_DES_STRUCTURES[s] for s in aide.beneficiaires.structures}
    web = [s.url for s in aide.sources if not s.tierce] + [aide.demarche.lien_candidature or ""] + [s.url for s in aide.sources]
    url = aide.demarche.lien_information or next((u for u in web if u.startswith(("https://", "http://"))), "")
    return {
        "id": identifiant_national(aide.identifiant),
        "titre": titre_national(aide),
        "promesse": aide.titre,
        "description": aide.description,
        "eligibilite": "\n".join(PUCE + ligne for ligne in lignes_eligibilite(aide.beneficiaires)),
        "types_aides": "|".join(dict.fromkeys(TYPES_VERS_NATIONAL[t] for t in aide.types)),
        "porteurs": porteurs_json(aide, organisations),
        "programmes_parents": "",
        "url_source": url,
        "cibles": "|".join(c for c in ORDRE_CIBLES if c in cibles),
        "eligibilite_geographique": "|".join(code_national(c) for c in aide.territoire.codes),
        "eligibilite_geographique_exclusions": "|".join(code_national(c) for c in aide.territoire.exclusions),
        "date_ouverture": _horodatage(ouverture),
        "date_cloture": _horodatage(cloture, fin_de_journee=True),
        "date_mise_a_jour": _horodatage(aide.derniere_verification),
    }
