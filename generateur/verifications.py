"""Contrôles du site construit, avant qu'il ne remplace l'ancien.

- aucun script hors de ceux du thème, aucun attribut « on… = », aucune adresse « javascript: »,
  aucun cadre ni objet embarqué (iframe, object, embed), ni <base>, ni redirection <meta> ;
- chaque lien interne et chaque ancre mène quelque part.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from generateur.parallele import repartir

PAGE_SANS_CONTENU = "404.html"
"""Page du thème sans texte de fiche : ses scripts sont ceux, légitimes, du thème."""


_ELEMENTS_INTERDITS = {"iframe", "frame", "object", "embed", "base"}
"""Éléments qui chargent une autre page ou changent la base des liens : jamais dans une page du site."""

# Le navigateur retire tabulations et retours à la ligne d'une adresse, et les espaces de tête :
# « jav&#9;ascript: » reste du JavaScript.
_ATTRIBUTS_ADRESSE = {"href", "src", "action", "formaction", "xlink:href"}
_ADRESSE_DANGEREUSE = re.compile(r"(?i)[\x00-\x20]*(javascript|vbscript|data):")


@dataclass
class PageLue:
    """Ce que les contrôles regardent dans une page."""

    scripts: list[str] = field(default_factory=list)
    gestionnaires: list[str] = field(default_factory=list)
    adresses: list[tuple[str, str]] = field(default_factory=list)
    interdits: list[str] = field(default_factory=list)
    ancres: set[str] = field(default_factory=set)


def lire_page(texte: str) -> PageLue:
    """Analyse une page comme un navigateur (lexbor suit la norme HTML5), en un seul parcours."""
    page = PageLue()
    for noeud in LexborHTMLParser(texte).root.traverse():
        balise, attributs = noeud.tag, noeud.attributes
        for nom, valeur in attributs.items():
            if nom.startswith("on"):
                page.gestionnaires.append(f"<{balise} {nom}=…>")
            elif nom in ("id", "name") and valeur:
                page.ancres.add(valeur)
            elif nom in _ATTRIBUTS_ADRESSE and valeur is not None:
                page.adresses.append((balise, valeur))
        if balise in _ELEMENTS_INTERDITS or (balise == "meta" and (attributs.get("http-equiv") or "").lower() == "refresh"):
            page.interdits.append(balise)
        elif balise == "script":
            source = attributs.get("src")
            page.scripts.append(f"src={source}" if source else noeud.text().strip())
    return page


def lire_site(site: Path) -> dict[str, PageLue]:
    """Chaque page lue une seule fois, pour tous les contrôles ; les pages se partagent entre les cœurs."""
    site = Path(site)

    def lire(chemins: Sequence[Path]) -> dict[str, PageLue]:
        return {p.relative_to(site).as_posix(): lire_page(p.read_text(encoding="utf-8")) for p in chemins}

    pages: dict[str, PageLue] = {}
    for tranche in repartir(lire, sorted(site.rglob("*.html"))):
        pages.update(tranche)
    return pages


_SCRIPT_DE_PAGE = re.compile(r"^src=(assets/|search/|pagefind/|trouver/)")


def verifier_securite(site: Path, site_url: str = "", pages: dict[str, PageLue] | None = None) -> list[str]:
    """Problèmes de sécurité trouvés dans le HTML du site (liste vide si tout va bien)."""
    prefixe = urlsplit(site_url).path if site_url else ""

    @functools.cache
    def _normaliser(script: str) -> str:
        # Les scripts du thème ne diffèrent d'une page à l'autre que par les chemins relatifs.
        if prefixe:
            script = script.replace(prefixe, "")
        return re.sub(r'"\.\.?"', '""', re.sub(r"(\.\./)+", "", script))

    pages = lire_site(site) if pages is None else pages
    reference = pages.get(PAGE_SANS_CONTENU)
    scripts_du_theme = {_normaliser(s) for s in reference.scripts} if reference else set()
    problemes = []
    for nom, page in sorted(pages.items()):
        for script in page.scripts:
            if _normaliser(script) not in scripts_du_theme and not _SCRIPT_DE_PAGE.match(_normaliser(script)):
                problemes.append(f"{nom} : script inconnu « {script[:60]} »")
        for gestionnaire in page.gestionnaires:
            problemes.append(f"{nom} : attribut de script interdit {gestionnaire}")
        for balise in page.interdits:
            problemes.append(f"{nom} : élément interdit <{balise}>")
        for balise, adresse in page.adresses:
            if _ADRESSE_DANGEREUSE.match(re.sub(r"[\t\n\r]", "", adresse)) and not adresse.startswith("data:image/"):
                problemes.append(f"{nom} : adresse interdite dans <{balise}> « {adresse[:60]} »")
    return problemes


def verifier_liens(site: Path, site_url: str = "", pages: dict[str, PageLue] | None = None) -> list[str]:
    """Liens internes ou ancres qui ne mènent nulle part."""
    pages = lire_site(site) if pages is None else pages
    # Une liste des fichiers plutôt qu'un appel système par lien (des centaines de milliers à 5 000 aides).
    fichiers = {p.relative_to(site).as_posix() for p in Path(site).rglob("*") if p.is_file()}
    prefixe = urlsplit(site_url).path if site_url else ""
    problemes = []
    for nom, page in sorted(pages.items()):
        dossier = posixpath.dirname(nom)
        for balise, adresse in page.adresses:
            morceaux = urlsplit(adresse)
            if morceaux.scheme or morceaux.netloc:
                if not (site_url and adresse.startswith(site_url)):
                    continue
                chemin = morceaux.path.removeprefix(prefixe)
            elif morceaux.path.startswith("/"):
                chemin = morceaux.path.removeprefix(prefixe).lstrip("/")
            elif morceaux.path:
                chemin = posixpath.normpath(posixpath.join(dossier, unquote(morceaux.path)))
            else:
                chemin = nom
            cible = _fichier(fichiers, chemin)
            if cible is None:
                problemes.append(f"{nom} : lien cassé « {adresse} »")
                continue
            if morceaux.fragment and cible.endswith(".html"):
                ancres = pages[cible].ancres if cible in pages else set()
                if unquote(morceaux.fragment) not in ancres:
                    problemes.append(f"{nom} : ancre introuvable « {adresse} »")
    return problemes


def _fichier(fichiers: set[str], chemin: str) -> str | None:
    chemin = posixpath.normpath(chemin.strip("/"))
    if chemin in ("", "."):
        chemin = "index.html"
    for candidat in (chemin, f"{chemin}/index.html"):
        if candidat in fichiers:
            return candidat
    return None
