"""Passages recopiés des notes de recherche dans les textes des fiches.

Règle (documentée dans CONTRIBUTING) : un texte rédigé d'une fiche (titre, résumé, description,
conditions, étapes, pièces, commentaires, situation, « à confirmer ») ne partage pas 10 mots
consécutifs ou plus avec ../shared/recherche/. Sont exceptés : les passages contenus dans le nom
officiel ou la base juridique de la fiche (noms et références légales), et les passages dont au
moins 4 mots sur 10 sont des nombres (listes de chiffres).

Utilisation à la main : python tests/copie.py aides/une-fiche.yaml …
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
NOTES = RACINE.parent / "shared" / "recherche"
LONGUEUR = 10
CHAMPS_REDIGES = {"titre", "titre_court", "resume", "description", "conditions", "exclus", "etapes", "pieces",
                  "commentaire", "precision", "a_confirmer", "motif", "remplacement", "periode_habituelle",
                  "critere", "non_publie", "reprise", "aide_apportee"}
_MOT = re.compile(r"[0-9a-zà-ÿœæ]+")


def mots(texte: str) -> list[str]:
    texte = texte.lower().replace("’", "'")
    texte = re.sub(r"https?://\S+", " ", texte)
    return _MOT.findall(texte)


def _suites(liste: list[str]):
    for i in range(len(liste) - LONGUEUR + 1):
        yield tuple(liste[i : i + LONGUEUR])


def index_des_notes(dossier: Path = NOTES) -> set[tuple[str, ...]]:
    index: set[tuple[str, ...]] = set()
    for note in sorted(dossier.glob("*.md")):
        index.update(_suites(mots(note.read_text(encoding="utf-8"))))
    return index


def textes(donnees, cle=None):
    """(champ, texte) pour chaque texte d'une fiche lue en YAML ; un élément de liste prend le nom de sa liste."""
    if isinstance(donnees, dict):
        for k, v in donnees.items():
            yield from textes(v, k)
    elif isinstance(donnees, list):
        for v in donnees:
            yield from textes(v, cle)
    elif isinstance(donnees, str):
        yield cle, donnees


def textes_rediges(donnees):
    return ((cle, texte) for cle, texte in textes(donnees) if cle in CHAMPS_REDIGES)


def passages_copies(donnees: dict, index: set[tuple[str, ...]]) -> list[tuple[str, str]]:
    """(champ, passage) pour chaque suite de 10 mots reprise des notes, passages voisins fusionnés."""
    excuses = " ".join(mots(" ".join(str(donnees.get(c) or "") for c in ("nom_officiel", "base_juridique"))))
    trouves = []
    for champ, texte in textes_rediges(donnees):
        liste = mots(texte)
        fin_precedente = -1
        for i, suite in enumerate(_suites(liste)):
            if suite not in index:
                continue
            if " ".join(suite) in excuses or sum(m.isdigit() for m in suite) >= 4:
                continue
            if i <= fin_precedente:
                trouves[-1] = (champ, trouves[-1][1] + " " + liste[i + LONGUEUR - 1])
            else:
                trouves.append((champ, " ".join(suite)))
            fin_precedente = i + LONGUEUR - 1
    return trouves


if __name__ == "__main__":
    index = index_des_notes()
    total = 0
    for nom in sys.argv[1:]:
        for champ, passage in passages_copies(yaml.safe_load(Path(nom).read_text(encoding="utf-8")), index):
            total += 1
            print(f"{nom}: {champ}: « {passage} »")
    print(f"{total} passage(s) recopié(s)")
    sys.exit(1 if total else 0)
