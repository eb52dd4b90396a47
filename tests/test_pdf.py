"""Guides PDF : vrais PDF produits par WeasyPrint, relus avec pypdf ; impression d'une page d'aide dans Chromium."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from generateur.lecture.catalogue import charger_catalogue
from generateur.cli import main
from generateur.construction import construire
from generateur.guides.selection import FICHIER_COMPLET, Selection, guides_prets
from generateur.site.pages import Site
from generateur.commun.configuration import lire_configuration
from generateur.guides.pdf import adresse_courte
from generateur.regles.statut import statut_general
from schema import BESOINS
from tests.conftest import DATE_TESTS, copier_depot

GUIDE_COMPLET = {
    # Lues dans aides/ : aucune n'a de « fermeture » ; au 27 novembre 2026, en cours, à confirmer ou suspendue.
    "actions-interet-local-nord",
    "appel-a-projets-innovation-ess-grandsoissons",
    "conseillers-numeriques-france-services",  # situation suspendue : pas close, donc dans le guide
    "fdva-2-fonctionnement-innovation",  # sessions et contacts par département
    "fiso-fonds-innovation-sociale",
    "france-active-garanties-prets-primes",  # sessions et contacts par département
    "leader-hauts-de-france",
    "prac-manifestations-culturelles-proximite",
    "pret-honneur-initiative-hauts-de-france",  # citée par les pages écrites à la main
}
HORS_DU_GUIDE = "colos-apprenantes"
"""Fermée (calendrier.fermeture : plus de crédits en 2026) : sa page existe, aucun guide ne la montre."""


def _normal(texte: str) -> str:
    """Texte comparable : espaces insécables et retours à la ligne ramenés à une espace."""
    return re.sub(r"\s+", " ", texte.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _sans_espaces(texte: str) -> str:
    return re.sub(r"\s+", "", texte)


@pytest.fixture(scope="module")
def depot_avec_guides(tmp_path_factory):
    """Une copie du dépôt réduite à quelques vraies fiches ouvertes ou à venir, construite avec ses guides."""
    racine = copier_depot(tmp_path_factory.mktemp("depot-guides") / "depot")
    catalogue = charger_catalogue(racine)
    gardees = GUIDE_COMPLET | {HORS_DU_GUIDE}
    # Les pages écrites à la main citent des fiches : on les garde, sinon MkDocs (strict) refuse le lien.
    for page in (racine / "docs").rglob("*.md"):
        if "aides" not in page.relative_to(racine / "docs").parts[:1]:
            gardees |= set(re.findall(r"aides/([a-z0-9-]+)\.md", page.read_text(encoding="utf-8"))) & set(catalogue.aides)
    for identifiant, fichier in catalogue.fichiers.items():
        if identifiant not in gardees:
            (racine / fichier).unlink()
    # construire() contrôle aussi que chaque lien vers un guide mène à un fichier.
    catalogue = construire(racine, DATE_TESTS, guides=True)
    return racine, catalogue, Site(catalogue, DATE_TESTS)


@pytest.fixture(scope="module")
def guides_lus(depot_avec_guides):
    racine, catalogue, site = depot_avec_guides
    return {g.fichier: (g, pypdf.PdfReader(racine / "site" / g.fichier)) for g in guides_prets(site)}


class _Liens(HTMLParser):
    def __init__(self):
        super().__init__()
        self.pdf: list[str] = []

    def handle_starttag(self, balise, attributs):
        href = dict(attributs).get("href") or ""
        if balise == "a" and href.endswith(".pdf"):
            self.pdf.append(href)


def _liens_pdf(page: Path) -> list[str]:
    lecteur = _Liens()
    lecteur.feed(page.read_text(encoding="utf-8"))
    return lecteur.pdf


def _cible(page: Path, site: Path, href: str) -> str:
    return (page.parent / href).resolve().relative_to(site.resolve()).as_posix()


def test_chaque_page_d_index_renvoie_a_son_guide(depot_avec_guides):
    racine, catalogue, site = depot_avec_guides
    construit = racine / "site"
    for dimension in site.dimensions.values():
        index = construit / "themes" / dimension.nom / "index.html"
        assert FICHIER_COMPLET in {_cible(index, construit, h) for h in _liens_pdf(index)}, dimension.nom
        for theme in dimension.themes:
            page = construit / "themes" / dimension.nom / theme.valeur / "index.html"
            cibles = {_cible(page, construit, h) for h in _liens_pdf(page)}
            if dimension.nom in ("besoins", "structures", "departements"):
                attendu = {"besoins": "besoin", "structures": "structure", "departements": "departement"}[dimension.nom]
                guide = f"guides/aides-ess-{attendu}-{theme.valeur}.pdf"
                assert cibles == {guide, guide.replace(".pdf", "-tableau.pdf")}, page
            else:
                assert cibles == {FICHIER_COMPLET, FICHIER_COMPLET.replace(".pdf", "-tableau.pdf")}, page
            texte = page.read_text(encoding="utf-8")
            assert "Télécharger le guide PDF" in texte
            # Deux liens côte à côte : le second se lit comme l'autre choix, pas comme la suite du premier.
            assert re.search(r"</a> ou <a [^>]*-tableau\.pdf\" download>seulement le tableau, à distribuer</a>", texte), page
            assert all((construit / c).is_file() for c in cibles)
    toutes = construit / "themes" / "toutes" / "index.html"
    assert {_cible(toutes, construit, h) for h in _liens_pdf(toutes)} == {FICHIER_COMPLET, FICHIER_COMPLET.replace(".pdf", "-tableau.pdf")}
    assert _liens_pdf(construit / "themes" / "archives" / "index.html") == []


def _titre_de_fiche(aide) -> str:
    titre = aide.titre_court or aide.titre
    return titre + (f" ({aide.sigle})" if aide.sigle and aide.sigle not in titre else "")


def _dans_l_ordre_du_guide(aides) -> list:
    """L'ordre écrit à la main : par premier besoin (dans l'ordre du vocabulaire), puis l'ordre du site."""
    rang = {b.valeur: i for i, b in enumerate(BESOINS)}
    return [a for _, a in sorted(enumerate(aides), key=lambda p: (rang[p[1].besoins[0]], p[0]))]


