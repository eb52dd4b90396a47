"""Typographie française des pages : espaces insécables, sans toucher au balisage."""

from __future__ import annotations

import pytest

from generateur.regles.formats import typographie

FINE, INSECABLE = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    "texte, attendu",
    [
        ("Conditions : avoir un salarié ; être à jour !", f"Conditions{INSECABLE}: avoir un salarié{FINE}; être à jour{FINE}!"),
        ("Qui ?", f"Qui{FINE}?"),
        ("le « DLA »", f"le «{INSECABLE}DLA{INSECABLE}»"),
        ("«  texte   »", f"«{INSECABLE}texte{INSECABLE}»"),
        ("« ?", f"«{FINE}?"),
        ("«»", f"«{INSECABLE}»"),
        ("mot\u00a0:", f"mot{INSECABLE}:"),
        # Balises, entités, adresses et heures restent telles quelles.
        ('<a href="https://exemple.fr/a:b?c=d;e">lien</a> :', f'<a href="https://exemple.fr/a:b?c=d;e">lien</a>{INSECABLE}:'),
        ("voir https://exemple.fr/x?y=1 ; puis", f"voir https://exemple.fr/x?y=1{FINE}; puis"),
        ("écrire à mailto:contact@exemple.fr", "écrire à mailto:contact@exemple.fr"),
        ("de 9:30 à 12:00 : accueil", f"de 9:30 à 12:00{INSECABLE}: accueil"),
        ("Tom &amp; Léa&#160;!", f"Tom &amp; Léa&#160;{FINE}!"),
        ('<span style="color:red">x</span>', '<span style="color:red">x</span>'),
    ],
)
def test_typographie(texte, attendu):
    assert typographie(texte) == attendu


def test_typographie_stable():
    texte = "Avant : « dedans » ; après ! <b>fin</b> ?"
    assert typographie(typographie(texte)) == typographie(texte)


@pytest.mark.parametrize("adresse", ["http://127.0.0.1/", "http://[::1]/", "http://[fd00::1]/", "http://10.1.2.3/",
                                     "http://192.168.0.1:8080/", "http://169.254.169.254/", "http://localhost/"])
def test_lien_local_ou_prive_refuse(adresse, monkeypatch):
    from pydantic import TypeAdapter, ValidationError

    from schema import LIENS_LOCAUX, Lien

    monkeypatch.delenv(LIENS_LOCAUX, raising=False)
    with pytest.raises(ValidationError, match="adresse locale ou privée refusée"):
        TypeAdapter(Lien).validate_python(adresse)


@pytest.mark.parametrize("adresse", ["https://cafe.fr/", "https://abc.de/", "https://8.8.8.8/", "https://[2001:4860:4860::8888]/"])
def test_lien_public_accepte(adresse, monkeypatch):
    """Noms faits des seules lettres a à f, et adresses IP publiques : rien à refuser."""
    from pydantic import TypeAdapter

    from schema import LIENS_LOCAUX, Lien

    monkeypatch.delenv(LIENS_LOCAUX, raising=False)
    assert TypeAdapter(Lien).validate_python(adresse) == adresse
