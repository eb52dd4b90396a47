"""`make mutants` reste lançable : chaque bogue planté figure encore, une fois, dans le code qu'il casse,
et chaque mutant systématique d'un module Python reste du Python valide."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import mutants  # noqa: E402


def test_chaque_bogue_plante_s_applique():
    plantes = mutants.plantes()
    assert len(plantes) == len(mutants.PLANTES) >= 20
    for mutant in plantes:
        for test in mutant.tests:
            assert (mutants.RACINE / test.split("::")[0]).is_file(), test


def test_mutants_python_valides():
    for module, tests in mutants.MODULES.items():
        texte = (mutants.RACINE / module).read_text(encoding="utf-8")
        liste = mutants.mutants_python(module, tests)
        assert liste, module
        for mutant in liste:
            compile(mutant.appliquer(texte), module, "exec")


def test_mutants_js_dans_les_regles():
    liste = mutants.mutants_js()
    assert len(liste) > 50
    assert {m.avant for m in liste} >= {"===", "!==", "<", ">", "&&", "||"}
