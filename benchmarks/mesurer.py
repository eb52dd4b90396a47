"""Mesures de performance (`make bench`) : construction, mémoire, poids, recherche, pour 100, 1 000 et 5 000 aides.

    .venv/bin/python benchmarks/mesurer.py                  # 100, 1000, 5000 aides : plusieurs minutes
    .venv/bin/python benchmarks/mesurer.py --tailles 20 --sortie /tmp/r.md

Pour chaque taille, une copie du dépôt reçoit des fiches synthétiques (benchmarks/synthese.py)
dans un dossier temporaire. La vraie construction y tourne dans un processus neuf, chaque
étape chronométrée (benchmarks/etapes.py). Témoin : les mêmes pages Markdown, construites par
un `mkdocs build` simple (Material, même menu, sans crochet) puis indexées par Pagefind.
Le tableau est affiché et écrit dans benchmarks/RESULTATS.md, objectifs en regard.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
for chemin in (RACINE, RACINE / "tests", RACINE / "benchmarks"):
    sys.path.insert(0, str(chemin))

import poids  # noqa: E402
import retours  # noqa: E402
import synthese  # noqa: E402

JOUR = dt.date(2026, 11, 27)
TAILLES = [100, 1000, 5000]
REPETITIONS = 3
"""Constructions (et témoins) par taille ; le tableau donne l'essai médian."""
RESULTATS = RACINE / "benchmarks" / "RESULTATS.md"
DEBUT, FIN = "<!-- debut des mesures : écrit par benchmarks/mesurer.py -->", "<!-- fin des mesures -->"
LIEN_AIDE = re.compile(r"aides/([a-z0-9-]+)\.md")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AIDES_DATE": JOUR.isoformat(), "PYTHONDONTWRITEBYTECODE": "1"}


# --- Préparation ---------------------------------------------------------------------------------

def aides_citees(racine: Path) -> list[str]:
    """Fiches réelles vers lesquelles pointent les pages écrites à la main (sans elles, MkDocs strict échoue)."""
    from generateur.site.pages import PAGES_PRODUITES

    docs = racine / "docs"
    produits = [docs / p for p in PAGES_PRODUITES]
    cites = set()
    for page in docs.rglob("*.md"):
        if not any(page == p or p in page.parents for p in produits):
            cites.update(LIEN_AIDE.findall(page.read_text(encoding="utf-8")))
    return sorted(i for i in cites if (racine / "aides" / f"{i}.yaml").exists())


def preparer_depot(dossier: Path, nombre: int) -> Path:
    """Copie du dépôt dont le catalogue compte exactement `nombre` aides, presque toutes synthétiques."""
    from conftest import copier_depot

    racine = copier_depot(dossier)
    gardees = aides_citees(racine)
    for fiche in (racine / "aides").glob("*.y*ml"):
        if fiche.stem not in gardees:
            fiche.unlink()
    synthese.ecrire(max(nombre - len(gardees), 0), racine / "aides", racine=racine)
    return racine


# --- Processus mesurés ---------------------------------------------------------------------------

def memoire_arbre(pid: int) -> float:
    """Mémoire résidente (Mo) d'un processus et de tous ses descendants, additionnées (lue dans /proc).

    Les pages partagées après un fork comptent dans chaque processus : c'est un majorant.
    """
    total, a_voir = 0, [pid]
    while a_voir:
        courant = a_voir.pop()
        try:
            with open(f"/proc/{courant}/status") as f:
                total += next((int(l.split()[1]) for l in f if l.startswith("VmRSS:")), 0)
            for tache in os.listdir(f"/proc/{courant}/task"):
                with open(f"/proc/{courant}/task/{tache}/children") as f:
                    a_voir += [int(e) for e in f.read().split()]
        except (OSError, ValueError):
            continue  # processus fini entre-temps
    return total / 1024


