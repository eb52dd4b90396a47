"""Lecture et validation : les fichiers YAML deviennent un Catalogue validé (fiches, organisations,
référentiels, renvois vérifiés), ou des erreurs en français avec fichier, ligne, colonne et champ.

Possède : la lecture sûre du YAML, la traduction des erreurs, le sens des champs tiré de schema.py,
les territoires. N'importe que `commun` (et schema.py).
"""
