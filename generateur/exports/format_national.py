"""Format national d'échange « dispositif-aide » v0.2.0 d'Etalab : correspondances dans les deux sens.

Le schéma officiel (Table Schema, Licence Ouverte 2.0) est recopié dans
generateur/normes/ pour que le dépôt se suffise à lui-même. Ce module ne fait
qu'associer nos champs aux siens ; exports.py écrit le fichier, importation.py le lit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from generateur.regles.statut import Statut
from schema import BESOINS, STRUCTURES, TYPES, Aide, Beneficiaires, Organisation

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
    # seulement les types nationaux qui disent un seul des nôtres ; les autres restent « à confirmer »
    "prêt": "pret",
    "avantage fiscal": "avantage-fiscal",
    "conseil": "accompagnement",
    "assistance": "accompagnement",
    "étude": "accompagnement",
    "formation": "accompagnement",
}
TYPES_NATIONAUX_LARGES = ("financement", "information")
"""Trop larges pour choisir : « financement » est une subvention, un prêt, une garantie… ; « information », un agrément ou un conseil."""

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
STRUCTURES_DES_CIBLES = {"associations": "association", "secteur public": "collectivite"}
"""Les deux cibles nationales qui disent un seul de nos types de structure (nos fondations y sont aussi, mais
une association est bien une association) ; « professionnels » et « particuliers » restent « à confirmer »."""
CIBLES_LARGES = ("professionnels", "particuliers")

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
    """L'identifiant national écrit une fois dans nos fiches (et celui des fiches qui ne l'ont pas encore)."""
    return str(uuid.uuid5(ESPACE_UUID, identifiant))


def id_national(aide: Aide) -> str:
    return aide.identifiant_national or identifiant_national(aide.identifiant)


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


SITUATIONS_NATIONALES = {
    # statut calculé → phrase de tête de la description (relue par l'importation)
    "close": "close",
    "suspendue": "suspendue",
    "a-confirmer": "à confirmer",
}
"""Le format national n'a pas de champ « statut » : la description commence par une phrase qui le dit."""
CALENDRIERS_NATIONAUX = {
    "permanente": "on peut la demander toute l'année",
    "annuelle": "un appel revient chaque année",
    "ponctuelle": "appel ou mesure ponctuelle",
}
TETE = re.compile(r"\ASituation : (en cours|close|suspendue|à confirmer)( depuis le (\d{4}-\d{2}-\d{2}))?\. "
                  r"Calendrier : ([^.]+)\.(?: Types : ([^.]+)\.)?(?: Besoins : ([^.]+)\.)?(?: Fiche : (\S+)\.)?\n\n", re.S)
"""Phrase de tête de nos descriptions : ce que le format national n'a pas de colonne pour dire (situation,
récurrence, nos types et nos besoins exacts, adresse de notre page), en clair pour le lecteur, relu à l'import."""
LONGUEUR_DESCRIPTION = 5000


def _libelles(vocabulaire, valeurs) -> str:
    return ", ".join(vocabulaire.libelle(v) for v in valeurs)


def _valeurs(vocabulaire, texte: str | None) -> list[str] | None:
    """Valeurs relues depuis leurs libellés ; None si l'un d'eux est inconnu (texte écrit par quelqu'un d'autre)."""
    if not texte:
        return None
    par_libelle = {t.libelle: t.valeur for t in vocabulaire}
    libelles = texte.split(", ")
    return [par_libelle[l] for l in libelles] if all(l in par_libelle for l in libelles) else None


def adresse_fiche(adresse: str, identifiant: str) -> str:
    return f"{adresse}aides/{identifiant}/"


def tete_de_description(aide: Aide, s: Statut, adresse: str = "") -> str:
    situation = SITUATIONS_NATIONALES.get(s.code, "en cours")
    if s.code == "suspendue" and s.depuis:
        situation += f" depuis le {s.depuis.isoformat()}"
    tete = (f"Situation : {situation}. Calendrier : {CALENDRIERS_NATIONAUX[aide.calendrier.recurrence]}. "
            f"Types : {_libelles(TYPES, aide.types)}. Besoins : {_libelles(BESOINS, aide.besoins)}.")
    if adresse:
        tete += f" Fiche : {adresse_fiche(adresse, aide.identifiant)}."
    return tete + "\n\n"


