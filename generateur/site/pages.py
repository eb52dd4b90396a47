"""Pages Markdown du site : une page par aide, les index thématiques, l'accueil et le glossaire.

Tout texte venu d'une fiche passe par l'échappement de Jinja ou par textes.markdown_sur ;
les pages ne contiennent que du Markdown à texte fixe et des blocs HTML déjà sûrs.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from generateur.commun.adresses import fichier_guide, lien, page_aide, slug, url_de
from generateur.regles import formats
from generateur.contribution import fraicheur
from generateur.site import communes, recherche, trouver
from generateur.site.recherche import marque_mots_proches
from generateur.lecture.catalogue import Catalogue
from generateur.commun.fichiers import ecrire_si_change
from generateur.commun.parallele import pour_chacun
from generateur.contribution.depot import Depot
from generateur.regles.statut import STATUTS, Statut, statut, statut_general
from generateur.regles.textes import markdown_sur, texte_sur, titre_sur
from schema import BESOINS, DEPENSES, NATURES_ORGANISATION, RECURRENCES, RESEAUX, ROLES, STRUCTURES, TYPES, UNITES, ZONES_RESERVEES, Aide, Coordonnees

PAGES_PRODUITES = ["index.md", "aides", "themes", "glossaire.md", "trouver/donnees.json", "trouver/communes.json", "a-verifier.md", "se-faire-aider",
                   recherche.CHEMIN_REGLES]
"""Chemins de docs/ écrits par le générateur (ignorés par git, remplacés à chaque construction)."""


_RACINE = "\x00"
"""Marque, dans une carte rendue une fois pour toutes les pages, la place du chemin vers la racine du site."""


@dataclass(frozen=True)
class Theme:
    """Une page d'index : un besoin, un type de structure, un département…"""

    dimension: str
    valeur: str
    titre: str
    definition: str
    aides: tuple[Aide, ...]

    @property
    def chemin(self) -> str:
        return f"themes/{self.dimension}/{self.valeur}.md"


@dataclass(frozen=True)
class Joindre:
    """Un contact à afficher : celui de la fiche, ou le service d'une organisation qui porte l'aide."""

    nom: str
    coordonnees: object
    """Contact, Antenne ou Coordonnees de schema.py : téléphone, courriel, site, formulaire, adresse."""
    departements: tuple[str, ...] = ()
    """Numéros des départements servis (« 59 ») ; vide : partout."""
    precision: str | None = None
    sigle: str | None = None
    organisation: str | None = None
    """Identifiant de l'organisation qui porte l'aide, pour son rôle et sa page d'index."""
    roles: tuple[str, ...] = ()

    @property
    def court(self) -> str:
        """Le nom à afficher dans « En bref » : le sigle quand le nom est long."""
        return self.sigle if self.sigle and len(self.nom) > 40 else self.nom

    @property
    def joignable(self) -> bool:
        return self.coordonnees is not None and self.coordonnees.joignable


@dataclass(frozen=True)
class Dimension:
    nom: str
    titre: str
    intro: str
    themes: tuple[Theme, ...]

    @property
    def chemin(self) -> str:
        return f"themes/{self.nom}/index.md"


