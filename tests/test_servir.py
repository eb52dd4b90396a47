"""`make serve` : le serveur de prévisualisation sert le site et le régénère quand une fiche change."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import copier_depot


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lire(adresse: str) -> str | None:
    try:
        with urllib.request.urlopen(adresse, timeout=5) as reponse:
            return reponse.read().decode("utf-8")
    except OSError:
        return None


def _attendre(adresse: str, condition, delai: float = 90) -> str:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        texte = _lire(adresse)
        if texte is not None and condition(texte):
            return texte
        time.sleep(0.5)
    raise AssertionError(f"{adresse} n'a pas répondu comme attendu en {delai} s")


def test_servir_regenere_quand_une_fiche_change(tmp_path):
    racine = copier_depot(tmp_path / "depot")
    port = _port_libre()
    processus = subprocess.Popen(
        [sys.executable, "-m", "generateur", "--racine", str(racine), "servir", "--port", str(port)],
        cwd=racine, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "AIDES_DATE": "2026-11-27"},
    )
    try:
        page = f"http://127.0.0.1:{port}/aides/fdva-2-fonctionnement-innovation/"
        _attendre(page, lambda t: "Financer le fonctionnement" in t)
        assert _lire(f"http://127.0.0.1:{port}/pagefind/pagefind.js") is not None
        fiche = racine / "aides" / "fdva-2-fonctionnement-innovation.yaml"
        texte = fiche.read_text(encoding="utf-8")
        fiche.write_text(texte.replace("titre: Financer le fonctionnement", "titre: Titre modifié pour le test, financer le fonctionnement"), encoding="utf-8")
        _attendre(page, lambda t: "Titre modifié pour le test" in t)
    finally:
        os.killpg(processus.pid, signal.SIGTERM)
        processus.wait(timeout=20)