def lire_tete(description: str) -> tuple[dict, str]:
    """(ce que dit la phrase de tête, reste de la description) ; ({}, description) sans phrase."""
    morceaux = TETE.match(description)
    if not morceaux:
        return {}, description
    situation, _, depuis, calendrier, types, besoins, fiche = morceaux.groups()
    recurrence = next((r for r, texte in CALENDRIERS_NATIONAUX.items() if texte == calendrier), None)
    lu = {"situation": {v: k for k, v in SITUATIONS_NATIONALES.items()}.get(situation, "en-cours"), "recurrence": recurrence,
          "types": _valeurs(TYPES, types), "besoins": _valeurs(BESOINS, besoins), "fiche": fiche}
    if depuis:
        lu["depuis"] = dt.date.fromisoformat(depuis)
    return lu, description[morceaux.end():]


def identifiant_depuis_fiche(fiche: str | None, id_national: str, adresse: str) -> str | None:
    """Notre identifiant, lu dans l'adresse de notre page ; seulement si l'adresse est celle de notre site
    ou si l'identifiant national en est tiré (une adresse d'un autre site ne décide pas de nos noms de fichiers)."""
    morceaux = re.fullmatch(r"(?P<site>https?://.+/)aides/(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)/", fiche or "")
    if not morceaux:
        return None
    if (adresse and morceaux["site"] == adresse) or identifiant_national(morceaux["id"]) == id_national:
        return morceaux["id"]
    return None


def dates_du_dispositif(aide: Aide, s: Statut, sessions_du_lecteur) -> tuple[dt.date | None, dt.date | None] | None:
    """Ouverture et clôture au sens du format national ; None pour une aide close dont on ne connaît aucune date
    (elle n'est pas publiée dans ce fichier : une clôture vide s'y lirait « ouverte »).

    - close : la date de fin, sinon la dernière date limite connue ;
    - suspendue : la veille de la suspension ;
    - ouverte ou à venir : les dates de la session qui fait le statut ;
    - sinon : la date de fin prévue, s'il y en a une."""
    calendrier = aide.calendrier
    fermeture = calendrier.fermeture.date if calendrier.fermeture else None
    if s.code == "close":
        fin = fermeture or max((x.date_limite or x.ouverture for x in calendrier.sessions), default=None)
        return (None, fin) if fin else None
    if s.code == "suspendue":
        return None, s.depuis - dt.timedelta(days=1)
    if s.code in ("ouverte", "bientot-close", "a-venir"):
        session = next((x for x in calendrier.sessions if sessions_du_lecteur(x) and x.date_limite == s.date_limite
                        and (s.code != "a-venir" or x.ouverture == s.ouverture)), None)
        if session:
            return session.ouverture, session.date_limite
    return None, fermeture


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


def ligne_nationale(aide: Aide, organisations: dict[str, Organisation], s: Statut, sessions_du_lecteur,
                    adresse: str = "") -> dict[str, str] | None:
    """Une ligne du fichier national, toutes valeurs en texte ; None si l'aide ne peut pas y figurer honnêtement.
    adresse : celle du site publié, pour donner l'adresse de notre page dans la phrase de tête."""
    dates = dates_du_dispositif(aide, s, sessions_du_lecteur)
    if dates is None:
        return None
    ouverture, cloture = dates
    tete = tete_de_description(aide, s, adresse)
    description = tete + aide.description
    if len(description) > LONGUEUR_DESCRIPTION:
        description = description[: LONGUEUR_DESCRIPTION - 1].rstrip() + "…"
    cibles = {CIBLES_DES_STRUCTURES[s] for s in aide.beneficiaires.structures}
    web = [s.url for s in aide.sources if not s.tierce] + [aide.demarche.lien_candidature or ""] + [s.url for s in aide.sources]
    url = aide.demarche.lien_information or next((u for u in web if u.startswith(("https://", "http://"))), "")
    return {
        "id": id_national(aide),
        "titre": titre_national(aide),
        "promesse": aide.titre,
        "description": description,
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
