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


def test_chaque_equivalent_designe_un_mutant():
    """Un équivalent dont la ligne a changé n'excuserait plus rien : sa clé doit encore désigner un mutant."""
    liste = mutants.mutants_js()
    for module, tests in mutants.MODULES.items():
        liste += mutants.mutants_python(module, tests)
    cles = {m.cle for m in liste}
    assert [c for c in mutants.EQUIVALENTS if c not in cles] == []


def test_le_test_rapide_du_trouveur_passe_en_premier():
    """pytest -x s'arrête au premier échec : le test sans site construit tue la plupart des mutants en quelques secondes."""
    assert mutants.TESTS_JS[0] == "tests/test_trouver_regles.py"
    assert all(m.tests[0] == "tests/test_trouver_regles.py" for m in mutants.mutants_js())