def _titres_attendus(site: Site, selection: Selection) -> list[str]:
    return [_titre_de_fiche(a) for a in _dans_l_ordre_du_guide(selection.aides(site))]


def test_chaque_guide_contient_exactement_ses_aides(depot_avec_guides, guides_lus):
    racine, catalogue, site = depot_avec_guides
    assert len(guides_lus) >= 1 + 5 + 2
    for fichier, (guide, lecteur) in guides_lus.items():
        # L'oracle : la page d'index du site, pas la sélection du guide.
        dimension = next((d for d, champ in (("besoins", "besoin"), ("structures", "structure"), ("departements", "departement"))
                          if getattr(guide.selection, champ)), None)
        if dimension:
            theme = next(t for t in site.dimensions[dimension].themes if fichier.endswith(f"-{t.valeur}.pdf"))
            aides = theme.aides
        else:
            aides = site.actuelles
        attendus = [_titre_de_fiche(a) for a in _dans_l_ordre_du_guide(aides)]
        signets = [_normal(s.title) for s in lecteur.outline]
        fin = ["Se faire aider près de chez vous"] if guide.selection.departement else []
        assert signets == ["Vue d'ensemble"] + [_normal(t) for t in attendus] + fin, fichier

        # Couverture et vue d'ensemble : chaque aide du guide y est nommée, et aucune autre.
        premiere_fiche = lecteur.get_destination_page_number(lecteur.outline[1]) if attendus else len(lecteur.pages)
        texte = _normal(" ".join(p.extract_text() for p in lecteur.pages[:premiere_fiche]))
        noms = {_titre_de_fiche(a) for a in aides}
        for aide in catalogue.aides.values():
            present = _normal(aide.titre_court or aide.titre) in texte
            assert present == (_titre_de_fiche(aide) in noms), (fichier, aide.identifiant)


