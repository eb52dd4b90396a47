"""Partie générée de la page « Données ouvertes » (docs/donnees/index.md) : les colonnes et les champs.

Le sens de chaque champ n'est écrit qu'une fois, dans schema.py et dans exports.COLONNES_CSV ;
`python -m generateur schema` le recopie dans la page, et un test vérifie qu'elle est à jour.
"""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

from pydantic import BaseModel

from generateur.exports import COLONNES_CSV
from schema import Aide

FICHIER = "docs/donnees/index.md"
DEBUT = "<!-- début de la partie générée par « python -m generateur schema » : ne pas modifier à la main -->"
FIN = "<!-- fin de la partie générée -->"


def _cellule(texte: str) -> str:
    """Texte brut dans une case : ni HTML ni Markdown interprétés."""
    texte = " ".join(texte.split()).replace("<", "&lt;").replace(">", "&gt;")
    for signe in "\\|*_[]`":
        texte = texte.replace(signe, "\\" + signe)
    return texte


def _sous_modele(annotation) -> type[BaseModel] | None:
    """Le modèle d'une rubrique, même dans Optional[...] ou list[...]."""
    for argument in (annotation, *typing.get_args(annotation)):
        if isinstance(argument, type) and issubclass(argument, BaseModel):
            return argument
        for interne in typing.get_args(argument):
            if isinstance(interne, type) and issubclass(interne, BaseModel):
                return interne
    return None


def _description(info) -> str:
    if info.description:
        return info.description
    for meta in (m for a in (info.annotation, *typing.get_args(info.annotation)) for m in getattr(a, "__metadata__", ())):
        if getattr(meta, "description", None):
            return meta.description
    return ""


def _champs(modele: type[BaseModel], prefixe: str = "") -> list[str]:
    lignes = []
    for nom, info in modele.model_fields.items():
        chemin = prefixe + nom
        sous_modele = _sous_modele(info.annotation)
        description = _description(info) or (inspect.cleandoc(sous_modele.__doc__) if sous_modele and sous_modele.__doc__ else "")
        lignes.append(f"| `{chemin}` | {_cellule(description)} |")
        if sous_modele:
            est_liste = typing.get_origin(info.annotation) is list
            lignes += _champs(sous_modele, chemin + ("[]." if est_liste else "."))
    return lignes


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
        *_champs(Aide),
        "",
    ]
    return "\n".join(lignes)


def mettre_a_jour(texte: str) -> str:
    debut, fin = texte.find(DEBUT), texte.find(FIN)
    if debut < 0 or fin < debut:
        raise ValueError(f"marques introuvables dans {FICHIER} : ajoutez les lignes\n{DEBUT}\n{FIN}")
    return texte[: debut + len(DEBUT)] + "\n\n" + partie_generee() + "\n" + texte[fin:]


def ecrire_page(racine: Path) -> Path:
    chemin = Path(racine) / FICHIER
    chemin.write_text(mettre_a_jour(chemin.read_text(encoding="utf-8")), encoding="utf-8")
    return chemin
