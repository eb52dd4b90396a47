"""Configuration de l'éditeur de formulaires (Decap CMS, page /admin/), tirée de schema.py.

Chaque champ du schéma devient un champ du formulaire, dans l'ordre du schéma (l'ordre canonique
des clés), avec son libellé et son aide en français : vocabulaires en listes de choix,
organisations et aides en sélecteurs qui cherchent dans leurs fichiers, territoires en liste
de choix tirée du référentiel, dates et listes avec leurs propres champs.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel

from generateur.contribution.depot import BRANCHE
from generateur.lecture.documentation import Champ, _sans_optional, champs, sous_modele, type_nu
from schema import Aide, CodeTerritoire, DateSource, Lien, Organisation, TexteLong, Zone

VERSION_DECAP = "3.16.3"
"""Version servie par le site, la même que dans le Makefile (test_editeur le vérifie)."""

PORT_LOCAL = 8081
"""Port du serveur local de Decap (decap-server) qui écrit dans le dépôt : `make editeur`."""

MOTS = {
    "a": "à", "resume": "résumé", "derniere": "dernière", "verification": "vérification", "beneficiaires": "bénéficiaires",
    "depenses": "dépenses", "demarche": "démarche", "etapes": "étapes", "pieces": "pièces", "critere": "critère",
    "precision": "précision", "anciennete": "ancienneté", "salaries": "salariés", "recurrence": "récurrence",
    "periode": "période", "consultee": "consultée", "telephone": "téléphone", "reseau": "réseau", "annee": "année",
    "annees": "années", "perimetre": "périmètre", "publie": "publié", "remplacee": "remplacée", "duree": "durée",
    "agrements": "agréments", "exclus": "exclus", "etat": "état", "roles": "rôles", "min": "minimum", "max": "maximum",
    "unite": "unité",
}
"""Les mots des clés YAML, écrits sans accents, tels qu'un lecteur les lit."""

LIBELLES = {
    "lien_candidature": "Lien pour déposer la demande",
    "lien_information": "Page officielle d'information",
    "dans_la_limite_des_fonds": "Dans la limite des fonds",
    "appel_a_projets": "Appel à projets",
    "nom_officiel": "Nom officiel",
    "titre_court": "Titre court",
    "non_publie": "Montant non publié : pourquoi",
    "consultee_le": "Lue le",
    "tierce": "Source non officielle",
    "url": "Adresse",
    "siren": "SIREN",
    "anciennete_min_mois": "Ancienneté minimum, en mois",
    "duree_annees": "Durée, en années",
}
"""Les libellés qu'une traduction mot à mot rendrait mal."""

_DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": True}


def libelle(nom: str) -> str:
    if nom in LIBELLES:
        return LIBELLES[nom]
    mots = [MOTS.get(m, m) for m in nom.split("_")]
    return " ".join(mots)[:1].upper() + " ".join(mots)[1:]


def _base(annotation):
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation


def _widget(nom: str, annotation, champ: Champ, territoires: list[dict]) -> dict:
    """Le widget Decap d'une valeur simple (ou d'une liste de valeurs simples)."""
    liste = typing.get_origin(annotation) is list
    base = _base(annotation)
    if champ.vocabulaire:
        options = [{"label": t.libelle, "value": t.valeur} for t in champ.vocabulaire]
        return {"widget": "select", "options": options, "multiple": liste}
    if base == CodeTerritoire:
        return {"widget": "select", "options": territoires, "multiple": liste}
    if nom in ("organisation", "remplacee_par"):
        collection = "organisations" if nom == "organisation" else "aides"
        affiche = "nom" if nom == "organisation" else "titre"
        return {"widget": "relation", "collection": collection, "value_field": "identifiant",
                "search_fields": [affiche, "identifiant"], "display_fields": [affiche]}
    if type_nu(base) is dt.date:
        return dict(_DATE)
    if base == DateSource:
        return {"widget": "string", "pattern": [r"^\d{4}(-\d{2}(-\d{2})?)?$", "AAAA-MM-JJ, AAAA-MM ou AAAA, comme la source l'affiche"]}
    if base == Lien:
        return {"widget": "string", "pattern": [r"^(https?://\S+|mailto:\S+|tel:\S+)$", "une adresse commençant par https://"]}
    if nom == "identifiant":
        return {"widget": "string", "pattern": [r"^[a-z0-9]+(-[a-z0-9]+)*$", "minuscules sans accents, chiffres et tirets"]}
    if base == TexteLong:
        return {"widget": "text"}
    if type_nu(base) is bool:
        return {"widget": "boolean"}
    if champ.nature in ("nombre entier", "nombre") or champ.nature.endswith("(nombre)"):
        return {"widget": "number", "value_type": "int" if "entier" in champ.nature else "float"}
    if liste:
        return {"widget": "list", "field": {"name": nom, "label": libelle(nom), "widget": "string"}}
    return {"widget": "string"}