class Site:
    """Tout ce que les gabarits ont besoin de savoir, calculé une fois à la date de construction."""

    def __init__(self, catalogue: Catalogue, jour: dt.date, depot: Depot | None = None):
        self.catalogue = catalogue
        self.jour = jour
        self.depot = depot
        territoires = catalogue.territoires
        self.statuts: dict[str, Statut] = {i: statut_general(a, jour, territoires) for i, a in catalogue.aides.items()}
        self.aides = sorted(catalogue.aides.values(), key=self.cle_de_tri)
        self.actuelles = [a for a in self.aides if not self.statuts[a.identifiant].est_close]
        self.archives = sorted(
            (a for a in self.aides if self.statuts[a.identifiant].est_close),
            key=lambda a: (self.statuts[a.identifiant].depuis or dt.date.min),
            reverse=True,
        )
        self.dimensions = self._dimensions()
        self._themes = {(d.nom, t.valeur): t for d in self.dimensions.values() for t in d.themes}
        self.env: Environment | None = None
        self._ouvertes_par_besoin: dict[str, list[Aide]] | None = None
        self._cartes: dict[str, str] = {}

    def codes_departements(self, aide: Aide) -> str:
        """Départements que l'aide couvre, en numéros (« 02 59 »), pour resserrer les listes dans le navigateur."""
        t = self.catalogue.territoires
        couverts = t.departements_couverts(aide.territoire.codes, aide.territoire.exclusions)
        return " ".join(d.removeprefix("DEP-") for d in t.departements if d in couverts)

    @functools.cached_property
    def vocabulaires(self) -> dict[str, list[list[str]]]:
        """Valeurs et libellés des listes à resserrer (assets/trouver.js), en tête de chaque page de liste."""
        t = self.catalogue.territoires
        return {
            "structures": [[v.valeur, v.libelle] for v in STRUCTURES.termes],
            "departements": [[d.removeprefix("DEP-"), t.nom(d)] for d in t.departements],
            "besoins": [[v.valeur, v.libelle] for v in BESOINS.termes],
            "types": [[v.valeur, v.libelle] for v in TYPES.termes],
        }

    def cle_de_tri(self, aide: Aide) -> tuple:
        return (*self.statuts[aide.identifiant].cle_de_tri(), aide.titre.lower())

    def _dimension(self, nom, titre, intro, valeurs, selection: Callable[[Aide, str], bool], masquer_vides=True) -> Dimension:
        themes = []
        for valeur, libelle, definition in valeurs:
            aides = tuple(a for a in self.actuelles if selection(a, valeur))
            if aides or not masquer_vides:
                themes.append(Theme(nom, slug(valeur), libelle, definition, aides))
        return Dimension(nom, titre, intro, tuple(themes))

    def _dimensions(self) -> dict[str, Dimension]:
        territoires = self.catalogue.territoires
        organisations = sorted(self.catalogue.organisations.values(), key=lambda o: o.nom.lower())
        departement = {territoires.nom(c): c for c in territoires.departements}
        porteurs = {a.identifiant: {p.organisation for p in a.porteurs} for a in self.actuelles}
        dimensions = [
            self._dimension(
                "besoins", "Aides par besoin", "Choisissez ce dont votre structure a besoin.",
                [(t.valeur, t.libelle, t.definition) for t in BESOINS], lambda a, v: v in a.besoins,
            ),
            self._dimension(
                "structures", "Aides par type de structure", "Choisissez la forme de votre structure.",
                [(t.valeur, t.libelle, t.definition) for t in STRUCTURES], lambda a, v: v in a.beneficiaires.structures,
            ),
            self._dimension(
                "types", "Aides par type d'aide", "Subvention, prêt, garantie, accompagnement : choisissez la forme d'aide.",
                [(t.valeur, t.libelle, t.definition) for t in TYPES], lambda a, v: v in a.types,
            ),
            self._dimension(
                "departements", "Aides par département",
                "Chaque page liste les aides nationales, régionales et locales ouvertes aux structures du département.",
                [(territoires.nom(c), territoires.nom(c), f"Aides ouvertes aux structures de ce département ({c.removeprefix('DEP-')}).") for c in territoires.departements],
                lambda a, nom: territoires.couvre(a.territoire.codes, a.territoire.exclusions, departement[nom]),
                masquer_vides=False,
            ),
            self._dimension(
                "organisations", "Aides par organisme", "Les organismes qui financent, instruisent ou accompagnent ces aides.",
                [(o.identifiant, o.nom, o.description or NATURES_ORGANISATION.libelle(o.nature)) for o in organisations],
                lambda a, v: v in porteurs[a.identifiant],
            ),
        ]
        return {d.nom: d for d in dimensions}

    @property
    def ouvertes(self) -> list[Aide]:
        """Aides qu'on peut demander aujourd'hui."""
        return [a for a in self.actuelles if self.statuts[a.identifiant].demandable]

    def besoins_principaux(self, nombre: int) -> list[Theme]:
        """Les besoins qui ont le plus d'aides en cours, pour l'accueil."""
        return sorted(self.dimensions["besoins"].themes, key=lambda t: -len(t.aides))[:nombre]

    def comptes(self) -> list[tuple[str, int]]:
        """Le catalogue compté par situation, pour l'accueil : des nombres qui font le total."""
        groupes = {
            "ouvertes": ("ouverte", "bientot-close", "permanente"),
            "à venir ou chaque année": ("a-venir", "annuelle"),
            "à confirmer": ("a-confirmer",),
            "suspendues": ("suspendue",),
            "closes": ("close",),
        }
        codes = [s.code for s in self.statuts.values()]
        return [(nom, sum(codes.count(c) for c in liste)) for nom, liste in groupes.items()]

    def sessions_par_departement(self, aide: Aide) -> list[tuple[str, Statut, list, str]]:
        """Pour chaque département qui a ses propres sessions : son nom, le statut qu'y voit un lecteur, ses sessions,
        son numéro."""
        territoires = self.catalogue.territoires
        propres: dict[str, list] = {}
        for session in aide.calendrier.sessions:
            for departement in sorted(territoires.departements_de_session(aide, session) or ()):
                if departement in territoires.departements:
                    propres.setdefault(departement, []).append(session)
        return [
            (territoires.nom(d), statut(aide, self.jour, territoires.session_du_lecteur(aide, d)), sessions, d.removeprefix("DEP-"))
            for d, sessions in sorted(propres.items())
        ]

    def contacts(self, aide: Aide) -> list[Joindre]:
        """Qui appeler : les contacts de la fiche, puis les organisations qui instruisent, accompagnent et financent
        l'aide, avec leurs services par département. Les contacts joignables d'abord, dans cet ordre."""
        territoires = self.catalogue.territoires

        def numeros(codes) -> tuple[str, ...]:
            deps = set().union(*(territoires.departements_de(c) for c in codes)) if codes else set()
            servis = set(territoires.departements)
            return () if not deps or servis <= deps else tuple(sorted(d.removeprefix("DEP-") for d in deps & servis))

        liste, vus = [], set()
        for c in aide.contacts:
            liste.append(Joindre(c.nom, c, numeros(c.territoires), c.precision))
            vus.add(c.nom)
        ordre = {"instructeur": 0, "accompagnateur": 1, "financeur": 2}
        porteurs = sorted(aide.porteurs, key=lambda p: min(ordre[r] for r in p.roles))
        for porteur in porteurs:
            organisation = self.catalogue.organisations[porteur.organisation]
            if organisation.nom not in vus:
                coordonnees = organisation.coordonnees
                if organisation.site and (coordonnees is None or not coordonnees.site):
                    coordonnees = (coordonnees or Coordonnees()).model_copy(update={"site": organisation.site})
                liste.append(Joindre(organisation.nom, coordonnees, sigle=organisation.sigle,
                                     organisation=organisation.identifiant, roles=tuple(porteur.roles)))
                vus.add(organisation.nom)
            for antenne in organisation.antennes:
                if antenne.nom not in vus:
                    liste.append(Joindre(antenne.nom, antenne, numeros(antenne.territoires), antenne.precision))
                    vus.add(antenne.nom)
        return sorted(liste, key=lambda j: not j.joignable)

    def coordonnees(self, j: Joindre, court: bool = False, nom: bool = True, ici: str | None = None) -> Markup:
        """Le nom (lié à la page de l'organisme), puis téléphone, courriel, formulaire, site, adresse, une ligne chacun ;
        « Coordonnées non publiées » quand il n'y a rien. court : pour « En bref »."""
        c, lignes = j.coordonnees, []
        if nom:
            theme = self.theme("organisations", j.organisation) if j.organisation and ici and not court else None
            texte = escape(j.court if court else j.nom)
            if theme:
                texte = Markup('<a href="{}">{}</a>').format(lien(ici, theme.chemin), j.nom)
            ligne = Markup('<span class="contact__nom">{}</span>').format(texte)
            if not court:
                if j.sigle and j.sigle != j.nom:
                    ligne += Markup(" ({})").format(j.sigle)
                if j.departements:
                    ligne += Markup(' <span class="contact__territoire">({})</span>').format(", ".join(j.departements))
                if j.roles:
                    ligne += Markup(" : {}").format(", ".join(ROLES.libelle(r) for r in j.roles).lower())
            lignes.append(ligne)
        if c and c.telephone:
            numero = c.telephone.replace(" ", "").replace(".", "")
            lignes.append(Markup('<a class="contact__tel" href="tel:{}">Appeler le {}</a>').format(numero, c.telephone))
        if c and c.courriel:
            lignes.append(Markup('<a href="mailto:{0}">{0}</a>').format(c.courriel))
        if c and c.formulaire:
            lignes.append(Markup('<a href="{}" rel="noopener">Formulaire de contact</a>').format(c.formulaire))
        if c and c.site:
            texte = "Site internet" if court else "Site : " + formats.adresse_lisible(c.site)
            lignes.append(Markup('<a href="{}" rel="noopener">{}</a>').format(c.site, texte))
        if c and c.adresse and not court:
            lignes.append(Markup("Adresse : {}").format(c.adresse))
        if not j.joignable:
            lignes.append(Markup('<span class="contact__absent">Coordonnées non publiées</span>'))
        if j.precision and not court:
            lignes.append(Markup('<span class="contact__precision">{}</span>').format(texte_sur(j.precision)))
        return Markup("<br>").join(lignes)

    def appuis_par_departement(self) -> list[tuple[str, str, list]]:
        """La région d'abord (ce qui vaut partout), puis chaque département servi avec ses propres appuis."""
        territoires = self.catalogue.territoires
        appuis = self.catalogue.appuis.appuis
        regionaux = [a for a in appuis if any(c in ("FR", "REG-32") for c in a.territoires)]
        sections = [("REG-32", "Dans toute la région", regionaux)]
        for departement in territoires.departements:
            siens = [a for a in appuis if a not in regionaux
                     and any(departement in territoires.departements_de(c) for c in a.territoires)]
            sections.append((departement, territoires.nom(departement), siens))
        return sections

    def a_qui_demander(self, aide: Aide) -> str:
        """Le service à qui confirmer une information : le premier contact, sinon l'instructeur, sinon le financeur."""
        if aide.contacts:
            return aide.contacts[0].nom
        for role in ("instructeur", "financeur"):
            for porteur in aide.porteurs:
                if role in porteur.roles and porteur.organisation in self.catalogue.organisations:
                    return self.catalogue.organisations[porteur.organisation].nom
        return self.catalogue.organisations[aide.porteurs[0].organisation].nom

    def voisines_ouvertes(self, aide: Aide, nombre: int = 5) -> list[Aide]:
        """Pour une aide close : les aides qu'on peut demander aujourd'hui pour les mêmes besoins et les mêmes structures."""
        besoins, structures = set(aide.besoins), set(aide.beneficiaires.structures)
        if self._ouvertes_par_besoin is None:
            self._ouvertes_par_besoin = {}
            for a in self.ouvertes:  # déjà dans l'ordre d'affichage
                for b in a.besoins:
                    self._ouvertes_par_besoin.setdefault(b, []).append(a)
        # Les premières de chaque besoin suffisent : on n'en garde que « nombre » à la fin.
        candidates: dict[str, Aide] = {}
        for b in aide.besoins:
            trouvees = 0
            for a in self._ouvertes_par_besoin.get(b, ()):
                if a.identifiant != aide.identifiant and structures & set(a.beneficiaires.structures):
                    candidates[a.identifiant] = a
                    trouvees += 1
                    if trouvees == nombre:
                        break
        voisines = sorted(candidates.values(), key=lambda a: (-len(besoins & set(a.besoins)), self.cle_de_tri(a)))
        return voisines[:nombre]

    def source_de_la_situation(self, aide: Aide):
        if not aide.situation or not aide.situation.source:
            return None
        return next((s for s in aide.sources if s.url == aide.situation.source), None)

    @property
    def bientot_closes(self) -> list[Aide]:
        return [a for a in self.actuelles if self.statuts[a.identifiant].code == "bientot-close"]

    # Pour les gabarits
    def cartes(self, aides: list[Aide], ici: str) -> Markup:
        """Les cartes d'une liste d'aides. Une carte revient dans une quinzaine d'index : rendue une fois,
        avec un lien relatif à la racine du site que chaque page complète de son propre chemin."""
        racine = lien(ici, "index.md").removeprefix("./")
        morceaux = []
        for aide in aides:
            if aide.identifiant not in self._cartes:
                carte = self.env.get_template("carte.html.j2").render(a=aide, adresse=_RACINE + url_de(page_aide(aide.identifiant)))
                self._cartes[aide.identifiant] = formats.typographie(carte.strip())
            morceaux.append(self._cartes[aide.identifiant].replace('href="' + _RACINE, 'href="' + racine, 1))
        return Markup("\n".join(morceaux))

    def statut(self, aide: Aide) -> Statut:
        return self.statuts[aide.identifiant]

    def territoire(self, aide: Aide) -> str:
        texte = self.catalogue.territoires.libelle(aide.territoire.codes, aide.territoire.exclusions)
        reservee = [ZONES_RESERVEES.libelle(z).lower() for z in aide.territoire.reservee_a]
        return texte + (" : " + " ou ".join(reservee) + " seulement" if reservee else "")

    def theme(self, dimension: str, valeur: str) -> Theme | None:
        return self._themes.get((dimension, slug(valeur)))


