"""Partie générée de CONTRIBUTING.md : le sens de chaque champ, tiré de schema.py.

Les descriptions des champs et les vocabulaires ne sont écrits qu'une fois, dans
schema.py ; le guide du contributeur les recopie ici pour ne jamais s'en écarter.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from schema import VOCABULAIRES, Aide, CodeTerritoire, Identifiant, Lien, Organisation, Vocabulaire

NATURES_NOMMEES = ((Lien, "adresse web"), (CodeTerritoire, "code de territoire"), (Identifiant, "identifiant"))

FICHIER = "CONTRIBUTING.md"
DEBUT = "<!-- début de la partie générée par « python -m generateur contribution » : ne pas modifier à la main -->"
FIN = "<!-- fin de la partie générée -->"


class GuideIntrouvable(Exception):
    pass


def _sans_optional(annotation):
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        return arguments[0] if len(arguments) == 1 else annotation
    return annotation


def _description_interne(annotation) -> str | None:
    """Description portée par un type annoté (Lien, CodeTerritoire, TexteLong…)."""
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in reversed(typing.get_args(annotation)[1:]):
            if isinstance(meta, FieldInfo) and meta.description:
                return meta.description
    return None


def _vocabulaire(annotation) -> Vocabulaire | None:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Literal:
        valeurs = tuple(typing.get_args(annotation))
        return next((v for v in VOCABULAIRES.values() if v.valeurs == valeurs), None)
    return None


def _genre(annotation) -> tuple[str, Vocabulaire | None, type[BaseModel] | None]:
    """(nature de la valeur en mots, vocabulaire éventuel, sous-rubrique éventuelle)."""
    annotation = _sans_optional(annotation)
    if typing.get_origin(annotation) is list:
        nature, vocabulaire, modele = _genre(typing.get_args(annotation)[0])
        if modele:
            return "liste de rubriques", None, modele
        return f"liste ({nature})", vocabulaire, None
    for type_nomme, nature in NATURES_NOMMEES:
        if annotation == type_nomme:
            return nature, None, None
    vocabulaire = _vocabulaire(annotation)
    if vocabulaire:
        return f"une valeur de la liste « {vocabulaire.titre} »", vocabulaire, None
    base = typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "rubrique", None, base
    natures = {str: "texte", int: "nombre entier", float: "nombre", bool: "true ou false", dt.date: "date AAAA-MM-JJ"}
    if typing.get_origin(base) is list:
        return "liste", None, None
    return natures.get(base, "texte"), None, None


def _cellule(texte: str) -> str:
    return " ".join(texte.split()).replace("|", "\\|")


def _lignes(modele: type[BaseModel], prefixe: str = "") -> list[str]:
    lignes = []
    for nom, info in modele.model_fields.items():
        chemin = f"{prefixe}{nom}"
        nature, vocabulaire, sous_modele = _genre(info.annotation)
        description = info.description or _description_interne(_sans_optional(info.annotation))
        if vocabulaire and (not description or description.startswith(f"{vocabulaire.titre} :")):
            description = f"{vocabulaire.titre}."
        interne = _sans_optional(info.annotation)
        if not vocabulaire and typing.get_origin(interne) is list and _description_interne(typing.get_args(interne)[0]):
            description = f"{description or ''} {_description_interne(typing.get_args(interne)[0])}".strip()
        if not description and sous_modele:
            description = inspect.cleandoc(sous_modele.__doc__ or "")
        if sous_modele and description and sous_modele.__doc__ and description != inspect.cleandoc(sous_modele.__doc__):
            description += " " + inspect.cleandoc(sous_modele.__doc__)
        if vocabulaire:
            description = (description or "") + f" Valeurs : voir [{vocabulaire.titre}](#{_ancre(vocabulaire)})."
        obligatoire = "oui" if info.is_required() else "non"
        lignes.append(f"| `{chemin}` | {obligatoire} | {nature} | {_cellule(description or '')} |")
        if sous_modele:
            lignes += _lignes(sous_modele, chemin + ("[]." if nature.startswith("liste") else "."))
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
    debut, fin = texte.find(DEBUT), texte.find(FIN)
    if debut < 0 or fin < debut:
        raise GuideIntrouvable(f"marques introuvables dans {FICHIER} : ajoutez les lignes\n{DEBUT}\n{FIN}")
    return texte[: debut + len(DEBUT)] + "\n\n" + partie_generee() + "\n" + texte[fin:]


def ecrire_guide(racine: Path) -> bool:
    """Met à jour CONTRIBUTING.md ; renvoie True s'il a changé."""
    chemin = Path(racine) / FICHIER
    ancien = chemin.read_text(encoding="utf-8")
    nouveau = mettre_a_jour(ancien)
    if nouveau != ancien:
        chemin.write_text(nouveau, encoding="utf-8")
    return nouveau != ancien


def guide_a_jour(racine: Path) -> bool:
    texte = (Path(racine) / FICHIER).read_text(encoding="utf-8")
    return mettre_a_jour(texte) == texte
