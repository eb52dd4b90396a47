"""Règles et mise en forme : le statut d'une aide à une date, les dates, montants et la typographie
à la française, les textes des contributeurs nettoyés. Fonctions pures, sans fichier à lire ni écrire.

N'importe que `commun` et `lecture`.
"""