def _destinations(lecteur, pages) -> set[int]:
    """Pages visées par les liens internes des pages données (la colonne « Page » de la vue d'ensemble)."""
    vues = set()
    for numero in pages:
        for annotation in lecteur.pages[numero].get("/Annots") or []:
            objet = annotation.get_object()
            destination = objet.get("/Dest") or (objet.get("/A") or {}).get("/D")
            if destination is None:
                continue
            if isinstance(destination, (str, bytes)):  # destination nommée
                vues.add(lecteur.named_destinations[str(destination)].page_number if hasattr(lecteur.named_destinations[str(destination)], "page_number")
                         else lecteur.get_page_number(lecteur.named_destinations[str(destination)].page))
            else:
                vues.add(lecteur.get_page_number(destination[0].get_object()))
    return vues


def test_guide_complet_couverture_vue_d_ensemble_une_page_par_aide(depot_avec_guides, guides_lus):
    racine, catalogue, site = depot_avec_guides
    guide, lecteur = guides_lus[FICHIER_COMPLET]
    par_signet = {_normal(_titre_de_fiche(a)): a for a in catalogue.aides.values()}
    aides = [par_signet[_normal(s.title)] for s in lecteur.outline[1:]]
    assert len(aides) == 9 and {a.identifiant for a in aides} == GUIDE_COMPLET
    phrase = _normal(guide.selection.phrase(catalogue))
    pages = [_normal(p.extract_text()) for p in lecteur.pages]
    nombre = len(lecteur.pages)
    assert (racine / "site" / "aides" / HORS_DU_GUIDE / "index.html").is_file()  # dans le site, pas dans le guide
    assert not any("Colos apprenantes" in p for p in pages)

    couverture = pages[0]
    assert phrase in couverture
    assert "Ce guide dit ce qui était connu le 27 novembre 2026" in couverture
    assert "vérifiez toujours sur la page en ligne" in couverture
    assert "9 aides en cours le 27 novembre 2026" in couverture
    assert "Suspendue" in couverture and "À confirmer" in couverture  # la légende dit tous les statuts

    # Une fiche par page : chaque signet d'aide pointe une page différente, dans l'ordre.
    debuts = [lecteur.get_destination_page_number(s) for s in lecteur.outline[1:]]
    assert debuts == sorted(set(debuts)) and debuts[0] >= 2
    adresse = lire_configuration(racine).site
    for aide, debut in zip(aides, debuts):
        page = pages[debut]
        assert _normal(aide.titre_court or aide.titre) in page
        assert statut_general(aide, DATE_TESTS, catalogue.territoires).libelle.upper() in page  # le statut, en tête de fiche
        assert _sans_espaces(adresse_courte(f"{adresse}aides/{aide.identifiant}/")) in _sans_espaces(page)
        assert "Combien" in page and "Qui appeler" in page and "La suite en ligne" in _normal(" ".join(pages[debut:debut + 2]))
        if aide.demarche.lien_candidature:  # l'adresse pour déposer, imprimée en toutes lettres
            assert _sans_espaces(adresse_courte(aide.demarche.lien_candidature)) in _sans_espaces(" ".join(pages[debut:debut + 2]))
        # En-tête courant et pied de page
        assert phrase in page and f"page {debut + 1} / {nombre}" in page

    # La vue d'ensemble renvoie, ligne par ligne, à la page de chaque fiche.
    assert _destinations(lecteur, range(1, debuts[0])) == set(debuts)
    assert all("Permanente · sans date limite" not in p for p in pages[1:debuts[0]])

    meta = lecteur.metadata
    assert phrase in _normal(meta.title) and meta.author == "Aides aux ESS"
    assert lecteur.trailer["/Root"]["/Lang"] == "fr"
    boite = lecteur.pages[0].mediabox  # A4 : 210 × 297 mm
    assert (round(float(boite.width) * 25.4 / 72), round(float(boite.height) * 25.4 / 72)) == (210, 297)


def _textes_de_remplacement(noeud, vus=None) -> list[str]:
    """Les /Alt de l'arbre de structure (les images balisées)."""
    vus = set() if vus is None else vus
    noeud = noeud.get_object() if hasattr(noeud, "get_object") else noeud
    if id(noeud) in vus:
        return []
    vus.add(id(noeud))
    textes = []
    if isinstance(noeud, dict):
        if "/Alt" in noeud:
            textes.append(str(noeud["/Alt"]))
        enfants = noeud.get("/K")
        if enfants is not None:
            for enfant in (enfants if isinstance(enfants, list) else [enfants]):
                textes += _textes_de_remplacement(enfant, vus)
    return textes


