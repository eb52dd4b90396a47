"""Jeu de requêtes réelles (tests/donnees/requetes-recherche.yaml) : le test de la recherche et `make bench` le jouent.

Pour chaque requête, dans Chromium, l'ordre affiché par assets/recherche.js : sans les archives, une aide attendue
doit venir parmi les trois premiers ; avec les archives, aucune aide close ne passe avant une aide en cours.
"""

from __future__ import annotations

from pathlib import Path

import yaml

FICHIER = Path(__file__).parent / "donnees" / "requetes-recherche.yaml"
PREMIERS = 3
DEMANDABLES = ("ouverte", "bientot-close", "permanente")
"""Écrits ici, non lus dans generateur/regles/statut.py : le test ne reprend pas le code qu'il vérifie."""


def requetes() -> dict[str, list[str]]:
    return yaml.safe_load(FICHIER.read_text(encoding="utf-8"))["requetes"]


def jouer(page, terme: str, attendues: list[str]) -> dict:
    """page : une page du site ouverte dans Chromium (assets/recherche.js chargé)."""
    sans = page.evaluate("async q => await AidesESSRecherche.adresses(q, false)", terme)
    avec = page.evaluate("async q => await AidesESSRecherche.adresses(q, true)", terme)
    tete = [r["url"].strip("/").removeprefix("aides/") for r in sans[:PREMIERS]]
    statuts = [r["statut"] for r in avec if r["statut"]]
    close_avant = "close" in statuts and any(s != "close" for s in statuts[statuts.index("close"):])
    return {
        "requete": terme,
        "tete": tete,
        "trouvee": any(a in tete for a in attendues),
        "close_avant_ouverte": close_avant,
        "close_sans_archives": any(r["statut"] == "close" for r in sans),
        "premier_demandable": bool(sans) and sans[0]["statut"] in DEMANDABLES,
    }


def jouer_tout(page) -> list[dict]:
    return [jouer(page, terme, attendues) for terme, attendues in requetes().items()]
