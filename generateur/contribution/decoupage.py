"""aides/referentiel/territoires.yaml produit depuis le paquet npm @etalab/decoupage-administratif.

Toutes les régions et tous les départements de France ; les intercommunalités et communes
des départements servis par le site (mkdocs.yml, extra.departements). Le paquet, épinglé
dans le Makefile, est installé dans .outils/ par `make installer`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from generateur.commun.configuration import lire_configuration
from generateur.commun.fichiers import ecrire_si_change
from generateur.lecture.territoires import CHEMIN_REFERENTIEL, EN_TETE

PAQUET = "@etalab/decoupage-administratif"
DOSSIER_PAQUET = Path(".outils/node_modules") / PAQUET


class PaquetAbsent(Exception):
    pass


def _lire(dossier: Path, nom: str):
    with open(dossier / nom, encoding="utf-8") as f:
        return json.load(f)


def zones(racine: Path) -> tuple[str, list[dict]]:
    """(version du paquet, zones du référentiel) ; lève PaquetAbsent si le paquet n'est pas installé."""
    dossier = Path(racine) / DOSSIER_PAQUET
    if not (dossier / "package.json").exists():
        raise PaquetAbsent(f"paquet {PAQUET} absent de {DOSSIER_PAQUET} : lancez `make installer`")
    version = _lire(dossier, "package.json")["version"]
    servis = {d.removeprefix("DEP-") for d in lire_configuration(racine).departements}

    sortie = [{"code": f"REG-{r['code']}", "nom": r["nom"], "parent": "FR"} for r in _lire(dossier, "data/regions.json")]
    sortie += [
        {"code": f"DEP-{d['code']}", "nom": d["nom"], "parent": f"REG-{d['region']}"}
        for d in _lire(dossier, "data/departements.json")
    ]
    toutes = {c["code"]: c for c in _lire(dossier, "data/communes.json") if c["type"] == "commune-actuelle"}
    communes = {code: c for code, c in toutes.items() if c["departement"] in servis}
    epci_de: dict[str, str] = {}
    intercommunalites = []
    for e in sorted(_lire(dossier, "data/epci.json"), key=lambda e: e["code"]):
        membres = [communes[m["code"]] for m in e["membres"] if m["code"] in communes]
        if not membres:
            continue
        # Le paquet ne donne pas le département d'une intercommunalité : celui de la plupart de ses
        # communes, les autres en « aussi_dans » (départements voisins compris, absents de `communes`).
        tous = Counter(toutes[m["code"]]["departement"] for m in e["membres"] if m["code"] in toutes)
        principal, *autres = sorted(tous, key=lambda d: (-tous[d], d))
        zone = {"code": f"EPCI-{e['code']}", "nom": e["nom"], "parent": f"DEP-{principal}"}
        if autres:
            zone["aussi_dans"] = [f"DEP-{d}" for d in sorted(autres)]
        intercommunalites.append(zone)
        for c in membres:
            epci_de[c["code"]] = zone["code"]
    sortie += intercommunalites
    for code, c in sorted(communes.items()):
        zone = {"code": f"COM-{code}", "nom": c["nom"], "parent": f"DEP-{c['departement']}"}
        if code in epci_de:
            zone["aussi_dans"] = [epci_de[code]]
        if c.get("codesPostaux"):
            zone["codes_postaux"] = sorted(c["codesPostaux"])
        sortie.append(zone)
    return version, sortie


def texte(racine: Path) -> str:
    """Le contenu du référentiel : du YAML qui est aussi du JSON (une zone par ligne), lu vite et relu facilement."""
    version, liste = zones(racine)
    lignes = [json.dumps(z, ensure_ascii=False, separators=(", ", ": ")) for z in liste]
    return (
        EN_TETE
        + f'{{"paquet": "{PAQUET}", "version": "{version}", "zones": [\n'
        + ",\n".join(lignes)
        + "\n]}\n"
    )


def ecrire(racine: Path) -> Path:
    return ecrire_si_change(Path(racine) / CHEMIN_REFERENTIEL, texte(racine))