def test_guides_accessibles_balises(depot_avec_guides, guides_lus):
    """PDF/UA : arbre de structure, contenu marqué, langue française, texte de remplacement des codes QR."""
    racine, _, _ = depot_avec_guides
    for fichier, (_, lecteur) in guides_lus.items():
        racine_pdf = lecteur.trailer["/Root"]
        assert racine_pdf["/MarkInfo"]["/Marked"] is True or racine_pdf["/MarkInfo"]["/Marked"] == True, fichier  # noqa: E712
        assert "/StructTreeRoot" in racine_pdf, fichier
        assert racine_pdf["/Lang"] == "fr", fichier
        assert any("Code QR vers" in alt for alt in _textes_de_remplacement(racine_pdf["/StructTreeRoot"])), fichier
    sortie = subprocess.run(["pdfinfo", str(racine / "site" / FICHIER_COMPLET)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", sortie, re.M)


def test_pages_par_aide_et_tableau_seul(depot_avec_guides, guides_lus):
    """Au plus 1,2 page par aide en plus de la couverture et de la vue d'ensemble ; le tableau seul existe."""
    racine, _, _ = depot_avec_guides
    for fichier, (guide, lecteur) in guides_lus.items():
        if len(lecteur.outline) < 2 or guide.selection.besoin or guide.selection.structure:
            continue  # l'objectif vaut pour le guide complet et ceux des départements
        debut = lecteur.get_destination_page_number(lecteur.outline[1])
        aides = len(lecteur.outline) - 1 - (1 if guide.selection.departement else 0)
        fin = lecteur.get_destination_page_number(lecteur.outline[-1]) if guide.selection.departement else len(lecteur.pages)
        assert (fin - debut) / aides <= 1.2, fichier
        # Le tableau seul : sans couverture ni fiches ; la vue d'ensemble, plus les appuis d'un département.
        tableau = pypdf.PdfReader(racine / "site" / fichier.replace(".pdf", "-tableau.pdf"))
        assert len(tableau.pages) <= (debut - 1) + (2 if guide.selection.departement else 0), fichier


def test_guide_de_la_somme_sans_les_sessions_des_autres_departements(depot_avec_guides, guides_lus):
    racine, catalogue, site = depot_avec_guides
    fichier = next(f for f, (g, _) in guides_lus.items() if g.selection.departement == "DEP-80")
    _, lecteur = guides_lus[fichier]
    texte = _normal(" ".join(p.extract_text() for p in lecteur.pages))
    fdva = catalogue.aides["fdva-2-fonctionnement-innovation"]
    autres = [s.libelle for s in fdva.calendrier.sessions if s.libelle and "DEP-80" not in s.territoires]
    assert autres and not any(_normal(l) in texte for l in autres)
    for propre_a_un_autre in ("franceactive-nord.org", "Basé à Lens"):  # contacts du Nord et du Pas-de-Calais
        assert propre_a_un_autre not in texte
    assert "Initiative Somme France Active Picardie" in texte
    assert "Se faire aider près de chez vous" in texte
    assert "Maison des associations d'Amiens Métropole".replace("'", "’") in texte.replace("'", "’") or "MAAM" in texte


def test_guide_sur_mesure_en_ligne_de_commande(tmp_path, catalogue, capsys):
    site = Site(catalogue, DATE_TESTS)
    # La plus petite sélection non vide : le test reste rapide quelle que soit la taille du catalogue.
    candidates = [Selection(besoin=b, departement="DEP-80", structure="association") for b in sorted({b for a in site.actuelles for b in a.besoins})]
    selection = min((s for s in candidates if s.aides(site)), key=lambda s: len(s.aides(site)))
    sortie = tmp_path / "guide.pdf"
    code = main(["pdf", "--besoin", selection.besoin, "--departement", "80", "--structure", "association",
                 "--sortie", str(sortie), "--date", DATE_TESTS.isoformat()])
    assert code == 0
    assert str(sortie) in capsys.readouterr().out
    lecteur = pypdf.PdfReader(sortie)
    assert [_normal(s.title) for s in lecteur.outline] == (
        ["Vue d'ensemble"] + [_normal(t) for t in _titres_attendus(site, selection)] + ["Se faire aider près de chez vous"])
    phrase = _normal(lecteur.pages[0].extract_text())
    assert phrase.count("Associations de la Somme — ") == 1
    # Même date, mêmes données : le même fichier, à l'octet près.
    encore = tmp_path / "encore.pdf"
    assert main(["pdf", "--besoin", selection.besoin, "--departement", "80", "--structure", "association",
                 "--sortie", str(encore), "--date", DATE_TESTS.isoformat()]) == 0
    assert encore.read_bytes() == sortie.read_bytes()


def test_ouvertes_seulement_retire_les_aides_a_venir(catalogue):
    site = Site(catalogue, DATE_TESTS)
    ouvertes = Selection(ouvertes_seulement=True).aides(site)
    assert ouvertes == [a for a in site.actuelles if site.statut(a).code in ("ouverte", "bientot-close", "permanente")]
    assert Selection(ouvertes_seulement=True).phrase(catalogue).endswith("aides ouvertes seulement")


def test_phrase_de_selection(catalogue):
    assert Selection(structure="association", departement="DEP-80", besoin="tresorerie").phrase(catalogue) == "Associations de la Somme — trésorerie"
    assert Selection(structure="entreprise-esus").phrase(catalogue) == "Entreprises agréées ESUS des Hauts-de-France"
    assert Selection(departement="DEP-02").phrase(catalogue) == "Structures de l'ESS de l'Aisne"


@pytest.mark.parametrize(
    "options, attendu",
    [
        (["--besoin", "argent"], "besoin inconnu « argent ». Valeurs possibles : tresorerie (Trésorerie)"),
        (["--departement", "75"], "DEP-80 (Somme)"),
        (["--structure", "asso"], "association (Association)"),
        (["--type", "don"], "subvention (Subvention)"),
    ],
)
def test_valeur_inconnue_message_clair(tmp_path, capsys, options, attendu):
    sortie = tmp_path / "guide.pdf"
    assert main(["pdf", *options, "--sortie", str(sortie)]) == 1
    erreur = capsys.readouterr().err
    assert erreur.startswith("Aucun guide produit : ") and attendu in erreur
    assert not sortie.exists()


def test_impression_d_une_page_d_aide(page, adresse_site, catalogue):
    aide = next(a for a in Site(catalogue, DATE_TESTS).actuelles if a.sources)
    page.goto(f"{adresse_site}aides/{aide.identifiant}/")
    page.emulate_media(media="print")
    for selecteur in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        if page.locator(selecteur).count():
            assert page.locator(selecteur).first.evaluate("e => getComputedStyle(e).display") == "none", selecteur
            assert not page.locator(selecteur).first.is_visible(), selecteur
    lien = page.locator(".aide-sources a[href^='http']").first
    href = lien.get_attribute("href")
    apres = lien.evaluate("e => getComputedStyle(e, '::after').content")
    assert href in apres
    assert page.locator(".en-bref").evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    # À l'écran, rien ne change.
    page.emulate_media(media="screen")
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") != "none"
    assert href not in lien.evaluate("e => getComputedStyle(e, '::after').content")


def test_typographie_francaise_dans_tout_le_guide(catalogue):
    import dataclasses

    from generateur.regles.formats import typographie
    from generateur.guides.pdf import fiches, html_du_guide

    premiere = Site(catalogue, DATE_TESTS).actuelles[0]
    aides = {**catalogue.aides, premiere.identifiant: premiere.model_copy(update={"titre": "Fonds d'essai : « pour voir » ?", "titre_court": None})}
    site = Site(dataclasses.replace(catalogue, aides=aides), DATE_TESTS)
    html = html_du_guide(site, Selection(), "https://exemple.fr/", fiches(site, "https://exemple.fr/"))
    assert typographie(html) == html, "aucun texte du guide n'échappe à la typographie"
    assert "points à confirmer)\u00a0:" in html
    # Les titres aussi (sommaire et fiche), pas seulement le corps des fiches.
    assert html.count("Fonds d&#39;essai\u00a0: «\u00a0pour voir\u00a0»\u202f?") >= 2
