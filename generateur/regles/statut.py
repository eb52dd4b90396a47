"""Statut d'une aide à une date donnée. Fonction pure : la date est un paramètre.

Une copie de ces règles tourne dans le navigateur (docs/assets/trouver.js) pour
que le site reste juste sans être reconstruit ; les tests vérifient qu'elles concordent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Optional

from schema import Aide, Session

DELAI_BIENTOT_CLOSE = 30
"""Nombre de jours avant la date limite où une aide devient « bientôt close »."""

STATUTS = {
    # code: (libellé, explication, rang d'affichage)
    "bientot-close": ("Bientôt close", "La date limite tombe dans les 30 jours.", 0),
    "ouverte": ("Ouverte", "Vous pouvez déposer une demande maintenant.", 1),
    "permanente": ("Permanente", "Vous pouvez demander cette aide toute l'année.", 2),
    "a-venir": ("À venir", "La prochaine période de dépôt n'est pas encore ouverte.", 3),
    "annuelle": ("Chaque année", "L'appel revient chaque année ; la date de la prochaine session n'est pas encore connue.", 4),
    "close": ("Close", "On ne peut plus demander cette aide.", 5),
}


@dataclass(frozen=True)
class Statut:
    code: str
    date_limite: Optional[dt.date] = None
    ouverture: Optional[dt.date] = None
    depuis: Optional[dt.date] = None

    @property
    def libelle(self) -> str:
        return STATUTS[self.code][0]

    @property
    def explication(self) -> str:
        return STATUTS[self.code][1]

    @property
    def rang(self) -> int:
        return STATUTS[self.code][2]

    @property
    def est_close(self) -> bool:
        return self.code == "close"

    def cle_de_tri(self) -> tuple:
        return (self.rang, self.date_limite or self.ouverture or dt.date.max)


def statut(aide: Aide, jour: dt.date, garder_session: Callable[[Session], bool] | None = None) -> Statut:
    """Statut de l'aide le jour donné.

    garder_session filtre les sessions (par exemple celles d'un département).
    """
    calendrier = aide.calendrier
    fermeture = calendrier.fermeture.date if calendrier.fermeture else None
    if calendrier.fermeture and (fermeture is None or fermeture < jour):
        return Statut("close", depuis=fermeture)

    sessions = [s for s in calendrier.sessions if garder_session is None or garder_session(s)]
    ouvertes = [s for s in sessions if (s.ouverture is None or s.ouverture <= jour) and (s.date_limite is None or s.date_limite >= jour)]
    if ouvertes:
        limites = [s.date_limite for s in ouvertes if s.date_limite]
        return _ouverte(min(limites) if limites else fermeture, jour)

    futures = [s.ouverture for s in sessions if s.ouverture and s.ouverture > jour]
    if futures:
        prochaine = min(futures)
        limite = min((s.date_limite for s in sessions if s.ouverture == prochaine and s.date_limite), default=None)
        return Statut("a-venir", date_limite=limite, ouverture=prochaine)

    if calendrier.recurrence == "permanente":
        ouverte = _ouverte(fermeture, jour)
        return Statut("permanente", date_limite=fermeture) if ouverte.code == "ouverte" else ouverte
    if calendrier.recurrence == "annuelle":
        return Statut("annuelle")
    if sessions:
        derniere = max(s.date_limite or s.ouverture for s in sessions)
        return Statut("close", depuis=derniere)
    return _ouverte(fermeture, jour)


def _ouverte(limite: Optional[dt.date], jour: dt.date) -> Statut:
    if limite and (limite - jour).days <= DELAI_BIENTOT_CLOSE:
        return Statut("bientot-close", date_limite=limite)
    return Statut("ouverte", date_limite=limite)
