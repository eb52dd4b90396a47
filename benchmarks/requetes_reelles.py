"""Jeu de requêtes réelles (tests/donnees/requetes-recherche.yaml) sur le site du vrai catalogue : le score de la recherche.

Lancé à part (python benchmarks/requetes_reelles.py RACINE JOUR) : construit le vrai catalogue (sans guides) dans
un dossier temporaire, le sert sur 127.0.0.1 et joue chaque requête dans Chromium comme tests/test_recherche.py.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
for chemin in (RACINE, RACINE / "tests", RACINE / "benchmarks"):
    sys.path.insert(0, str(chemin))


def mesurer(racine: Path, jour: dt.date) -> dict:
    from playwright.sync_api import sync_playwright

    import conftest
    import jeu_de_requetes
    from generateur.construction import construire

    with tempfile.TemporaryDirectory(prefix="aides-requetes-") as dossier:
        depot = conftest.copier_depot(Path(dossier) / "depot")
        construire(depot, jour)
        adresse, serveur = conftest.servir(depot / "site")
        try:
            with sync_playwright() as p:
                navigateur = p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.ARGUMENTS_CHROMIUM)
                page = navigateur.new_page(locale="fr-FR")
                page.goto(adresse)
                resultats = jeu_de_requetes.jouer_tout(page)
                navigateur.close()
        finally:
            serveur.shutdown()
    return {
        "requetes": len(resultats),
        "trouvees": sum(r["trouvee"] for r in resultats),
        "closes_avant": sum(r["close_avant_ouverte"] or r["close_sans_archives"] for r in resultats),
        "manquees": [r["requete"] for r in resultats if not r["trouvee"]],
        "premier_demandable": sum(r["premier_demandable"] for r in resultats),
    }


if __name__ == "__main__":
    print(json.dumps(mesurer(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]))))
