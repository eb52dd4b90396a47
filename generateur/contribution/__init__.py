"""Contribution et entretien : liens vers le dépôt (modifier, signaler, proposer), fiche à compléter,
partie générée de CONTRIBUTING.md, fiches à revérifier, vérification des liens externes.

N'importe que `commun`, `lecture` et `regles`.
"""
