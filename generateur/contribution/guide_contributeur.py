"""Partie générée de CONTRIBUTING.md : le sens de chaque champ, tiré de schema.py.

Les descriptions des champs et les vocabulaires ne sont écrits qu'une fois, dans
schema.py ; le guide du contributeur les recopie ici pour ne jamais s'en écarter.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from pydantic import BaseModel

from generateur.lecture.documentation import MarquesIntrouvables, champs, mettre_a_jour_fichier, remplacer_entre_marques
from generateur.lecture.documentation import cellule as _cellule
from generateur.regles.statut import REGLES
from schema import VOCABULAIRES, Aide, Organisation, Vocabulaire

FICHIER = "CONTRIBUTING.md"
DEBUT = "<!-- début de la partie générée par « python -m generateur contribution » : ne pas modifier à la main -->"
FIN = "<!-- fin de la partie générée -->"


GuideIntrouvable = MarquesIntrouvables


def _lignes(modele: type[BaseModel]) -> list[str]:
    lignes = []
    for champ in champs(modele):
        description = _cellule(champ.description)
        if champ.vocabulaire:
            description += f" Valeurs : voir [{champ.vocabulaire.titre}](#{_ancre(champ.vocabulaire)})."
        obligatoire = "oui" if champ.obligatoire else "non"
        lignes.append(f"| `{champ.chemin}` | {obligatoire} | {champ.nature} | {description} |")
    return lignes


def _ancre(vocabulaire: Vocabulaire) -> str:
    return f"valeurs-{vocabulaire.nom}"


def _tableau(titre: str, explication: str, modele: type[BaseModel]) -> list[str]:
    return [
        f"### {titre}",
        "",
        explication,
        "",
        "| Champ | Obligatoire | Valeur | Ce qu'il faut écrire |",
        "| --- | --- | --- | --- |",
        *_lignes(modele),
        "",
    ]


def partie_generee() -> str:
    lignes = [
        "## Comment le site calcule le statut d'une aide",
        "",
        REGLES.strip(),
        "",
        "## Ce que veut dire chaque champ",
        "",
        "Cette partie est produite à partir de `schema.py` : elle est toujours à jour.",
        "Un champ écrit `beneficiaires.structures` se trouve sous `beneficiaires:`, décalé de deux espaces.",
        "`[]` veut dire « pour chaque élément de la liste ».",
        "",
    ]
    lignes += _tableau("Fiche d'aide (`aides/<identifiant>.yaml`)", inspect.cleandoc(Aide.__doc__), Aide)
    lignes += _tableau("Organisation (`aides/organisations/<identifiant>.yaml`)", inspect.cleandoc(Organisation.__doc__), Organisation)
    lignes += ["### Listes de valeurs", "", "Écrivez la valeur de la première colonne, exactement (minuscules, sans accents).", ""]
    for vocabulaire in VOCABULAIRES.values():
        lignes += [
            f'<a id="{_ancre(vocabulaire)}"></a>',
            "",
            f"#### {vocabulaire.titre}",
            "",
            "| Valeur | Affiché sur le site | Définition |",
            "| --- | --- | --- |",
            *(f"| `{t.valeur}` | {_cellule(t.libelle)} | {_cellule(t.definition)} |" for t in vocabulaire),
            "",
        ]
    return "\n".join(lignes).rstrip("\n") + "\n"


def mettre_a_jour(texte: str) -> str:
    """Remplace ce qui se trouve entre les deux marques par la partie générée."""
    return remplacer_entre_marques(texte, DEBUT, FIN, partie_generee(), FICHIER)


def ecrire_guide(racine: Path) -> bool:
    """Met à jour CONTRIBUTING.md ; renvoie True s'il a changé."""
    return mettre_a_jour_fichier(Path(racine) / FICHIER, DEBUT, FIN, partie_generee())


def guide_a_jour(racine: Path) -> bool:
    texte = (Path(racine) / FICHIER).read_text(encoding="utf-8")
    return mettre_a_jour(texte) == texte
