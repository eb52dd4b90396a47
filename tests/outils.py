"""Fabrique de fiches pour les tests : la fiche d'exemple, modifiée à la demande."""

from __future__ import annotations

from pathlib import Path

import yaml

from schema import Aide

EXEMPLE = Path(__file__).parent / "donnees" / "aide-exemple.yaml"


def donnees_exemple() -> dict:
    return yaml.safe_load(EXEMPLE.read_text(encoding="utf-8"))


def aide(**changements) -> Aide:
    """La fiche d'exemple, avec des champs remplacés (les clés « a.b » visent un sous-champ)."""
    donnees = donnees_exemple()
    for cle, valeur in changements.items():
        cible = donnees
        *parents, dernier = cle.split("__")
        for p in parents:
            cible = cible.setdefault(p, {})
        cible[dernier] = valeur
    return Aide.model_validate(donnees)
