"""Statut d'une aide à une date donnée. Fonction pure : la date est un paramètre.

Les règles sont écrites une fois, dans REGLES : la page « À propos et méthode » et CONTRIBUTING.md
les recopient telles quelles. Une copie du calcul tourne dans le navigateur (docs/assets/trouver.js)
pour que le site reste juste sans être reconstruit ; les tests vérifient qu'elles concordent.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Callable, Optional

from schema import Aide, Session

REGLES = """\
Le statut d'une aide se calcule chaque jour, dans cet ordre :

1. **Close** : sa date de fin est passée, ou elle a pris fin à une date inconnue.
2. **Suspendue** : une source datée dit qu'elle ne prend plus de nouvelles demandes pour le moment.
3. **Ouverte** : une période de dépôt est en cours ; **bientôt close** à 30 jours ou moins de la date
   limite. Quand seule la date limite est connue, l'aide ne compte comme ouverte que dans les
   60 jours qui la précèdent ; avant, elle est « à venir ».
4. **À venir** : la prochaine période de dépôt est connue et n'a pas commencé. Une aide ponctuelle
   dont toutes les périodes sont passées est close.
5. **À confirmer** : les sources ne disent pas si l'aide fonctionne encore ou si un appel est ouvert ;
   ou bien la source la plus récente qui le dit a plus de 18 mois (« informations de mars 2019 »).
