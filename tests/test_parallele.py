"""Le travail réparti sur les cœurs : mêmes résultats qu'en série, erreurs relevées, repli sans fork."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generateur.commun import parallele


class ErreurDeTest(Exception):
    pass


@pytest.fixture
def deux_coeurs(monkeypatch):
    if threading.active_count() > 1:
        pytest.skip("ce processus a d'autres fils d'exécution : test_dans_un_processus_neuf les lance à part")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1})


def test_dans_un_processus_neuf():
    """Les tests qui copient le processus tournent toujours quelque part : ici, dans un pytest sans autre fil."""
    resultat = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider", __file__, "-k", "not processus_neuf"],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parent.parent,
    )
    assert resultat.returncode == 0, resultat.stdout[-3000:]
    assert "skipped" not in resultat.stdout.splitlines()[-1], resultat.stdout[-500:]


def test_pour_chacun_dans_d_autres_processus(deux_coeurs):
    principal = os.getpid()
    decalage = 10  # une fermeture : les processus de travail la reçoivent par fork, sans pickle

    def calculer(x):
        time.sleep(0.05)  # assez long pour que les deux processus prennent des paquets
        return x + decalage, os.getpid()

    resultats = list(parallele.pour_chacun(calculer, list(range(7)), paquet=2))
    assert [r[0] for r in resultats] == [10, 11, 12, 13, 14, 15, 16]
    assert all(pid != principal for _, pid in resultats)
    assert len({pid for _, pid in resultats}) == 2, "les paquets se partagent entre les deux cœurs"
    assert {pid for _, pid in parallele.pour_chacun(lambda x: (x, os.getpid()), [1, 2], processus=1)} == {principal}


def test_pour_chacun_garde_l_ordre(deux_coeurs):
    elements = list(range(1000))
    assert list(parallele.pour_chacun(lambda x: x * x, elements, paquet=7)) == [x * x for x in elements]


def test_une_erreur_d_un_processus_de_travail_est_relevee(deux_coeurs):
    def echouer(tranche):
        if 3 in tranche:
            raise ErreurDeTest("fiche 3 illisible")
        return tranche

    with pytest.raises(ErreurDeTest, match="fiche 3 illisible"):
        list(parallele.pour_chacun(lambda x: echouer([x]), list(range(6)), paquet=2))


def test_a_cote_tourne_pendant_le_bloc(deux_coeurs, tmp_path):
    temoin = tmp_path / "fait"
    with parallele.a_cote(lambda: (temoin.write_text("oui"), os.getpid())[1]) as resultat:
        fait_ici = os.getpid()
    assert resultat.result() != fait_ici and temoin.read_text() == "oui"

    def mkdocs_echoue():
        raise ErreurDeTest("MkDocs a échoué")

    with pytest.raises(ErreurDeTest, match="MkDocs a échoué"):
        with parallele.a_cote(mkdocs_echoue):
            pass


def test_avec_un_autre_fil_tout_se_fait_ici(monkeypatch):
    arret = threading.Event()
    fil = threading.Thread(target=arret.wait)
    fil.start()
    try:
        assert parallele.coeurs() == 1
        principal = os.getpid()
        assert list(parallele.pour_chacun(lambda x: (x, os.getpid()), [1, 2])) == [(1, principal), (2, principal)]
        with parallele.a_cote(os.getpid) as resultat:
            pass
        assert resultat.result() == principal
    finally:
        arret.set()
        fil.join()
