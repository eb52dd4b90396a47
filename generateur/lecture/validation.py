"""Traduction des erreurs de pydantic en messages français, avec suggestions."""

from __future__ import annotations

import difflib
import re

from pydantic import BaseModel, ValidationError

from generateur.lecture.chargement import Chemin, Position, _champ, position_de
from generateur.lecture.documentation import sous_modele
from generateur.lecture.erreurs import Erreur
from generateur.lecture.territoires import suggerer as suggerer_territoire


def valider_modele(modele: type[BaseModel], donnees: dict, positions: dict[Chemin, Position], nom: str):
    """Renvoie (objet validé ou None, liste d'erreurs)."""
    try:
        return modele.model_validate(donnees), []
    except ValidationError as exc:
        erreurs = []
        for detail in exc.errors(include_url=False):
            chemin = tuple(detail["loc"])
            ligne, colonne = position_de(positions, chemin)
            erreurs.append(Erreur(nom, ligne, colonne, _champ(chemin), traduire(detail, modele)))
        return None, erreurs


def _montrer(valeur) -> str:
    if isinstance(valeur, str):
        return f"« {valeur} »"
    if isinstance(valeur, dict):
        return "une liste de champs « clé: valeur »"
    if isinstance(valeur, list):
        return "une liste"
    if valeur is None:
        return "une valeur vide"
    if isinstance(valeur, bool):
        return f"« {'true' if valeur else 'false'} »"
    return f"« {valeur} »"


