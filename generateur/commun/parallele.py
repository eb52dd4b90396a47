"""Le travail de la construction réparti sur les cœurs de la machine (deux en intégration continue).

Les processus de travail naissent par fork : ils héritent du catalogue déjà chargé et des
fonctions à appeler, rien n'est recopié à l'aller ; seuls les résultats reviennent (picklés).
Une erreur levée dans un processus de travail est relevée telle quelle dans le processus principal.

Un processus de travail meurt avec le processus principal (PR_SET_PDEATHSIG sous Linux) : une
construction tuée ne laisse personne écrire encore dans son dossier temporaire.

Un processus qui a déjà des fils d'exécution (`mkdocs serve`, serveur de test) ne se copie pas :
un verrou tenu par un autre fil au moment de la copie bloquerait la copie. Tout s'y fait alors
dans le processus lui-même, une étape après l'autre.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

_travaux: dict[int, tuple[Callable, Sequence]] = {}
_numeros = itertools.count()


def coeurs() -> int:
    """Processus de travail utiles : les cœurs de la machine ; un seul si ce processus a d'autres fils
    d'exécution, ou hors de Linux (sous macOS, fork est déconseillé : des bibliothèques système s'y bloquent)."""
    if threading.active_count() > 1 or not sys.platform.startswith("linux"):
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_PR_SET_PDEATHSIG = 1
_prctl = getattr(ctypes.CDLL(None), "prctl", None) if sys.platform.startswith("linux") else None


def mourir_avec_le_parent(parent: int | None = None) -> None:
    """À appeler dans un processus fils : le noyau le tue (SIGKILL) quand son parent meurt.

    parent : le pid attendu du parent ; s'il est déjà mort avant l'appel, le fils s'arrête tout de suite."""
    if _prctl is None:
        return
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _executeur(processus: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(processus, mp_context=multiprocessing.get_context("fork"),
                               initializer=mourir_avec_le_parent, initargs=(os.getpid(),))


def _executer(numero: int, tranche: slice):
    fonction, elements = _travaux[numero]
    return fonction(elements[tranche])


def pour_chacun(fonction: Callable[[object], object], elements: Sequence, paquet: int = 1, processus: int | None = None) -> Iterator:
    """fonction(e) pour chaque élément, calculé dans les processus de travail par paquets de `paquet` éléments.

    Les résultats arrivent dans l'ordre des éléments, au fil du calcul : le processus principal
    traite les premiers pendant que les suivants se calculent. Chaque processus prend le paquet
    suivant dès qu'il a fini le sien : les cœurs finissent ensemble. processus=1 : tout ici.
    """
    processus = min(processus or coeurs(), len(elements))
    if processus <= 1:
        yield from map(fonction, elements)
        return
    numero = next(_numeros)
    _travaux[numero] = (lambda tranche: [fonction(e) for e in tranche], elements)
    executeur = _executeur(processus)
    try:
        futurs = [executeur.submit(_executer, numero, slice(d, d + paquet)) for d in range(0, len(elements), paquet)]
        for futur in futurs:
            yield from futur.result()
    finally:
        executeur.shutdown(cancel_futures=True)
        del _travaux[numero]


@contextlib.contextmanager
def a_cote(fonction: Callable[[], object]) -> Iterator[Future]:
    """Exécute fonction() dans un autre processus pendant le bloc ; à la sortie, attend sa fin et relève son erreur.

    Sert à faire tourner deux étapes indépendantes en même temps, et à garder hors du processus
    principal la mémoire d'une étape gourmande (MkDocs) : elle est rendue au système à sa fin.
    """
    if coeurs() <= 1:
        fait: Future = Future()
        fait.set_result(fonction())
        yield fait
        return
    numero = next(_numeros)
    _travaux[numero] = (lambda _: fonction(), [None])
    try:
        with _executeur(1) as executeur:
            resultat = executeur.submit(_executer, numero, slice(None))
            yield resultat
            resultat.result()
    finally:
        del _travaux[numero]
