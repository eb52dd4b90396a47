"""Guides PDF du vrai catalogue : pages par aide du guide complet et de chaque guide de département.

Lancé à part (python benchmarks/guides_reels.py RACINE JOUR) : WeasyPrint dans un processus neuf.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))


def mesurer(racine: Path, jour: dt.date) -> list[dict]:
    import pypdf

    from generateur.commun.configuration import lire_configuration
    from generateur.guides.pdf import guide
    from generateur.guides.selection import Selection
    from generateur.lecture.catalogue import charger_catalogue

    catalogue = charger_catalogue(racine)
    adresse = lire_configuration(racine).site
    selections = [("Guide complet", Selection())] + [
        (f"Guide {catalogue.territoires.nom(d)}", Selection(departement=d)) for d in catalogue.territoires.departements
    ]
    resultats = []
    with tempfile.TemporaryDirectory() as dossier:
        for nom, selection in selections:
            debut = time.perf_counter()
            sortie, aides = guide(catalogue, selection, jour, Path(dossier) / "guide.pdf", adresse)
            duree = time.perf_counter() - debut
            lecteur = pypdf.PdfReader(sortie)
            pages = len(lecteur.pages)
            premiere = lecteur.get_destination_page_number(lecteur.outline[1]) if len(lecteur.outline) > 1 else pages
            derniere = lecteur.get_destination_page_number(lecteur.outline[-1]) if selection.departement else pages
            resultats.append({"guide": nom, "aides": aides, "pages": pages, "avant_les_fiches": premiere,
                              "pages_par_aide": (derniere - premiere) / aides if aides else 0, "duree": duree})
    return resultats


if __name__ == "__main__":
    print(json.dumps(mesurer(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]))))
