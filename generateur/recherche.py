"""Index de recherche Pagefind du site construit, avec les synonymes du catalogue.

Pagefind gère déjà le français (accents, élisions, pluriels). Il ne connaît pas les
synonymes et cherche tous les mots tapés : on ajoute donc à l'index de chaque page,
sans toucher aux fichiers du site, les mots que les lecteurs tapent pour dire un
mot du site qu'elle contient (aides/referentiel/synonymes.yaml), avec un poids faible.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from generateur.pages import LISTE_D_AIDES
from generateur.parallele import repartir
from schema import Synonymes

DOSSIER = "pagefind"
PAGES_IGNOREES = {"404.html"}
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
_FIN_ARTICLE = "</article>"
_BALISE = re.compile(r"<[^>]+>")
_MOT = re.compile(r"[a-z0-9]+")


def normaliser(texte: str) -> list[str]:
    """Mots sans accents ni majuscules, au singulier approximatif (« Salariés » → « salarie »)."""
    sans_accents = unicodedata.normalize("NFKD", texte.lower()).encode("ascii", "ignore").decode()
    return [_singulier(m) for m in _MOT.findall(sans_accents)]


def _singulier(mot: str) -> str:
    return mot[:-1] if len(mot) > 3 and mot[-1] in "sx" else mot


def _contient(mots: list[str], expression: list[str]) -> bool:
    n = len(expression)
    return any(mots[i : i + n] == expression for i in range(len(mots) - n + 1))


def mots_proches(texte: str, synonymes: Synonymes) -> list[str]:
    """Mots que les lecteurs tapent pour dire le mot du site (le premier de chaque groupe),
    quand la page contient ce mot : « embauche » s'ajoute aux pages qui parlent d'« emploi »."""
    mots = normaliser(texte)
    presents = set(mots)
    proches: list[str] = []
    for groupe in synonymes.groupes:
        mot_du_site = normaliser(groupe[0])
        if _contient(mots, mot_du_site) if len(mot_du_site) > 1 else mot_du_site[0] in presents:
            proches += [m for m in groupe[1:] if m not in proches]
    return proches


def preparer(page: str, synonymes: Synonymes) -> str | None:
    """HTML donné à Pagefind : l'article seul, suivi de ses mots proches. None : page sans article."""
    debut = _ARTICLE.search(page)
    fin = page.rfind(_FIN_ARTICLE)
    if not debut or fin < debut.start():
        return None
    # Les listes d'aides des pages d'index répètent les fiches : la recherche mène aux fiches,
    # et Pagefind n'a pas à lire des pages de milliers de cartes.
    page = LISTE_D_AIDES.sub("", page)
    fin = page.rfind(_FIN_ARTICLE)
    article = page[debut.start() : fin]
    proches = mots_proches(html.unescape(_BALISE.sub(" ", article)), synonymes)
    ajout = f'<p data-pagefind-weight="0.3">Mots proches : {html.escape(", ".join(proches))}.</p>' if proches else ""
    # Rien d'autre que l'article : Pagefind lit quatre fois moins d'octets (en-tête, menu et pied de page
    # du thème ne vont pas dans l'index) ; le titre du résultat est le premier <h1> de l'article.
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"></head><body>'
            f'{page[debut.start() : debut.end()]} data-pagefind-body{page[debut.end() : fin]}{ajout}{_FIN_ARTICLE}</body></html>')


def indexer(site: Path, synonymes: Synonymes) -> int:
    """Écrit site/pagefind/ ; renvoie le nombre de pages indexées.

    Les pages préparées sont écrites dans un dossier à part, indexé par le programme
    Pagefind livré avec le paquet Python (son API Python attend 100 ms par page).
    """
    site = Path(site)
    with tempfile.TemporaryDirectory(prefix=".recherche-", dir=site.parent) as dossier:
        copie = Path(dossier)

        def preparer_tranche(chemins: Sequence[Path]) -> int:
            nombre = 0
            for chemin in chemins:
                if contenu := preparer(chemin.read_text(encoding="utf-8"), synonymes):
                    (copie / chemin.relative_to(site)).write_text(contenu, encoding="utf-8")
                    nombre += 1
            return nombre

        pages = [c for c in sorted(site.rglob("*.html")) if c.name not in PAGES_IGNOREES and c.relative_to(site).parts[0] != DOSSIER]
        # Dossiers créés ici, dans l'ordre : Pagefind lit les dossiers dans l'ordre de leurs entrées,
        # et un index identique d'une construction à l'autre veut le même ordre.
        for chemin in pages:
            (copie / chemin.relative_to(site)).parent.mkdir(parents=True, exist_ok=True)
        nombre = sum(repartir(preparer_tranche, pages))
        commande = [sys.executable, "-m", "pagefind", "--site", str(copie), "--output-path", str(site / DOSSIER),
                    "--force-language", "fr", "--quiet"]
        resultat = subprocess.run(commande, capture_output=True, text=True)
        if resultat.returncode != 0:
            raise RuntimeError(f"Pagefind a échoué :\n{resultat.stdout}{resultat.stderr}")
    return nombre
