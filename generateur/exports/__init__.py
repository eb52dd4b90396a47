"""Exports et échanges : aides.json, aides.csv, format national etalab « dispositif-aide » (export et
import), flux Atom, calendriers, JSON Schema des fichiers YAML, page « Données ouvertes ».

N'importe que `commun`, `lecture` et `regles`.
"""
