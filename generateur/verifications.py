"""Contrôles du site construit, avant qu'il ne remplace l'ancien.

- aucun script hors de ceux du thème, aucun attribut « on… = », aucune adresse « javascript: »,
  aucun cadre ni objet embarqué (iframe, object, embed), ni <base>, ni redirection <meta> ;
- chaque lien interne et chaque ancre mène quelque part.
"""

from __future__ import annotations

import functools
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

PAGE_SANS_CONTENU = "404.html"
"""Page du thème sans texte de fiche : ses scripts sont ceux, légitimes, du thème."""


_ELEMENTS_INTERDITS = {"iframe", "frame", "object", "embed", "base"}
"""Éléments qui chargent une autre page ou changent la base des liens : jamais dans une page du site."""

# Le navigateur retire tabulations et retours à la ligne d'une adresse, et les espaces de tête :
# « jav&#9;ascript: » reste du JavaScript.
_ADRESSE_DANGEREUSE = re.compile(r"(?i)[\x00-\x20]*(javascript|vbscript|data):")


class _Lecteur(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.gestionnaires: list[str] = []
        self.adresses: list[tuple[str, str]] = []
        self.interdits: list[str] = []
        self.ancres: set[str] = set()
        self._dans_script: list[str] | None = None

    def handle_starttag(self, balise, attributs):
        for nom, valeur in attributs:
            if nom.lower().startswith("on"):
                self.gestionnaires.append(f"<{balise} {nom}=…>")
            if nom in ("id", "name") and valeur:
                self.ancres.add(valeur)
            if nom in ("href", "src", "action", "formaction", "xlink:href") and valeur is not None:
                self.adresses.append((balise, valeur))
        if balise in _ELEMENTS_INTERDITS or (balise == "meta" and (dict(attributs).get("http-equiv") or "").lower() == "refresh"):
            self.interdits.append(balise)
        if balise == "script":
            source = dict(attributs).get("src")
            self._dans_script = [f"src={source}"] if source else []

    def handle_data(self, data):
        if self._dans_script is not None:
            self._dans_script.append(data)

    def handle_endtag(self, balise):
        if balise == "script" and self._dans_script is not None:
            self.scripts.append("".join(self._dans_script).strip())
            self._dans_script = None


def _lire(chemin: Path) -> _Lecteur:
    lecteur = _Lecteur()
    lecteur.feed(chemin.read_text(encoding="utf-8"))
    return lecteur


def lire_site(site: Path) -> dict[str, _Lecteur]:
    """Chaque page lue une seule fois, pour tous les contrôles (l'analyse du HTML en est le coût principal)."""
    return {p.relative_to(site).as_posix(): _lire(p) for p in sorted(Path(site).rglob("*.html"))}


_SCRIPT_DE_PAGE = re.compile(r"^src=(assets/|search/|pagefind/|trouver/)")


def verifier_securite(site: Path, site_url: str = "", lecteurs: dict[str, _Lecteur] | None = None) -> list[str]:
    """Problèmes de sécurité trouvés dans le HTML du site (liste vide si tout va bien)."""
    prefixe = urlsplit(site_url).path if site_url else ""

    @functools.cache
    def _normaliser(script: str) -> str:
        # Les scripts du thème ne diffèrent d'une page à l'autre que par les chemins relatifs.
        if prefixe:
            script = script.replace(prefixe, "")
        return re.sub(r'"\.\.?"', '""', re.sub(r"(\.\./)+", "", script))

    lecteurs = lire_site(site) if lecteurs is None else lecteurs
    reference = lecteurs.get(PAGE_SANS_CONTENU)
    scripts_du_theme = {_normaliser(s) for s in reference.scripts} if reference else set()
    problemes = []
    for nom, lecteur in sorted(lecteurs.items()):
        for script in lecteur.scripts:
            if _normaliser(script) not in scripts_du_theme and not _SCRIPT_DE_PAGE.match(_normaliser(script)):
                problemes.append(f"{nom} : script inconnu « {script[:60]} »")
        for gestionnaire in lecteur.gestionnaires:
            problemes.append(f"{nom} : attribut de script interdit {gestionnaire}")
        for balise in lecteur.interdits:
            problemes.append(f"{nom} : élément interdit <{balise}>")
        for balise, adresse in lecteur.adresses:
            if _ADRESSE_DANGEREUSE.match(re.sub(r"[\t\n\r]", "", adresse)) and not adresse.startswith("data:image/"):
                problemes.append(f"{nom} : adresse interdite dans <{balise}> « {adresse[:60]} »")
    return problemes


def verifier_liens(site: Path, site_url: str = "", lecteurs: dict[str, _Lecteur] | None = None) -> list[str]:
    """Liens internes ou ancres qui ne mènent nulle part."""
    lecteurs = lire_site(site) if lecteurs is None else lecteurs
    # Une liste des fichiers plutôt qu'un appel système par lien (des centaines de milliers à 5 000 aides).
    fichiers = {p.relative_to(site).as_posix() for p in Path(site).rglob("*") if p.is_file()}
    prefixe = urlsplit(site_url).path if site_url else ""
    problemes = []
    for nom, lecteur in sorted(lecteurs.items()):
        dossier = posixpath.dirname(nom)
        for balise, adresse in lecteur.adresses:
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
                ancres = lecteurs[cible].ancres if cible in lecteurs else set()
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