6. **Permanente** (on peut la demander toute l'année) ou **chaque année** (l'appel revient, la date
   du prochain n'est pas connue) : seulement quand une source datée de moins de 18 mois le montre.
   Une aide ponctuelle n'est jamais « ouverte » sans période de dépôt ouverte.

Les périodes propres à un département ne comptent que pour ce département : sans département
choisi, la page les montre à part (« Dans le Nord : date limite le 1er mars 2026 »).
"""

DELAI_BIENTOT_CLOSE = 30
"""Nombre de jours avant la date limite où une aide devient « bientôt close »."""
DELAI_SANS_OUVERTURE = 60
"""Une session dont on ne connaît que la date limite compte comme ouverte dans les 60 jours qui la précèdent."""
MOIS_DE_VALIDITE = 18
"""Au-delà de 18 mois, la source qui dit qu'une aide fonctionne ne suffit plus : elle est « à confirmer »."""

STATUTS = {
    # code: (libellé, explication, rang d'affichage)
    "bientot-close": ("Bientôt close", "La date limite tombe dans les 30 jours.", 0),
    "ouverte": ("Ouverte", "Une période de dépôt est en cours.", 1),
    "permanente": ("Permanente", "On peut la demander toute l'année ; une source récente le confirme.", 2),
    "a-venir": ("À venir", "La prochaine période de dépôt n'est pas encore ouverte.", 3),
    "annuelle": ("Chaque année", "L'appel revient chaque année ; la date de la prochaine session n'est pas encore connue.", 4),
    "a-confirmer": ("À confirmer", "Les sources ne disent pas si l'aide est ouverte en ce moment : renseignez-vous avant de monter un dossier.", 5),
    "suspendue": ("Suspendue", "L'aide existe, mais ne prend pas de nouvelles demandes pour le moment.", 6),
    "close": ("Close", "On ne peut plus demander cette aide.", 7),
}
DEMANDABLES = ("ouverte", "bientot-close", "permanente")
"""Les statuts où l'on peut déposer une demande le jour même."""


@dataclass(frozen=True)
class Statut:
    code: str
    date_limite: Optional[dt.date] = None
    ouverture: Optional[dt.date] = None
    depuis: Optional[dt.date] = None
    informations_du: Optional[dt.date] = None
    """Pour une aide « à confirmer » parce que sa source est ancienne : la date de cette source."""

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

    @property
    def demandable(self) -> bool:
        return self.code in DEMANDABLES

    def cle_de_tri(self) -> tuple:
        return (self.rang, self.date_limite or self.ouverture or dt.date.max)


def ajouter_mois(jour: dt.date, mois: int) -> dt.date:
    """Le même jour, tant de mois plus tard (le dernier jour du mois s'il n'existe pas : 31 août + 6 mois = 28 ou 29 février)."""
    rang = jour.year * 12 + jour.month - 1 + mois
    annee, mois_cible = divmod(rang, 12)
    return dt.date(annee, mois_cible + 1, min(jour.day, calendar.monthrange(annee, mois_cible + 1)[1]))


def debut_de_session(session: Session) -> Optional[dt.date]:
    """Premier jour où la session compte comme ouverte (règle 3)."""
    if session.ouverture:
        return session.ouverture
    return session.date_limite - dt.timedelta(days=DELAI_SANS_OUVERTURE) if session.date_limite else None


def date_d_appui(aide: Aide) -> Optional[dt.date]:
    """Date de la source qui montre la situation de l'aide (sa date affichée, sinon le jour où on l'a lue)."""
    if not aide.situation or not aide.situation.source:
        return None
    source = next((s for s in aide.sources if s.url == aide.situation.source), None)
    return source.date_appui if source else None


def statut(aide: Aide, jour: dt.date, session_du_lecteur: Callable[[Session], bool] | None = None) -> Statut:
    """Statut de l'aide le jour donné.

    session_du_lecteur dit si une session compte pour le lecteur (trouver.sessions_du_lecteur) ;
    par défaut, celles qui ne sont réservées à aucun territoire.
    """
    calendrier, situation = aide.calendrier, aide.situation
    sessions = calendrier.sessions
    fermeture = calendrier.fermeture.date if calendrier.fermeture else None
    if calendrier.fermeture and (fermeture is None or fermeture < jour):
        return Statut("close", depuis=fermeture or _derniere_date(sessions))
    if situation and situation.etat == "suspendue":
        return Statut("suspendue", depuis=situation.depuis.debut)

    garder = session_du_lecteur or (lambda s: not s.territoires)
    siennes = [s for s in sessions if garder(s)]
    ouvertes = [s for s in siennes if debut_de_session(s) <= jour and (s.date_limite is None or s.date_limite >= jour)]
    if ouvertes:
        limites = [s.date_limite for s in ouvertes if s.date_limite]
        return _ouverte(min(limites) if limites else fermeture, jour)
    futures = [s for s in siennes if debut_de_session(s) > jour]
    if futures:
        prochaine = min(futures, key=lambda s: (debut_de_session(s), s.date_limite or dt.date.max))
        return Statut("a-venir", date_limite=prochaine.date_limite, ouverture=prochaine.ouverture)

    if calendrier.recurrence == "ponctuelle" and sessions and all((s.date_limite or s.ouverture) < jour for s in sessions):
        return Statut("close", depuis=_derniere_date(sessions))
    if situation and situation.etat == "a-confirmer":
        return Statut("a-confirmer")
    appui = date_d_appui(aide)
    if appui is None or ajouter_mois(appui, MOIS_DE_VALIDITE) < jour:
        return Statut("a-confirmer", informations_du=appui)

    if calendrier.recurrence == "permanente":
        ouverte = _ouverte(fermeture, jour)
        return Statut("permanente", date_limite=fermeture) if ouverte.code == "ouverte" else ouverte
    if calendrier.recurrence == "annuelle":
        return Statut("annuelle")
    return Statut("a-confirmer")


def statut_general(aide: Aide, jour: dt.date, territoires) -> Statut:
    """Le statut pour un lecteur qui n'a pas choisi de département : celui des pages, des guides et des exports."""
    return statut(aide, jour, territoires.session_du_lecteur(aide))


def _derniere_date(sessions: list[Session]) -> Optional[dt.date]:
    return max((s.date_limite or s.ouverture for s in sessions), default=None)


def _ouverte(limite: Optional[dt.date], jour: dt.date) -> Statut:
    if limite and (limite - jour).days <= DELAI_BIENTOT_CLOSE:
        return Statut("bientot-close", date_limite=limite)
    return Statut("ouverte", date_limite=limite)
