"""Adresses des pages et des guides dans le site : une seule règle, pour les pages, les exports et les guides."""

from __future__ import annotations

import functools
import re
import unicodedata


@functools.lru_cache(maxsize=None)
def slug(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", sans_accents.lower()).strip("-")


def url_de(chemin_md: str) -> str:
    """Adresse d'une page (use_directory_urls) : « aides/x.md » → « aides/x/ »."""
    if chemin_md == "index.md":
        return ""
    if chemin_md.endswith("/index.md"):
        return chemin_md[: -len("index.md")]
    return chemin_md[: -len(".md")] + "/"


def lien(depuis_md: str, vers_md: str) -> str:
    """Lien relatif d'une page à une autre, qui marche hors ligne et sous n'importe quel préfixe."""
    # Calculé sur les morceaux d'adresse : posixpath.relpath consulte le dossier courant à chaque appel,
    # et les pages en font des centaines de milliers à 5 000 aides.
    depart, arrivee = url_de(depuis_md).split("/")[:-1], url_de(vers_md).split("/")[:-1]
    commun = 0
    while commun < min(len(depart), len(arrivee)) and depart[commun] == arrivee[commun]:
        commun += 1
    relatif = "../" * (len(depart) - commun) + "".join(m + "/" for m in arrivee[commun:])
    return relatif or "./"


def page_aide(identifiant: str) -> str:
    return f"aides/{identifiant}.md"


DOSSIER_GUIDES = "guides"
"""Dossier du site où sont publiés les guides prêts à imprimer."""

FICHIER_COMPLET = f"{DOSSIER_GUIDES}/aides-ess-guide-complet.pdf"

DIMENSIONS_GUIDES = {
    # dimension des pages du site : champ de la sélection
    "besoins": "besoin",
    "structures": "structure",
    "departements": "departement",
}
"""Les pages d'index qui ont chacune leur guide prêt à imprimer."""


def fichier_guide(dimension: str | None = None, valeur: str | None = None) -> str | None:
    """Chemin dans le site du guide d'une page d'index (valeur : le slug de la page), ou du guide complet."""
    if dimension is None:
        return FICHIER_COMPLET
    if dimension not in DIMENSIONS_GUIDES:
        return None
    return f"{DOSSIER_GUIDES}/aides-ess-{DIMENSIONS_GUIDES[dimension]}-{valeur}.pdf"


def fichier_tableau(fichier: str) -> str:
    """La vue d'ensemble seule d'un guide, à distribuer : « …-guide-complet.pdf » → « …-guide-complet-tableau.pdf »."""
    return fichier.removesuffix(".pdf") + "-tableau.pdf"
