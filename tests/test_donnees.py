"""Contrôles de qualité sur tout le catalogue réel."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from generateur.lecture.catalogue import RACINE
from generateur.site.pages import PAGES_PRODUITES
from generateur.regles.statut import statut_general
from tests.conftest import DATE_TESTS
from tests.copie import textes

SIGLE = re.compile(r"(?<![\w/.-])([A-Z][A-Z0-9]*(?:['’+-]?[A-Z0-9]+)+\+?)(?![\w/-])")
CLES_SANS_TEXTE = {"identifiant", "url", "codes", "exclusions", "territoires", "lien_candidature", "lien_information",
                   "organisation", "courriel", "telephone", "site", "remplacee_par", "roles", "structures", "besoins",
                   "types", "depenses", "unite", "recurrence", "nature", "siren", "territoire", "parent", "source"}


def _textes(donnees):
    return (texte for cle, texte in textes(donnees) if cle not in CLES_SANS_TEXTE)


def sigles_de(texte: str) -> set[str]:
    """Les sigles d'un texte : mots d'au moins deux majuscules, hors adresses, code et codes géographiques."""
    texte = re.sub(r"https?://\S+|\]\([^)]*\)|`[^`]*`|```.*?```|AAAA(-MM(-JJ)?)?", " ", texte, flags=re.S)
    texte = re.sub(r"\b[LlDd][’']", "", texte)
    sigles = set()
    for mot in SIGLE.findall(texte):
        if re.fullmatch(r"[IVXLC]+(-\d+)?|[A-Z]+-\d+", mot):
            continue
        # « FEDER-FSE-IEJ » : chaque sigle compte à part.
        parties = mot.split("-") if re.fullmatch(r"[A-Z+]+(-[A-Z+]+)+", mot) else [mot]
        sigles |= {p for p in parties if sum(c.isupper() for c in p) >= 2}
    return sigles


def test_chaque_sigle_est_dans_le_glossaire(catalogue):
    connus = {s.sigle for s in catalogue.glossaire.sigles}
    manquants = {}
    objets = list(catalogue.aides.values()) + list(catalogue.organisations.values())
    for objet in objets:
        for texte in _textes(objet.model_dump(mode="json")):
            for sigle in sigles_de(texte) - connus:
                manquants.setdefault(sigle, objet.identifiant)
    for page in (RACINE / "docs").rglob("*.md"):
        relatif = page.relative_to(RACINE / "docs").as_posix()
        if any(relatif == p or relatif.startswith(p + "/") for p in PAGES_PRODUITES):
            continue
        texte = re.sub(r"^---\n.*?\n---\n", "", page.read_text(encoding="utf-8"), flags=re.S)
        for sigle in sigles_de(texte) - connus:
            manquants.setdefault(sigle, str(page.relative_to(RACINE)))
    assert manquants == {}, "sigles absents de aides/referentiel/glossaire.yaml"


def test_glossaire_sans_doublon(catalogue):
    doublons = [s for s, n in Counter(s.sigle for s in catalogue.glossaire.sigles).items() if n > 1]
    assert doublons == []


def test_titres_uniques(catalogue):
    doublons = [t for t, n in Counter(a.titre.lower() for a in catalogue.aides.values()).items() if n > 1]
    assert doublons == []


def test_chaque_aide_est_placee(catalogue):
    for aide in catalogue.aides.values():
        assert aide.besoins and aide.beneficiaires.structures and aide.types, aide.identifiant
        assert len(aide.resume) <= 200
        assert any(s.date or s.consultee_le for s in aide.sources), aide.identifiant
        for code in aide.territoire.codes + aide.territoire.exclusions:
            assert code in catalogue.territoires, (aide.identifiant, code)


def test_chaque_organisation_sert(catalogue):
    citees = {p.organisation for a in catalogue.aides.values() for p in a.porteurs}
    citees |= {c.organisation for a in catalogue.aides.values() for c in a.contacts if c.organisation}
    orphelines = set(catalogue.organisations) - citees
    assert orphelines == set(), "organisations citées par aucune aide"


def test_fichiers_commencent_par_le_schema():
    for fichier in sorted((RACINE / "aides").rglob("*.yaml")):
        premiere = fichier.read_text(encoding="utf-8").splitlines()[0]
        assert premiere.startswith("# yaml-language-server: $schema="), fichier
        cible = (fichier.parent / premiere.split("=", 1)[1]).resolve()
        assert cible.exists(), fichier


def test_chaque_aide_actuelle_est_atteignable_par_deux_index(site_construit, catalogue):
    index = [p for p in site_construit.glob("themes/**/index.html")] + [site_construit / "index.html"]
    contenus = {p: p.read_text(encoding="utf-8") for p in index}
    for identifiant, aide in catalogue.aides.items():
        if statut_general(aide, DATE_TESTS, catalogue.territoires).est_close:
            continue
        motif = re.compile(rf'href="[./]*aides/{re.escape(identifiant)}/"')
        pages = [p for p, html in contenus.items() if motif.search(html)]
        assert len(pages) >= 2, identifiant


# --- Catalogue de décembre 2026 -------------------------------------------------------------

from urllib.parse import urlsplit  # noqa: E402

from tests.copie import NOTES, index_des_notes, passages_copies  # noqa: E402

SITES_DES_NOTES = {
    # organisation : hôte du site officiel que donne contacts-2026-12.md (relevé à la main)
    "amiens-metropole": "www.amiens.fr",
    "anct": "agence-cohesion-territoires.gouv.fr",
    "avise": "www.avise.org",
    "banque-des-territoires": "www.banquedesterritoires.fr",
    "cc-grand-roye": "grandroye.fr",
    "communaute-agglomeration-henin-carvin": "www.agglo-henincarvin.fr",
    "cress-hauts-de-france": "cresshdf.org",
    "departement-nord": "lenord.fr",
    "departement-pas-de-calais": "www.pasdecalais.fr",
    "dla-hauts-de-france": "www.info-dla.fr",
    "drajes-hauts-de-france": "www1.ac-lille.fr",
    "dreets-hauts-de-france": "hauts-de-france.dreets.gouv.fr",
    "etat-vie-associative": "www.associations.gouv.fr",
    "fonjep": "www.fonjep.org",
    "grandsoissons-agglomeration": "agglo.grandsoissons.com",
    "metropole-europeenne-de-lille": "www.lillemetropole.fr",
    "nord-actif": "franceactive-nord.org",
    "region-hauts-de-france": "www.hautsdefrance.fr",
    "valenciennes-metropole": "www.valenciennes-metropole.fr",
    "ville-de-lille": "www.lille.fr",
}
BESOINS_A_COUVRIR = ["numerique", "transition-ecologique", "immobilier", "benevolat", "formation", "cooperation"]


def test_au_moins_105_aides(catalogue):
    assert len(catalogue.aides) >= 105


@pytest.mark.parametrize("besoin", BESOINS_A_COUVRIR)
def test_chaque_besoin_a_au_moins_trois_aides_en_cours(catalogue, besoin):
    en_cours = [i for i, a in catalogue.aides.items()
                if besoin in a.besoins and not statut_general(a, DATE_TESTS, catalogue.territoires).est_close]
    assert len(en_cours) >= 3, en_cours


@pytest.mark.parametrize("organisation, hote", sorted(SITES_DES_NOTES.items()))
def test_site_officiel_des_organisations(catalogue, organisation, hote):
    site = catalogue.organisations[organisation].site
    assert site and urlsplit(site).hostname == hote


def test_chaque_aide_en_cours_dit_sa_situation_et_le_reste_est_date(catalogue):
    for identifiant, aide in catalogue.aides.items():
        if not aide.calendrier.fermeture:
            assert aide.situation is not None, identifiant
        if aide.situation and aide.situation.etat == "suspendue":
            assert aide.situation.depuis, identifiant


def test_aucun_montant_total_pris_pour_ce_qu_une_structure_recoit(catalogue):
    """Un budget de plusieurs millions n'est jamais dans « max » : il va dans « enveloppe »."""
    for identifiant, aide in catalogue.aides.items():
        if aide.montant and aide.montant.max and aide.montant.unite == "euros":
            assert aide.montant.max < 5_000_000 or aide.montant.produits, identifiant


