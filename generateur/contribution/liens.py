"""Vérification des liens externes des fiches : `python -m generateur liens`.

Chaque adresse est demandée une fois (HEAD, puis GET si le serveur refuse HEAD ou
répond mal), avec un délai et plusieurs essais ; les redirections sont suivies à la
main pour pouvoir les signaler. Une adresse locale ou privée (127.0.0.1, 10.…, ::1, ou un nom qui
y mène) n'est jamais demandée : la vérification tourne sur une machine de GitHub, dont le réseau
intérieur ne regarde pas les fiches. Les tests de ce module l'autorisent (AIDES_LIENS_LOCAUX=oui).
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from generateur.lecture.catalogue import DOSSIER_ORGANISATIONS, Catalogue
from generateur.lecture.erreurs import ligne_affichable, visible
from schema import LIENS_LOCAUX

AGENT = "aides-ess-verification-des-liens/1.0"
REDIRECTIONS_MAX = 5
CODES_A_REESSAYER_EN_GET = {400, 403, 404, 405, 406, 429, 501}
"""Des serveurs répondent mal à HEAD alors que la page existe : on redemande en GET."""

OK, REDIRIGE, CASSE, NON_DEMANDE = "ok", "redirigé", "cassé", "non demandé"


@dataclass(frozen=True)
class Resultat:
    url: str
    etat: str
    message: str = ""
    destination: str | None = None


class _SansRedirection(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_ouvreur = urllib.request.build_opener(_SansRedirection)


def liens_du_catalogue(catalogue: Catalogue) -> dict[str, list[tuple[str, str]]]:
    """Fichier → [(champ, adresse)] pour toutes les adresses web des fiches et des organisations."""
    liens: dict[str, list[tuple[str, str]]] = {}
    for identifiant, aide in sorted(catalogue.aides.items()):
        trouves = [(f"sources[{i}].url", s.url) for i, s in enumerate(aide.sources)]
        for champ in ("lien_candidature", "lien_information"):
            if getattr(aide.demarche, champ):
                trouves.append((f"demarche.{champ}", getattr(aide.demarche, champ)))
        trouves += [(f"contacts[{i}].site", c.site) for i, c in enumerate(aide.contacts) if c.site]
        liens[catalogue.fichiers.get(identifiant, f"aides/{identifiant}.yaml")] = trouves
    for identifiant, organisation in sorted(catalogue.organisations.items()):
        trouves = [("site", organisation.site)] if organisation.site else []
        if organisation.coordonnees and organisation.coordonnees.site:
            trouves.append(("coordonnees.site", organisation.coordonnees.site))
        if trouves:
            liens[f"{DOSSIER_ORGANISATIONS}/{identifiant}.yaml"] = trouves
    return {fichier: [(c, u) for c, u in trouves if urlsplit(u).scheme in ("http", "https")] for fichier, trouves in liens.items()}


def _demander(url: str, methode: str, delai: float) -> tuple[int | None, str | None, str]:
    """(code HTTP, adresse de redirection, explication d'un échec réseau)."""
    requete = urllib.request.Request(url, method=methode, headers={"User-Agent": AGENT, "Accept": "*/*"})
    try:
        with _ouvreur.open(requete, timeout=delai) as reponse:
            if methode == "GET":
                reponse.read(1024)
            return reponse.status, None, ""
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers.get("Location"), ""
    except urllib.error.URLError as exc:
        raison = exc.reason
        if isinstance(raison, (socket.timeout, TimeoutError)):
            return None, None, f"pas de réponse en {delai:g} s"
        if isinstance(raison, socket.gaierror):
            return None, None, "site introuvable (nom de domaine inconnu)"
        if isinstance(raison, ssl.SSLError):
            return None, None, "certificat de sécurité invalide"
        if isinstance(raison, ConnectionRefusedError):
            return None, None, "connexion refusée"
        return None, None, f"erreur réseau ({raison})"
    except (socket.timeout, TimeoutError):
        return None, None, f"pas de réponse en {delai:g} s"
    except (OSError, ValueError) as exc:
        return None, None, f"erreur réseau ({exc})"


LOCALE = "adresse locale ou privée : jamais demandée"


def _locale(url: str) -> bool:
    """Vrai si le site est la machine elle-même ou un réseau privé, par son adresse ou par ce que donne son nom."""
    if os.environ.get(LIENS_LOCAUX) == "oui":
        return False
    hote = (urlsplit(url).hostname or "").rstrip(".")
    if hote == "localhost" or hote.endswith(".localhost"):
        return True
    try:
        adresses = {info[4][0] for info in socket.getaddrinfo(hote, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return False  # nom inconnu : la requête dira « site introuvable »
    return any(not ipaddress.ip_address(a.split("%")[0]).is_global for a in adresses)


def _une_adresse(url: str, delai: float) -> tuple[int | None, str | None, str]:
    if _locale(url):
        return None, None, LOCALE
    code, destination, erreur = _demander(url, "HEAD", delai)
    if code is None and "pas de réponse" in erreur:
        return code, destination, erreur
    if code is None or code in CODES_A_REESSAYER_EN_GET or code >= 500:
        return _demander(url, "GET", delai)
    return code, destination, erreur


def _explication(code: int) -> str:
    if code == 404:
        return "page introuvable (404)"
    if code == 410:
        return "page supprimée (410)"
    if code in (401, 403):
        return f"accès refusé ({code})"
    if code >= 500:
        return f"erreur du serveur ({code})"
    return f"réponse inattendue ({code})"


def verifier_url(url: str, delai: float = 15, essais: int = 2, pause: float = 1.0) -> Resultat:
    """Suit les redirections ; réessaie les pannes passagères (délai dépassé, erreur 5xx)."""
    for essai in range(max(1, essais)):
        resultat, passagere = _verifier_une_fois(url, delai)
        if not passagere:
            return resultat
        if essai + 1 < essais:
            time.sleep(pause * (essai + 1))
    return resultat


def _verifier_une_fois(url: str, delai: float) -> tuple[Resultat, bool]:
    courante, premier_code = url, None
    for _ in range(REDIRECTIONS_MAX + 1):
        code, destination, erreur = _une_adresse(courante, delai)
        if erreur == LOCALE and courante == url:
            return Resultat(url, NON_DEMANDE, LOCALE), False
        if code is None:
            prefixe = f"redirigé vers {courante}, puis " if courante != url else ""
            return Resultat(url, CASSE, prefixe + erreur), erreur != LOCALE
        if 300 <= code < 400 and destination:
            premier_code = premier_code or code
            courante = urljoin(courante, destination)
            continue
        if code >= 400:
            prefixe = f"redirigé vers {courante}, qui répond : " if courante != url else ""
            return Resultat(url, CASSE, prefixe + _explication(code)), code >= 500 or code == 429
        if courante != url:
            genre = "définitivement" if premier_code in (301, 308) else "temporairement"
            return Resultat(url, REDIRIGE, f"redirigé {genre} ({premier_code}) : remplacez par la nouvelle adresse", courante), False
        return Resultat(url, OK), False
    return Resultat(url, CASSE, f"plus de {REDIRECTIONS_MAX} redirections à la suite"), False


def verifier_liens(
    liens: dict[str, list[tuple[str, str]]], delai: float = 15, essais: int = 2, paralleles: int = 16, pause: float = 1.0
) -> dict[str, Resultat]:
    """Vérifie chaque adresse une seule fois, plusieurs à la fois ; renvoie adresse → résultat."""
    adresses = sorted({url for trouves in liens.values() for _, url in trouves})
    with ThreadPoolExecutor(max_workers=max(1, paralleles)) as groupe:
        resultats = groupe.map(lambda u: verifier_url(u, delai, essais, pause), adresses)
        return dict(zip(adresses, resultats))


def afficher_rapport(liens: dict[str, list[tuple[str, str]]], resultats: dict[str, Resultat], flux) -> int:
    """Écrit le rapport par fichier, et dans une action GitHub, le recopie dans le résumé du job ; renvoie 1 s'il
    y a des liens cassés. Adresses et messages viennent des fiches et des serveurs : montrés sans effet."""
    lignes = []
    casses = rediriges = non_demandes = 0
    for fichier, trouves in liens.items():
        problemes = [(champ, resultats[url]) for champ, url in trouves if resultats[url].etat != OK]
        if not problemes:
            continue
        lignes += ["", ligne_affichable(fichier)]
        for champ, resultat in problemes:
            debut = f"{visible(champ)} : {visible(resultat.url)} : {visible(resultat.message)}"
            if resultat.etat == CASSE:
                casses += 1
                lignes.append(f"  ✗ {debut}")
            elif resultat.etat == NON_DEMANDE:
                non_demandes += 1
                lignes.append(f"  ⚠ {debut}")
            else:
                rediriges += 1
                lignes.append(f"  → {debut} : {visible(resultat.destination or '')}")
    total = sum(len(t) for t in liens.values())
    lignes += ["", (
        f"{total} lien{'s' if total > 1 else ''} vérifié{'s' if total > 1 else ''} "
        f"({len(resultats)} adresse{'s' if len(resultats) > 1 else ''} différente{'s' if len(resultats) > 1 else ''}) : "
        f"{casses} cassé{'s' if casses > 1 else ''}, {rediriges} redirigé{'s' if rediriges > 1 else ''}"
        + (f", {non_demandes} non demandé{'s' if non_demandes > 1 else ''} (adresse locale ou privée)" if non_demandes else "")
        + "."
    )]
    rapport = "\n".join(lignes) + "\n"
    flux.write(rapport)
    resume = os.environ.get("GITHUB_STEP_SUMMARY")
    if os.environ.get("GITHUB_ACTIONS") == "true" and resume:
        with open(resume, "a", encoding="utf-8") as f:
            f.write(bloc_de_code(rapport))
    return 1 if casses else 0


def bloc_de_code(texte: str) -> str:
    """Le texte en bloc de code Markdown, montré tel quel (HTML compris) : sa clôture est plus longue que toute
    suite d'accents graves du texte, qui ne peut donc pas la fermer (CommonMark, « fenced code blocks »)."""
    cloture = "`" * max(3, 1 + max(map(len, re.findall(r"`+", texte)), default=0))
    texte = texte.rstrip("\n")
    return f"{cloture}\n{texte}\n{cloture}\n"