def champs_du_formulaire(modele: type[BaseModel], territoires: list[dict], facultatif: bool = False,
                         documentes: dict[str, Champ] | None = None, prefixe: str = "") -> list[dict]:
    """Les champs Decap d'un modèle, dans l'ordre du schéma, sous-rubriques comprises.

    facultatif : le modèle est une rubrique facultative (le montant, la fermeture…) ; Decap exigerait ses champs
    obligatoires même laissée vide, ils ne le sont donc que dans le schéma, que la validation applique."""
    documentes = documentes or {c.chemin: c for c in champs(modele)}
    declares = typing.get_type_hints(modele, include_extras=True)  # avec Lien, TexteLong… que pydantic déplie
    resultat = []
    for nom, info in modele.model_fields.items():
        champ = documentes[prefixe + nom]
        annotation = _sans_optional(declares[nom])
        titre = champ.vocabulaire.titre if champ.vocabulaire and typing.get_origin(annotation) is list else libelle(nom)
        champ_decap = {"name": nom, "label": titre, "required": champ.obligatoire and not facultatif}
        if champ.description:
            champ_decap["hint"] = champ.description
        rubrique = sous_modele(info.annotation)
        if rubrique and typing.get_origin(annotation) is list:
            sous = champs_du_formulaire(rubrique, territoires, False, documentes, f"{prefixe}{nom}[].")
            champ_decap.update(widget="list", collapsed=True, fields=sous)
        elif rubrique:
            sous = champs_du_formulaire(rubrique, territoires, not champ_decap["required"], documentes, f"{prefixe}{nom}.")
            champ_decap.update(widget="object", collapsed=False, fields=sous)
        else:
            champ_decap.update(_widget(nom, annotation, champ, territoires))
        if champ_decap["widget"] in ("list", "select") and champ_decap["required"] and typing.get_origin(annotation) is list:
            champ_decap["min"] = 1
        resultat.append(champ_decap)
    return resultat


def _depot_github(adresse: str) -> str:
    """« https://github.com/compte/depot » → « compte/depot »."""
    return urlsplit(adresse).path.strip("/")


def configuration(depot: str, site: str, zones: list[Zone], serveur_local: str | None = None) -> dict:
    """config.yml de Decap : le dépôt GitHub (chaque proposition devient une demande de fusion), les deux collections."""
    territoires = [{"label": "France entière", "value": "FR"}] + [
        {"label": f"{z.nom} ({z.code})", "value": z.code} for z in sorted(zones, key=lambda z: z.code) if z.code != "FR"
    ]
    commun = {"extension": "yaml", "format": "yaml", "create": True, "slug": "{{identifiant}}", "identifier_field": "identifiant"}
    return {
        "backend": {
            "name": "github",
            "repo": _depot_github(depot),
            "branch": BRANCHE,
            # Sans droit d'écriture, Decap crée une copie (fork) et la demande de fusion part de là.
            "open_authoring": True,
            "commit_messages": {
                "create": "Nouvelle fiche « {{slug}} » (éditeur)",
                "update": "Fiche « {{slug}} » modifiée (éditeur)",
                "delete": "Fiche « {{slug}} » retirée (éditeur)",
                "openAuthoring": "{{message}}",
            },
        },
        # Seulement quand l'éditeur est ouvert depuis 127.0.0.1 ou localhost : `make editeur` écrit dans le dépôt local.
        "local_backend": {"url": serveur_local or f"http://127.0.0.1:{PORT_LOCAL}/api/v1"},
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        "site_url": site or None,
        "media_folder": "docs/assets/images",
        "public_folder": "/assets/images",
        "collections": [
            {"name": "aides", "label": "Aides", "label_singular": "aide", "folder": "aides", "summary": "{{titre}}",
             "description": "Une fiche par aide : ce qu'elle apporte, à qui, combien, jusqu'à quand, comment faire.",
             **commun, "fields": champs_du_formulaire(Aide, territoires)},
            {"name": "organisations", "label": "Organisations", "label_singular": "organisation", "folder": "aides/organisations",
             "summary": "{{nom}}", "description": "Les organismes qui financent, instruisent ou accompagnent les aides.",
             **commun, "fields": champs_du_formulaire(Organisation, territoires)},
        ],
    }


def ordre_des_cles(champs_decap: list[dict]) -> dict:
    """L'ordre du schéma, rubrique par rubrique, que editeur.js rétablit avant d'écrire (Decap ne trie que le premier niveau)."""
    return {
        "champs": [c["name"] for c in champs_decap],
        "rubriques": {c["name"]: ordre_des_cles(c["fields"]) for c in champs_decap if "fields" in c},
        "toujours": [c["name"] for c in champs_decap if c["widget"] == "object" and c["required"]],
    }


def ordres(donnees: dict) -> dict:
    return {c["name"]: ordre_des_cles(c["fields"]) for c in donnees["collections"]}


def ecrire_editeur(dossier: Path, depot: str, site: str, zones: list[Zone], serveur_local: str | None = None) -> None:
    """config.yml (lu par Decap) et ordre.json (lu par editeur.js) dans le dossier de la page /admin/."""
    donnees = configuration(depot, site, zones, serveur_local)
    if not donnees["site_url"]:
        del donnees["site_url"]
    entete = "# Produit par generateur/contribution/editeur.py depuis schema.py : ne pas modifier à la main.\n"
    dossier.mkdir(parents=True, exist_ok=True)
    (dossier / "config.yml").write_text(entete + yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    (dossier / "ordre.json").write_text(json.dumps(ordres(donnees), ensure_ascii=False), encoding="utf-8")
