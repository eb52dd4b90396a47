"""Fiche d'aide à compléter : `python -m generateur nouvelle-aide` et le bouton « Proposer une nouvelle aide ».

Le squelette est une fiche valide (le validateur l'accepte) ; chaque texte provisoire
contient « À compléter », et chaque valeur d'exemple (type, besoin, territoire…) porte
la marque « exemple à remplacer » en commentaire : la validation avertit des deux.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from generateur.commun.adresses import slug
from generateur.lecture.validation import suggestion

A_COMPLETER = "À compléter"
EXEMPLE = "exemple à remplacer"
"""Marque, dans le commentaire de sa ligne, d'une valeur que le modèle a mise pour rester valide."""
ORGANISATION_PAR_DEFAUT = "cress-hauts-de-france"
ADRESSE_PROVISOIRE = "https://a-completer.invalid/"
"""Le domaine .invalid est réservé : ce lien ne mène nulle part et se voit tout de suite."""
LONGUEUR_IDENTIFIANT = 60


class FicheExistante(Exception):
    pass


class OrganisationInconnue(ValueError):
    pass


def _texte(valeur: str) -> str:
    # Le JSON est du YAML valide : guillemets et caractères spéciaux sont bien échappés.
    return json.dumps(valeur, ensure_ascii=False)


def identifiant_de(titre: str, sigle: str | None = None) -> str:
    """Le sigle (« FDVA 2 » → « fdva-2 »), sinon les premiers mots du titre : 60 caractères au plus, coupés entre deux mots."""
    complet = slug(sigle or "") or slug(titre)
    if len(complet) <= LONGUEUR_IDENTIFIANT:
        return complet
    coupe = complet[: LONGUEUR_IDENTIFIANT + 1].rsplit("-", 1)[0]
    return coupe if coupe and len(coupe) <= LONGUEUR_IDENTIFIANT else complet[:LONGUEUR_IDENTIFIANT].rstrip("-")


def squelette(titre: str, jour: dt.date, organisation: str | None = None, identifiant: str | None = None, sigle: str | None = None,
              national: str | None = None) -> str:
    """Texte YAML commenté d'une nouvelle fiche ; sans organisation donnée, celle du modèle est un exemple.
    Sans identifiant national (modèle du lien « Proposer une aide », le même pour tous), l'export le tire de l'identifiant."""
    identifiant = identifiant or identifiant_de(titre, sigle)
    ligne_nationale = f"identifiant_national: {national}  # identifiant dans le format national : tiré une fois, ne le changez jamais\n" if national else ""
    date = jour.isoformat()
    porteur = f"{organisation}" if organisation else f"{ORGANISATION_PAR_DEFAUT}  # {EXEMPLE} : l'identifiant d'un fichier de aides/organisations/"
    ligne_sigle = f"sigle: {_texte(sigle.strip())}\n" if sigle and sigle.strip() else ""
    return f"""\
# Nouvelle fiche d'aide. Remplacez chaque « {A_COMPLETER} » ; les valeurs marquées « {EXEMPLE} » sont des
# exemples mis pour que la fiche soit valide : choisissez la bonne valeur, puis retirez la marque.
# Tant qu'il en reste, la validation avertit. Le sens de chaque champ est expliqué dans CONTRIBUTING.md.
# Une ligne commençant par # est un commentaire. Un texte qui contient « : » s'écrit entre guillemets.
identifiant: {identifiant}  # égal au nom du fichier, sans « .yaml »
{ligne_nationale}titre: {_texte(titre.strip())}  # ce que l'aide permet, en mots simples
{ligne_sigle}resume: "{A_COMPLETER} : une phrase de 200 caractères au plus, ce que l'aide apporte et à qui."
description: |
  {A_COMPLETER} : l'aide expliquée en quelques paragraphes.
porteurs:  # organisations : un fichier de aides/organisations/ chacune
  - organisation: {porteur}
    roles: [financeur]  # {EXEMPLE} : financeur, instructeur, accompagnateur
types: [subvention]  # {EXEMPLE} : subvention, pret, garantie, accompagnement, aide-emploi, avantage-fiscal…
beneficiaires:
  structures: [association]  # {EXEMPLE} : association, cooperative, siae, entreprise-esus…
  conditions:
    - "{A_COMPLETER} : une condition par ligne."
besoins: [fonctionnement]  # {EXEMPLE} : tresorerie, emploi, projet, investissement, formation…
territoire:
  codes: [REG-32]  # {EXEMPLE} : REG-32 = Hauts-de-France ; DEP-59, DEP-62… ; FR = toute la France
situation:  # ce que disent les sources : l'aide fonctionne-t-elle aujourd'hui ?
  etat: a-confirmer  # en-cours (avec « source: »), suspendue (avec « depuis: ») ou a-confirmer si les sources ne le disent pas
  precision: "{A_COMPLETER} : ce que disent les sources de la situation actuelle."
  # source: adresse d'une des sources ci-dessous, datée, qui montre que l'aide fonctionne
calendrier:
  recurrence: permanente  # {EXEMPLE} : permanente, annuelle ou ponctuelle
  # sessions:
  #   - ouverture: AAAA-MM-JJ
  #     date_limite: AAAA-MM-JJ
demarche:
  lien_information: {ADRESSE_PROVISOIRE}
sources:  # au moins une source publique datée
  - url: {ADRESSE_PROVISOIRE}
    titre: "{A_COMPLETER} : titre de la page officielle"
    consultee_le: {date}  # {EXEMPLE} : « date: » la date que montre la page (2026-03-01, 2026-03 ou 2026), sinon « consultee_le: » le jour de votre lecture
derniere_verification: {date}  # le jour où vous avez tout vérifié
a_confirmer:
  - "{A_COMPLETER} : retirez cette ligne quand la fiche est complète."
# notes_internes: "Pistes, doutes, choix faits : pour les relecteurs, jamais publié sur le site."
"""


