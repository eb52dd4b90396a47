"""Site : pages Markdown du catalogue, données de « Trouver mes aides », index de recherche, appel du
moteur (MkDocs) puis reprise et contrôles du HTML construit, aperçu qui se met à jour.

N'importe que `commun`, `lecture`, `regles` et `contribution` (liens « modifier », page « À vérifier »).
"""
