"""Textes des contributeurs (generateur/regles/textes.py) : le HTML attendu est écrit à la main."""

from __future__ import annotations

from generateur.regles.textes import markdown_sur


def test_un_commentaire_html_disparait():
    """Un commentaire ne s'affiche pas, mais resterait lisible dans la source de la page."""
    assert str(markdown_sur("Bonjour <!-- note interne --> à tous")) == "<p>Bonjour  à tous</p>"


def test_texte_vide():
    assert str(markdown_sur("")) == ""
    assert str(markdown_sur(None)) == ""
    assert str(markdown_sur("Un mot")) == "<p>Un mot</p>"
