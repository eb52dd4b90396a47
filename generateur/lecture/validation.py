"""Traduction des erreurs de pydantic en messages français, avec suggestions."""

from __future__ import annotations

import re

from pydantic import BaseModel, ValidationError

from generateur.commun.adresses import slug
from generateur.lecture.chargement import Chemin, Position, _champ, position_de
from generateur.lecture.documentation import sous_modele
from generateur.lecture.erreurs import Erreur
from schema import VOCABULAIRES
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


def _ecart(a: str, b: str) -> int:
    """Lettres à changer, ajouter, retirer ou intervertir pour passer de a à b."""
    avant, ligne = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        courante = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            courante[j] = min(ligne[j] + 1, courante[j - 1] + 1, ligne[j - 1] + (x != y))
            if avant and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                courante[j] = min(courante[j], avant[j - 2] + 1)
        avant, ligne = ligne, courante
    return ligne[-1]


def _mots(texte: str) -> list[str]:
    return [m for m in slug(texte).split("-") if m]


def _faute_de_frappe(tape: list[str], possible: list[str]) -> bool:
    """Mot à mot, chacun à une lettre près (deux pour un mot long, aucune pour un mot court comme « 2 »), ou le début des mots : « asso » → « association »,
    « euros-par-emploi » → « euros-par-emploi-cree », mais jamais « departement-somme » → « departement-nord »."""
    if not tape:
        return False
    if len(tape) == len(possible) and all(_ecart(a, b) <= (0 if len(b) <= 3 else 1 if len(b) <= 5 else 2) for a, b in zip(tape, possible)):
        return True
    debut = possible[: len(tape)]
    return (
        len(tape) < len(possible) or len(tape[-1]) < len(debut[-1])
    ) and len(tape[-1]) >= 3 and debut[:-1] == tape[:-1] and debut[-1].startswith(tape[-1])


def _dit_dans(tape: list[str], texte: str) -> bool:
    """Le mot tapé figure, entier, dans le libellé ou la définition : « SCIC » dans celle de « cooperative »."""
    mots = _mots(texte)
    return any(mots[i : i + len(tape)] == tape for i in range(len(mots) - len(tape) + 1))


def suggestion(valeur, possibles, sens: dict[str, str] | None = None, contexte: tuple = ()) -> str:
    """« ; vouliez-vous dire « x » ? » seulement si la valeur est proche par l'écriture ou par le sens ; sinon rien.

    sens : ce que veut dire chaque valeur possible (libellé et définition, nom et sigle) ;
    contexte : les champs parents, dont les mots ne distinguent rien (« montant_max » dans « montant » → « max »)."""
    if not isinstance(valeur, str) or not valeur.strip():
        return ""
    possibles = list(possibles)
    tape = _mots(valeur)
    proches = [p for p in possibles if _faute_de_frappe(tape, _mots(p))]
    if not proches:
        mots_du_contexte = {m for c in contexte if isinstance(c, str) for m in _mots(c)}
        reste = "_".join(m for m in tape if m not in mots_du_contexte)
        proches = [p for p in possibles if reste and reste != "_".join(tape) and p == reste]
    if len(proches) == 1:
        return f" ; vouliez-vous dire « {proches[0]} » ?"
    if 1 < len(proches) <= 3:
        return " ; vouliez-vous dire " + " ou ".join(f"« {p} »" for p in proches) + " ?"
    sens = sens or {}
    proches = [p for p in possibles if tape and len("".join(tape)) >= 3 and _dit_dans(tape, sens.get(p, ""))]
    if len(proches) == 1:
        return f" ; vouliez-vous dire « {proches[0]} » ({sens[proches[0]].rstrip('.')}) ?"
    return ""


def sens_du_vocabulaire(possibles) -> dict[str, str]:
    """Libellé et définition de chaque valeur, si ces valeurs sont celles d'un vocabulaire de schema.py."""
    vocabulaire = next((v for v in VOCABULAIRES.values() if set(v.valeurs) == set(possibles)), None)
    return {t.valeur: f"« {t.libelle} » : {t.definition}" for t in vocabulaire} if vocabulaire else {}


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
    # Les nombres et booléens sont stricts (schema.py) : un texte y donne *_type, plus *_parsing.
    "int_type": "un nombre entier est attendu (sans espace ni symbole)",
    "int_parsing": "un nombre entier est attendu (sans espace ni symbole)",
    "int_from_float": "un nombre entier est attendu, sans virgule",
    "float_type": "un nombre est attendu (sans espace ni symbole €, avec un point pour les décimales)",
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
        conseil = suggestion(str(cle), possibles, contexte=chemin[:-1])
        if conseil:
            return message + conseil
        return message + (f" ; clés possibles : {', '.join(possibles)}" if possibles else "")
    if genre == "literal_error":
        possibles = re.findall(r"'([^']*)'", contexte.get("expected", ""))
        conseil = suggestion(valeur, possibles, sens_du_vocabulaire(possibles))
        return f"valeur inconnue {_montrer(valeur)}{conseil} ; valeurs possibles : {', '.join(possibles)}"
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
    if genre == "string_too_long" or (genre == "too_long" and isinstance(valeur, str)):
        return f"texte trop long : {len(valeur)} caractères pour {contexte.get('max_length')} au plus"
    if genre == "string_too_short":
        return "texte vide : écrivez quelque chose ou retirez le champ"
    if genre == "too_short":
        return f"liste trop courte : au moins {contexte.get('min_length')} élément(s) attendu(s)"
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
    if genre == "string_type" and isinstance(valeur, dict) and len(valeur) == 1:
        return MESSAGES[genre] + _deux_points(valeur)
    if genre in MESSAGES:
        return MESSAGES[genre] + f", reçu {_montrer(valeur)}"
    return f"{detail['msg']} (reçu {_montrer(valeur)})"


def _deux_points(valeur: dict) -> str:
    """Le piège français : « Payer au Smic : 1 801,80 € » se lit en YAML comme un champ « Payer au Smic »."""
    cle, suite = next(iter(valeur.items()))
    texte = (f"{cle} : {suite}" if suite is not None else f"{cle} :").replace('"', '\\"')
    return (
        ", reçu un champ « clé: valeur » : le texte contient « : » suivi d'une espace, que YAML lit comme un champ. "
        f"Mettez tout le texte entre guillemets, par exemple \"{texte}\""
    )


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
