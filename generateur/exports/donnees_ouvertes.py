"""Partie générée de la page « Données ouvertes » (docs/donnees/index.md) : les colonnes et les champs.

Le sens de chaque champ n'est écrit qu'une fois, dans schema.py et dans exports.COLONNES_CSV ;
`python -m generateur schema` le recopie dans la page, et un test vérifie qu'elle est à jour.
"""

from __future__ import annotations

from pathlib import Path

from generateur.lecture.documentation import cellule as _cellule
from generateur.lecture.documentation import champs, mettre_a_jour_fichier, remplacer_entre_marques
from generateur.exports.donnees import COLONNES_CSV
from schema import Aide

FICHIER = "docs/donnees/index.md"
DEBUT = "<!-- début de la partie générée par « python -m generateur schema » : ne pas modifier à la main -->"
FIN = "<!-- fin de la partie générée -->"


def _avec_valeurs(champ) -> str:
    if not champ.vocabulaire:
        return champ.description
    return f"{champ.description} Valeurs : {', '.join(champ.vocabulaire.valeurs)}."


def partie_generee() -> str:
    lignes = [
        "### Colonnes de `aides.csv`",
        "",
        "| Colonne | Sens |",
        "| --- | --- |",
        *(f"| `{nom}` | {_cellule(sens)} |" for nom, sens, _ in COLONNES_CSV),
        "",
        "### Champs de chaque aide dans `aides.json`",
        "",
        "Ce sont les champs des fiches YAML, décrits aussi par le JSON Schema `schema-aide.json`. "
        "`[]` veut dire « pour chaque élément de la liste ». S'y ajoutent `statut` (code, libellé, "
        "date limite, ouverture, depuis) calculé le jour de la construction, et `url`, l'adresse de la page.",
        "",
        "| Champ | Sens |",
        "| --- | --- |",
        *(f"| `{c.chemin}` | {_cellule(_avec_valeurs(c))} |" for c in champs(Aide)),
        "",
    ]
    return "\n".join(lignes)


def mettre_a_jour(texte: str) -> str:
    return remplacer_entre_marques(texte, DEBUT, FIN, partie_generee(), FICHIER)


def ecrire_page(racine: Path) -> Path:
    chemin = Path(racine) / FICHIER
    mettre_a_jour_fichier(chemin, DEBUT, FIN, partie_generee())
    return chemin
