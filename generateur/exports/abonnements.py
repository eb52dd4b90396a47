"""Flux Atom des nouveautés et calendriers iCalendar des dates limites, pour s'abonner sans compte.

Les dates viennent des fiches (date_ajout, derniere_verification, sessions), jamais
de l'horloge : les mêmes fiches donnent les mêmes fichiers, donc les lecteurs de flux
et les agendas ne voient pas de fausses nouveautés à chaque reconstruction.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

import icalendar

from generateur.lecture.catalogue import Catalogue
from generateur.regles.formats import echeance
from generateur.regles.statut import statut_general
from generateur.exports.format_national import ESPACE_UUID, FUSEAU, identifiant_national
from generateur.commun.adresses import slug
from schema import BESOINS, Aide, Session

FLUX = "nouveautes.xml"
CALENDRIER_COMPLET = "calendriers/toutes-les-aides.ics"
RAPPEL_JOURS = 7
ATOM = "http://www.w3.org/2005/Atom"


def chemin_calendrier_departement(nom: str) -> str:
    return f"calendriers/departements/{slug(nom)}.ics"


def chemin_calendrier_besoin(besoin: str) -> str:
    return f"calendriers/besoins/{besoin}.ics"


def _url(adresse: str, aide: Aide) -> str:
    return f"{adresse}aides/{aide.identifiant}/"


def _moment(jour: dt.date) -> str:
    return dt.datetime.combine(jour, dt.time(0), FUSEAU).isoformat()


# --- Flux Atom ----------------------------------------------------------------


def flux_atom(catalogue: Catalogue, adresse: str, jour: dt.date) -> str:
    """Une entrée par aide, datée de sa dernière vérification : les plus récentes d'abord."""
    aides = sorted(catalogue.aides.values(), key=lambda a: (a.derniere_verification, a.identifiant), reverse=True)
    ET.register_namespace("", ATOM)

    def sous(parent, nom, texte=None, **attributs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{nom}", attributs)
        if texte is not None:
            element.text = texte
        return element

    flux = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "fr"})
    sous(flux, "id", f"urn:uuid:{uuid.uuid5(ESPACE_UUID, 'nouveautes')}")
    sous(flux, "title", "Aides aux ESS : nouvelles aides et mises à jour")
    sous(flux, "subtitle", "Les aides publiques pour les structures de l'économie sociale et solidaire des Hauts-de-France, ajoutées ou vérifiées récemment.")
    sous(flux, "updated", _moment(max((a.derniere_verification for a in aides), default=dt.date(2026, 1, 1))))
    sous(flux, "link", rel="self", type="application/atom+xml", href=f"{adresse}donnees/{FLUX}")
    sous(flux, "link", rel="alternate", type="text/html", href=adresse)
    auteur = sous(flux, "author")
    sous(auteur, "name", "Aides aux ESS")
    sous(auteur, "uri", adresse)
    sous(flux, "rights", "Licence Ouverte 2.0 (Etalab)")
    for aide in aides:
        nouvelle = aide.date_ajout is not None and aide.date_ajout >= aide.derniere_verification
        entree = sous(flux, "entry")
        sous(entree, "id", f"urn:uuid:{identifiant_national(aide.identifiant)}")
        sous(entree, "title", f"{'Nouvelle aide' if nouvelle else 'Aide mise à jour'} : {aide.titre_complet}")
        sous(entree, "link", rel="alternate", type="text/html", href=_url(adresse, aide))
        sous(entree, "updated", _moment(aide.derniere_verification))
        if aide.date_ajout:
            sous(entree, "published", _moment(aide.date_ajout))
        sous(entree, "summary", aide.resume)
        s = statut_general(aide, jour, catalogue.territoires)
        sous(entree, "category", term=f"statut:{s.code}", label=f"{s.libelle} ({echeance(s)})")
        for besoin in aide.besoins:
            sous(entree, "category", term=besoin, label=BESOINS.libelle(besoin))
    ET.indent(flux)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(flux, encoding="unicode") + "\n"


# --- Calendriers iCalendar ---------------------------------------------------------


def echeances(catalogue: Catalogue, garder=lambda aide, session: True) -> list[tuple[Aide, Session]]:
    """Chaque date limite connue, avec son aide, dans l'ordre des dates ; jamais une date limite d'après la
    suspension ou la fin d'une aide (on ne peut plus y déposer)."""
    paires = [
        (aide, session)
        for aide in catalogue.aides.values()
        for session in aide.calendrier.sessions
        if session.date_limite and garder(aide, session) and not _apres_l_arret(aide, session)
    ]
    return sorted(paires, key=lambda p: (p[1].date_limite, p[0].identifiant, p[1].libelle or ""))


