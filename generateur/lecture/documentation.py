"""Documentation tirée de schema.py : le sens de chaque champ, écrit une seule fois.

Sert au guide du contributeur (CONTRIBUTING.md) et à la page « Données ouvertes » :
ces deux textes gardent une partie produite entre deux marques, que les tests
vérifient à jour.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from schema import VOCABULAIRES, CodeTerritoire, Identifiant, Lien, Vocabulaire

NATURES_NOMMEES = ((Lien, "adresse web"), (CodeTerritoire, "code de territoire"), (Identifiant, "identifiant"))


class MarquesIntrouvables(Exception):
    pass


@dataclass(frozen=True)
class Champ:
    chemin: str
    """« beneficiaires.structures », « sources[].url »."""
    obligatoire: bool
    nature: str
    """La valeur attendue, en mots : « texte », « liste (identifiant) »…"""
    description: str
    vocabulaire: Vocabulaire | None


def _sans_optional(annotation):
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        return arguments[0] if len(arguments) == 1 else annotation
    return annotation


def type_nu(annotation):
    """Le type sous ses contraintes (Date, Lien, TexteLong… sont des Annotated ; Python aplatit les Annotated imbriqués)."""
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def _description_interne(annotation) -> str | None:
    """Description portée par un type annoté (Lien, CodeTerritoire, TexteLong…)."""
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in reversed(typing.get_args(annotation)[1:]):
            if isinstance(meta, FieldInfo) and meta.description:
                return meta.description
    return None


def _vocabulaire(annotation) -> Vocabulaire | None:
    annotation = type_nu(annotation)
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
    base = type_nu(annotation)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "rubrique", None, base
    natures = {str: "texte", int: "nombre entier", float: "nombre", bool: "true ou false", dt.date: "date AAAA-MM-JJ"}
    if typing.get_origin(base) is list:
        return "liste", None, None
    return natures.get(base, "texte"), None, None


def sous_modele(annotation) -> type[BaseModel] | None:
    """La rubrique décrite par un champ, même sous Optional[...] ou list[...]."""
    return _genre(annotation)[2]


def champs(modele: type[BaseModel], prefixe: str = "") -> list[Champ]:
    """Tous les champs d'un modèle, sous-rubriques comprises, dans l'ordre du schéma."""
    resultat = []
    for nom, info in modele.model_fields.items():
        chemin = f"{prefixe}{nom}"
        nature, vocabulaire, sous_modele = _genre(info.annotation)
        interne = _sans_optional(info.annotation)
        description = info.description or _description_interne(interne)
        if vocabulaire and (not description or description.startswith(f"{vocabulaire.titre} :")):
            description = f"{vocabulaire.titre}."
        if not vocabulaire and typing.get_origin(interne) is list and _description_interne(typing.get_args(interne)[0]):
            description = f"{description or ''} {_description_interne(typing.get_args(interne)[0])}".strip()
        doc = inspect.cleandoc(sous_modele.__doc__ or "") if sous_modele else ""
        if not description:
            description = doc
        elif doc and description != doc:
            description += " " + doc
        resultat.append(Champ(chemin, info.is_required(), nature, description or "", vocabulaire))
        if sous_modele:
            resultat += champs(sous_modele, chemin + ("[]." if nature.startswith("liste") else "."))
    return resultat


def cellule(texte: str) -> str:
    """Texte brut dans une case de tableau Markdown : ni HTML ni Markdown interprétés."""
    texte = " ".join(texte.split()).replace("<", "&lt;").replace(">", "&gt;")
    for signe in "\\|*_[]`":
        texte = texte.replace(signe, "\\" + signe)
    return texte


def remplacer_entre_marques(texte: str, debut: str, fin: str, contenu: str, fichier: str) -> str:
    i, j = texte.find(debut), texte.find(fin)
    if i < 0 or j < i:
        raise MarquesIntrouvables(f"marques introuvables dans {fichier} : ajoutez les lignes\n{debut}\n{fin}")
    return texte[: i + len(debut)] + "\n\n" + contenu + "\n" + texte[j:]


def mettre_a_jour_fichier(chemin: Path, debut: str, fin: str, contenu: str) -> bool:
    """Réécrit la partie produite d'un fichier ; renvoie True s'il a changé."""
    ancien = chemin.read_text(encoding="utf-8")
    nouveau = remplacer_entre_marques(ancien, debut, fin, contenu, chemin.name)
    if nouveau != ancien:
        chemin.write_text(nouveau, encoding="utf-8")
    return nouveau != ancien
