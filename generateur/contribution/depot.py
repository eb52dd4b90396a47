"""Adresses du dépôt GitHub : modifier une fiche, signaler une erreur, proposer une aide.

L'adresse du dépôt n'est écrite qu'à un endroit : `repo_url` dans mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from generateur.commun.configuration import Configuration

BRANCHE = "main"
MODELE_SIGNALEMENT = "signaler-une-erreur.yml"
MODELE_PROPOSITION = "proposer-une-aide.yml"


@dataclass(frozen=True)
class Depot:
    adresse: str
    """Par exemple https://github.com/<compte>/<dépôt>, sans barre finale."""
    site: str = ""
    """Adresse publique du site (site_url), pour citer une page dans un signalement."""
    courriel: str = ""
    """Adresse de l'équipe pour signaler une erreur sans compte GitHub (extra.courriel_signalement)."""

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

    def signaler_par_courriel(self, identifiant: str, titre: str) -> str:
        """Un courriel déjà rempli : l'aide, son adresse, et la place pour décrire l'erreur."""
        page = f"{self.site}aides/{identifiant}/" if self.site else f"aides/{identifiant}"
        corps = f"Aide : {titre}\nPage : {page}\n\nCe qui est faux ou manque (avec la source si vous l'avez) :\n"
        return f"mailto:{self.courriel}?{urlencode({'subject': f'Erreur sur « {titre} »', 'body': corps}, quote_via=quote)}"

    def nouveau_fichier(self, dossier: str, nom: str, contenu: str) -> str:
        """Page « Create new file » de GitHub, avec le nom et le contenu déjà remplis."""
        return f"{self.adresse}/new/{BRANCHE}/{dossier}?{urlencode({'filename': nom, 'value': contenu})}"

    def proposer_par_ticket(self) -> str:
        return f"{self.adresse}/issues/new?{urlencode({'template': MODELE_PROPOSITION})}"


def lire_depot(racine: Path) -> Depot | None:
    from generateur.commun.configuration import lire_configuration

    return depot_de(lire_configuration(racine))


def depot_de(configuration: Configuration) -> Depot | None:
    """Le dépôt de la configuration ; None si mkdocs.yml ne l'indique pas."""
    return Depot(configuration.depot, configuration.site, configuration.courriel) if configuration.depot else None


MARQUES = ("LIEN-NOUVELLE-AIDE", "LIEN-PROPOSER-PAR-TICKET", "LIEN-DEPOT")
"""Marques de docs/contribuer.md, remplacées à la construction par les adresses du dépôt."""


def remplacer_marques(markdown: str, depot: Depot, jour) -> str:
    from generateur.contribution.squelette import identifiant_de, squelette

    titre = "Titre de l'aide"
    adresses = {
        "LIEN-NOUVELLE-AIDE": depot.nouveau_fichier("aides", f"{identifiant_de(titre)}.yaml", squelette(titre, jour)),
        "LIEN-PROPOSER-PAR-TICKET": depot.proposer_par_ticket(),
        "LIEN-DEPOT": depot.adresse,
    }
    for marque, adresse in adresses.items():
        markdown = markdown.replace(marque, adresse)
    return markdown
