"""Guides PDF à imprimer pour les ateliers : gabarits HTML (Jinja2) mis en page par WeasyPrint.

Chaque fiche reprend les rubriques de sa page web : on rend le même gabarit
aide.md.j2, une seule fois par aide, et le même HTML sert à tous les guides.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import markdown
import segno
from jinja2 import ChoiceLoader, PackageLoader
from markupsafe import Markup

from generateur.lecture.catalogue import Catalogue
from generateur.regles.formats import typographie
from generateur.guides.selection import Selection, guides_prets
from generateur.site.pages import Site, environnement, page_aide, url_de
from generateur.commun.parallele import pour_chacun

AUTEUR = "Aides aux ESS"
FEUILLE_DE_STYLE = Path(__file__).parent / "templates" / "guide" / "guide.css"

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_TITRE = re.compile(r"^# .*\n", re.M)
# HTML produit par nos gabarits et nettoyé par nh3 : les liens ont toujours cette forme.
_LIEN = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.S)


def adresse_courte(adresse: str) -> str:
    """L'adresse à recopier à la main : sans « https:// »."""
    return re.sub(r"^https?://", "", adresse)


def code_qr(adresse: str) -> Markup:
    """Code QR en SVG, noir sur blanc, à insérer tel quel dans la page."""
    return Markup(segno.make(adresse, error="m").svg_inline(scale=4, border=0, dark="#000"))


def _liens_pour_papier(corps: str, base: str) -> str:
    """Rend les liens absolus ; marque ceux dont l'adresse doit être imprimée après le texte."""

    def remplacer(m: re.Match) -> str:
        cible = html.unescape(m.group(1))
        absolue = urljoin(base, cible)
        classe = ""
        if absolue == cible and cible.startswith(("http://", "https://")):
            # Une adresse déjà écrite en toutes lettres ne se répète pas, et ne se coupe pas par un trait d'union.
            classe = ' class="lien-adresse"' if html.unescape(m.group(3)).strip() == cible else ' class="lien-externe"'
        return f'<a href="{html.escape(absolue)}"{classe}{m.group(2)}>{m.group(3)}</a>'

    return _LIEN.sub(remplacer, corps)


@dataclass(frozen=True)
class FichePapier:
    """Une aide prête à être mise dans un guide."""

    identifiant: str
    adresse: str
    corps: Markup
    qr: Markup


def fiches(site: Site, adresse_site: str, env=None) -> dict[str, FichePapier]:
    """Le HTML de chaque aide ouverte ou à venir, rendu une fois pour tous les guides."""
    env = env or environnement_des_guides(site)
    gabarit = env.get_template("aide.md.j2")
    resultat = {}
    for aide in site.actuelles:
        ici = page_aide(aide.identifiant)
        adresse = adresse_site + url_de(ici)
        page = gabarit.render(aide=aide, ici=ici, fichier=site.catalogue.fichiers.get(aide.identifiant))
        page = _TITRE.sub("", _FRONT_MATTER.sub("", page), count=1)
        corps = _liens_pour_papier(markdown.markdown(page, output_format="html"), adresse)
        resultat[aide.identifiant] = FichePapier(aide.identifiant, adresse, Markup(corps), code_qr(adresse))
    return resultat


def html_du_guide(site: Site, selection: Selection, adresse_site: str, fiches_papier: dict[str, FichePapier], env=None) -> str:
    env = env or environnement_des_guides(site)
    aides = selection.aides(site)
    # Même typographie que les pages du site (pages.generer la fait à l'écriture), sur tout le guide.
    return typographie(env.get_template("guide/guide.html.j2").render(
        selection=selection,
        phrase=selection.phrase(site.catalogue),
        aides=aides,
        fiches=fiches_papier,
        auteur=AUTEUR,
        adresse_site=adresse_site,
        adresse_courte=adresse_courte,
        qr_site=code_qr(adresse_site),
    ))


def ecrire_pdf(html_guide: str, sortie: Path) -> Path:
    """Met en page et écrit le PDF. WeasyPrint n'est chargé qu'ici : le site s'en passe."""
    from weasyprint import CSS, HTML

    sortie = Path(sortie)
    sortie.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html_guide).write_pdf(
        sortie,
        stylesheets=[CSS(filename=str(FEUILLE_DE_STYLE))],
        pdf_identifier=b"aides-ess-guide",
    )
    return sortie


def environnement_des_guides(site: Site):
    """Les gabarits du site (une fiche se rend comme sa page), plus ceux des guides."""
    env = environnement(site)
    env.loader = ChoiceLoader([PackageLoader("generateur.guides", "templates"), env.loader])
    return env


def guide(catalogue: Catalogue, selection: Selection, jour: dt.date, sortie: Path, adresse: str) -> tuple[Path, int]:
    """Un guide sur mesure ; renvoie le fichier et le nombre d'aides. La sélection doit être vérifiée.

    adresse : celle du site (site_url), pour les liens et les codes QR."""
    site = Site(catalogue, jour)
    env = environnement_des_guides(site)
    aides = selection.aides(site)
    fiches_papier = fiches(site, adresse, env)
    ecrire_pdf(html_du_guide(site, selection, adresse, fiches_papier, env), sortie)
    return Path(sortie), len(aides)


def _ecrire(travail: tuple[str, str]) -> Path:
    html_guide, sortie = travail
    return ecrire_pdf(html_guide, Path(sortie))


def guides_du_site(catalogue: Catalogue, site_construit: Path, jour: dt.date, adresse: str) -> list[Path]:
    """Les guides prêts à imprimer, écrits dans le site construit (dossier guides/).

    Le HTML se prépare ici ; la mise en page, qui coûte l'essentiel, se fait sur tous les cœurs.
    """
    site = Site(catalogue, jour)
    env = environnement_des_guides(site)
    fiches_papier = fiches(site, adresse, env)
    travaux = [
        (html_du_guide(site, g.selection, adresse, fiches_papier, env), str(Path(site_construit) / g.fichier))
        for g in guides_prets(site)
    ]
    # Les plus longs d'abord, pour que les cœurs finissent ensemble.
    travaux.sort(key=lambda t: len(t[0]), reverse=True)
    return list(pour_chacun(_ecrire, travaux))

