"""Tests de mutation : le code est cassé exprès, une mutation à la fois, et les tests doivent échouer.

`make mutants` (hors de .ci/run : une demi-heure à une heure sur deux cœurs). Trois sortes de mutations :

- systématiques, sur chaque module Python de MODULES : chaque comparaison inversée ou élargie
  (< ↔ <=, > ↔ >=, == ↔ !=), chaque « and » ↔ « or », « not » retiré, True ↔ False, + ↔ -,
  chaque entier augmenté de 1 ; hors chaînes, commentaires et lignes sans calcul (import, docstring) ;
  chacune avec les tests rapides du module (sans Chromium) ;
- sur docs/assets/trouver.js : les mêmes opérateurs (<, <=, >, >=, ===, !==, &&, ||, entiers) dans
  les règles de statut (de « function ouverte » à « function moisFr ») et d'appariement
  (« function critere »), avec les tests du trouveur dans Chromium ;
- les bogues plantés de l'issue #22 qui avaient survécu à la suite (PLANTES), chacun avec ses tests.

Chaque mutation s'applique dans une copie du dépôt (le dépôt lui-même n'est jamais modifié), une
copie par processus. Un mutant est « tué » quand ses tests échouent (ou dépassent DELAI) ; les
survivants s'impriment avec fichier, ligne et changement. Ceux qu'on sait équivalents (le
comportement ne change pas) sont dans EQUIVALENTS, expliqués dans benchmarks/MUTANTS.md ; ils
ne comptent pas comme survivants.

    python scripts/mutants.py                       # tout
    python scripts/mutants.py --seulement plantes   # ou : python, js, ou un chemin de module
    python scripts/mutants.py --liste               # les mutants, sans rien lancer
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from dataclasses import dataclass
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DELAI = 600
"""Secondes au-delà desquelles un mutant est compté tué (une boucle sans fin est un échec)."""

# Tests rapides lancés pour chaque mutant d'un module : ceux qui en vérifient les valeurs, sans Chromium.
MODULES = {
    "generateur/regles/statut.py": ["tests/test_statut.py", "tests/test_exports_valeurs.py"],
    "generateur/lecture/chargement.py": ["tests/test_chargement.py", "tests/test_corpus.py", "tests/test_formats.py"],
    "generateur/lecture/validation.py": ["tests/test_suggestions.py", "tests/test_corpus.py"],
    "generateur/regles/textes.py": ["tests/test_textes.py", "tests/test_formats.py", "tests/test_pages.py"],
    "generateur/site/verifications.py": ["tests/test_bogues_survivants.py", "tests/test_site.py::test_le_controle_detecte_liens_et_ancres_casses"],
    "generateur/exports/donnees.py": ["tests/test_exports_valeurs.py"],
    "generateur/exports/format_national.py": ["tests/test_exports_valeurs.py", "tests/test_exports.py"],
    "generateur/exports/abonnements.py": ["tests/test_exports_valeurs.py"],
}
JS = "docs/assets/trouver.js"
TESTS_JS = ["tests/test_trouver_regles.py", "tests/test_trouver_bornes.py", "tests/test_trouver.py::test_statuts_python_et_navigateur_concordent",
            "tests/test_trouver.py::test_scenarios"]
ZONES_JS = [("  function ouverte(", "  function moisFr("), ("  function critere(", "  window.AidesESS =")]


@dataclass(frozen=True)
class Mutant:
    fichier: str
    ligne: int
    avant: str
    apres: str
    debut: int  # position dans le texte du fichier
    tests: tuple[str, ...]
    nom: str = ""
    source: str = ""  # la ligne du fichier, telle quelle

    @property
    def cle(self) -> str:
        """Ce qui désigne le mutant dans EQUIVALENTS, sans numéro de ligne (qui bouge à chaque modification)."""
        return f"{self.fichier} | {self.source.strip()} | {self.avant} → {self.apres}"

    def appliquer(self, texte: str) -> str:
        assert texte[self.debut:self.debut + len(self.avant)] == self.avant, (self, texte[self.debut:self.debut + 40])
        return texte[:self.debut] + self.apres + texte[self.debut + len(self.avant):]

    def __str__(self) -> str:
        return f"{self.fichier}:{self.ligne} : « {self.avant} » → « {self.apres} »" + (f" ({self.nom})" if self.nom else "")


# --- Les bogues plantés de l'issue #22 -------------------------------------------------

PLANTES = [
    # (nom, fichier, avant, après, tests)
    ("la construction ignore le contrôle", "generateur/construction.py", "    if problemes:\n        raise ErreurDeConstruction", "    if False:\n        raise ErreurDeConstruction", ["tests/test_bogues_survivants.py"]),
    ("data: accepté", "generateur/site/verifications.py", "(javascript|vbscript|data):", "(javascript|vbscript):", ["tests/test_bogues_survivants.py"]),
    ("tout <script src> accepté", "generateur/site/verifications.py", "        for script in page.scripts:", "        for script in [s for s in page.scripts if not s.startswith('src=')]:", ["tests/test_bogues_survivants.py"]),
    ("<object> accepté", "generateur/site/verifications.py", '"iframe", "frame", "object", "embed", "base"', '"iframe", "frame", "embed", "base"', ["tests/test_bogues_survivants.py"]),
    ("<embed> accepté", "generateur/site/verifications.py", '"iframe", "frame", "object", "embed", "base"', '"iframe", "frame", "object", "base"', ["tests/test_bogues_survivants.py"]),
    ("<base> accepté", "generateur/site/verifications.py", '"iframe", "frame", "object", "embed", "base"', '"iframe", "frame", "object", "embed"', ["tests/test_bogues_survivants.py"]),
    ("garde des formules limitée à =", "generateur/exports/donnees.py", 'valeur[:1] in ("=", "+", "-", "@", "\\t", "\\r")', 'valeur[:1] in ("=",)', ["tests/test_exports_valeurs.py"]),
    ("garde des formules jamais appelée (aides.csv)", "generateur/exports/donnees.py", "ecrivain.writerow([_sans_formule(valeur(catalogue, aide, s, u))", "ecrivain.writerow([(valeur(catalogue, aide, s, u))", ["tests/test_exports_valeurs.py"]),
    ("garde des formules jamais appelée (format national)", "generateur/exports/donnees.py", "{cle: _sans_formule(valeur)", "{cle: (valeur)", ["tests/test_exports_valeurs.py"]),
    ("événements ICS finis un jour trop tard", "generateur/exports/abonnements.py", "session.date_limite + dt.timedelta(days=1)", "session.date_limite + dt.timedelta(days=2)", ["tests/test_exports_valeurs.py"]),
    ("rappel 7 jours après la date limite", "generateur/exports/abonnements.py", "-dt.timedelta(days=RAPPEL_JOURS)", "dt.timedelta(days=RAPPEL_JOURS)", ["tests/test_exports_valeurs.py"]),
    ("associations vers la mauvaise cible nationale", "generateur/exports/format_national.py", '"association": "associations",', '"association": "professionnels",', ["tests/test_exports_valeurs.py"]),
    ("date limite JSON remplie avec l'ouverture", "generateur/exports/donnees.py", '"date_limite": s.date_limite.isoformat() if s.date_limite else None', '"date_limite": s.ouverture.isoformat() if s.ouverture else None', ["tests/test_exports_valeurs.py"]),
    ("clôture nationale à 00:00", "generateur/exports/format_national.py", "dt.time(23, 59, 59) if fin_de_journee", "dt.time(0, 0, 0) if fin_de_journee", ["tests/test_exports_valeurs.py"]),
    ("Atom « nouvelle » et « mise à jour » inversées", "generateur/exports/abonnements.py", "'Nouvelle aide' if nouvelle else 'Aide mise à jour'", "'Aide mise à jour' if nouvelle else 'Nouvelle aide'", ["tests/test_exports_valeurs.py"]),
    ("jour du lecteur en UTC", JS, 'd.getFullYear() + "-" + deuxChiffres(d.getMonth() + 1) + "-" + deuxChiffres(d.getDate())', 'd.getUTCFullYear() + "-" + deuxChiffres(d.getUTCMonth() + 1) + "-" + deuxChiffres(d.getUTCDate())', ["tests/test_trouver_bornes.py"]),
    ("borne basse d'effectif décalée", JS, "a.n !== undefined && a.n > nombre", "a.n !== undefined && a.n >= nombre", ["tests/test_trouver_bornes.py"]),
    ("borne haute d'effectif décalée", JS, "a.x !== undefined && a.x < nombre", "a.x !== undefined && a.x <= nombre", ["tests/test_trouver_bornes.py"]),
    ("listes plus triées par date limite", "generateur/site/pages.py", "(*self.statuts[aide.identifiant].cle_de_tri(), aide.titre.lower())", "(self.statuts[aide.identifiant].rang, aide.titre.lower())", ["tests/test_trouver_bornes.py::test_cartes_des_listes_en_typographie_francaise"]),
    ("trouveur plus trié par date limite", JS, "if (da !== db) return da < db ? -1 : 1;", "", ["tests/test_trouver_bornes.py"]),
    ("synonymes de plusieurs mots jamais trouvés", "generateur/site/recherche.py", "present = _contient(suite, list(mot_du_site))", "present = False", ["tests/test_bogues_survivants.py::test_synonymes_de_plusieurs_mots"]),
    ("cartes des listes sans typographie française", "generateur/site/pages.py", "formats.typographie(carte.strip())", "carte.strip()", ["tests/test_trouver_bornes.py::test_cartes_des_listes_en_typographie_francaise"]),
    ("bouton de recherche retiré de l'en-tête", "overrides/partials/recherche.html", "recherche__bouton", "recherche__bouton-retire", ["tests/test_accessibilite.py::test_axe_resultats_de_recherche", "tests/test_contenu_hostile.py::test_recherche_d_une_aide_hostile"]),
]

EQUIVALENTS: dict[str, str] = {
    # Mutant.cle → pourquoi le comportement ne change pas (recopié dans benchmarks/MUTANTS.md).
    "generateur/regles/statut.py | futures = [s for s in siennes if debut_de_session(s) > jour] | > → >=":
        "une session qui commence aujourd'hui est déjà parmi les ouvertes, traitées avant les futures",
    "generateur/site/verifications.py | for trouves, vers_fichiers, vers_ancres in pour_chacun(controler, pages, paquet=100, processus=1 if pendant else None): | 100 → 101":
        "la taille des paquets ne change que la répartition du travail entre les cœurs",
    "generateur/site/verifications.py | for trouves, vers_fichiers, vers_ancres in pour_chacun(controler, pages, paquet=100, processus=1 if pendant else None): | 1 → 2":
        "deux processus au lieu d'un pendant l'indexation : plus de mémoire, mêmes problèmes trouvés",
    "generateur/site/verifications.py | if absents and pendant: | and → or":
        "relister les fichiers du site quand rien n'a changé redonne la même liste : du travail en plus, même résultat",
    'generateur/exports/abonnements.py | entete, fin = cal.to_ical().decode("utf-8").rsplit("END:VCALENDAR", 1) | 1 → 2':
        "l'en-tête du calendrier, sans événement, ne contient qu'un « END:VCALENDAR » : une ou deux coupes donnent la même chose",
    "generateur/lecture/validation.py | for detail in exc.errors(include_url=False): | False → True":
        "l'adresse de documentation que pydantic ajoute à chaque erreur n'est jamais lue (traduire lit type, input, ctx, loc et msg)",
    "generateur/lecture/validation.py | courante = [i] + [0] * len(b) | 0 → 1":
        "chaque case de la ligne, sauf la première, est écrite avant d'être lue : sa valeur de départ ne compte pas",
    "generateur/lecture/validation.py | if avant and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y: | > → >=":
        "« i > 1 » → « i >= 1 » : à la première lettre, avant vaut None et la condition est déjà fausse "
        "(« j > 1 » → « j >= 1 », même clé, est tué par test_ecart « aaa » → « a »)",
    "generateur/lecture/validation.py | len(tape) < len(possible) or len(tape[-1]) < len(debut[-1]) | < → <=":
        "à égalité de longueur, le début des mots ne suggère que les mots eux-mêmes, déjà trouvés mot à mot (écart 0)",
    "generateur/lecture/validation.py | return any(mots[i : i + len(tape)] == tape for i in range(len(mots) - len(tape) + 1)) | - → +":
        "les positions en plus donnent des tranches plus courtes que le mot tapé (jamais vide), donc jamais égales",
    "generateur/lecture/validation.py | return any(mots[i : i + len(tape)] == tape for i in range(len(mots) - len(tape) + 1)) | 1 → 2":
        "la position en plus donne une tranche plus courte que le mot tapé (jamais vide), donc jamais égale",
    "generateur/lecture/validation.py | if 1 < len(proches) <= 3: | < → <=":
        "une seule valeur proche est déjà rendue par le « if » d'avant",
    'generateur/lecture/chargement.py | descripteur = os.open(chemin, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)) | 0 → 1':
        "valeurs de repli pour un système sans O_NOFOLLOW ni O_NONBLOCK ; Linux (et la CI) les a",
    "generateur/lecture/chargement.py | brut = f.read(TAILLE_MAX + 1) | 1 → 2":
        "lire deux octets de plus que la limite au lieu d'un : un fichier trop gros est refusé pareil",
    'generateur/lecture/chargement.py | signe, chiffres = (valeur[0], valeur[1:]) if valeur[0] in "+-" else ("", valeur) | 1 → 2':
        "seule la valeur qui commence par 0 utilise ces chiffres (« écrivez 12 ») : après le signe vient toujours un 0, "
        "que lstrip(\"0\") retire de toute façon",
    'generateur/lecture/chargement.py | return float(valeur.replace(".", "", 1)) | 1 → 2':
        "« .inf », « -.inf » ou « .nan » n'ont qu'un point : en retirer un ou deux au plus donne le même texte",
    "docs/assets/trouver.js | var d = new Date(n * 86400000); | 86400000 → 86400001":
        "n millisecondes de plus (n, les jours depuis 1970 : 20 000 environ), soit une vingtaine de secondes : "
        "le jour UTC ne change qu'après 86 millions de jours",
    "docs/assets/trouver.js | var futures = siennes.filter(function (s) { return debutDeSession(s, sansOuverture) > jour; }); | > → >=":
        "comme en Python : une session qui commence aujourd'hui est déjà parmi les ouvertes, traitées avant",
    "docs/assets/trouver.js | if (db !== da) return db < da ? b : a; | < → <=":
        "la comparaison n'a lieu que si les deux débuts diffèrent : « < » et « <= » y donnent la même chose",
}


def plantes() -> list[Mutant]:
    mutants = []
    for nom, fichier, avant, apres, tests in PLANTES:
        texte = (RACINE / fichier).read_text(encoding="utf-8")
        assert texte.count(avant) == 1, f"bogue planté « {nom} » : « {avant} » doit figurer une fois dans {fichier}"
        debut = texte.index(avant)
        mutants.append(Mutant(fichier, texte.count("\n", 0, debut) + 1, avant, apres, debut, tuple(tests), nom))
    return mutants


# --- Mutations systématiques --------------------------------------------------------

OPERATEURS_PY = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==", "+": "-", "-": "+"}
MOTS_PY = {"and": "or", "or": "and", "True": "False", "False": "True"}
SANS_CALCUL = re.compile(r"^\s*(import|from|@|def |class |\"\"\"|assert )")


def _positions(texte: str) -> list[int]:
    """Position du début de chaque ligne (ligne 1 à l'indice 0)."""
    debuts = [0, 0]
    for i, c in enumerate(texte):
        if c == "\n":
            debuts.append(i + 1)
    return debuts


def mutants_python(fichier: str, tests: list[str]) -> list[Mutant]:
    texte = (RACINE / fichier).read_text(encoding="utf-8")
    lignes, debuts = texte.splitlines(), _positions(texte)
    jetons = list(tokenize.generate_tokens(io.StringIO(texte).readline))
    mutants = []
    for k, jeton in enumerate(jetons):
        (ligne, colonne), chaine = jeton.start, jeton.string
        if ligne > len(lignes) or SANS_CALCUL.match(lignes[ligne - 1]):
            continue
        apres = None
        if jeton.type == tokenize.OP and chaine in OPERATEURS_PY:
            apres = OPERATEURS_PY[chaine]
        elif jeton.type == tokenize.NAME and chaine in MOTS_PY:
            apres = MOTS_PY[chaine]
        elif jeton.type == tokenize.NAME and chaine == "not" and k + 1 < len(jetons) and jetons[k + 1].string != "in":
            apres = ""
        elif jeton.type == tokenize.NAME and chaine == "not":
            apres = ""  # « not in » → « in »
            chaine = "not "
        elif jeton.type == tokenize.NUMBER and chaine.isdigit():
            apres = str(int(chaine) + 1)
        if apres is not None:
            mutants.append(Mutant(fichier, ligne, chaine, apres, debuts[ligne] + colonne, tuple(tests), source=lignes[ligne - 1]))
    return mutants


_JETONS_JS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|//[^\n]*|/\*.*?\*/|===|!==|<=|>=|&&|\|\||[<>]|\b\d+\b', re.S)
OPERATEURS_JS = {"===": "!==", "!==": "===", "<=": "<", ">=": ">", "<": "<=", ">": ">=", "&&": "||", "||": "&&"}


def mutants_js() -> list[Mutant]:
    texte = (RACINE / JS).read_text(encoding="utf-8")
    mutants = []
    for debut_zone, fin_zone in ZONES_JS:
        debut, fin = texte.index(debut_zone), texte.index(fin_zone)
        for m in _JETONS_JS.finditer(texte, debut, fin):
            chaine = m.group()
            if chaine[0] in "\"'/":
                continue
            apres = OPERATEURS_JS.get(chaine) or (str(int(chaine) + 1) if chaine.isdigit() else None)
            if apres is not None:
                ligne = texte.count("\n", 0, m.start()) + 1
                mutants.append(Mutant(JS, ligne, chaine, apres, m.start(), tuple(TESTS_JS), source=texte.splitlines()[ligne - 1]))
    return mutants


# --- Exécution --------------------------------------------------------------------------


def copier(cible: Path) -> Path:
    partout = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", ".construction-*", ".verrou-construction")

    def ignorer(dossier, noms):
        a_la_racine = {".venv", "site", ".apercu"} & set(noms) if Path(dossier) == RACINE else set()
        return set(partout(dossier, noms)) | a_la_racine

    shutil.copytree(RACINE, cible, ignore=ignorer, symlinks=True)
    return cible


_copie: Path | None = None


def _initialiser(dossier: str) -> None:
    global _copie
    _copie = copier(Path(tempfile.mkdtemp(prefix="mutants-", dir=dossier)) / "depot")


def essayer(mutant: Mutant) -> tuple[Mutant, bool, float]:
    """(mutant, tué ?, durée) : le mutant appliqué dans la copie de ce processus, ses tests, puis le fichier remis."""
    chemin = _copie / mutant.fichier
    original = chemin.read_text(encoding="utf-8")
    chemin.write_text(mutant.appliquer(original), encoding="utf-8")
    debut = time.monotonic()
    try:
        resultat = subprocess.run(
            [PYTHON, "-m", "pytest", "-x", "-q", "-p", "no:xdist", "-p", "no:cacheprovider", *mutant.tests],
            cwd=_copie, capture_output=True, text=True, timeout=DELAI, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        tue = resultat.returncode != 0
    except subprocess.TimeoutExpired:
        tue = True
    finally:
        chemin.write_text(original, encoding="utf-8")
    return mutant, tue, time.monotonic() - debut


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tests de mutation des règles du catalogue.")
    parser.add_argument("--seulement", action="append", help="plantes, python, js ou un chemin de module (plusieurs fois possible)")
    parser.add_argument("--processus", type=int, default=2)
    parser.add_argument("--liste", action="store_true", help="imprime les mutants sans les lancer")
    args = parser.parse_args(arguments)

    choix = set(args.seulement or ["plantes", "python", "js"])
    mutants: list[Mutant] = []
    if "plantes" in choix:
        mutants += plantes()
    for module, tests in MODULES.items():
        if "python" in choix or module in choix:
            mutants += mutants_python(module, tests)
    if "js" in choix or JS in choix:
        mutants += mutants_js()
    if args.liste:
        for mutant in mutants:
            print(mutant)
        print(f"{len(mutants)} mutants.")
        return 0

    debut = time.monotonic()
    survivants, equivalents, tues = [], [], 0
    with tempfile.TemporaryDirectory(prefix="mutants-") as dossier, concurrent.futures.ProcessPoolExecutor(
        args.processus, initializer=_initialiser, initargs=(dossier,)
    ) as executeur:
        for n, (mutant, tue, duree) in enumerate(executeur.map(essayer, mutants), 1):
            if tue:
                tues, verdict = tues + 1, "tué"
            elif mutant.cle in EQUIVALENTS:
                equivalents.append(mutant)
                verdict = "équivalent"
            else:
                survivants.append(mutant)
                verdict = "SURVIVANT"
            print(f"[{n}/{len(mutants)}] {verdict} en {duree:.0f} s : {mutant}", flush=True)

    comptes = len(mutants) - len(equivalents)
    taux = 100 * len(survivants) / comptes if comptes else 0
    print(f"\n{len(mutants)} mutants en {time.monotonic() - debut:.0f} s : {tues} tués, {len(equivalents)} équivalents "
          f"(benchmarks/MUTANTS.md), {len(survivants)} survivants, soit {taux:.1f} % (cible : 10 % au plus).")
    for mutant in survivants:
        print(f"  survivant : {mutant}")
    return 0 if taux <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
