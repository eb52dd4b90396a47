"""Mesure des guides PDF : durée et mémoire de pointe (chiffres affichés, pas un test chronométré).

    .venv/bin/python benchmarks/pdf.py            # catalogue réel, puis 500 aides synthétiques
    .venv/bin/python benchmarks/pdf.py --tous     # en plus : tous les guides prêts à imprimer du catalogue réel

Chaque mesure tourne dans un processus neuf : la mémoire de pointe est la sienne.
Objectif : le guide complet de 100 aides en moins de 15 s sur la machine à 2 cœurs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "benchmarks"))

JOUR = dt.date(2026, 11, 27)


def _depot_synthetique(dossier: Path, nombre: int) -> Path:
    import synthese

    for nom in ("aides/organisations", "aides/referentiel"):
        shutil.copytree(RACINE / nom, dossier / nom)
    shutil.copy2(RACINE / "mkdocs.yml", dossier / "mkdocs.yml")
    synthese.ecrire(nombre, dossier / "aides")
    return dossier


def _mesurer(travail: str, nombre: int, sortie: str, file) -> None:
    from generateur.lecture.catalogue import charger_catalogue
    from generateur.guides.selection import Selection
    from generateur.commun.configuration import lire_configuration
    from generateur.guides.pdf import guide, guides_du_site

    with tempfile.TemporaryDirectory() as temporaire:
        racine = RACINE if travail != "synthetique" else _depot_synthetique(Path(temporaire), nombre)
        catalogue = charger_catalogue(racine)
        debut, cpu = time.perf_counter(), time.process_time()
        if travail == "tous":
            from generateur.site.pages import Site

            fichiers = guides_du_site(catalogue, Path(sortie), JOUR, lire_configuration(racine).site)
            aides = len(Site(catalogue, JOUR).actuelles)
        else:
            fichiers, aides = guide(catalogue, Selection(), JOUR, Path(sortie), lire_configuration(racine).site)
            fichiers = [fichiers]
        duree, cpu = time.perf_counter() - debut, time.process_time() - cpu
        fils = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += fils.ru_utime + fils.ru_stime  # les cœurs de guides_du_site
    from pypdf import PdfReader

    pages = sum(len(PdfReader(f).pages) for f in fichiers)
    taille = sum(Path(f).stat().st_size for f in fichiers)
    moi = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    enfants = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    file.put((aides, len(fichiers), duree, cpu, pages, taille, max(moi, enfants) / 1024))


def mesurer(travail: str, nombre: int, sortie: Path):
    contexte = multiprocessing.get_context("spawn")
    file = contexte.Queue()
    processus = contexte.Process(target=_mesurer, args=(travail, nombre, str(sortie), file))
    processus.start()
    resultat = file.get()
    processus.join()
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetiques", type=int, default=500, help="nombre d'aides synthétiques (500 par défaut)")
    parser.add_argument("--tous", action="store_true", help="mesure aussi tous les guides prêts à imprimer du catalogue réel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as dossier:
        dossier = Path(dossier)
        travaux = [("reel", "guide complet, catalogue réel", dossier / "reel.pdf"),
                   ("synthetique", f"guide complet, {args.synthetiques} aides synthétiques", dossier / "synthetique.pdf")]
        if args.tous:
            travaux.append(("tous", "tous les guides prêts à imprimer, catalogue réel", dossier / "site"))
        print(f"{'mesure':<52} {'aides':>6} {'PDF':>4} {'durée':>8} {'CPU':>8} {'aides/s CPU':>11} {'pages':>6} {'Ko':>7} {'pointe':>8}")
        for travail, libelle, sortie in travaux:
            aides, fichiers, duree, cpu, pages, taille, pointe = mesurer(travail, args.synthetiques, sortie)
            print(f"{libelle:<52} {aides:>6} {fichiers:>4} {duree:>7.1f}s {cpu:>7.1f}s {aides / cpu:>11.1f} {pages:>6} {taille // 1024:>7} {pointe:>6.0f}Mo")
    print("La durée dépend de la charge de la machine ; le temps CPU (tous les cœurs additionnés) en dépend peu.")
    print("« aides » : aides imprimées (ouvertes ou à venir ; les aides closes ne vont pas dans les guides).")


if __name__ == "__main__":
    main()
