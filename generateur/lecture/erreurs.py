"""Erreurs lisibles par un contributeur : fichier, ligne, colonne, champ, message en français.

Une erreur répète des valeurs et des noms de fichiers venus d'une demande de modification : avant d'être
affichés, les caractères de contrôle (séquences d'échappement du terminal, retours à la ligne, bidi) sont
montrés sous la forme « \\x1b », et les commandes de GitHub Actions (« ::error », « ::add-mask:: »)
ne peuvent pas être fabriquées par une valeur.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass

FORMATS_INVISIBLES = "\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
"""Pour une classe d'expression régulière : marques et forçages bidi, espaces et joints de largeur nulle, BOM,
étiquettes Unicode. Invisibles, ils cachent ou retournent le texte qui les entoure."""

_INVISIBLES = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{FORMATS_INVISIBLES}\ufffe\uffff\ud800-\udfff]")
"""Contrôles C0 et C1 (dont ESC), fins de ligne Unicode, et les formats invisibles."""


def visible(texte: str) -> str:
    """Le texte sur une seule ligne, chaque caractère invisible ou de contrôle écrit « \\x1b » ou « \\u202e »."""
    return _INVISIBLES.sub(lambda m: _echappe(ord(m.group())), texte)


def _echappe(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def ligne_affichable(texte: str) -> str:
    """visible(texte), qui de plus ne commence jamais par « :: » : GitHub lirait la ligne comme une commande."""
    ligne = visible(texte)
    return "./" + ligne if ligne.lstrip().startswith("::") else ligne


def _donnee_github(texte: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData)
    return visible(texte).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _propriete_github(texte: str) -> str:
    # escapeProperty : en plus, « : » et « , » qui séparent les propriétés.
    return _donnee_github(texte).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Erreur:
    fichier: str
    ligne: int
    colonne: int
    champ: str
    message: str

    def __str__(self) -> str:
        champ = f" {visible(self.champ)}:" if self.champ else ""
        return f"{ligne_affichable(self.fichier)}:{self.ligne}:{self.colonne}:{champ} {visible(self.message)}"

    def annotation_github(self) -> str:
        """Format des annotations GitHub Actions, pour afficher l'erreur sur la ligne du fichier."""
        message = f"{self.champ} : {self.message}" if self.champ else self.message
        return (
            f"::error file={_propriete_github(self.fichier)},line={self.ligne},col={self.colonne},"
            f"title=Fiche invalide::{_donnee_github(message)}"
        )


class ErreursDeDonnees(Exception):
    """Levée quand le catalogue contient des erreurs ; porte toutes les erreurs trouvées."""

    def __init__(self, erreurs: list[Erreur]):
        self.erreurs = sorted(erreurs)
        super().__init__(f"{len(self.erreurs)} erreur(s) dans les données")


ANNOTATIONS_MAX = 10
"""GitHub n'affiche que les 10 premières annotations d'erreur d'une étape : au-delà, le résumé du job les liste toutes."""

_RESUME_MAX = 1000 * 1024
"""Le résumé d'une étape est limité à 1 Mio par GitHub."""


def afficher(erreurs: list[Erreur], flux) -> None:
    annotations = os.environ.get("GITHUB_ACTIONS") == "true"
    erreurs = sorted(erreurs)
    for erreur in erreurs:
        print(erreur, file=flux)
        if annotations:
            print(erreur.annotation_github(), file=flux)
    n = len(erreurs)
    print(f"\n{n} erreur{'s' if n > 1 else ''} : corrigez-{'les' if n > 1 else 'la'} puis relancez la validation.", file=flux)
    resume = os.environ.get("GITHUB_STEP_SUMMARY")
    if annotations and resume and n > ANNOTATIONS_MAX:
        with open(resume, "a", encoding="utf-8") as f:
            f.write(resume_github(erreurs))


def resume_github(erreurs: list[Erreur]) -> str:
    """Tableau HTML de toutes les erreurs, pour le résumé du job (les valeurs échappées, jamais interprétées)."""
    lignes = [
        f"## {len(erreurs)} erreurs dans les fiches\n\n"
        f"GitHub n'affiche que les {ANNOTATIONS_MAX} premières dans « Files changed » : les voici toutes.\n\n"
        "<table>\n<tr><th>Fichier</th><th>Ligne</th><th>Champ</th><th>Erreur</th></tr>\n"
    ]
    taille = len(lignes[0])
    for i, e in enumerate(erreurs):
        ligne = (
            f"<tr><td>{html.escape(visible(e.fichier))}</td><td>{e.ligne}</td>"
            f"<td>{html.escape(visible(e.champ))}</td><td>{html.escape(visible(e.message))}</td></tr>\n"
        )
        if taille + len(ligne) > _RESUME_MAX - 200:
            lignes.append(f"</table>\n\n… et {len(erreurs) - i} autres : lancez « python -m generateur valider » pour toutes les voir.\n")
            return "".join(lignes)
        lignes.append(ligne)
        taille += len(ligne)
    lignes.append("</table>\n")
    return "".join(lignes)
