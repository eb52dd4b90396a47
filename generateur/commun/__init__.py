"""Ce que tous les autres paquets partagent : adresses des pages, configuration du site,
écriture des fichiers, travail réparti sur les cœurs.

N'importe rien du générateur : tout le reste peut l'importer.
"""
