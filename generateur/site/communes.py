"""Données de « votre commune ou code postal » et « quartier prioritaire » dans « Trouver mes aides »,
lues par docs/assets/commune.js.

Un fichier à part de trouver/donnees.json : le navigateur ne le demande que quand le lecteur
tape une commune (ou en a gardé une), la page du filtre ne s'alourdit pas pour les autres.
Les communes sont celles des départements servis, tirées du référentiel officiel.
"""

from __future__ import annotations

import json
from pathlib import Path

from generateur.commun.fichiers import ecrire_si_change
from generateur.lecture.catalogue import Catalogue

CHEMIN = "trouver/communes.json"
LOCAL = ("EPCI-", "COM-")


def _local(code: str) -> bool:
    return code.startswith(LOCAL)


def donnees(catalogue: Catalogue) -> dict:
    territoires = catalogue.territoires
    zones = territoires.zones
    epci = sorted(c for c, z in zones.items() if c.startswith("EPCI-"))
    rang = {c: i for i, c in enumerate(epci)}
    communes = []
    for code, zone in zones.items():
        if code.startswith("COM-") and zone.parent in territoires.departements:
            siens = [rang[c] for c in zone.aussi_dans if c in rang]
            communes.append([code.removeprefix("COM-"), zone.nom, " ".join(zone.codes_postaux), siens[0] if siens else -1,
                             zone.parent.removeprefix("DEP-")])
    aides = {}
    for aide in catalogue.aides_triees():
        t = aide.territoire
        if not any(_local(c) for c in t.codes + t.exclusions) and not t.reservee_a:
            continue
        # « c » ses codes locaux (aucun : elle vaut partout où vaut son département), « d » les départements
        # couverts par ses autres codes, « x » les intercommunalités et communes exclues, « r » ses zones réservées.
        locaux = [c for c in t.codes if _local(c)]
        larges = [c for c in t.codes if not _local(c)]
        aides[aide.identifiant] = {
            "c": locaux,
            "d": sorted(d.removeprefix("DEP-") for d in territoires.departements_couverts(larges, []) if larges and locaux),
            "x": [c for c in t.exclusions if _local(c)],
            "r": list(t.reservee_a),
        }
    return {
        "version": 1,
        "epci": [[c, zones[c].nom] for c in epci],
        "communes": sorted(communes, key=lambda c: c[1]),
        "aides": aides,
    }


def ecrire(catalogue: Catalogue, docs: Path) -> Path:
    texte = json.dumps(donnees(catalogue), ensure_ascii=False, separators=(",", ":"))
    return ecrire_si_change(Path(docs) / CHEMIN, texte)
