"""Erreurs lisibles par un contributeur : fichier, ligne, colonne, champ, message en français."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Erreur:
    fichier: str
    ligne: int
    colonne: int
    champ: str
    message: str

    def __str__(self) -> str:
        champ = f" {self.champ}:" if self.champ else ""
        return f"{self.fichier}:{self.ligne}:{self.colonne}:{champ} {self.message}"

    def annotation_github(self) -> str:
        """Format des annotations GitHub Actions, pour afficher l'erreur sur la ligne du fichier."""
        message = f"{self.champ} : {self.message}" if self.champ else self.message
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.fichier},line={self.ligne},col={self.colonne},title=Fiche invalide::{message}"


class ErreursDeDonnees(Exception):
    """Levée quand le catalogue contient des erreurs ; porte toutes les erreurs trouvées."""

    def __init__(self, erreurs: list[Erreur]):
        self.erreurs = sorted(erreurs)
        super().__init__(f"{len(self.erreurs)} erreur(s) dans les données")


def afficher(erreurs: list[Erreur], flux) -> None:
    annotations = os.environ.get("GITHUB_ACTIONS") == "true"
    for erreur in sorted(erreurs):
        print(erreur, file=flux)
        if annotations:
            print(erreur.annotation_github(), file=flux)
    n = len(erreurs)
    print(f"\n{n} erreur{'s' if n > 1 else ''} : corrigez-{'les' if n > 1 else 'la'} puis relancez la validation.", file=flux)
