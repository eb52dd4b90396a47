"""Noms des territoires et règle d'appartenance d'une aide à un département."""

from __future__ import annotations

from typing import Callable

from schema import Aide, ReferentielTerritoires, Session

FRANCE = "FR"


class Territoires:
    def __init__(self, referentiel: ReferentielTerritoires):
        self._zones = {z.code: z for z in referentiel.zones}
        self._couverts: dict[tuple, frozenset[str]] = {}

    def __contains__(self, code: str) -> bool:
        return code == FRANCE or code in self._zones

    def nom(self, code: str) -> str:
        if code == FRANCE:
            return "France entière"
        zone = self._zones.get(code)
        return zone.nom if zone else code

    def libelle(self, codes: list[str], exclusions: list[str]) -> str:
        """« Nord, Pas-de-Calais (sauf Communauté d'agglomération Hénin-Carvin) »."""
        texte = ", ".join(self.nom(c) for c in codes)
        if exclusions:
            texte += " (sauf " + ", ".join(self.nom(c) for c in exclusions) + ")"
        return texte

    @property
    def departements(self) -> list[str]:
        return sorted(c for c in self._zones if c.startswith("DEP-"))

    def ancetres(self, code: str) -> list[str]:
        """Le code, puis ceux qui le contiennent, jusqu'à la France."""
        chaine = [code]
        while (zone := self._zones.get(chaine[-1])) and zone.parent and zone.parent not in chaine:
            chaine.append(zone.parent)
        if chaine[-1] != FRANCE:
            chaine.append(FRANCE)
        return chaine

    def departements_de(self, code: str) -> set[str]:
        """Départements qu'un code touche : tous ceux qu'il contient, ou celui où il se trouve."""
        if code.startswith("DEP-"):
            return {code}
        if code in (FRANCE,) or code.startswith("REG-"):
            return {d for d in self.departements if code in self.ancetres(d)}
        return {c for c in self.ancetres(code) if c.startswith("DEP-")}

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
        return exclusion == departement or exclusion in self.ancetres(departement)
