"""Index de recherche Pagefind du site construit, avec les synonymes du catalogue.

Pagefind gère déjà le français (accents, élisions, pluriels). Il ne connaît pas les
synonymes et cherche tous les mots tapés : chaque page porte donc, dans un attribut que
Pagefind indexe et que personne ne voit, les mots que les lecteurs tapent pour dire un mot
du site qu'elle contient (aides/referentiel/synonymes.yaml). Le générateur l'écrit à la fin du
Markdown de chaque page, avant le moteur du site ; Pagefind indexe ensuite le site tel quel.

La racinisation française de Pagefind donne la même racine à des mots sans rapport (« loyer » et
« loi », « dons » et « données »). Pour les mots listés dans `distincts` du même fichier, chaque page
qui en contient une forme porte aussi un jeton qui n'appartient qu'à ce mot (« loyer9 ») ; la page
de recherche remplace le mot tapé par ce jeton (assets/recherche.js, règles dans CHEMIN_REGLES).

Seules les pages qui portent data-pagefind-body sont indexées (overrides/main.html) : une page
interne le refuse par « recherche: false » dans son en-tête. Chaque page porte le filtre « groupe »
(aide-en-cours, aide-close ou page) et chaque fiche son statut en métadonnée : la recherche montre les aides en cours, puis les
autres pages, puis, sur demande, les aides closes, chaque groupe dans l'ordre de pertinence de Pagefind.
Parmi les aides en cours, celles qu'on peut demander aujourd'hui pèsent plus lourd (POIDS_DEMANDABLE) :
à pertinence proche, elles passent devant celles dont la situation est à confirmer, sans qu'une aide
qui ne parle qu'en passant du mot cherché ne dépasse celle qui en traite.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from generateur.commun.fichiers import ecrire_si_change
from generateur.commun.parallele import mourir_avec_le_parent
from generateur.regles.statut import Statut
from schema import Synonymes

DOSSIER = "pagefind"
RACINE_INDEXEE = "article.md-content__inner"
"""Seul l'article compte : en-tête, menu et pied de page du thème ne vont pas dans l'index."""
CHEMIN_REGLES = "assets/recherche-mots.json"
"""Dans docs/ : mot tapé (sans accents ni majuscules) → jeton de ce mot seul, lu par assets/recherche.js."""
PAGES_INDEXEES = "**/index.html"
"""Toutes les pages (adresses en dossier/), sauf 404.html."""
# Les listes d'aides des pages d'index répètent les fiches : la recherche mène aux fiches.
IGNOREES = ".aides-liste"
ATTRIBUT = "data-mots-proches"
_BALISE = re.compile(r"<[^>]+>")
_MOT = re.compile(r"[a-z0-9]+")


def normaliser(texte: str) -> list[str]:
    """Mots sans accents ni majuscules, au singulier approximatif (« Salariés » → « salarie »)."""
    return [_singulier(m) for m in _mots(texte)]


def _mots(texte: str) -> list[str]:
    sans_accents = unicodedata.normalize("NFKD", texte.lower()).encode("ascii", "ignore").decode()
    return _MOT.findall(sans_accents)


def _singulier(mot: str) -> str:
    return mot[:-1] if len(mot) > 3 and mot[-1] in "sx" else mot


def _contient(mots: list[str], expression: list[str]) -> bool:
    n = len(expression)
    return any(mots[i : i + n] == expression for i in range(len(mots) - n + 1))


def mots_proches(texte: str, synonymes: Synonymes) -> list[str]:
    """Mots que les lecteurs tapent pour dire le mot du site (le premier de chaque groupe),
    quand la page contient ce mot : « embauche » s'ajoute aux pages qui parlent d'« emploi »."""
    bruts = _mots(texte)
    presents = {_singulier(m) for m in set(bruts)}  # chaque mot distinct une fois : une page en répète beaucoup
    suite = None
    proches: list[str] = []
    for groupe in synonymes.groupes:
        mot_du_site = _normal(groupe[0])
        if len(mot_du_site) > 1:
            # Une expression : ses mots d'abord (vite écarté), puis leur suite dans la page.
            present = all(m in presents for m in mot_du_site)
            if present:
                suite = suite or [_singulier(m) for m in bruts]
                present = _contient(suite, list(mot_du_site))
        else:
            present = mot_du_site[0] in presents
        if present:
            proches += [m for m in groupe[1:] if m not in proches]
    return proches


@functools.lru_cache(maxsize=256)
def _normal(mot: str) -> tuple[str, ...]:
    return tuple(normaliser(mot))


_CIBLE_DE_LIEN = re.compile(r"\]\([^)\s]*\)")
_EN_TETE = re.compile(r"\A---\n.*?\n---\n", re.S)


def marque_mots_proches(markdown: str, synonymes: Synonymes) -> str:
    """Bloc vide à ajouter à la fin du Markdown d'une page : Pagefind indexe ses mots proches (poids faible).

    Les mots sont lus dans le texte de la page : ni l'en-tête YAML, ni les balises, ni les adresses des liens."""
    texte = html.unescape(_BALISE.sub(" ", _CIBLE_DE_LIEN.sub("]", _EN_TETE.sub("", markdown))))
    proches = mots_proches(texte, synonymes)
    marque = ""
    if proches:
        marque += (f'\n<div {ATTRIBUT}="{html.escape(", ".join(proches))}" '
                   f'data-pagefind-index-attrs="{ATTRIBUT}" data-pagefind-weight="0.3"></div>\n')
    jetons = jetons_distincts(texte, synonymes)
    if jetons:
        # Poids normal : ces jetons remplacent le mot lui-même dans la recherche.
        marque += f'\n<div {ATTRIBUT_DISTINCTS}="{" ".join(jetons)}" data-pagefind-index-attrs="{ATTRIBUT_DISTINCTS}"></div>\n'
    return marque


