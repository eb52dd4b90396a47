"""Fiches d'aide synthétiques, valides et reproductibles (graine fixe), pour les mesures de charge.

    python benchmarks/synthese.py 5000 /tmp/depot/aides

Les fiches citent les organisations et territoires réels du dépôt et passent la
validation du schéma ; leur texte est du français plausible, tiré au sort.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from schema import BESOINS, RECURRENCES, STRUCTURES, TYPES, Aide  # noqa: E402
from generateur.commun.configuration import lire_configuration  # noqa: E402
from generateur.lecture.territoires import CHEMIN_REFERENTIEL, lire_referentiel  # noqa: E402

VERBES = ["Financer", "Soutenir", "Accompagner", "Développer", "Consolider", "Lancer", "Renforcer", "Créer", "Pérenniser", "Équiper"]
OBJETS = [
    "l'emploi de votre association", "un projet d'innovation sociale", "la trésorerie de votre coopérative",
    "l'achat de matériel", "la rénovation de vos locaux", "la formation de vos bénévoles", "un tiers-lieu",
    "une épicerie solidaire", "un chantier d'insertion", "la transition écologique de votre structure",
    "l'accès au numérique de vos publics", "une ressourcerie", "un jardin partagé", "une mutuelle de quartier",
    "la coopération entre acteurs du territoire", "le premier poste salarié", "une activité nouvelle",
]
LIEUX = ["dans les Hauts-de-France", "dans le Nord", "dans l'Aisne", "dans l'Oise", "dans le Pas-de-Calais",
         "dans la Somme", "en milieu rural", "dans les quartiers prioritaires", "sur votre intercommunalité"]
PHRASES = [
    "Cette aide s'adresse aux structures de l'économie sociale et solidaire qui portent un projet utile au territoire.",
    "Le dossier est étudié par un comité qui se réunit plusieurs fois par an.",
    "Les dépenses doivent être engagées après le dépôt de la demande.",
    "Un accompagnement gratuit est proposé pour préparer le dossier et le budget prévisionnel.",
    "La subvention est versée en deux fois : une avance à la signature, le solde sur justificatifs.",
    "Les petites associations sans salarié sont prioritaires.",
    "Le projet doit associer les habitants et les bénévoles dès sa conception.",
    "Un prêt à taux zéro peut compléter l'aide pour financer la trésorerie de démarrage.",
    "La structure présente ses comptes des deux dernières années et son rapport d'activité.",
    "L'embauche d'un salarié en contrat à durée indéterminée est un plus.",
    "Les collectivités peuvent relayer l'appel auprès des acteurs locaux.",
    "Le montant dépend du nombre d'emplois créés et de la durée du projet.",
]
CONDITIONS = [
    "Avoir au moins un an d'existence.", "Être à jour de ses obligations fiscales et sociales.",
    "Avoir son siège dans la région.", "Présenter un budget à l'équilibre.", "Signer le contrat d'engagement républicain.",
]


def _texte(hasard: random.Random, n: int) -> str:
    return " ".join(hasard.sample(PHRASES, n))


def _date(hasard: random.Random, debut: dt.date, jours: int) -> dt.date:
    return debut + dt.timedelta(days=hasard.randrange(jours))


def fiche(numero: int, hasard: random.Random, organisations: list[str], territoires: list[str], departements: list[str]) -> dict:
    titre = f"{hasard.choice(VERBES)} {hasard.choice(OBJETS)} {hasard.choice(LIEUX)}"[:110]
    identifiant = f"aide-synthetique-{numero:05d}"
    recurrence = hasard.choice(RECURRENCES.valeurs)
    calendrier: dict = {"recurrence": recurrence}
    if recurrence != "permanente" or hasard.random() < 0.2:
        sessions = []
        for _ in range(hasard.randrange(0, 4)):
            ouverture = _date(hasard, dt.date(2025, 1, 1), 900)
            session = {"ouverture": ouverture, "date_limite": ouverture + dt.timedelta(days=hasard.randrange(20, 120))}
            if hasard.random() < 0.3:
                session["territoires"] = [hasard.choice(departements)]
            sessions.append(session)
        if sessions:
            calendrier["sessions"] = sorted(sessions, key=lambda s: s["ouverture"])
    if hasard.random() < 0.1:
        calendrier["fermeture"] = {"date": _date(hasard, dt.date(2024, 1, 1), 1000), "motif": "Fin du programme."}
    beneficiaires: dict = {"structures": hasard.sample(STRUCTURES.valeurs, hasard.randrange(1, 5))}
    tirage = hasard.random()
    if tirage < 0.2:
        beneficiaires["employeur"] = True
        beneficiaires["salaries_min"] = hasard.choice([1, 2, 5])
    elif tirage < 0.3:
        beneficiaires["employeur"] = False
    elif tirage < 0.4:
        beneficiaires["salaries_max"] = hasard.choice([10, 50, 250])
    beneficiaires["conditions"] = hasard.sample(CONDITIONS, 2)
    territoire = {"codes": [hasard.choice(territoires)]}
    if territoire["codes"] == ["REG-32"] and hasard.random() < 0.1:
        territoire["exclusions"] = [hasard.choice(departements)]
    montant = {"max": float(hasard.choice([5000, 10000, 20000, 50000, 100000]))}
    if hasard.random() < 0.5:
        montant["min"] = float(hasard.choice([500, 1000, 2000]))
    donnees = {
        "identifiant": identifiant,
        "titre": titre[0].upper() + titre[1:],
        "sigle": f"AS{numero}" if hasard.random() < 0.3 else None,
        "resume": f"{titre[0].upper() + titre[1:]} : {hasard.choice(PHRASES)}"[:199],
        "description": _texte(hasard, 4),
        "porteurs": [{"organisation": hasard.choice(organisations), "roles": ["financeur", "instructeur"]}],
        "types": hasard.sample(TYPES.valeurs, hasard.randrange(1, 3)),
        "beneficiaires": beneficiaires,
        "besoins": hasard.sample(BESOINS.valeurs, hasard.randrange(1, 4)),
        "montant": montant,
        "territoire": territoire,
        "situation": None if "fermeture" in calendrier else {"etat": "en-cours", "source": f"https://example.org/aides/{identifiant}"},
        "calendrier": calendrier,
        "demarche": {"etapes": ["Lisez l'appel.", "Déposez votre dossier en ligne."], "lien_information": f"https://example.org/aides/{identifiant}"},
        "sources": [{"url": f"https://example.org/aides/{identifiant}", "titre": "Page officielle (fictive)", "date": dt.date(2026, 1, 15)}],
        "derniere_verification": dt.date(2026, 11, 1),
    }
    donnees = {k: v for k, v in donnees.items() if v is not None}
    Aide.model_validate(donnees)
    return donnees


def ecrire(nombre: int, dossier: Path, graine: int = 20261127, racine: Path = RACINE) -> list[Path]:
    """Écrit nombre fiches dans dossier ; mêmes fiches pour une même graine."""
    hasard = random.Random(graine)
    organisations = sorted(p.stem for p in (racine / "aides/organisations").glob("*.yaml"))
    servis = lire_configuration(racine).departements
    zones = lire_referentiel(racine / CHEMIN_REFERENTIEL)["zones"]
    # La région, ses départements servis et leurs intercommunalités : les codes qu'une vraie fiche cite.
    territoires = ["FR", "REG-32", *servis] + [z["code"] for z in zones if z["code"].startswith("EPCI-") and z["parent"] in servis]
    departements = [c for c in territoires if c.startswith("DEP-")]
    dossier.mkdir(parents=True, exist_ok=True)
    chemins = []
    for numero in range(1, nombre + 1):
        donnees = fiche(numero, hasard, organisations, territoires, departements)
        chemin = dossier / f"{donnees['identifiant']}.yaml"
        chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        chemins.append(chemin)
    return chemins


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Écrit des fiches d'aide synthétiques (graine fixe).")
    parser.add_argument("nombre", type=int)
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--graine", type=int, default=20261127)
    args = parser.parse_args()
    print(f"{len(ecrire(args.nombre, args.dossier, args.graine))} fiches écrites dans {args.dossier}")