def lancer(commande: list[str], cwd: Path | None = None) -> dict:
    """Lance un processus ; renvoie sa durée, sa pointe de mémoire et sa sortie.

    pointe : le plus gros de ses processus (ru_maxrss) ; pointe_arbre : tous ses processus ensemble,
    relevés toutes les 20 ms de l'extérieur (un fil de relevé dans le processus mesuré changerait son
    comportement : il ne répartit son travail que s'il n'a pas d'autre fil).
    """
    with tempfile.TemporaryFile() as sortie, tempfile.TemporaryFile() as erreurs:
        debut = time.perf_counter()
        processus = subprocess.Popen(commande, stdout=sortie, stderr=erreurs, cwd=cwd, env=ENV)
        pointe_arbre = 0.0
        while True:
            fini, statut, usage = os.wait4(processus.pid, os.WNOHANG)
            if fini:
                break
            pointe_arbre = max(pointe_arbre, memoire_arbre(processus.pid))
            time.sleep(0.02)
        duree = time.perf_counter() - debut
        processus.returncode = os.waitstatus_to_exitcode(statut)
        sortie.seek(0)
        erreurs.seek(0)
        texte, erreur = sortie.read().decode(), erreurs.read().decode()
    if processus.returncode:
        raise RuntimeError(f"{' '.join(map(str, commande))} a échoué ({processus.returncode}) :\n{erreur[-3000:]}")
    return {"duree": duree, "pointe": usage.ru_maxrss / 1024, "pointe_arbre": pointe_arbre, "sortie": texte}


def etape(nom: str, *args) -> dict:
    fait = lancer([sys.executable, str(RACINE / "benchmarks" / "etapes.py"), nom, *map(str, args), ])
    resultat = json.loads(fait["sortie"].strip().splitlines()[-1])
    resultat["processus"] = fait["duree"]
    resultat["pointe_processus"] = fait["pointe"]
    resultat["pointe_arbre"] = fait["pointe_arbre"]
    return resultat


class _ChargeurTolerant(yaml.SafeLoader):
    """Lit mkdocs.yml en ignorant les étiquettes !!python/… (le témoin n'en reprend rien)."""


_ChargeurTolerant.add_multi_constructor("", lambda chargeur, etiquette, noeud: None)


