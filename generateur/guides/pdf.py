"""Guides PDF à imprimer pour les ateliers : gabarit HTML (Jinja2) mis en page par WeasyPrint, en PDF/UA.

Une page A4 par aide (l'essentiel : statut, montant, conditions, démarche, contacts ; le reste en ligne,
avec le code QR), précédée d'une vue d'ensemble par besoin qui sert de sommaire ; chaque guide a aussi
sa vue d'ensemble seule, à distribuer. Le guide d'un département ne montre que ses sessions et ses
contacts, et finit par ses structures d'appui.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import segno
from jinja2 import ChoiceLoader, PackageLoader

from generateur.commun.adresses import fichier_tableau
from generateur.lecture.catalogue import Catalogue
from generateur.regles.statut import statut
from generateur.regles.formats import typographie
from generateur.guides.selection import Selection, guides_prets
from generateur.site.pages import Site, environnement, page_aide, url_de
from schema import BESOINS, Aide
from generateur.commun.parallele import pour_chacun

AUTEUR = "Aides aux ESS"
FEUILLE_DE_STYLE = Path(__file__).parent / "templates" / "guide" / "guide.css"

LIMITES = {"conditions": 3, "etapes": 4, "contacts": 3, "montants": 3, "sessions": 3}
"""Ce qu'une fiche imprime au plus de chaque liste, pour tenir sur une page A4 ; le reste est en ligne."""


def adresse_courte(adresse: str) -> str:
    """L'adresse à recopier à la main : sans « https:// »."""
    return re.sub(r"^https?://", "", adresse).rstrip("/")


def code_qr(adresse: str) -> str:
    """Code QR en SVG, noir sur blanc, comme adresse data: d'une image (elle porte un texte de remplacement)."""
    return segno.make(adresse, error="m").svg_data_uri(scale=4, border=0, dark="#000")


@dataclass(frozen=True)
class FichePapier:
    """L'adresse en ligne d'une aide et son code QR, préparés une fois pour tous les guides."""

    identifiant: str
    adresse: str
    qr: str


def fiches(site: Site, adresse_site: str, env=None) -> dict[str, FichePapier]:
    resultat = {}
    for aide in site.actuelles:
        adresse = adresse_site + url_de(page_aide(aide.identifiant))
        resultat[aide.identifiant] = FichePapier(aide.identifiant, adresse, code_qr(adresse))
    return resultat


def par_besoin(aides: list[Aide]) -> list[tuple[str, list[Aide]]]:
    """Les aides rangées sous leur premier besoin, dans l'ordre du vocabulaire ; l'ordre du site dans chaque groupe."""
    groupes: dict[str, list[Aide]] = {}
    for aide in aides:
        groupes.setdefault(aide.besoins[0], []).append(aide)
    return [(BESOINS.libelle(b), groupes[b]) for b in BESOINS.valeurs if b in groupes]


def html_du_guide(site: Site, selection: Selection, adresse_site: str, fiches_papier: dict[str, FichePapier], env=None,
                  tableau_seul: bool = False) -> str:
    env = env or environnement_des_guides(site)
    aides = selection.aides(site)
    territoires = site.catalogue.territoires
    departement = selection.departement
    numero = departement.removeprefix("DEP-") if departement else None

    def statut_pour(aide: Aide):
        return statut(aide, site.jour, territoires.session_du_lecteur(aide, departement)) if departement else site.statut(aide)

    def sessions_pour(aide: Aide):
        garder = territoires.session_du_lecteur(aide, departement)
        return [s for s in aide.calendrier.sessions if not departement or garder(s)]

    def contacts_pour(aide: Aide):
        contacts = site.contacts(aide)
        if not departement:
            return contacts
        # Dans le guide d'un département : ses contacts d'abord, ceux des autres départements laissés de côté.
        siens = [c for c in contacts if numero in c.departements]
        partout = [c for c in contacts if not c.departements]
        return sorted(siens, key=lambda c: not c.joignable) + partout

    appuis = []
    if departement:
        appuis = [a for code, _, liste in site.appuis_par_departement() if code in ("REG-32", departement) for a in liste]
    # Même typographie que les pages du site (pages.generer la fait à l'écriture), sur tout le guide.
    return typographie(env.get_template("guide/guide.html.j2").render(
        selection=selection,
        phrase=selection.phrase(site.catalogue),
        aides=aides,
        groupes=par_besoin(aides),
        fiches=fiches_papier,
        auteur=AUTEUR,
        adresse_site=adresse_site,
        adresse_courte=adresse_courte,
        qr_site=code_qr(adresse_site),
        departement=departement,
        statut_pour=statut_pour,
        sessions_pour=sessions_pour,
        contacts_pour=contacts_pour,
        appuis=appuis,
        limites=LIMITES,
        tableau_seul=tableau_seul,
    ))


def ecrire_pdf(html_guide: str, sortie: Path) -> Path:
    """Met en page et écrit le PDF. WeasyPrint n'est chargé qu'ici : le site s'en passe."""
    from weasyprint import CSS, HTML

    sortie = Path(sortie)
    sortie.parent.mkdir(parents=True, exist_ok=True)
    # PDF/UA : balisé (structure, ordre de lecture, langue, textes de remplacement) pour les lecteurs d'écran.
    HTML(string=html_guide).write_pdf(
        sortie,
        stylesheets=[CSS(filename=str(FEUILLE_DE_STYLE))],
        pdf_identifier=b"aides-ess-guide",
        pdf_variant="pdf/ua-1",
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
    travaux = []
    for g in guides_prets(site):
        travaux.append((html_du_guide(site, g.selection, adresse, fiches_papier, env), str(Path(site_construit) / g.fichier)))
        travaux.append((html_du_guide(site, g.selection, adresse, fiches_papier, env, tableau_seul=True),
                        str(Path(site_construit) / fichier_tableau(g.fichier))))
    # Les plus longs d'abord, pour que les cœurs finissent ensemble.
    travaux.sort(key=lambda t: len(t[0]), reverse=True)
    return list(pour_chacun(_ecrire, travaux))