def ecrire_squelette(racine: Path, titre: str, jour: dt.date, organisation: str | None = None, sigle: str | None = None) -> Path:
    """Écrit aides/<identifiant>.yaml ; refuse d'écraser une fiche existante et de citer une organisation sans fichier."""
    identifiant = identifiant_de(titre, sigle)
    if not identifiant:
        raise ValueError("le titre doit contenir au moins une lettre ou un chiffre")
    if len(titre.strip()) > 120:
        raise ValueError(f"titre trop long : {len(titre.strip())} caractères pour 120 au plus")
    if organisation is not None:
        connues = sorted(p.stem for p in (Path(racine) / "aides" / "organisations").glob("*.yaml"))
        if organisation not in connues:
            raise OrganisationInconnue(
                f"organisation inconnue « {organisation} »{suggestion(organisation, connues)} ; aucun fichier "
                f"aides/organisations/{organisation}.yaml : créez-le d'abord (CONTRIBUTING.md, « Ajouter une organisation »)"
            )
    chemin = Path(racine) / "aides" / f"{identifiant}.yaml"
    try:
        with open(chemin, "x", encoding="utf-8") as f:
            f.write(squelette(titre, jour, organisation, identifiant, sigle, national=str(uuid.uuid4())))
    except FileExistsError:
        raise FicheExistante(f"le fichier aides/{identifiant}.yaml existe déjà : modifiez-le, ou choisissez un autre titre ou sigle") from None
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


PROVISOIRE = "valeur provisoire « À compléter » : remplacez-la avant la publication"
EXEMPLE_LAISSE = "« {} » est une valeur d'exemple du modèle : choisissez la bonne valeur, puis retirez « " + EXEMPLE + " » du commentaire"


def avertissements(racine: Path, fichiers: list[str]) -> list[tuple[str, int, int, str]]:
    """(fichier, ligne, colonne, message) de chaque « À compléter » ou valeur d'exemple restants."""
    trouves = []
    for fichier in fichiers:
        texte = (Path(racine) / fichier).read_text(encoding="utf-8")
        for numero, ligne in enumerate(texte.splitlines(), start=1):
            if ligne.lstrip().startswith("#"):
                continue
            utile, _, commentaire = ligne.partition(" #")
            for marque in (A_COMPLETER, "a-completer.invalid"):
                if marque.lower() in utile.lower():
                    trouves.append((fichier, numero, utile.lower().index(marque.lower()) + 1, PROVISOIRE))
                    break
            else:
                if EXEMPLE in commentaire.lower():
                    trouves.append((fichier, numero, len(utile) - len(utile.lstrip()) + 1, EXEMPLE_LAISSE.format(utile.strip().lstrip('- '))))
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
    for fichier, ligne, colonne, message in avertissements(racine, fichiers):
        print(f"{fichier}:{ligne}:{colonne}: avertissement : {message}", file=flux)
        if annotations:
            print(f"::warning file={fichier},line={ligne},col={colonne},title=Fiche à compléter::{message}", file=flux)