def suggestion(valeur, possibles) -> str:
    if not isinstance(valeur, str):
        return ""
    valeur = valeur.lower()
    proches = [p for p in possibles if p.startswith(valeur)] if len(valeur) >= 3 else []
    proches = proches or difflib.get_close_matches(valeur, list(possibles), n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {proches[0]} » ?" if proches else ""


def _modele_a(modele: type[BaseModel], chemin: Chemin) -> type[BaseModel] | None:
    """Le modèle pydantic qui décrit l'objet à cet endroit du fichier, s'il y en a un."""
    courant = modele
    for morceau in chemin:
        if isinstance(morceau, int):
            continue
        if courant is None or morceau not in courant.model_fields:
            return None
        courant = sous_modele(courant.model_fields[morceau].annotation)
    return courant


MESSAGES = {
    "missing": "champ obligatoire manquant",
    "string_type": "un texte est attendu",
    "int_type": "un nombre entier est attendu",
    "int_parsing": "un nombre entier est attendu (sans espace ni symbole)",
    "int_from_float": "un nombre entier est attendu, sans virgule",
    "float_type": "un nombre est attendu",
    "float_parsing": "un nombre est attendu (sans espace ni symbole €, avec un point pour les décimales)",
    "bool_type": "true ou false est attendu",
    "bool_parsing": "true ou false est attendu",
    "list_type": "une liste est attendue (une ligne par élément, commençant par « - »)",
    "dict_type": "des champs « clé: valeur » sont attendus",
    "model_type": "des champs « clé: valeur » sont attendus",
    "model_attributes_type": "des champs « clé: valeur » sont attendus",
    "date_type": "une date au format AAAA-MM-JJ est attendue",
    "date_parsing": "date invalide : le format attendu est AAAA-MM-JJ, par exemple 2026-03-01",
    "date_from_datetime_parsing": "date invalide : le format attendu est AAAA-MM-JJ, par exemple 2026-03-01",
    "date_from_datetime_inexact": "une date sans heure est attendue (AAAA-MM-JJ)",
    "finite_number": "nombre infini ou indéfini refusé : écrivez le montant en chiffres",
}


def traduire(detail: dict, modele: type[BaseModel]) -> str:
    genre = detail["type"]
    valeur = detail.get("input")
    contexte = detail.get("ctx") or {}
    chemin = tuple(detail["loc"])
    if genre == "extra_forbidden":
        parent = _modele_a(modele, chemin[:-1])
        cle = chemin[-1]
        possibles = sorted(parent.model_fields) if parent else []
        message = f"clé inconnue « {cle} »"
        conseil = suggestion(str(cle), possibles)
        if conseil:
            return message + conseil
        return message + (f" ; clés possibles : {', '.join(possibles)}" if possibles else "")
    if genre == "literal_error":
        possibles = re.findall(r"'([^']*)'", contexte.get("expected", ""))
        return f"valeur inconnue {_montrer(valeur)}{suggestion(valeur, possibles)} ; valeurs possibles : {', '.join(possibles)}"
    if genre == "string_pattern_mismatch":
        champ = str(chemin[-1]) if chemin and not isinstance(chemin[-1], int) else str(chemin[-2]) if len(chemin) > 1 else ""
        if "codes" in chemin or "exclusions" in chemin or "territoires" in chemin or champ == "territoire":
            return (f"code de territoire invalide {_montrer(valeur)} : attendu FR, REG-32, DEP-59, EPCI-<SIREN à 9 chiffres> ou COM-<code INSEE>"
                    + suggerer_territoire(valeur))
        if champ in ("identifiant", "organisation", "remplacee_par"):
            return f"identifiant invalide {_montrer(valeur)} : minuscules sans accents, chiffres et tirets seulement"
        if champ == "telephone":
            return f"numéro invalide {_montrer(valeur)} : écrivez-le comme 03 74 27 00 00"
        if champ == "courriel":
            return f"adresse électronique invalide {_montrer(valeur)} : seulement « nom@domaine.fr », sans « ? » ni paramètres"
        if champ == "siren":
            return f"SIREN invalide {_montrer(valeur)} : 9 chiffres attendus"
        return f"format invalide {_montrer(valeur)}"
    if genre == "string_too_long":
        return f"texte trop long : {len(valeur)} caractères pour {contexte.get('max_length')} au plus"
    if genre == "string_too_short":
        return "texte vide : écrivez quelque chose ou retirez le champ"
    if genre == "too_short":
        return f"liste trop courte : au moins {contexte.get('min_length')} élément(s) attendu(s)"
    if genre == "too_long" and isinstance(valeur, str):
        return f"texte trop long : {len(valeur)} caractères pour {contexte.get('max_length')} au plus"
    if genre == "too_long":
        return f"liste trop longue : au plus {contexte.get('max_length')} élément(s)"
    if genre in ("greater_than_equal", "greater_than"):
        return f"valeur trop petite {_montrer(valeur)} : au moins {contexte.get('ge', contexte.get('gt')):g} attendu"
    if genre in ("less_than_equal", "less_than"):
        return f"valeur trop grande {_montrer(valeur)} : au plus {contexte.get('le', contexte.get('lt')):g} attendu"
    if genre in ("value_error", "assertion_error"):
        return str(contexte.get("error", detail["msg"]))
    if genre == "missing":
        return MESSAGES[genre] + _attendu(modele, chemin)
    if genre in MESSAGES:
        return MESSAGES[genre] + f", reçu {_montrer(valeur)}"
    return f"{detail['msg']} (reçu {_montrer(valeur)})"


def _attendu(modele: type[BaseModel], chemin: Chemin) -> str:
    """Ce qu'il faut écrire dans un champ manquant, d'après sa description dans schema.py."""
    parent = _modele_a(modele, chemin[:-1]) if chemin else None
    info = parent.model_fields.get(chemin[-1]) if parent and isinstance(chemin[-1], str) else None
    description = info.description if info else None
    if not description and info:
        description = next((m.description for m in info.metadata if getattr(m, "description", None)), None)
    if not description and info:
        rubrique = sous_modele(info.annotation)
        if rubrique and rubrique.__doc__:
            description = " ".join(rubrique.__doc__.split())
    return f" ; attendu : {description}" if description else ""
