"""Le référentiel des territoires (découpage administratif officiel), ses noms, la règle
« cette aide couvre ce département » et les suggestions pour un code inconnu."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

from schema import Aide, ReferentielTerritoires, Session

FRANCE = "FR"
CHEMIN_REFERENTIEL = "aides/referentiel/territoires.yaml"
EN_TETE = (
    "# yaml-language-server: $schema=../../docs/donnees/schema-territoires.json\n"
    "# Produit par « python -m generateur territoires » depuis le découpage administratif officiel :\n"
    "# ne pas modifier à la main. Une zone par ligne (ce YAML est aussi du JSON, lu vite).\n"
)
_PREFIXES = ("REG-", "DEP-", "EPCI-", "COM-")
_MOTS_VIDES = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "sur", "sous", "a", "au", "aux"}


def lire_referentiel(chemin: Path) -> dict:
    """Le référentiel produit, lu comme du JSON (les lignes de commentaire retirées) ; ValueError s'il est abîmé."""
    with open(chemin, encoding="utf-8") as f:
        lignes = [ligne for ligne in f if not ligne.startswith("#")]
    try:
        return json.loads("".join(lignes))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"référentiel illisible ligne {exc.lineno + len(EN_TETE.splitlines())} : il est produit, ne le modifiez pas à la main ; "
            "relancez « python -m generateur territoires »"
        ) from None


def _normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", sans_accents.lower()))


def _sigle(nom: str) -> str:
    """« CA d'Hénin-Carvin » → « cahc », « Métropole Européenne de Lille » → « mel »."""
    mots = _normaliser(nom).split()
    if not mots:
        return ""
    debut = mots[0] if mots[0] in ("ca", "cc", "cu") else mots[0][0]
    return debut + "".join(m[0] for m in mots[1:] if m not in _MOTS_VIDES)


_actif: "Territoires | None" = None
"""Le dernier référentiel chargé : les messages d'erreur du schéma y cherchent leurs suggestions."""


def suggerer(texte) -> str:
    """« ; vouliez-vous dire EPCI-246200299 (CA d'Hénin-Carvin) ? », ou rien."""
    if _actif is None or not isinstance(texte, str):
        return ""
    proches = _actif.proches(texte)
    if not proches:
        return ""
    return " ; vouliez-vous dire " + " ou ".join(f"{code} ({nom})" for code, nom in proches) + " ?"


