"""Adresses du dépôt GitHub : modifier une fiche, signaler une erreur, proposer une aide.

L'adresse du dépôt n'est écrite qu'à un endroit : `repo_url` dans mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import yaml

BRANCHE = "main"
MODELE_SIGNALEMENT = "signaler-une-erreur.yml"
MODELE_PROPOSITION = "proposer-une-aide.yml"


@dataclass(frozen=True)
class Depot:
    adresse: str
    """Par exemple https://github.com/<compte>/<dépôt>, sans barre finale."""
    site: str = ""
    """Adresse publique du site (site_url), pour citer une page dans un signalement."""

    def modifier(self, fichier: str) -> str:
        """Éditeur web de GitHub sur un fichier du dépôt (il propose de créer une copie si besoin)."""
        return f"{self.adresse}/edit/{BRANCHE}/{fichier}"

    def signaler(self, identifiant: str, titre: str) -> str:
        """Nouveau ticket, formulaire « Signaler une erreur » prérempli avec l'aide concernée."""
        page = f"{self.site}aides/{identifiant}/" if self.site else ""
        champs = {"template": MODELE_SIGNALEMENT, "title": f"Erreur sur « {titre} »", "aide": identifiant}
        if page:
            champs["page"] = page
        return f"{self.adresse}/issues/new?{urlencode(champs)}"

    def nouveau_fichier(self, dossier: str, nom: str, contenu: str) -> str:
        """Page « Create new file » de GitHub, avec le nom et le contenu déjà remplis."""
        return f"{self.adresse}/new/{BRANCHE}/{dossier}?{urlencode({'filename': nom, 'value': contenu})}"

    def proposer_par_ticket(self) -> str:
        return f"{self.adresse}/issues/new?{urlencode({'template': MODELE_PROPOSITION})}"


def lire_config(racine: Path) -> dict:
    """mkdocs.yml, sans exécuter ses étiquettes (!ENV, !!python/name) : on n'y lit que des textes."""

    class Chargeur(yaml.SafeLoader):
        pass

    Chargeur.add_multi_constructor("", lambda chargeur, etiquette, noeud: None)
    with open(Path(racine) / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=Chargeur) or {}


def adresse_du_site(racine: Path) -> str:
    """site_url de mkdocs.yml, terminée par « / » (vide si absente)."""
    site = lire_config(racine).get("site_url") or ""
    return site if not site or site.endswith("/") else site + "/"


def lire_depot(racine: Path) -> Depot | None:
    """Lit repo_url et site_url dans mkdocs.yml ; None si le dépôt n'est pas indiqué."""
    adresse = (lire_config(racine).get("repo_url") or "").rstrip("/")
    return Depot(adresse, adresse_du_site(racine)) if adresse else None


MARQUES = ("LIEN-NOUVELLE-AIDE", "LIEN-PROPOSER-PAR-TICKET", "LIEN-DEPOT")
"""Marques de docs/contribuer.md, remplacées à la construction par les adresses du dépôt."""


def remplacer_marques(markdown: str, depot: Depot, jour) -> str:
    from generateur.squelette import identifiant_de, squelette

    titre = "Titre de l'aide"
    adresses = {
        "LIEN-NOUVELLE-AIDE": depot.nouveau_fichier("aides", f"{identifiant_de(titre)}.yaml", squelette(titre, jour)),
        "LIEN-PROPOSER-PAR-TICKET": depot.proposer_par_ticket(),
        "LIEN-DEPOT": depot.adresse,
    }
    for marque, adresse in adresses.items():
        markdown = markdown.replace(marque, adresse)
    return markdown
