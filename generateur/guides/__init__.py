"""Guides PDF : sélection d'aides pour un atelier et mise en page WeasyPrint, à partir des mêmes
gabarits que les pages du site.

Importe les paquets de rang inférieur, `site` compris (une fiche se rend comme sa page).
"""
