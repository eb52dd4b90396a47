"""Une mesure, dans un processus neuf : sa mémoire de pointe n'est que la sienne.

    python benchmarks/etapes.py construire RACINE AAAA-MM-JJ
    python benchmarks/etapes.py pdf RACINE AAAA-MM-JJ SORTIE.pdf

Écrit le résultat en JSON sur la sortie standard. « construire » appelle la vraie
construction (generateur.construction.construire) ; chaque étape y est chronométrée
en enveloppant la fonction qu'elle appelle, sans rien changer au reste.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))


def remettre_pointe() -> bool:
    """Remet à zéro la pointe de mémoire résidente du processus (Linux ≥ 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def pointe_mo() -> float:
    """Pointe de mémoire résidente (VmHWM) depuis la dernière remise à zéro, en Mo."""
    for ligne in Path("/proc/self/status").read_text().splitlines():
        if ligne.startswith("VmHWM:"):
            return int(ligne.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pointe_enfants_mo() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class Chrono:
    """Durée et pointe de mémoire de chaque étape ; le plus gros sous-processus de l'étape (MkDocs, Pagefind, processus de travail) compté en plus."""

    def __init__(self):
        self.etapes: dict[str, dict] = {}
        self.remise = remettre_pointe()

    def envelopper(self, nom: str, fonction):
        def enveloppe(*args, **kwargs):
            remettre_pointe()
            enfants = pointe_enfants_mo()
            debut = time.perf_counter()
            try:
                return fonction(*args, **kwargs)
            finally:
                duree = time.perf_counter() - debut
                apres = pointe_enfants_mo()
                # Un sous-processus lancé pendant l'étape tourne en même temps que Python : on additionne.
                sous_processus = apres if apres > enfants else 0.0
                etape = self.etapes.setdefault(nom, {"duree": 0.0, "pointe": 0.0, "python": 0.0, "sous_processus": 0.0})
                etape["duree"] += duree
                etape["python"] = max(etape["python"], pointe_mo())
                etape["sous_processus"] = max(etape["sous_processus"], sous_processus)
                etape["pointe"] = max(etape["pointe"], etape["python"] + etape["sous_processus"])

        return enveloppe


def construire(racine: Path, jour: dt.date) -> dict:
    from generateur import construction
    from generateur.exports import donnees as exports
    from generateur.site import preparation

    chrono = Chrono()
    construction.charger_catalogue = chrono.envelopper("validation", construction.charger_catalogue)
    preparation._copier_docs_ecrits_a_la_main = chrono.envelopper("copie", preparation._copier_docs_ecrits_a_la_main)
    preparation.generer = chrono.envelopper("generation", preparation.generer)
    # MkDocs tourne dans un processus à part, les exports pendant ce temps dans celui-ci.
    construction.construire_site = chrono.envelopper("mkdocs", construction.construire_site)
    exports.ecrire_exports = chrono.envelopper("exports", exports.ecrire_exports)
    # Pagefind indexe pendant que les pages sont contrôlées (construction.etapes_apres_mkdocs) : une seule étape.
    construction.verifier_site = chrono.envelopper("indexation et contrôles", construction.verifier_site)

    debut = time.perf_counter()
    catalogue = construction.construire(racine, jour)
    total = time.perf_counter() - debut
    pointe = max([e["pointe"] for e in chrono.etapes.values()] + [pointe_mo()])
    return {"aides": len(catalogue.aides), "duree": total, "pointe": pointe,
            "pointe_par_etape": chrono.remise, "etapes": chrono.etapes}


def pdf(racine: Path, jour: dt.date, sortie: Path, nombre: int = 100) -> dict:
    """Guide PDF complet de `nombre` aides du catalogue (des aides non closes : les guides n'impriment qu'elles)."""
    from generateur.lecture.catalogue import charger_catalogue
    from generateur.guides.selection import Selection
    from generateur.commun.configuration import lire_configuration
    from generateur.guides.pdf import guide
    from generateur.regles.statut import statut

    catalogue = charger_catalogue(racine)
    choisies = [i for i, a in sorted(catalogue.aides.items()) if not statut(a, jour).est_close][:nombre]
    catalogue = dataclasses.replace(catalogue, aides={i: catalogue.aides[i] for i in choisies})
    remettre_pointe()
    debut = time.perf_counter()
    fichier, aides = guide(catalogue, Selection(), jour, sortie, lire_configuration(racine).site)
    return {"aides": aides, "duree": time.perf_counter() - debut, "pointe": pointe_mo(), "octets": Path(fichier).stat().st_size}


if __name__ == "__main__":
    etape, racine, jour = sys.argv[1], Path(sys.argv[2]), dt.date.fromisoformat(sys.argv[3])
    if etape == "construire":
        resultat = construire(racine, jour)
    elif etape == "pdf":
        resultat = pdf(racine, jour, Path(sys.argv[4]))
    else:
        sys.exit(f"étape inconnue : {etape}")
    print(json.dumps(resultat))
