"""Contrôles de qualité sur tout le catalogue réel."""

from __future__ import annotations

import re
from collections import Counter

from generateur.lecture.catalogue import RACINE
from generateur.site.pages import PAGES_PRODUITES
from generateur.regles.statut import statut
from tests.conftest import DATE_TESTS

SIGLE = re.compile(r"(?<![\w/.-])([A-Z][A-Z0-9]*(?:['’+-]?[A-Z0-9]+)+\+?)(?![\w/-])")
CLES_SANS_TEXTE = {"identifiant", "url", "codes", "exclusions", "territoires", "lien_candidature", "lien_information",
                   "organisation", "courriel", "telephone", "site", "remplacee_par", "roles", "structures", "besoins",
                   "types", "depenses", "unite", "recurrence", "nature", "siren", "territoire", "parent", "source"}


def _textes(valeur, cle=None):
    if cle in CLES_SANS_TEXTE:
        return
    if isinstance(valeur, str):
        yield valeur
    elif isinstance(valeur, dict):
        for k, v in valeur.items():
            yield from _textes(v, k)
    elif isinstance(valeur, list):
        for v in valeur:
            yield from _textes(v, cle)


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
        if statut(aide, DATE_TESTS).est_close:
            continue
        motif = re.compile(rf'href="[./]*aides/{re.escape(identifiant)}/"')
        pages = [p for p, html in contenus.items() if motif.search(html)]
        assert len(pages) >= 2, identifiant