class Territoires:
    def __init__(self, referentiel: ReferentielTerritoires, servis: Iterable[str]):
        """servis : les départements du site (mkdocs.yml, extra.departements)."""
        global _actif
        self._zones = {z.code: z for z in referentiel.zones}
        self.departements = sorted(servis)
        self._contenants: dict[str, frozenset[str]] = {}
        self._couverts: dict[tuple, frozenset[str]] = {}
        self._index: tuple | None = None
        _actif = self

    @property
    def zones(self) -> dict:
        """Code → zone du référentiel."""
        return self._zones

    def __contains__(self, code: str) -> bool:
        return code == FRANCE or code in self._zones

    def nom(self, code: str) -> str:
        if code == FRANCE:
            return "France entière"
        zone = self._zones.get(code)
        return zone.nom if zone else code

    def libelle(self, codes: list[str], exclusions: list[str]) -> str:
        """« Nord, Pas-de-Calais (sauf CA d'Hénin-Carvin) »."""
        texte = ", ".join(self.nom(c) for c in codes)
        if exclusions:
            texte += " (sauf " + ", ".join(self.nom(c) for c in exclusions) + ")"
        return texte

    def contenants(self, code: str) -> frozenset[str]:
        """Le code et tous ceux qui le contiennent : intercommunalité, département(s), région(s), France."""
        if code not in self._contenants:
            vus, a_voir = {code, FRANCE}, [code]
            while a_voir:
                zone = self._zones.get(a_voir.pop())
                for parent in ([zone.parent] if zone and zone.parent else []) + (zone.aussi_dans if zone else []):
                    if parent not in vus:
                        vus.add(parent)
                        a_voir.append(parent)
            self._contenants[code] = frozenset(vus)
        return self._contenants[code]

    def departements_de(self, code: str) -> set[str]:
        """Départements du site qu'un code touche : ceux qu'il contient, ou ceux où il se trouve."""
        if code == FRANCE or code.startswith("REG-"):
            return {d for d in self.departements if code in self.contenants(d)}
        return {c for c in self.contenants(code) if c in self.departements}

    def couvre(self, codes: list[str], exclusions: list[str], departement: str) -> bool:
        """Une aide couvre un département si l'un de ses territoires le touche
        et qu'aucune exclusion ne le retire en entier."""
        if any(self._englobe(e, departement) for e in exclusions):
            return False
        return any(departement in self.departements_de(c) for c in codes)

    def departements_couverts(self, codes: list[str], exclusions: list[str]) -> frozenset[str]:
        """Les départements du site qu'un territoire couvre (mémorisé : les mêmes codes reviennent dans des milliers de fiches)."""
        cle = (tuple(codes), tuple(exclusions))
        if cle not in self._couverts:
            self._couverts[cle] = frozenset(d for d in self.departements if self.couvre(codes, exclusions, d))
        return self._couverts[cle]

    def departements_de_session(self, aide: Aide, session: Session) -> set[str] | None:
        """Départements où vaut une session ; None si elle vaut partout où vaut l'aide."""
        if not session.territoires:
            return None
        touches = set().union(*(self.departements_de(c) for c in session.territoires))
        couverts = self.departements_couverts(aide.territoire.codes, aide.territoire.exclusions)
        return None if couverts and couverts <= touches else touches

    def session_du_lecteur(self, aide: Aide, departement: str | None = None) -> Callable[[Session], bool]:
        """Pour statut() : les sessions qui valent partout, plus celles du département du lecteur s'il l'a choisi."""

        def garder(session: Session) -> bool:
            touches = self.departements_de_session(aide, session)
            return touches is None or (departement is not None and departement in touches)

        return garder

    def _englobe(self, exclusion: str, departement: str) -> bool:
        return exclusion in self.contenants(departement)

    def proches(self, texte: str, nombre: int = 3) -> list[tuple[str, str]]:
        """Codes du référentiel proches d'un texte (nom, sigle ou code mal tapé), avec leur nom officiel."""
        texte = texte.strip()
        prefixe = next((p for p in _PREFIXES if texte.upper().startswith(p)), "")
        reste = texte[len(prefixe):]
        if prefixe in ("REG-", "DEP-") and len(reste) == 1:
            reste = "0" + reste
        codes = [c for c in self._zones if c.startswith(prefixe)] if prefixe else list(self._zones)
        if reste.isdigit() or re.fullmatch(r"2[AB]\d*", reste.upper()):
            # Un code mal tapé : un chiffre faux (deux pour un SIREN).
            voulu = prefixe + reste.upper()
            ecarts = {c: sum(a != b for a, b in zip(c, voulu)) for c in codes if len(c) == len(voulu)}
            permis = 1 if len(reste) <= 5 else 2
            trouves = sorted((c for c, e in ecarts.items() if e <= permis), key=lambda c: (ecarts[c], c))
            return [(c, self.nom(c)) for c in trouves[:nombre]]
        par_nom, par_sigle = self._index_des_noms()
        cle = _normaliser(reste)
        if not cle:
            return []
        # Nom exact, puis sigle, puis nom qui contient tous les mots, puis nom proche.
        trouves = list(par_nom.get(cle, [])) + list(par_sigle.get(cle.replace(" ", ""), []))
        if not trouves:
            mots = cle.split()
            trouves = [c for n, liste in par_nom.items() if all(m in n.split() for m in mots) for c in liste]
        if not trouves:
            trouves = [c for n in difflib.get_close_matches(cle, list(par_nom), n=nombre, cutoff=0.75) for c in par_nom[n]]
        if prefixe:
            trouves = [c for c in trouves if c.startswith(prefixe)] or trouves
        # Région, département, intercommunalité, commune : un nom de ville désigne souvent les deux derniers.
        ordre = {"REG-": 0, "DEP-": 1, "EPCI": 2, "COM-": 3}
        trouves = sorted(dict.fromkeys(trouves), key=lambda c: (ordre[c[:4]], c))
        return [(c, self.nom(c)) for c in trouves[:nombre]]

    def _index_des_noms(self) -> tuple[dict, dict]:
        if self._index is None:
            par_nom: dict[str, list[str]] = {}
            par_sigle: dict[str, list[str]] = {}
            for code, zone in self._zones.items():
                par_nom.setdefault(_normaliser(zone.nom), []).append(code)
                if code.startswith("EPCI-"):
                    par_sigle.setdefault(_sigle(zone.nom), []).append(code)
            self._index = (par_nom, par_sigle)
        return self._index
