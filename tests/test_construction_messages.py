"""Les messages d'une construction refusée répètent des noms de fichiers et de dossiers du dépôt : au
terminal comme dans le journal d'une action GitHub, ils n'envoient ni séquence d'échappement, ni saut de
ligne, ni commande (« ::error », « ::add-mask:: ») fabriqués par ces noms."""

from __future__ import annotations

import fcntl
import pickle
from pathlib import Path

import pytest

from generateur.cli import main
from generateur.construction import ErreurDeConstruction, etapes_apres_mkdocs, verifier_site
from tests.conftest import DATE_TESTS

PAGE = '<!doctype html><html><body><article class="md-content__inner"><a href="../absent/">x</a></article></body></html>'


def test_les_noms_de_pages_hostiles_sont_montres_sans_effet(tmp_path):
    for nom in ["a\x1b[2J", "b\n::error file=x.yaml,line=1::Catalogue valide", "::add-mask::secret"]:
        (tmp_path / nom).mkdir()
        (tmp_path / nom / "index.html").write_text(PAGE, encoding="utf-8")
    with pytest.raises(ErreurDeConstruction) as erreur:
        verifier_site(tmp_path, "https://exemple.org/")
    assert str(erreur.value).split("\n") == [
        "Le site construit ne passe pas les contrôles :",
        "./::add-mask::secret/index.html : lien cassé « ../absent/ »",
        "a\\x1b[2J/index.html : lien cassé « ../absent/ »",
        "b\\x0a::error file=x.yaml,line=1::Catalogue valide/index.html : lien cassé « ../absent/ »",
    ]


def test_construction_refusee_par_le_verrou_dans_un_dossier_au_nom_hostile(tmp_path, capsys):
    racine = tmp_path / "depot\n::error file=x.yaml::Catalogue valide\x1b[2J"
    racine.mkdir()
    with open(racine / ".verrou-construction", "a") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX)
        code = main(["--racine", str(racine), "construire", "--sans-guides"])
    erreurs = capsys.readouterr().err
    assert code == 1
    assert "\x1b" not in erreurs
    assert not [ligne for ligne in erreurs.splitlines() if ligne.lstrip().startswith("::")], erreurs
    assert "depot\\x0a::error file=x.yaml::Catalogue valide\\x1b[2J (fichier verrou .verrou-construction)" in erreurs


def test_l_erreur_revient_intacte_d_un_processus_de_travail():
    """MkDocs tourne dans un processus de travail : son erreur revient picklée, puis est refaite ici."""
    erreur = ErreurDeConstruction("Pages produites non recopiées :", "::x\n\x1b[2J")
    erreur.site_remplace = True
    revenue = pickle.loads(pickle.dumps(erreur))
    assert str(revenue) == "Pages produites non recopiées :\n./::x\\x0a\\x1b[2J"
    assert revenue.site_remplace is True


def test_pagefind_qui_echoue_donne_un_message_sans_trace(tmp_path):
    """Un site sans page à indexer : Pagefind échoue ; sa sortie est rapportée, sans trace Python."""
    with pytest.raises(ErreurDeConstruction) as erreur:
        etapes_apres_mkdocs(None, tmp_path, DATE_TESTS, "https://exemple.org/")
    lignes = str(erreur.value).split("\n")
    assert lignes[0] == "L'index de recherche (Pagefind) n'a pas pu être écrit :"
    assert "Error: Pagefind was not able to build an index. " in lignes