POIDS_DEMANDABLE = 5
"""data-pagefind-weight du texte d'une aide demandable ce jour (1 pour les autres pages). Réglé sur le jeu de
requêtes (tests/donnees/requetes-recherche.yaml) : à 3, « trésorerie » donne d'abord une aide à confirmer ;
à 8, « créer une entreprise » perd ses aides attendues ; 5 garde les 64 requêtes et met une aide
demandable en tête de 28 d'entre elles (23 sans ce poids)."""


def poids(statut: Statut) -> float | None:
    """Poids de la fiche dans la recherche ; None : le poids ordinaire de Pagefind."""
    return POIDS_DEMANDABLE if statut.demandable else None


ATTRIBUT_DISTINCTS = "data-mots-distincts"
_REPETITIONS = 5
"""Un jeton compte au plus cinq fois par page : assez pour classer les pages qui parlent surtout de loyer."""


def jeton(forme: str) -> str:
    """Le jeton d'un mot distinct : un chiffre à la fin, que la racinisation ne touche pas et qu'aucun mot
    du site ne prolonge (« loyer9 » ; « don9 » n'est pas le début de « donnee9 »)."""
    return "".join(_mots(forme)) + "9"


def regles_distinctes(synonymes: Synonymes) -> dict[str, str]:
    """Forme tapée, sans accents ni majuscules → jeton du mot (le premier de son groupe)."""
    return {"".join(_mots(f)): jeton(groupe[0]) for groupe in synonymes.distincts for f in groupe}


def jetons_distincts(texte: str, synonymes: Synonymes) -> list[str]:
    """Jetons des mots distincts que la page contient, répétés comme le mot (au plus _REPETITIONS fois)."""
    regles = regles_distinctes(synonymes)
    if not regles:
        return []
    comptes: dict[str, int] = {}
    for mot in _mots(texte):
        if mot in regles:
            comptes[regles[mot]] = comptes.get(regles[mot], 0) + 1
    return [j for j, n in comptes.items() for _ in range(min(n, _REPETITIONS))]


def ecrire_regles(synonymes: Synonymes, docs: Path) -> Path:
    texte = json.dumps({"distincts": regles_distinctes(synonymes)}, ensure_ascii=False, sort_keys=True)
    return ecrire_si_change(Path(docs) / CHEMIN_REGLES, texte)


class ErreurDePagefind(Exception):
    """Pagefind a échoué ; le message est sa sortie."""


@contextlib.contextmanager
def indexation(site: Path) -> Iterator[None]:
    """Pagefind écrit site/pagefind/ pendant le bloc (programme livré avec le paquet Python) ;
    à la sortie, on attend sa fin et on relève son erreur."""
    site = Path(site)
    commande = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(site / DOSSIER),
                "--root-selector", RACINE_INDEXEE, "--exclude-selectors", IGNOREES, "--glob", PAGES_INDEXEES,
                "--force-language", "fr", "--quiet"]
    with tempfile.TemporaryFile() as sortie:
        # Une construction tuée ne laisse pas Pagefind écrire encore dans son dossier temporaire.
        processus = subprocess.Popen(commande, stdout=sortie, stderr=subprocess.STDOUT,
                                     preexec_fn=functools.partial(mourir_avec_le_parent, os.getpid()))
        try:
            yield
        except BaseException:
            processus.kill()
            processus.wait()
            raise
        if processus.wait() != 0:
            sortie.seek(0)
            raise ErreurDePagefind(sortie.read().decode(errors="replace"))


def indexer(site: Path) -> None:
    """Écrit site/pagefind/."""
    with indexation(site):
        pass
