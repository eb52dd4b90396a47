"""Constructions réelles, tuées ou lancées ensemble : verrou, restes nettoyés, processus de travail
qui meurent avec leur parent (Pagefind aussi), et un site/ qui est toujours soit l'ancien soit le nouveau.

Chaque construction est un vrai `python -m generateur construire` dans une petite copie du dépôt
(les fiches de test : deux secondes), arrêté par de vrais signaux."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import copier_petit_depot

PYTHON = sys.executable
CASSEE = Path(__file__).parent / "corpus" / "montant-inverse.yaml"
INTACT = "Construction annulée : le site précédent est intact."


@pytest.fixture(scope="module")
def modele(tmp_path_factory) -> Path:
    return copier_petit_depot(tmp_path_factory.mktemp("modele") / "depot")


@pytest.fixture
def depot(modele, tmp_path) -> Path:
    racine = tmp_path / "depot"
    shutil.copytree(modele, racine, symlinks=True)
    (racine / "site").mkdir()
    (racine / "site" / "index.html").write_text("ancien site", encoding="utf-8")
    return racine


def _commande(*avant: str) -> list[str]:
    return [PYTHON, *avant, "-m", "generateur", "construire", "--date", "2026-11-27", "--sans-guides"]


def _commande_piegee(script: str | None) -> list[str]:
    """La construction, éventuellement précédée d'un script Python (qui pose un piège) ; c'est la copie du
    code du petit dépôt qui s'exécute."""
    if script is None:
        return _commande()
    return [PYTHON, "-c", script + "\nimport sys\nfrom generateur.cli import main\n"
            "sys.exit(main(['construire', '--date', '2026-11-27', '--sans-guides']))"]


