"""Export JSON Schema des fichiers YAML, pour les éditeurs et les réutilisateurs."""

from __future__ import annotations

import json
from pathlib import Path

from schema import VERSION_SCHEMA, Aide, Glossaire, Organisation, ReferentielAppuis, ReferentielTerritoires, Synonymes

SCHEMAS = {
    "schema-aide.json": (Aide, "Fiche d'aide"),
    "schema-organisation.json": (Organisation, "Organisation"),
    "schema-territoires.json": (ReferentielTerritoires, "Référentiel des territoires"),
    "schema-glossaire.json": (Glossaire, "Glossaire des sigles"),
    "schema-synonymes.json": (Synonymes, "Synonymes pour la recherche"),
    "schema-appuis.json": (ReferentielAppuis, "Structures d'accompagnement gratuites"),
}


def schema_json(modele, titre: str) -> dict:
    schema = modele.model_json_schema()
    schema["title"] = titre
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = f"Aides aux ESS, schéma {VERSION_SCHEMA}. Généré depuis schema.py : ne pas modifier à la main."
    return schema


def texte_schema(modele, titre: str) -> str:
    return json.dumps(schema_json(modele, titre), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def ecrire_schemas(dossier: Path) -> list[Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    ecrits = []
    for nom, (modele, titre) in SCHEMAS.items():
        chemin = dossier / nom
        chemin.write_text(texte_schema(modele, titre), encoding="utf-8")
        ecrits.append(chemin)
    return ecrits