def environnement(site: Site) -> Environment:
    env = Environment(
        loader=PackageLoader("generateur.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date_fr=formats.date_fr,
        date_partielle_fr=formats.date_partielle_fr,
        mois_fr=formats.mois_fr,
        echeance=formats.echeance,
        euros=formats.euros,
        pourcent=formats.pourcent,
        nombre=formats.nombre,
        montant_court=formats.montant_court,
        montant_en_bref=formats.montant_en_bref,
        chiffres=formats.chiffres,
        enveloppe=formats.enveloppe,
        adresse_lisible=formats.adresse_lisible,
        dans_le=formats.dans_le,
        md=markdown_sur,
        texte=texte_sur,
        titre=titre_sur,
        libelles=lambda valeurs, vocabulaire: [vocabulaire.libelle(v) for v in valeurs],
        noms_territoires=lambda codes: [site.catalogue.territoires.nom(c) for c in codes],
        slug=slug,
    )
    env.globals.update(
        site=site,
        lien=lien,
        page_aide=page_aide,
        STATUTS=STATUTS,
        BESOINS=BESOINS,
        STRUCTURES=STRUCTURES,
        TYPES=TYPES,
        DEPENSES=DEPENSES,
        ROLES=ROLES,
        RECURRENCES=RECURRENCES,
        UNITES=UNITES,
        NATURES=NATURES_ORGANISATION,
        front_matter=front_matter,
        poids_recherche=recherche.poids,
        par_lettre=par_lettre,
        RESEAUX=RESEAUX,
        joindre=lambda appui: Joindre(appui.nom, appui),
        guide_pdf=lambda ici, dimension=None, valeur=None: None,
    )
    site.env = env
    return env


def lien_guide(ici: str, dimension: str | None = None, valeur: str | None = None) -> str | None:
    """Lien relatif vers le guide PDF prêt à imprimer d'une page d'index (ou le guide complet)."""
    fichier = fichier_guide(dimension, valeur)
    return fichier and posixpath.relpath(fichier, url_de(ici).rstrip("/") or ".")


def par_lettre(sigles) -> list[tuple[str, list]]:
    """Les sigles rangés par initiale (sans accent), dans l'ordre alphabétique : [(« A », [...]), …]."""
    groupes: dict[str, list] = {}
    for s in sorted(sigles, key=lambda s: slug(s.sigle)):
        groupes.setdefault(slug(s.sigle)[:1].upper() or "#", []).append(s)
    return sorted(groupes.items())


def front_matter(modifier: str = "", **valeurs) -> str:
    """En-tête YAML de page. Material l'insère sans l'échapper : on l'échappe ici.

    modifier : adresse du bouton « modifier » du thème (la fiche YAML d'une aide) ; vide, pas de bouton
    (overrides/partials/actions.html)."""
    valeurs["modifier"] = modifier
    propres = {k: html.escape(v) if isinstance(v, str) else v for k, v in valeurs.items() if v is not None}
    entete = yaml.dump(propres, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    return Markup("---\n" + entete + "---\n")


_DEBUT_LISTE, _FIN_LISTE = '<ul class="aides-liste">', "</ul>"


def listes_d_aides(page: str, debut: int = 0) -> Iterator[tuple[int, int]]:
    """Début et fin de chaque liste de cartes d'aides (macro liste_aides) dans une page ou son HTML.

    Une carte ne contient pas de liste : la fin est le premier « </ul> ». Cherché avec str.find :
    une expression régulière paresseuse sur les pages d'index (3 Mo à 5 000 aides) prend 40 fois plus.
    """
    debut = page.find(_DEBUT_LISTE, debut)
    while debut >= 0:
        fin = page.find(_FIN_LISTE, debut) + len(_FIN_LISTE)
        yield debut, fin
        debut = page.find(_DEBUT_LISTE, fin)


def sans_listes_d_aides(page: str) -> str:
    """La page sans ses listes de cartes : les mots proches d'une page d'index sont ceux de son propre texte."""
    morceaux, fin = [], 0
    for debut, fin_liste in listes_d_aides(page):
        morceaux.append(page[fin:debut])
        fin = fin_liste
    return "".join(morceaux) + page[fin:]


def _typographie_du_corps(page: str) -> str:
    """Typographie française sur le texte de la page, en-tête YAML exclu.

    Les listes d'aides sont laissées telles quelles : leurs cartes, déjà en bonne typographie (Site.cartes),
    font l'essentiel du poids des pages d'index.
    """
    debut = page.index("\n---\n", 4) + 5 if page.startswith("---\n") else 0
    morceaux, fin = [page[:debut]], debut
    for liste_debut, liste_fin in listes_d_aides(page, debut):
        morceaux += [formats.typographie(page[fin:liste_debut]), page[liste_debut:liste_fin]]
        fin = liste_fin
    morceaux.append(formats.typographie(page[fin:]))
    return "".join(morceaux)


def page_a_verifier(env, catalogue: Catalogue, jour: dt.date) -> str:
    """La page « À vérifier » du site, pour les mainteneurs."""
    constats = fraicheur.controler(catalogue, jour)
    return env.get_template("a-verifier.md.j2").render(
        ici=fraicheur.PAGE, constats=constats, rubriques=fraicheur.RUBRIQUES, par_rubrique=fraicheur.par_rubrique(constats),
        jour=jour, mois=fraicheur.MOIS_AVANT_REVERIFICATION,
    )


def generer(catalogue: Catalogue, docs: Path, jour: dt.date, depot: Depot | None = None, guides: bool = False) -> list[Path]:
    """Écrit toutes les pages produites dans docs/ et renvoie leurs chemins.

    guides : les guides PDF sont construits avec le site, les pages d'index y renvoient.
    Les pages se rendent sur tous les cœurs.
    """
    site = Site(catalogue, jour, depot)
    env = environnement(site)
    if guides:
        env.globals["guide_pdf"] = lien_guide
    rendus: dict[str, Callable[[], str]] = {}

    gabarit = env.get_template("aide.md.j2")
    for aide in site.aides:
        chemin = page_aide(aide.identifiant)
        rendus[chemin] = functools.partial(gabarit.render, aide=aide, ici=chemin, fichier=catalogue.fichiers.get(aide.identifiant))

    theme = env.get_template("theme.md.j2")
    dimension = env.get_template("dimension.md.j2")
    for d in site.dimensions.values():
        rendus[d.chemin] = functools.partial(dimension.render, dimension=d, ici=d.chemin)
        for t in d.themes:
            rendus[t.chemin] = functools.partial(theme.render, theme=t, dimension=d, ici=t.chemin)

    listes = {
        "themes/bientot-closes.md": ("Aides bientôt closes", "Les aides dont la date limite tombe dans les 30 prochains jours.",
                                     site.bientot_closes),
        "themes/toutes.md": ("Toutes les aides en cours", "Toutes les aides du catalogue qui ne sont pas closes : ouvertes et bientôt closes d'abord, puis à venir, à confirmer et suspendues.", site.actuelles),
        "themes/archives.md": ("Archives : aides closes", "Ces aides ne sont plus ouvertes. Leurs pages restent en ligne pour mémoire, par exemple pour retrouver les conditions d'une aide reçue.", site.archives),
    }
    liste = env.get_template("liste.md.j2")
    for chemin, (titre, intro, aides) in listes.items():
        rendus[chemin] = functools.partial(liste.render, titre=titre, intro=intro, aides=aides, ici=chemin)

    rendus["index.md"] = functools.partial(env.get_template("accueil.md.j2").render, ici="index.md")
    rendus["se-faire-aider/index.md"] = functools.partial(
        env.get_template("se-faire-aider.md.j2").render, ici="se-faire-aider/index.md", par_departement=site.appuis_par_departement()
    )
    rendus["glossaire.md"] = functools.partial(env.get_template("glossaire.md.j2").render, ici="glossaire.md", glossaire=catalogue.glossaire)
    rendus[fraicheur.PAGE] = functools.partial(page_a_verifier, env, catalogue, jour)

    def ecrire(chemin: str) -> Path:
        page = _typographie_du_corps(rendus[chemin]())
        return ecrire_si_change(docs / chemin, page + marque_mots_proches(sans_listes_d_aides(page), catalogue.synonymes))

    return [trouver.ecrire(catalogue, docs, jour, site.contacts), communes.ecrire(catalogue, docs), recherche.ecrire_regles(catalogue.synonymes, docs),
            *pour_chacun(ecrire, list(rendus), paquet=50)]
