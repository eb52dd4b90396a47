"""Contrôles du site construit, avant qu'il ne remplace l'ancien.

- aucun script hors de ceux du thème, aucun attribut « on… = », aucune adresse « javascript: »,
  aucun cadre ni objet embarqué (iframe, object, embed), ni <base>, ni redirection <meta> ;
- chaque lien interne et chaque ancre mène quelque part.
"""

from __future__ import annotations

import contextlib
import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from generateur.commun.parallele import pour_chacun

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


_SCRIPT_DE_PAGE = re.compile(r"^src=(assets/|search/|pagefind/|trouver/)")


class Controle:
    """Ce qu'il faut savoir du site entier pour contrôler une de ses pages."""

    def __init__(self, site: Path, site_url: str = ""):
        self.site, self.site_url = Path(site), site_url
        self.prefixe = urlsplit(site_url).path if site_url else ""
        self.fichiers = self.lister()
        reference = self.site / PAGE_SANS_CONTENU
        scripts = lire_page(reference.read_text(encoding="utf-8")).scripts if reference.is_file() else []
        self.scripts_du_theme = {self._normaliser(s) for s in scripts}

    def lister(self) -> set[str]:
        # Une liste des fichiers plutôt qu'un appel système par lien (des centaines de milliers à 5 000 aides).
        return {p.relative_to(self.site).as_posix() for p in self.site.rglob("*") if p.is_file()}

    @functools.lru_cache(maxsize=1024)
    def _normaliser(self, script: str) -> str:
        # Les scripts du thème ne diffèrent d'une page à l'autre que par les chemins relatifs.
        if self.prefixe:
            script = script.replace(self.prefixe, "")
        return re.sub(r'"\.\.?"', '""', re.sub(r"(\.\./)+", "", script))

    def securite(self, nom: str, page: PageLue) -> list[str]:
        problemes = []
        for script in page.scripts:
            if self._normaliser(script) not in self.scripts_du_theme and not _SCRIPT_DE_PAGE.match(self._normaliser(script)):
                problemes.append(f"{nom} : script inconnu « {script[:60]} »")
        for gestionnaire in page.gestionnaires:
            problemes.append(f"{nom} : attribut de script interdit {gestionnaire}")
        for balise in page.interdits:
            problemes.append(f"{nom} : élément interdit <{balise}>")
        for balise, adresse in page.adresses:
            # Aucune adresse « data: », images comprises : une image SVG en data: peut porter un script.
            if _ADRESSE_DANGEREUSE.match(re.sub(r"[\t\n\r]", "", adresse)):
                problemes.append(f"{nom} : adresse interdite dans <{balise}> « {adresse[:60]} »")
        return problemes

    def liens(self, nom: str, page: PageLue) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str, str]]]:
        """Ancres introuvables dans la page ; liens vers un fichier absent (chemin, message) ; renvois vers
        l'ancre d'une autre page (page, ancre, message). Les deux derniers se jugent une fois le site complet."""
        problemes, absents, renvois = [], [], []
        dossier = posixpath.dirname(nom)
        for balise, adresse in page.adresses:
            morceaux = urlsplit(adresse)
            if morceaux.scheme or morceaux.netloc:
                if not (self.site_url and adresse.startswith(self.site_url)):
                    continue
                chemin = morceaux.path.removeprefix(self.prefixe)
            elif morceaux.path.startswith("/"):
                chemin = morceaux.path.removeprefix(self.prefixe).lstrip("/")
            elif morceaux.path:
                chemin = posixpath.normpath(posixpath.join(dossier, unquote(morceaux.path)))
            else:
                chemin = nom
            cible = _fichier(self.fichiers, chemin)
            if cible is None:
                absents.append((chemin, f"{nom} : lien cassé « {adresse} »"))
            elif morceaux.fragment and cible.endswith(".html"):
                if cible != nom:
                    renvois.append((cible, unquote(morceaux.fragment), f"{nom} : ancre introuvable « {adresse} »"))
                elif unquote(morceaux.fragment) not in page.ancres:
                    problemes.append(f"{nom} : ancre introuvable « {adresse} »")
        return problemes, absents, renvois


def verifier(site: Path, site_url: str = "", pendant: contextlib.AbstractContextManager | None = None) -> list[str]:
    """Problèmes de sécurité, liens cassés et ancres introuvables du site (liste vide si tout va bien).

    Chaque page est lue une fois, sur l'un des cœurs ; seules les pages visées par une ancre
    venue d'une autre page sont relues ensuite.

    pendant : une étape qui écrit encore dans le site (l'indexation par Pagefind, qui occupe l'autre
    cœur). Les pages sont alors lues pendant qu'elle tourne, dans ce processus seul (des processus de
    travail s'ajouteraient à la mémoire de Pagefind), et les liens vers des fichiers absents sont revus
    une fois l'étape finie.
    """
    controle = Controle(site, site_url)

    def controler(chemin: Path) -> tuple[list[str], list, list]:
        nom = chemin.relative_to(controle.site).as_posix()
        page = lire_page(chemin.read_text(encoding="utf-8"))
        dans_la_page, vers_fichiers, vers_ancres = controle.liens(nom, page)
        return controle.securite(nom, page) + dans_la_page, vers_fichiers, vers_ancres

    problemes, absents, renvois = [], [], []
    with pendant or contextlib.nullcontext():
        pages = sorted(controle.site.rglob("*.html"))
        for trouves, vers_fichiers, vers_ancres in pour_chacun(controler, pages, paquet=100, processus=1 if pendant else None):
            problemes += trouves
            absents += vers_fichiers
            renvois += vers_ancres
    if absents and pendant:
        controle.fichiers = controle.lister()
    problemes += [message for chemin, message in absents if _fichier(controle.fichiers, chemin) is None]
    ancres = {c: lire_page((controle.site / c).read_text(encoding="utf-8")).ancres for c in {r[0] for r in renvois}}
    problemes += [message for cible, ancre, message in renvois if ancre not in ancres[cible]]
    return sorted(problemes)


def _fichier(fichiers: set[str], chemin: str) -> str | None:
    chemin = posixpath.normpath(chemin.strip("/"))
    if chemin in ("", "."):
        chemin = "index.html"
    for candidat in (chemin, f"{chemin}/index.html"):
        if candidat in fichiers:
            return candidat
    return None
