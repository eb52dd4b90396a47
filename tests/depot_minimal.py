"""Petit dépôt de travail pour les tests de contribution : référentiels, organisations, code, aucune fiche."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generateur.lecture.catalogue import RACINE

PYTHON = sys.executable


def petit_depot(cible: Path) -> Path:
    """Copie ce qu'il faut pour lancer `python -m generateur` depuis `cible` (sans fiche d'aide)."""
    cible.mkdir(parents=True, exist_ok=True)
    ignorer = shutil.ignore_patterns("__pycache__")
    for dossier in ("aides/referentiel", "aides/organisations", "generateur", ".github"):
        shutil.copytree(RACINE / dossier, cible / dossier, ignore=ignorer)
    for fichier in ("schema.py", "mkdocs.yml", "CONTRIBUTING.md", ".pre-commit-config.yaml"):
        shutil.copy2(RACINE / fichier, cible / fichier)
    return cible


def lancer(depot: Path, *arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m generateur …` lancé depuis le petit dépôt : c'est sa copie du code qui s'exécute."""
    return subprocess.run(
        [PYTHON, "-m", "generateur", *arguments], cwd=depot, capture_output=True, text=True, timeout=120, env=env
    )