def test_resumes_courts(catalogue):
    for identifiant, aide in catalogue.aides.items():
        if aide.calendrier.fermeture:
            continue
        phrases = [p for p in re.split(r"(?<=[.!?])\s+", aide.resume.strip()) if p]
        assert len(phrases) <= 2, identifiant
        assert all(len(p.split()) <= 24 for p in phrases), identifiant


def test_aucun_passage_recopie_des_notes_de_recherche():
    """Règle : aucun texte rédigé ne partage 10 mots de suite avec ../shared/recherche/ (tests/copie.py)."""
    if not NOTES.is_dir():
        pytest.skip("notes de recherche absentes sur cette machine (../shared/recherche)")
    index = index_des_notes()
    recopies = {}
    for fichier in sorted((RACINE / "aides").rglob("*.yaml")):
        donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
        passages = passages_copies(donnees, index)
        if passages:
            recopies[fichier.relative_to(RACINE).as_posix()] = passages
    assert not recopies


def test_le_controle_de_recopie_voit_une_copie():
    if not NOTES.is_dir():
        pytest.skip("notes de recherche absentes sur cette machine (../shared/recherche)")
    # Recopié à la main de verification-nationales-2026-12.md (agrément ESUS).
    phrase = "L'autorité qui délivre l'agrément reste le préfet de département, par exception le préfet de région"
    assert passages_copies({"description": phrase}, index_des_notes())
    assert not passages_copies({"nom_officiel": phrase, "description": phrase}, index_des_notes())


def test_titres_longs_ont_un_titre_court(catalogue):
    """Sur un téléphone, un titre de plus de 60 caractères remplit l'écran : l'en-tête prend le titre court."""
    longs = [i for i, a in catalogue.aides.items() if len(a.titre) > 60 and not a.titre_court and not a.calendrier.fermeture]
    assert not longs
