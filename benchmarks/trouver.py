"""Mesures de « Trouver mes aides » et de la recherche avec beaucoup de fiches synthétiques.

    .venv/bin/python benchmarks/trouver.py [--nombre 5000]

Construit une copie du dépôt avec N fiches synthétiques en plus des vraies
(benchmarks/tmp/, ignoré par git), la sert sur 127.0.0.1 et mesure dans Chromium :
le temps de réaffichage après un changement de filtre, la taille du JSON du filtre,
les octets téléchargés par une recherche. Affiche les chiffres, ne juge pas.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "tests"))
sys.path.insert(0, str(RACINE / "benchmarks"))

import navigateur as chromium  # noqa: E402
from conftest import ARGUMENTS_CHROMIUM, CHROMIUM, copier_depot  # noqa: E402
from synthese import ecrire  # noqa: E402

REQUETES = ["tresorerie", "l'embauche", "FDVA"]


def ko(octets: float) -> str:
    return f"{octets / 1024:.0f} Ko"


def construire_copie(nombre: int) -> Path:
    from generateur.construction import construire

    dossier = RACINE / "benchmarks" / "tmp" / f"depot-{nombre}"
    shutil.rmtree(dossier, ignore_errors=True)
    racine = copier_depot(dossier)
    ecrire(nombre, racine / "aides")
    debut = time.perf_counter()
    catalogue = construire(racine, None)
    print(f"Construction : {len(catalogue.aides)} aides en {time.perf_counter() - debut:.1f} s")
    return racine / "site"


def mesurer_filtre(navigateur, adresse: str) -> None:
    m = chromium.reaffichage(navigateur, adresse)
    print(f"Réaffichage après un changement de filtre ({m['changements']} changements) :")
    print(f"  calcul + DOM : médiane {m['script_mediane']:.1f} ms, max {m['script_max']:.1f} ms")
    print(f"  jusqu'à l'image suivante (mise en page comprise) : médiane {m['image_mediane']:.1f} ms, max {m['image_max']:.1f} ms")


def mesurer_recherche(navigateur, adresse: str) -> None:
    """Octets réellement reçus par une recherche (même mesure que make bench)."""
    for requete in REQUETES:
        m = chromium.recherche(navigateur, adresse, requete)
        print(f"Recherche « {requete} » ({m['resultats']} résultats affichés) : {ko(m['octets'])} reçus, "
              f"dont interface Pagefind {ko(m['interface'])} (chargée une fois)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=5000, help="fiches synthétiques à ajouter (5000 par défaut)")
    args = parser.parse_args()
    site = construire_copie(args.nombre)

    json_ = (site / "trouver" / "donnees.json").read_bytes()
    print(f"JSON du filtre : {ko(len(json_))}, {ko(len(gzip.compress(json_, 9)))} compressé (gzip -9)")
    pagefind = site / "pagefind"
    fichiers = [p for p in pagefind.rglob("*") if p.is_file()]
    print(f"Index Pagefind : {len(fichiers)} fichiers, {sum(p.stat().st_size for p in fichiers) / 1e6:.1f} Mo sur disque")

    from playwright.sync_api import sync_playwright

    adresse, serveur = chromium.servir(site)  # avec gzip, comme un hébergeur
    try:
        with sync_playwright() as p:
            navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS_CHROMIUM)
            mesurer_filtre(navigateur, adresse)
            mesurer_recherche(navigateur, adresse)
            navigateur.close()
    finally:
        serveur.shutdown()


if __name__ == "__main__":
    main()
