"""Le moteur du site : MkDocs et le thème Material aujourd'hui, appelés sans crochet ni extension.

Tout ce que le site doit au générateur est déjà dans docs/ quand le moteur démarre (pages, mots
proches pour la recherche, liens « modifier ») ; ce qui se fait après lui (retrait de l'indentation,
index de recherche, contrôles) travaille sur le HTML de site/. Changer de moteur (ProperDocs,
Zensical) ne touche que ce module, mkdocs.yml et overrides/ : voir le README.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from generateur.commun.parallele import pour_chacun

_INTOUCHABLE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_RETRAIT = re.compile(r"\n\s+")


class ErreurDuMoteur(Exception):
    pass


def construire_avec_mkdocs(config_yml: Path, docs: Path, site: Path, jour: dt.date, module: str = "mkdocs") -> str:
    """Construit le site (mode strict) ; renvoie l'adresse du site (site_url).

    module : « mkdocs » ou « properdocs », la branche maintenue de MkDocs 1.6, qui a la même interface."""
    import importlib

    build = importlib.import_module(f"{module}.commands.build").build
    load_config = importlib.import_module(f"{module}.config").load_config
    MkDocsException = importlib.import_module(f"{module}.exceptions").MkDocsException

    # Même date partout (plan du site compris) : deux constructions identiques donnent les mêmes octets.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(jour, dt.time(12), dt.timezone.utc).timestamp()))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_yml), docs_dir=str(docs), site_dir=str(site), strict=True)
    try:
        build(config)
    except MkDocsException as exc:
        raise ErreurDuMoteur(f"{module} a échoué : {exc}") from None
    return config["site_url"]


def sans_retraits(page: str) -> str:
    """Sans l'indentation des gabarits du thème : un quart du poids de chaque page, même rendu.

    Un retour à la ligne suivi de blancs s'affiche comme un seul blanc ; <pre>, <textarea>,
    <script> et <style> sont laissés tels quels. Pas de minifieur complet : ceux de PyPI
    retirent aussi guillemets et balises fermantes, que lisent la recherche et les contrôles.
    """
    # split rend, pour chaque bloc intouchable, le bloc puis le nom de sa balise : un morceau sur trois est du texte.
    morceaux = _INTOUCHABLE.split(page)
    return "".join(_RETRAIT.sub("\n", m) if i % 3 == 0 else m for i, m in enumerate(morceaux) if i % 3 != 2)


def _alleger(chemin: Path) -> None:
    texte = chemin.read_text(encoding="utf-8")
    leger = sans_retraits(texte)
    if leger != texte:
        chemin.write_text(leger, encoding="utf-8")


def alleger_pages(site: Path) -> None:
    """Retire l'indentation de chaque page HTML du site construit, sur tous les cœurs.

    Appelé une fois le moteur fini (son processus et sa mémoire rendus) : copié sur deux cœurs,
    le processus du moteur compterait deux fois sa mémoire."""
    pages = sorted(str(p) for p in Path(site).rglob("*.html"))
    for _ in pour_chacun(lambda chemin: _alleger(Path(chemin)), pages, paquet=200):
        pass
