"""Fiche d'aide à compléter : `python -m generateur nouvelle-aide` et le bouton « Proposer une nouvelle aide ».

Le squelette est une fiche valide (le validateur l'accepte) ; chaque valeur provisoire
contient « À compléter », que `python -m generateur fraicheur` et la validation signalent.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generateur.commun.adresses import slug

A_COMPLETER = "À compléter"
ORGANISATION_PAR_DEFAUT = "cress-hauts-de-france"
ADRESSE_PROVISOIRE = "https://a-completer.invalid/"
"""Le domaine .invalid est réservé : ce lien ne mène nulle part et se voit tout de suite."""


class FicheExistante(Exception):
    pass


def _texte(valeur: str) -> str:
    # Le JSON est du YAML valide : guillemets et caractères spéciaux sont bien échappés.
    return json.dumps(valeur, ensure_ascii=False)


def identifiant_de(titre: str) -> str:
    """« Titre de l'aide » → « titre-de-l-aide » (80 caractères au plus, comme le veut le schéma)."""

    return slug(titre)[:80].rstrip("-")


def squelette(titre: str, jour: dt.date, organisation: str = ORGANISATION_PAR_DEFAUT, identifiant: str | None = None) -> str:
    """Texte YAML commenté d'une nouvelle fiche."""
    identifiant = identifiant or identifiant_de(titre)
    date = jour.isoformat()
    return f"""\
# Nouvelle fiche d'aide. Remplacez chaque « {A_COMPLETER} » puis supprimez ces commentaires si vous voulez.
# Le sens de chaque champ est expliqué dans CONTRIBUTING.md. Une ligne commençant par # est un commentaire.
identifiant: {identifiant}  # égal au nom du fichier, sans « .yaml »
titre: {_texte(titre.strip())}  # ce que l'aide permet, en mots simples
resume: "{A_COMPLETER} : une phrase de 200 caractères au plus, ce que l'aide apporte et à qui."
description: |
  {A_COMPLETER} : l'aide expliquée en quelques paragraphes.
porteurs:  # organisations : un fichier de aides/organisations/ chacune
  - organisation: {organisation}
    roles: [financeur]  # financeur, instructeur, accompagnateur
types: [subvention]  # subvention, pret, garantie, accompagnement, aide-emploi…
beneficiaires:
  structures: [association]  # association, cooperative, siae, entreprise-esus…
  conditions:
    - "{A_COMPLETER} : une condition par ligne."
besoins: [fonctionnement]  # tresorerie, emploi, projet, investissement, formation…
territoire:
  codes: [REG-32]  # REG-32 = Hauts-de-France ; DEP-59, DEP-62… ; FR = toute la France
situation:  # ce que disent les sources : l'aide fonctionne-t-elle aujourd'hui ?
  etat: a-confirmer  # en-cours (avec « source: »), suspendue (avec « depuis: ») ou a-confirmer
  precision: "{A_COMPLETER} : ce que disent les sources de la situation actuelle."
  # source: adresse d'une des sources ci-dessous, datée, qui montre que l'aide fonctionne
calendrier:
  recurrence: permanente  # permanente, annuelle ou ponctuelle
  # sessions:
  #   - ouverture: {date}
  #     date_limite: {date}
demarche:
  lien_information: {ADRESSE_PROVISOIRE}
sources:  # au moins une source publique datée
  - url: {ADRESSE_PROVISOIRE}
    titre: "{A_COMPLETER} : titre de la page officielle"
    date: {date}  # date de publication ou de mise à jour de la page
derniere_verification: {date}  # le jour où vous avez tout vérifié
a_confirmer:
  - "{A_COMPLETER} : retirez cette ligne quand la fiche est complète."
"""


def ecrire_squelette(racine: Path, titre: str, jour: dt.date, organisation: str = ORGANISATION_PAR_DEFAUT) -> Path:
    """Écrit aides/<slug>.yaml ; refuse d'écraser une fiche existante."""
    identifiant = identifiant_de(titre)
    if not identifiant:
        raise ValueError("le titre doit contenir au moins une lettre ou un chiffre")
    if len(titre.strip()) > 120:
        raise ValueError(f"titre trop long : {len(titre.strip())} caractères pour 120 au plus")
    chemin = Path(racine) / "aides" / f"{identifiant}.yaml"
    try:
        with open(chemin, "x", encoding="utf-8") as f:
            f.write(squelette(titre, jour, organisation, identifiant))
    except FileExistsError:
        raise FicheExistante(f"le fichier aides/{identifiant}.yaml existe déjà : modifiez-le, ou choisissez un autre titre") from None
    return chemin


def restes_a_completer(donnees, chemin: tuple = ()) -> list[tuple]:
    """Chemins des valeurs qui contiennent encore « À compléter » ou l'adresse provisoire."""
    if isinstance(donnees, dict):
        return [c for cle, v in donnees.items() for c in restes_a_completer(v, chemin + (cle,))]
    if isinstance(donnees, list):
        return [c for i, v in enumerate(donnees) for c in restes_a_completer(v, chemin + (i,))]
    if isinstance(donnees, str) and a_completer(donnees):
        return [chemin]
    return []


def a_completer(texte: str) -> bool:
    """Le texte contient-il « À compléter » ou l'adresse provisoire d'un squelette ?"""
    return A_COMPLETER.lower() in texte.lower() or "a-completer.invalid" in texte


def avertissements(racine: Path, fichiers: list[str]) -> list[tuple[str, int, int]]:
    """(fichier, ligne, colonne) de chaque « À compléter » restant, hors commentaires."""
    trouves = []
    for fichier in fichiers:
        texte = (Path(racine) / fichier).read_text(encoding="utf-8")
        for numero, ligne in enumerate(texte.splitlines(), start=1):
            utile = ligne.split(" #", 1)[0] if not ligne.lstrip().startswith("#") else ""
            for marque in (A_COMPLETER, "a-completer.invalid"):
                if marque.lower() in utile.lower():
                    trouves.append((fichier, numero, utile.lower().index(marque.lower()) + 1))
                    break
    return trouves


def afficher_avertissements(racine: Path, catalogue, voulus: list[str] | None, flux) -> None:
    """Avertit (sans faire échouer la validation) des fiches encore à compléter."""
    import os
    import sys

    fichiers = sorted(catalogue.fichiers.values())
    if voulus:
        chemins = {Path(f).resolve() for f in voulus}
        fichiers = [f for f in fichiers if (Path(racine) / f).resolve() in chemins]
    annotations = os.environ.get("GITHUB_ACTIONS") == "true"
    sys.stdout.flush()
    for fichier, ligne, colonne in avertissements(racine, fichiers):
        message = "valeur provisoire « À compléter » : remplacez-la avant la publication"
        print(f"{fichier}:{ligne}:{colonne}: avertissement : {message}", file=flux)
        if annotations:
            print(f"::warning file={fichier},line={ligne},col={colonne},title=Fiche à compléter::{message}", file=flux)
