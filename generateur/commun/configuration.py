"""Réglages du site lus dans mkdocs.yml, une fois par construction : adresse du site et du dépôt, départements servis."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

FICHIER = "mkdocs.yml"


@dataclass(frozen=True)
class Configuration:
    site: str = ""
    """Adresse publique du site (site_url), terminée par « / » ; vide si absente."""
    depot: str = ""
    """Adresse du dépôt (repo_url), sans barre finale ; vide si absente."""
    courriel: str = ""
    """Adresse où signaler une erreur sans compte GitHub (extra.courriel_signalement) ; vide : pas de lien."""
    departements: tuple[str, ...] = ()
    """Départements que le site sert (extra.departements) : pages d'index, options du trouveur, guides.
    Un autre département reste un code valide dans une fiche, affiché par son nom."""


def lire_config(racine: Path) -> dict:
    """mkdocs.yml, sans exécuter ses étiquettes (!ENV, !!python/name) : on n'y lit que des textes."""

    class Chargeur(yaml.SafeLoader):
        pass

    Chargeur.add_multi_constructor("", lambda chargeur, etiquette, noeud: None)
    with open(Path(racine) / FICHIER, encoding="utf-8") as f:
        return yaml.load(f, Loader=Chargeur) or {}


def lire_configuration(racine: Path) -> Configuration:
    config = lire_config(racine)
    site = config.get("site_url") or ""
    extra = config.get("extra") or {}
    return Configuration(
        site=site if not site or site.endswith("/") else site + "/",
        depot=(config.get("repo_url") or "").rstrip("/"),
        courriel=str(extra.get("courriel_signalement") or ""),
        departements=tuple(str(d) for d in extra.get("departements") or ()),
    )