def _apres_l_arret(aide: Aide, session: Session) -> bool:
    situation, fermeture = aide.situation, aide.calendrier.fermeture
    if situation and situation.etat == "suspendue" and session.date_limite >= situation.depuis.debut:
        return True
    return bool(fermeture and fermeture.date and session.date_limite > fermeture.date)


def uid_echeance(aide: Aide, session: Session) -> str:
    cle = "|".join([aide.identifiant, session.date_limite.isoformat(), ",".join(sorted(session.territoires)), session.libelle or ""])
    return f"{uuid.uuid5(ESPACE_UUID, cle)}@aides-ess"


def _evenement(catalogue: Catalogue, aide: Aide, session: Session, adresse: str) -> icalendar.Event:
    url = _url(adresse, aide)
    titre = f"Date limite : {aide.titre_complet}" + (f" – {session.libelle}" if session.libelle else "")
    details = [aide.resume]
    if session.territoires:
        details.append("Pour : " + ", ".join(catalogue.territoires.nom(c) for c in session.territoires) + ".")
    if session.ouverture:
        details.append(f"Ouverture : {session.ouverture.strftime('%d/%m/%Y')}.")
    details.append(f"Tout savoir et déposer votre demande : {url}")
    evenement = icalendar.Event()
    evenement.add("uid", uid_echeance(aide, session))
    evenement.add("dtstamp", dt.datetime.combine(aide.derniere_verification, dt.time(0), dt.timezone.utc))
    evenement.add("dtstart", session.date_limite)
    evenement.add("dtend", session.date_limite + dt.timedelta(days=1))
    evenement.add("summary", titre)
    evenement.add("description", "\n\n".join(details))
    evenement.add("url", url)
    evenement.add("transp", "TRANSPARENT")
    rappel = icalendar.Alarm()
    rappel.add("action", "DISPLAY")
    rappel.add("trigger", -dt.timedelta(days=RAPPEL_JOURS))
    rappel.add("description", f"Dans {RAPPEL_JOURS} jours : {titre}")
    evenement.add_component(rappel)
    return evenement


def calendrier(catalogue: Catalogue, nom: str, description: str, paires, adresse: str, deja: dict[str, str] | None = None) -> str:
    """deja : événements déjà mis en forme (par uid), partagés entre les calendriers d'une construction."""
    deja = {} if deja is None else deja
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Aides aux ESS//Dates limites//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", nom)
    cal.add("x-wr-calname", nom)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    # Une échéance figure dans jusqu'à 21 calendriers : chaque événement n'est mis en forme qu'une fois.
    evenements = []
    for aide, session in paires:
        uid = uid_echeance(aide, session)
        if uid not in deja:
            deja[uid] = _evenement(catalogue, aide, session, adresse).to_ical().decode("utf-8")
        evenements.append(deja[uid])
    entete, fin = cal.to_ical().decode("utf-8").rsplit("END:VCALENDAR", 1)
    return f"{entete}{''.join(evenements)}END:VCALENDAR{fin}"


def fichiers(catalogue: Catalogue, adresse: str, jour: dt.date) -> dict[str, str]:
    """Flux et calendriers, par chemin relatif à /donnees/."""
    territoires = catalogue.territoires
    deja: dict[str, str] = {}
    sortie = {
        FLUX: flux_atom(catalogue, adresse, jour),
        CALENDRIER_COMPLET: calendrier(
            catalogue, "Aides aux ESS : toutes les dates limites",
            "Les dates limites de dépôt des aides aux structures de l'ESS des Hauts-de-France.",
            echeances(catalogue), adresse, deja,
        ),
    }
    for departement in territoires.departements:
        nom = territoires.nom(departement)

        def dans_departement(aide, session, departement=departement):
            if not territoires.couvre(aide.territoire.codes, aide.territoire.exclusions, departement):
                return False
            return not session.territoires or any(departement in territoires.departements_de(c) for c in session.territoires)

        sortie[chemin_calendrier_departement(nom)] = calendrier(
            catalogue, f"Aides aux ESS : dates limites ({nom})",
            f"Les dates limites de dépôt des aides ouvertes aux structures de l'ESS de ce département : {nom}.",
            echeances(catalogue, dans_departement), adresse, deja,
        )
    for besoin in BESOINS:
        sortie[chemin_calendrier_besoin(besoin.valeur)] = calendrier(
            catalogue, f"Aides aux ESS : dates limites ({besoin.libelle})",
            f"Les dates limites de dépôt des aides aux structures de l'ESS pour ce besoin : {besoin.definition}",
            echeances(catalogue, lambda aide, session, b=besoin.valeur: b in aide.besoins), adresse, deja,
        )
    return sortie