def temoin(racine: Path, dossier: Path) -> dict:
    """Les pages déjà écrites, construites par un mkdocs build simple, puis indexées par Pagefind."""
    config = yaml.load((racine / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ChargeurTolerant)
    minimale = {
        "site_name": config["site_name"],
        "site_url": config.get("site_url"),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "fr", "font": False},
        "plugins": [],
        "markdown_extensions": config.get("markdown_extensions", []),
        "nav": config["nav"],
        "not_in_nav": config.get("not_in_nav", ""),
    }
    dossier.mkdir(parents=True)
    shutil.copytree(racine / "docs", dossier / "docs")
    (dossier / "mkdocs.yml").write_text(yaml.safe_dump(minimale, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mkdocs = lancer([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", "mkdocs.yml"], cwd=dossier)
    pagefind = lancer([sys.executable, "-m", "pagefind", "--site", "site", "--force-language", "fr", "--quiet"], cwd=dossier)
    return {"mkdocs": mkdocs["duree"], "mkdocs_pointe": mkdocs["pointe"], "pagefind": pagefind["duree"],
            "pagefind_pointe": pagefind["pointe"], "total": mkdocs["duree"] + pagefind["duree"],
            "site": poids.taille_dossier(dossier / "site")}


def _mediane(essais: list[dict], duree) -> dict:
    """L'essai de durée médiane (le plus lent des deux du milieu pour un nombre pair)."""
    return sorted(essais, key=duree)[len(essais) // 2]


def mesurer_taille(nombre: int, navigateur: bool = True, garder: Path | None = None, repetitions: int = REPETITIONS) -> dict:
    print(f"— {nombre} aides", flush=True)
    with tempfile.TemporaryDirectory(prefix="aides-mesures-") as temporaire:
        dossier = garder / f"depot-{nombre}" if garder else Path(temporaire)
        if garder:
            shutil.rmtree(dossier, ignore_errors=True)
        racine = preparer_depot(dossier / "depot", nombre)
        # Construction et témoin alternés : une machine partagée ralentit par moments, les deux en pâtissent pareil.
        constructions, temoins = [], []
        for _ in range(repetitions):
            constructions.append(etape("construire", racine, JOUR))
            shutil.rmtree(dossier / "temoin", ignore_errors=True)
            temoins.append(temoin(racine, dossier / "temoin"))
            print(f"  construction : {constructions[-1]['processus']:.1f} s ; témoin : {temoins[-1]['total']:.1f} s", flush=True)
        construction = dict(_mediane(constructions, lambda c: c["processus"]))
        construction["essais"] = [c["processus"] for c in constructions]
        # La mémoire, elle, est jugée sur le pire essai.
        for cle in ("pointe", "pointe_arbre"):
            construction[cle] = max(c[cle] for c in constructions)
        mesure = {"aides": construction["aides"], "construction": construction, "poids": poids.mesurer(racine / "site", construction["aides"])}
        mesure["temoin"] = dict(_mediane(temoins, lambda t: t["total"]), essais=[t["total"] for t in temoins])
        mesure["pdf"] = etape("pdf", racine, JOUR, dossier / "guide.pdf")
        print(f"  guide PDF : {mesure['pdf']['duree']:.1f} s", flush=True)
        if navigateur:
            import navigateur as chromium

            mesure["navigateur"] = chromium.mesurer(racine / "site")
    return mesure


# --- Tableau -------------------------------------------------------------------------------------

def machine() -> str:
    modele = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), platform.processor())
    memoire = next((int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cœurs ({modele}), {memoire / 1024**2:.1f} Go de mémoire, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def s(x: float) -> str:
    return f"{x:.1f} s" if x >= 1 else f"{x * 1000:.0f} ms"


def ko(x: float) -> str:
    return f"{x / 1024:.1f} Ko" if x < 100 * 1024 else f"{x / 1024:.0f} Ko"


def mo(x: float) -> str:
    return f"{x / 1024**2:.1f} Mo"


def _etape(m: dict, nom: str) -> dict:
    return m["construction"]["etapes"].get(nom, {"duree": 0.0, "pointe": 0.0})


def pire_recherche(m: dict) -> dict | None:
    return max(m["navigateur"]["recherches"], key=lambda r: r["octets"]) if "navigateur" in m else None


def _reste(m: dict) -> float:
    """Durée du processus hors étapes chronométrées (les exports, faits pendant MkDocs, n'en retranchent rien)."""
    return m["construction"]["processus"] - sum(e["duree"] for nom, e in m["construction"]["etapes"].items() if nom != "exports")


def lignes(mesures: dict[int, dict]) -> list[tuple[str, list[str]]]:
    def ligne(titre, fonction):
        return (titre, [fonction(m) for m in mesures.values()])

    def pointe(m):
        nom, e = max(m["construction"]["etapes"].items(), key=lambda x: x[1]["pointe"])
        return f"{m['construction']['pointe']:.0f} Mo ({nom})"

    def pointe_arbre(m):
        return f"{m['construction']['pointe_arbre']:.0f} Mo"

    def accueil(m):
        a = m["poids"]["accueil"]
        return f"{ko(a['octets_gzip'])} gzip, {a['secondes']:.2f} s"

    def affichage(m):
        if "navigateur" not in m or m["navigateur"]["affichage"]["fcp"] is None:
            return "—"
        return f"{m['navigateur']['affichage']['fcp']:.2f} s"

    def recherche(m):
        r = pire_recherche(m)
        return f"{ko(r['octets'])} (« {r['requete']} »)" if r else "—"

    return [
        ligne("Aides dans le catalogue", lambda m: str(m["aides"])),
        ligne("Validation (charger_catalogue)", lambda m: s(_etape(m, "validation")["duree"])),
        ligne("Génération des pages (pages.generer)", lambda m: s(_etape(m, "generation")["duree"])),
        ligne("Construction MkDocs (processus à part)", lambda m: s(_etape(m, "mkdocs")["duree"])),
        ligne("Exports (données ouvertes), pendant MkDocs", lambda m: s(_etape(m, "exports")["duree"])),
        ligne("Index de recherche (Pagefind) et, pendant ce temps, contrôles du site (sécurité, liens)",
              lambda m: s(_etape(m, "indexation et contrôles")["duree"])),
        ligne("Reste : démarrage de Python, copies, remplacement du site, nettoyage", lambda m: s(_reste(m))),
        ligne("**Construction complète** (processus entier)", lambda m: s(m["construction"]["processus"])),
        ligne("Construction complète par aide", lambda m: f"{m['construction']['processus'] / m['aides'] * 1000:.1f} ms"),
        ligne("Pointe de mémoire (pire étape : principal + plus gros sous-processus)", pointe),
        ligne("Pointe de mémoire, tous processus ensemble (relevée toutes les 20 ms)", pointe_arbre),
        ligne("Témoin : `mkdocs build` simple", lambda m: s(m["temoin"]["mkdocs"])),
        ligne("Témoin : Pagefind", lambda m: s(m["temoin"]["pagefind"])),
        ligne("Témoin : total", lambda m: s(m["temoin"]["total"])),
        ligne("Essais : construction / témoin (l'essai médian est retenu)", lambda m: " ; ".join(
            f"{c:.1f} / {t:.1f}" for c, t in zip(m["construction"]["essais"], m["temoin"]["essais"]))),
        ligne("Construction complète / témoin", lambda m: f"{m['construction']['processus'] / m['temoin']['total']:.2f} ×"),
        ligne("Guide PDF de 100 aides (durée, pointe)", lambda m: f"{s(m['pdf']['duree'])}, {m['pdf']['pointe']:.0f} Mo ({m['pdf']['aides']} aides)"),
        ligne("Taille du site", lambda m: mo(m["poids"]["site"])),
        ligne("Taille du site par aide", lambda m: ko(m["poids"]["site_par_aide"])),
        ligne("Dont index Pagefind", lambda m: mo(m["poids"]["pagefind"])),
        ligne("Page d'aide médiane (HTML / gzip)", lambda m: f"{ko(m['poids']['pages_aide']['mediane'])} / {ko(m['poids']['pages_aide']['mediane_gzip'])}"),
        ligne("Page d'aide la plus lourde (HTML)", lambda m: ko(m["poids"]["pages_aide"]["max"])),
        ligne("Données du filtre trouver/donnees.json (brut / gzip)", lambda m: f"{ko(m['poids']['trouver'])} / {ko(m['poids']['trouver_gzip'])}"),
        ligne("« Votre commune » : trouver/communes.json (brut / gzip, à la première saisie) et commune.js (gzip)",
              lambda m: f"{ko(m['poids']['communes'])} / {ko(m['poids']['communes_gzip'])} ; {ko(m['poids']['commune_js_gzip'])}"),
        ligne("Une recherche : octets téléchargés (pire requête)", recherche),
        ligne("Accueil : HTML + ressources bloquantes, temps estimé", accueil),
        ligne("Accueil : premier affichage mesuré (Chromium)", affichage),
    ]


def objectifs(mesures: dict[int, dict]) -> list[tuple[str, str, bool | None]]:
    """(objectif, chiffre, atteint) ; atteint vaut None quand les tailles mesurées ne permettent pas de juger."""
    tailles = sorted(mesures)
    grand = mesures[tailles[-1]]
    n = tailles[-1]
    sortie = []
    vg = _etape(grand, "validation")["duree"] + _etape(grand, "generation")["duree"]
    part = vg / grand["construction"]["processus"]
    sortie.append((f"Validation + génération < 10 % de la construction complète ({n} aides)", f"{s(vg)} = {part:.1%}", part < 0.10))
    rapport = grand["construction"]["processus"] / grand["temoin"]["total"]
    sortie.append((f"Construction complète < 1,3 × (mkdocs build simple + Pagefind) ({n} aides)",
                   f"{s(grand['construction']['processus'])} / {s(grand['temoin']['total'])} = {rapport:.2f} ×", rapport < 1.3))
    grands = [t for t in tailles if t >= 1000]
    if len(grands) >= 2:
        a, b = mesures[grands[0]], mesures[grands[-1]]
        for titre, valeur, unite in (("taille du site par aide", lambda m: m["poids"]["site_par_aide"], ko),
                                     ("temps de construction par aide", lambda m: m["construction"]["processus"] / m["aides"],
                                      lambda x: f"{x * 1000:.1f} ms")):
            ecart = valeur(b) / valeur(a) - 1
            sortie.append((f"Croissance linéaire : {titre} constante de {grands[0]} à {grands[-1]} aides (± 20 %)",
                           f"{unite(valeur(a))} → {unite(valeur(b))} ({ecart:+.0%})", abs(ecart) <= 0.20))
    else:
        sortie.append(("Croissance linéaire de 1 000 à 5 000 aides (± 20 %)", "tailles non mesurées", None))
    # Le plus strict des deux relevés : les processus de travail comptent tous, pages partagées comprises.
    pointe = max(grand["construction"]["pointe"], grand["construction"]["pointe_arbre"])
    sortie.append((f"Pointe de mémoire < 1 Go ({n} aides, tous processus ensemble)", f"{pointe:.0f} Mo", pointe < 1024))
    page = grand["poids"]["pages_aide"]
    sortie.append(("Page d'aide < 25 Ko de HTML avant compression (la plus lourde)",
                   f"{ko(page['max'])} (médiane {ko(page['mediane'])})", page["max"] < 25 * 1024))
    a = grand["poids"]["accueil"]
    sortie.append((f"Accueil utilisable en < 1 s sur connexion lente ({poids.DEBIT_LENT / 1e6:.1f} Mbit/s, {poids.ALLER_RETOUR_LENT * 1000:.0f} ms d'aller-retour), estimé",
                   f"{a['secondes']:.2f} s ({ko(a['octets_gzip'])} compressés)", a["secondes"] < 1))
    if "navigateur" in grand and grand["navigateur"]["affichage"]["fcp"] is not None:
        fcp = grand["navigateur"]["affichage"]["fcp"]
        sortie.append(("Accueil : premier affichage < 1 s mesuré dans Chromium, même connexion émulée", f"{fcp:.2f} s", fcp < 1))
    # Dans le HTML (poids.py), et demandé par les scripts dans Chromium (navigateur.py).
    ailleurs = grand.get("navigateur", {}).get("affichage", {}).get("ailleurs", [])
    sortie.append(("Aucune police ni ressource tierce sur l'accueil (HTML, et requêtes des scripts dans Chromium)",
                   ", ".join(a["polices_tierces"] + a["externes"] + ailleurs) or "aucune",
                   not a["polices_tierces"] and not a["externes"] and not ailleurs))
    hors_theme = [r for r in a["ressources"] if not r["theme"]]
    scripts = [r for r in hors_theme if not r["adresse"].endswith(".css")]
    sortie.append(("Aucun script bloquant ni ressource tierce hors thème dans <head>",
                   (", ".join(r["adresse"] for r in scripts + [r for r in hors_theme if r["tierce"]]) or "aucun")
                   + f" ; feuilles de style du site : {', '.join(r['adresse'].rsplit('/', 1)[-1] for r in hors_theme if not r['tierce'])} "
                   f"({ko(sum(r['gzip'] or 0 for r in hors_theme))} gzip)",
                   not scripts and not any(r["tierce"] for r in hors_theme)))
    sortie.append((f"Données du filtre < 400 Ko gzip ({n} aides)", ko(grand["poids"]["trouver_gzip"]), grand["poids"]["trouver_gzip"] < 400 * 1024))
    sortie.append(("Communes du trouveur < 100 Ko gzip (chargées à la première saisie)", ko(grand["poids"]["communes_gzip"]),
                   grand["poids"]["communes_gzip"] < 100 * 1024))
    if "navigateur" in grand:
        f = grand["navigateur"]["filtre"]
        sortie.append((f"« Trouver mes aides » : un changement de filtre réaffiché en < 50 ms ({n} aides, jusqu'à l'image suivante, "
                       f"pire des {f['changements']} changements, chacun médian sur {f['tours']} tours, depuis une page au repos)",
                       f"{f['image_max']:.0f} ms (médiane {f['image_mediane']:.0f} ms ; calcul et DOM {f['script_max']:.0f} ms ; "
                       f"pire essai isolé {f['image_max_brut']:.0f} ms)",
                       f["image_max"] < 50))
    r = pire_recherche(grand)
    if r:
        sortie.append((f"Une recherche télécharge < 300 Ko ({n} aides, interface comprise)",
                       f"{ko(r['octets'])} dont interface {ko(r['interface'])}", r["octets"] < 300 * 1024))
    return sortie


def tableau(mesures: dict[int, dict]) -> str:
    entete = ["Mesure"] + [f"{n} aides" for n in mesures]
    rangs = [entete, ["---"] + ["---:"] * len(mesures)] + [[t, *v] for t, v in lignes(mesures)]
    texte = "\n".join("| " + " | ".join(r) + " |" for r in rangs)
    cibles = [["Objectif", "Mesure", ""], ["---", "---", ":-:"]]
    for titre, chiffre, atteint in objectifs(mesures):
        cibles.append([titre, chiffre, {True: "✅", False: "❌", None: "—"}[atteint]])
    return texte + "\n\n" + "\n".join("| " + " | ".join(r) + " |" for r in cibles)


def tableau_guides(guides: list[dict]) -> str:
    """Les guides PDF du vrai catalogue : une page par aide visée (objectif : 1,2 au plus, vue d'ensemble à part)."""
    if not guides:
        return ""
    rangs = [["Guide du vrai catalogue", "Aides", "Pages", "Couverture et vue d'ensemble", "Pages par aide", "Durée", ""],
             ["---", "---:", "---:", "---:", "---:", "---:", ":-:"]]
    for g in guides:
        rangs.append([g["guide"], str(g["aides"]), str(g["pages"]), str(g["avant_les_fiches"]),
                      f"{g['pages_par_aide']:.2f}", s(g["duree"]), "✅" if g["pages_par_aide"] <= 1.2 else "❌"])
    return "\n" + "\n".join("| " + " | ".join(r) + " |" for r in rangs) + "\n"


def tableau_requetes(r: dict | None) -> str:
    """Score de la recherche sur le jeu de requêtes réelles (tests/donnees/requetes-recherche.yaml)."""
    if not r:
        return ""
    rangs = [["Recherche, vrai catalogue", "Mesure", ""], ["---", "---", ":-:"],
             ["Requêtes réelles avec une aide attendue parmi les trois premiers résultats",
              f"{r['trouvees']} / {r['requetes']}" + (f" (manquées : {', '.join(r['manquees'])})" if r["manquees"] else ""),
              "✅" if r["trouvees"] == r["requetes"] else "❌"],
             ["Requêtes où une aide close passe avant une aide en cours", str(r["closes_avant"]), "✅" if not r["closes_avant"] else "❌"],
             ["Requêtes dont le premier résultat est une aide demandable ce jour (ouverte, bientôt close, permanente)",
              f"{r.get('premier_demandable', 0)} / {r['requetes']}", ""]]
    return "\n" + "\n".join("| " + " | ".join(l) + " |" for l in rangs) + "\n"


def rapport(mesures: dict[int, dict], duree: float, charge: float, guides: list[dict] | None = None, requetes: dict | None = None,
            temps_de_retour: dict | None = None) -> str:
    return (
        f"Mesuré le {dt.datetime.now():%d/%m/%Y à %H:%M} en {duree / 60:.0f} min, par `make bench` "
        f"(`benchmarks/mesurer.py --tailles {' '.join(map(str, mesures))}`).\n\n"
        f"Machine : {machine()} ; charge moyenne des 5 dernières minutes : {charge:.1f} "
        f"(au-delà de {os.cpu_count()}, d'autres programmes se partageaient les cœurs et les durées en sont allongées).\n\n"
        f"Date de construction fixée au {JOUR:%d/%m/%Y} ; fiches synthétiques à graine fixe (benchmarks/synthese.py). "
        "Chaque construction tourne dans un processus neuf ; la pointe de mémoire d'une étape additionne "
        "le processus principal et le plus gros des processus qu'il lance pendant l'étape (MkDocs, Pagefind, "
        "processus de travail sur l'autre cœur). Durées en temps réel, sur une machine partagée qui ralentit "
        "par moments : pour chaque taille, la construction et le témoin sont mesurés à tour de rôle, "
        f"{len(next(iter(mesures.values()))['construction']['essais'])} fois chacun, et le tableau donne l'essai "
        "médian de chacun (la mémoire : le pire essai).\n\n"
        + tableau(mesures) + "\n"
        + tableau_guides(guides or [])
        + tableau_requetes(requetes)
        + ("\n" + retours.texte(temps_de_retour) if temps_de_retour else "")
    )


def ecrire(texte: str, sortie: Path) -> None:
    """Remplace la partie mesurée du fichier, en gardant le texte écrit à la main autour."""
    ancien = sortie.read_text(encoding="utf-8") if sortie.exists() else f"# Mesures de performance\n\n{DEBUT}\n{FIN}\n"
    if DEBUT in ancien and FIN in ancien:
        avant, reste = ancien.split(DEBUT, 1)
        apres = reste.split(FIN, 1)[1]
    else:
        avant, apres = ancien.rstrip() + "\n\n", "\n"
    sortie.write_text(f"{avant}{DEBUT}\n{texte}{FIN}{apres}", encoding="utf-8")


def main(arguments: list[str] | None = None) -> dict[int, dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tailles", type=int, nargs="+", default=TAILLES, help="nombres d'aides (100 1000 5000 par défaut)")
    parser.add_argument("--sortie", type=Path, default=RESULTATS, help="fichier de résultats (benchmarks/RESULTATS.md)")
    parser.add_argument("--sans-navigateur", action="store_true", help="sans les mesures dans Chromium")
    parser.add_argument("--garder", type=Path, help="garde les dépôts et sites construits dans ce dossier")
    parser.add_argument("--repetitions", type=int, default=REPETITIONS, help=f"constructions et témoins alternés par taille ({REPETITIONS} par défaut)")
    parser.add_argument("--json", type=Path, help="écrit aussi les mesures brutes dans ce fichier JSON")
    parser.add_argument("--sans-guides-reels", action="store_true", help="sans les guides PDF du vrai catalogue (une minute)")
    parser.add_argument("--sans-retours", action="store_true", help="sans les temps de retour aux contributeurs (benchmarks/retours.py)")
    parser.add_argument("--sans-requetes-reelles", action="store_true", help="sans le jeu de requêtes sur le vrai catalogue (une minute)")
    args = parser.parse_args(arguments)
    debut = time.perf_counter()
    mesures = {n: mesurer_taille(n, not args.sans_navigateur, args.garder, args.repetitions) for n in sorted(args.tailles)}
    guides = []
    if not args.sans_guides_reels:
        print("— guides PDF du vrai catalogue", flush=True)
        sortie = subprocess.run([sys.executable, str(RACINE / "benchmarks" / "guides_reels.py"), str(RACINE), JOUR.isoformat()],
                                capture_output=True, text=True, check=True).stdout
        guides = json.loads(sortie.strip().splitlines()[-1])
    requetes = None
    if not args.sans_requetes_reelles and not args.sans_navigateur:
        print("— jeu de requêtes réelles sur le vrai catalogue", flush=True)
        sortie = subprocess.run([sys.executable, str(RACINE / "benchmarks" / "requetes_reelles.py"), str(RACINE), JOUR.isoformat()],
                                capture_output=True, text=True, check=True, env=ENV).stdout
        requetes = json.loads(sortie.strip().splitlines()[-1])
    temps_de_retour = None
    if not args.sans_retours:
        print("— temps de retour : vérification d'une proposition, aperçu d'une fiche modifiée", flush=True)
        temps_de_retour = retours.mesurer()
    charge = os.getloadavg()[1]
    texte = rapport(mesures, time.perf_counter() - debut, charge, guides, requetes, temps_de_retour)
    print("\n" + texte)
    ecrire(texte, args.sortie)
    if args.json:
        args.json.write_text(json.dumps(mesures, indent=1, default=str), encoding="utf-8")
    print(f"Écrit dans {args.sortie}")
    return mesures


if __name__ == "__main__":
    main()
