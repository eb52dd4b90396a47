"""Écriture des fichiers produits."""

from __future__ import annotations

from pathlib import Path


def ecrire_si_change(cible: Path, texte: str) -> Path:
    """N'écrit que si le contenu change : `mkdocs serve` surveille docs/ et reconstruirait sans fin."""
    cible.parent.mkdir(parents=True, exist_ok=True)
    try:
        if cible.read_text(encoding="utf-8") == texte:
            return cible
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    cible.write_text(texte, encoding="utf-8")
    return cible
