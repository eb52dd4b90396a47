"""Prévisualisation (`make serve`) : un petit veilleur régénère les pages quand une fiche change,
et le serveur du moteur (mkdocs serve) recharge la page ouverte.

Le moteur sert un dossier préparé à part (.apercu/docs), jamais docs/ lui-même : les pages écrites à
la main y reçoivent leurs liens vers le dépôt et leurs mots proches, comme à la construction.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from generateur.lecture.erreurs import ErreursDeDonnees

DOSSIER = ".apercu"
SURVEILLES = ("aides", "docs", "generateur/site/templates")
INTERVALLE = 0.3
"""Secondes entre deux relevés : une fiche enregistrée est en ligne en moins d'une seconde de plus que la régénération."""


def empreinte(racine: Path) -> tuple:
    """Ce qui change quand un fichier surveillé est écrit, créé ou supprimé."""
    releve = []
    for dossier in SURVEILLES:
        for chemin in sorted((racine / dossier).rglob("*")):
            if chemin.is_file():
                etat = chemin.stat()
                releve.append((chemin.as_posix(), etat.st_mtime_ns, etat.st_size))
    return tuple(releve)


def regenerer(racine: Path, docs: Path, jour: dt.date, journal: Callable[[str], None] = print) -> bool:
    """Régénère le dossier servi ; False (et les erreurs affichées) si une fiche est invalide."""
    from generateur.commun.configuration import lire_configuration
    from generateur.site.preparation import preparer_docs
    from generateur.lecture.catalogue import charger_catalogue

    try:
        catalogue = charger_catalogue(racine)
    except ErreursDeDonnees as exc:
        journal("Fiches invalides, pages non régénérées :\n" + "\n".join(str(e) for e in exc.erreurs))
        return False
    provisoire = docs.with_name(docs.name + ".nouveau")
    shutil.rmtree(provisoire, ignore_errors=True)
    preparer_docs(catalogue, racine, provisoire, jour, lire_configuration(racine))
    _synchroniser(provisoire, docs)
    shutil.rmtree(provisoire, ignore_errors=True)
    return True


def _synchroniser(source: Path, cible: Path) -> None:
    """Recopie source dans cible en ne touchant que ce qui change : le moteur ne recharge que pour de vrais changements."""
    voulus = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for relatif in sorted(voulus):
        depart, arrivee = source / relatif, cible / relatif
        contenu = depart.read_bytes()
        if not arrivee.is_file() or arrivee.read_bytes() != contenu:
            arrivee.parent.mkdir(parents=True, exist_ok=True)
            arrivee.write_bytes(contenu)
    for chemin in sorted(cible.rglob("*"), reverse=True):
        relatif = chemin.relative_to(cible)
        if chemin.is_file() and relatif not in voulus and relatif.parts[0] != "pagefind" and relatif.suffix != ".pdf":
            chemin.unlink()


def _reprendre_la_derniere_construction(racine: Path, docs: Path) -> None:
    """L'index de recherche et les guides PDF de la dernière construction (make build), longs à refaire."""
    site = racine / "site"
    if (site / "pagefind").is_dir():
        shutil.copytree(site / "pagefind", docs / "pagefind", dirs_exist_ok=True)
    for pdf in sorted((site / "guides").glob("*.pdf")) if (site / "guides").is_dir() else []:
        (docs / "guides").mkdir(parents=True, exist_ok=True)
        shutil.copy2(pdf, docs / "guides" / pdf.name)


def veiller(racine: Path, docs: Path, jour: dt.date, arret: threading.Event) -> None:
    avant = empreinte(racine)
    while not arret.wait(INTERVALLE):
        maintenant = empreinte(racine)
        if maintenant != avant:
            avant = maintenant
            debut = time.monotonic()
            if regenerer(racine, docs, jour):
                print(f"Pages régénérées en {time.monotonic() - debut:.1f} s.", file=sys.stderr, flush=True)


def servir(racine: Path, port: int, jour: dt.date) -> None:
    import logging
    import os

    from mkdocs.commands.serve import serve

    racine = Path(racine)
    docs = racine / DOSSIER / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    if not regenerer(racine, docs, jour):
        raise SystemExit(1)
    _reprendre_la_derniere_construction(racine, docs)
    arret = threading.Event()
    threading.Thread(target=veiller, args=(racine, docs, jour, arret), daemon=True).start()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    adresse = f"127.0.0.1:{port}"
    # Servi à la racine (et non sous le chemin de site_url) : http://127.0.0.1:8000/ suffit.
    print(f"Site servi sur http://{adresse}/ — il se met à jour quand une fiche change (Ctrl+C pour arrêter).")
    try:
        # « dirty » : après une modification, le moteur ne refait que les pages dont le fichier a changé
        # (_synchroniser ne touche que celles-là), au lieu de tout le site : la fiche est à jour en quelques secondes.
        # Ce mode avertit à chaque fois : l'aperçu n'est donc pas strict (la construction, elle, l'est).
        serve(str(racine / "mkdocs.yml"), dev_addr=adresse, livereload=True, build_type="dirty", strict=False,
              site_url=f"http://{adresse}/", docs_dir=str(docs))
    finally:
        arret.set()
