"""Poids d'un site construit : total, pages d'aide, données du filtre, page d'accueil et ce qui bloque son affichage."""

from __future__ import annotations

import gzip
import statistics
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

DEBIT_LENT = 1.6e6
"""Connexion lente de référence, en bit/s (profil mobile de Lighthouse)."""
ALLER_RETOUR_LENT = 0.3
"""Aller-retour réseau de la connexion lente, en secondes."""
RESSOURCES = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest", "prefetch"}
"""Valeurs de rel d'une balise <link> que le navigateur télécharge."""
POLICES_TIERCES = ("fonts.googleapis.com", "fonts.gstatic.com", "use.typekit.net", "fonts.bunny.net")


def taille_gzip(octets: bytes) -> int:
    return len(gzip.compress(octets, 9, mtime=0))


def taille_dossier(dossier: Path) -> int:
    return sum(p.stat().st_size for p in Path(dossier).rglob("*") if p.is_file())


def pages_aide(site: Path) -> dict:
    """Médiane et maximum des pages d'aide (HTML, avant et après gzip)."""
    pages = [p.read_bytes() for p in sorted((Path(site) / "aides").glob("*/index.html"))]
    brutes = [len(p) for p in pages]
    return {
        "nombre": len(pages),
        "mediane": statistics.median(brutes),
        "max": max(brutes),
        "mediane_gzip": statistics.median(taille_gzip(p) for p in pages),
    }


class _Entete(HTMLParser):
    """Ressources que le navigateur doit avoir avant de peindre : feuilles de style, scripts synchrones de <head>."""

    def __init__(self):
        super().__init__()
        self.dans_entete = True
        self.bloquantes: list[str] = []
        self.externes: list[str] = []

    def handle_starttag(self, balise, attributs):
        a = dict(attributs)
        if balise == "link":
            # canonical, alternate… ne sont pas téléchargés par le navigateur
            adresse = a.get("href") if set((a.get("rel") or "").split()) & RESSOURCES else None
        else:
            adresse = a.get("src")
        if adresse and urlsplit(adresse).netloc:
            self.externes.append(adresse)
        if balise == "body":
            self.dans_entete = False
        elif balise == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("media") not in ("print",):
            self.bloquantes.append(a["href"])
        elif (balise == "script" and self.dans_entete and a.get("src") and "defer" not in a and "async" not in a
              and a.get("type") != "module"):
            self.bloquantes.append(a["src"])


def accueil(site: Path) -> dict:
    """Octets à recevoir avant le premier affichage de l'accueil, et temps estimé sur connexion lente.

    Modèle : connexion déjà ouverte (son coût ne dépend pas du site), un aller-retour pour le HTML,
    un pour les ressources bloquantes demandées ensemble (HTTP/2), puis le transfert compressé.
    """
    site = Path(site)
    html = (site / "index.html").read_bytes()
    entete = _Entete()
    entete.feed(html.decode("utf-8"))
    ressources = []
    for adresse in entete.bloquantes:
        parties = urlsplit(adresse)
        if parties.netloc:
            ressources.append({"adresse": adresse, "octets": None, "gzip": None, "theme": False, "tierce": True})
            continue
        octets = (site / parties.path).read_bytes()
        theme = parties.path.startswith("assets/stylesheets/") or parties.path.startswith("assets/javascripts/")
        ressources.append({"adresse": parties.path, "octets": len(octets), "gzip": taille_gzip(octets), "theme": theme, "tierce": False})
    feuilles = [site / r["adresse"] for r in ressources if not r["tierce"] and r["adresse"].endswith(".css")]
    polices = [d for d in POLICES_TIERCES if any(d in a for a in entete.externes)
               or any(d in f.read_text(encoding="utf-8", errors="replace") for f in feuilles)]
    recus = taille_gzip(html) + sum(r["gzip"] or 0 for r in ressources)
    allers_retours = 2 if ressources else 1
    return {
        "html": len(html),
        "html_gzip": taille_gzip(html),
        "ressources": ressources,
        "octets_gzip": recus,
        "polices_tierces": polices,
        "externes": entete.externes,
        "secondes": allers_retours * ALLER_RETOUR_LENT + recus * 8 / DEBIT_LENT,
    }


def mesurer(site: Path, aides: int) -> dict:
    site = Path(site)
    donnees = (site / "trouver" / "donnees.json").read_bytes()
    # Chargé seulement quand le lecteur tape une commune : à part du poids de la page du filtre.
    communes = (site / "trouver" / "communes.json").read_bytes()
    script = (site / "assets" / "commune.js").read_bytes()
    total = taille_dossier(site)
    return {
        "site": total,
        "site_par_aide": total / aides,
        "pagefind": taille_dossier(site / "pagefind"),
        "pages_aide": pages_aide(site),
        "trouver": len(donnees),
        "trouver_gzip": taille_gzip(donnees),
        "communes": len(communes),
        "communes_gzip": taille_gzip(communes),
        "commune_js_gzip": taille_gzip(script),
        "accueil": accueil(site),
    }
