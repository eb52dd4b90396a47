"""Temps de retour aux contributeurs, mesurés sur une copie neuve du dépôt (appelé par `make bench`).

- vérification d'une proposition : les étapes de .github/workflows/verifier.yml qui précèdent
  l'installation complète (copie, environnement avec pydantic et PyYAML, validation), chronométrées ;
- aperçu (`make serve`) : une fiche modifiée, combien de temps avant que sa page servie soit à jour.

    .venv/bin/python benchmarks/retours.py
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
FICHE = "fdva-2-fonctionnement-innovation"
OBJECTIF_VALIDATION = 60.0
OBJECTIF_APERCU = 3.0


def _chrono(commande, cwd: Path, env: dict | None = None) -> float:
    debut = time.perf_counter()
    subprocess.run(commande, cwd=cwd, check=True, capture_output=True, text=True, shell=isinstance(commande, str), env=env)
    return time.perf_counter() - debut


def etapes_de_la_verification(dossier: Path) -> list[tuple[str, float]]:
    """Les étapes rapides du workflow, lancées telles qu'il les écrit, sur une copie neuve."""
    copie = dossier / "copie"
    etapes = [("Copie neuve du dépôt (git clone)", _chrono(["git", "clone", "--quiet", "--no-hardlinks", str(RACINE), str(copie)], dossier))]
    workflow = yaml.safe_load((copie / ".github/workflows/verifier.yml").read_text(encoding="utf-8"))
    for etape in workflow["jobs"]["verifier"]["steps"]:
        if etape.get("name") == "Installer le projet":
            break
        if "run" in etape and not etape["run"].startswith("apt-get"):
            etapes.append((etape["name"], _chrono(etape["run"], copie)))
    return etapes


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(adresse: str) -> str:
    try:
        with urllib.request.urlopen(adresse, timeout=2) as reponse:
            return reponse.read().decode("utf-8")
    except OSError:
        return ""


def apercu_d_une_fiche_modifiee(dossier: Path, essais: int = 3) -> list[float]:
    """Secondes entre l'enregistrement d'une fiche et sa page servie à jour, pour chaque essai."""
    copie = dossier / "apercu"
    subprocess.run(["git", "clone", "--quiet", str(RACINE), str(copie)], check=True)
    (copie / ".outils").symlink_to(RACINE / ".outils")
    (copie / "site" / "pagefind").mkdir(parents=True)  # sans elle, `servir` construirait d'abord tout le site
    port = _port_libre()
    serveur = subprocess.Popen([sys.executable, "-m", "generateur", "servir", "--port", str(port)], cwd=copie,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    adresse = f"http://127.0.0.1:{port}/aides/{FICHE}/"
    fiche = copie / "aides" / f"{FICHE}.yaml"
    durees = []
    try:
        limite = time.monotonic() + 600
        while FICHE not in _page(adresse):
            if time.monotonic() > limite or serveur.poll() is not None:
                raise RuntimeError("l'aperçu n'a pas démarré")
            time.sleep(0.2)
        for essai in range(essais):
            titre = f"Titre modifié pour la mesure {essai}"
            texte = re.sub(r"(?m)^titre: .*$", f"titre: {titre}", fiche.read_text(encoding="utf-8"), count=1)
            debut = time.monotonic()
            fiche.write_text(texte, encoding="utf-8")
            while titre not in _page(adresse):
                if time.monotonic() - debut > 120:
                    raise RuntimeError("la page n'a pas été mise à jour en deux minutes")
                time.sleep(0.05)
            durees.append(time.monotonic() - debut)
            time.sleep(1)
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)
    return durees


def mesurer() -> dict:
    with tempfile.TemporaryDirectory(prefix="retours-") as dossier:
        etapes = etapes_de_la_verification(Path(dossier))
        apercu = apercu_d_une_fiche_modifiee(Path(dossier))
    return {"etapes": etapes, "apercu": apercu, "aides": len(list((RACINE / "aides").glob("*.yaml")))}


def texte(mesures: dict) -> str:
    total = sum(d for _, d in mesures["etapes"])
    lignes = ["| Étape de la vérification d'une proposition (copie neuve) | Durée |", "| --- | ---: |"]
    lignes += [f"| {nom} | {duree:.1f} s |" for nom, duree in mesures["etapes"]]
    lignes.append(f"| **Erreurs annotées sur les lignes, sans l'installation du système** | **{total:.1f} s** {'✅' if total <= OBJECTIF_VALIDATION else '❌'} |")
    mediane = sorted(mesures["apercu"])[len(mesures["apercu"]) // 2]
    essais = ", ".join(f"{d:.1f}" for d in mesures["apercu"])
    lignes.append("")
    lignes.append(f"`make serve`, catalogue réel ({mesures['aides']} fiches) : une fiche modifiée est à jour dans sa page servie "
                  f"en **{mediane:.1f} s** (médiane de {essais} s ; objectif {OBJECTIF_APERCU:g} s) {'✅' if mediane <= OBJECTIF_APERCU else '❌'}")
    return "\n".join(lignes) + "\n"


if __name__ == "__main__":
    mesures = mesurer()
    print(texte(mesures))
    print(json.dumps(mesures))