def construire(depot: Path, script: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(_commande_piegee(script), cwd=depot, capture_output=True, text=True, timeout=180)


def lancer(depot: Path, script: str | None = None) -> subprocess.Popen:
    return subprocess.Popen(_commande_piegee(script), cwd=depot, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def attendre(condition, delai: float = 60) -> None:
    fin = time.monotonic() + delai
    while not condition():
        assert time.monotonic() < fin, "attente trop longue"
        time.sleep(0.005)


def restes(depot: Path) -> list[str]:
    return sorted(p.name for p in depot.iterdir() if p.name.startswith(".construction-") or p.name.endswith(".ancien"))


def vivant(pid: int) -> bool:
    """Vrai tant que le processus existe et n'est pas un zombie (mort, en attente d'être ramassé)."""
    try:
        etat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return etat not in ("Z", "X")


def fils(pid: int) -> set[int]:
    trouves = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                trouves.add(int(stat.parent.name))
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            pass
    return trouves


@contextlib.contextmanager
def meurent_avec(parent: subprocess.Popen, enfants: set[int]):
    """Le bloc remplit enfants ; après lui, le parent est tué (SIGKILL) et chaque enfant doit mourir avec lui.
    Quoi qu'il arrive, les survivants sont tués à la fin."""
    try:
        yield
        os.kill(parent.pid, signal.SIGKILL)
        parent.communicate(timeout=30)
        attendre(lambda: not any(vivant(pid) for pid in enfants), delai=15)
    finally:
        parent.kill()
        for pid in enfants:
            if vivant(pid):
                os.kill(pid, signal.SIGKILL)


def test_une_construction_qui_reussit_remplace_le_site(depot):
    resultat = construire(depot)
    assert resultat.returncode == 0, resultat.stderr
    assert "Site construit dans site/ : 5 aides." in resultat.stdout
    assert "ancien site" not in (depot / "site" / "index.html").read_text(encoding="utf-8")
    assert restes(depot) == []


def test_une_construction_tenant_le_verrou_fait_refuser_la_seconde(depot):
    """La première construction est figée (SIGSTOP) une fois son dossier temporaire créé : la seconde,
    lancée pendant ce temps, refuse tout de suite ; la première reprend (SIGCONT) et finit."""
    premiere = lancer(depot)
    try:
        attendre(lambda: any(p.name.startswith(".construction-") for p in depot.iterdir()))
        os.kill(premiere.pid, signal.SIGSTOP)
        seconde = construire(depot)
    finally:
        os.kill(premiere.pid, signal.SIGCONT)
    sortie, erreurs = premiere.communicate(timeout=180)
    assert seconde.returncode == 1
    assert "Traceback" not in seconde.stderr + seconde.stdout
    assert "Une autre construction est en cours" in seconde.stderr
    assert "celle-ci s'arrête sans rien toucher" in seconde.stderr
    assert premiere.returncode == 0, erreurs
    assert "ancien site" not in (depot / "site" / "index.html").read_text(encoding="utf-8")
    assert restes(depot) == []


def test_deux_constructions_lancees_ensemble(depot):
    """Lancées au même instant : aucune trace Python, au moins une réussit, l'autre refuse par le verrou."""
    paire = [lancer(depot), lancer(depot)]
    resultats = [(p.wait(timeout=180), *p.communicate()) for p in paire]
    for code, sortie, erreurs in resultats:
        assert "Traceback" not in sortie + erreurs
        assert code == 0 or "Une autre construction est en cours" in erreurs, erreurs
    assert 0 in [code for code, _, _ in resultats]
    assert (depot / "site" / "index.html").read_text(encoding="utf-8").lstrip().startswith("<!doctype html>")
    assert restes(depot) == []


def test_verrou_tenu_par_un_autre_processus(depot):
    with open(depot / ".verrou-construction", "a") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX)
        resultat = construire(depot)
    assert resultat.returncode == 1
    assert "Une autre construction est en cours" in resultat.stderr and "Traceback" not in resultat.stderr
    assert INTACT not in resultat.stderr, "celle-ci n'a rien construit : elle ne juge pas le site d'une autre"
    assert (depot / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"


def test_la_construction_suivante_nettoie_les_restes_d_une_construction_tuee(depot):
    tuee = lancer(depot)
    attendre(lambda: any(p.name.startswith(".construction-") for p in depot.iterdir()))
    os.kill(tuee.pid, signal.SIGKILL)
    tuee.communicate(timeout=60)
    assert restes(depot), "la construction tuée a laissé son dossier temporaire"
    # La suivante échoue sur une fiche invalide : le nettoyage se fait quand même, avant la lecture.
    shutil.copy(CASSEE, depot / "aides" / "montant-inverse.yaml")
    resultat = construire(depot)
    assert resultat.returncode == 1 and INTACT in resultat.stderr
    assert restes(depot) == []
    assert (depot / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"


# Un piège posé dans la construction : le processus se tue lui-même (SIGKILL, comme un `kill -9`)
# pile au moment voulu du remplacement de site/.
PIEGE = textwrap.dedent("""
    import os, signal, shutil
    import generateur.construction as c
    _deplacer, _supprimer = shutil.move, c._supprimer
    def deplacer(source, cible):
        if str(cible).endswith("{cible}") and {entre}:
            os.kill(os.getpid(), signal.SIGKILL)
        return _deplacer(source, cible)
    def supprimer(chemin):
        if str(chemin).endswith("site.ancien") and os.path.exists(chemin) and not {entre}:
            os.kill(os.getpid(), signal.SIGKILL)
        return _supprimer(chemin)
    c.shutil.move, c._supprimer = deplacer, supprimer
""")


def test_tuee_entre_les_deux_renommages_l_ancien_site_revient(depot):
    tuee = construire(depot, PIEGE.format(cible="/site", entre=True))
    assert tuee.returncode == -signal.SIGKILL
    assert not (depot / "site").exists() and (depot / "site.ancien" / "index.html").exists()
    shutil.copy(CASSEE, depot / "aides" / "montant-inverse.yaml")
    resultat = construire(depot)
    assert resultat.returncode == 1
    assert INTACT in resultat.stderr
    assert (depot / "site" / "index.html").read_text(encoding="utf-8") == "ancien site"
    assert restes(depot) == []


def test_tuee_apres_le_second_renommage_le_nouveau_site_reste(depot):
    tuee = construire(depot, PIEGE.format(cible="/site", entre=False))
    assert tuee.returncode == -signal.SIGKILL
    assert (depot / "site.ancien").exists()
    nouveau = (depot / "site" / "index.html").read_text(encoding="utf-8")
    assert "ancien site" not in nouveau
    shutil.copy(CASSEE, depot / "aides" / "montant-inverse.yaml")
    resultat = construire(depot)
    assert resultat.returncode == 1 and INTACT in resultat.stderr
    assert (depot / "site" / "index.html").read_text(encoding="utf-8") == nouveau
    assert restes(depot) == []


def test_sans_site_precedent_le_message_ne_pretend_pas_qu_il_est_intact(depot):
    shutil.rmtree(depot / "site")
    shutil.copy(CASSEE, depot / "aides" / "montant-inverse.yaml")
    resultat = construire(depot)
    assert resultat.returncode == 1
    assert "le site précédent est intact" not in resultat.stderr
    assert "aucun site n'existait, site/ n'a pas été créé" in resultat.stderr
    assert not (depot / "site").exists()


TRAVAIL = textwrap.dedent("""
    import os, time
    from generateur.commun import parallele
    def travailler(x):
        os.write(1, (str(os.getpid()) + "\\n").encode())  # une seule écriture : deux ouvriers ne mêlent pas leurs lignes
        time.sleep(120)
    {appel}
""")


@pytest.mark.parametrize("appel", [
    "list(parallele.pour_chacun(travailler, [1, 2], processus=2))",
    "with parallele.a_cote(lambda: travailler(0)):\n        time.sleep(120)",
])
def test_les_processus_de_travail_meurent_avec_leur_parent(appel, tmp_path):
    script = tmp_path / "travail.py"
    script.write_text(TRAVAIL.format(appel=appel), encoding="utf-8")
    racine = Path(__file__).resolve().parent.parent
    parent = subprocess.Popen([PYTHON, str(script)], cwd=racine, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(racine)})
    travailleurs: set[int] = set()
    with meurent_avec(parent, travailleurs):
        attendus = 2 if "pour_chacun" in appel else 1
        travailleurs.update(int(parent.stdout.readline()) for _ in range(attendus))
        assert travailleurs <= fils(parent.pid) and parent.pid not in travailleurs


# Une page que personne n'écrit (un tube nommé) : Pagefind reste devant, le temps de tuer la construction.
INDEXATION_BLOQUEE = textwrap.dedent("""
    import os
    from generateur.site import recherche
    _indexation = recherche.indexation
    def indexation(site):
        (site / "bloquee").mkdir()
        os.mkfifo(site / "bloquee" / "index.html")
        return _indexation(site)
    recherche.indexation = indexation
""")


def arguments(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except FileNotFoundError:
        return []


def test_une_construction_tuee_pendant_l_indexation_ne_laisse_pas_pagefind(depot):
    construction = lancer(depot, INDEXATION_BLOQUEE)
    pagefind: set[int] = set()
    with meurent_avec(construction, pagefind):
        def indexation_lancee() -> bool:
            pagefind.update(p for p in fils(construction.pid) if "--force-language" in arguments(p))
            return bool(pagefind)

        attendre(indexation_lancee, delai=120)
