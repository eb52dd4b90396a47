"""Lecture sûre des fichiers YAML, avec la position de chaque champ.

On refuse avant tout chargement ce qui peut nuire : liens symboliques et fichiers spéciaux
(« /dev/stdin » ferait attendre la lecture sans fin), fichiers trop gros, ancres et alias
(une poignée d'octets peut se déplier en gigaoctets), étiquettes (« !!python/object »),
clés en double (PyYAML garderait la dernière sans rien dire).

Les valeurs sans guillemets sont lues selon le schéma « core » de YAML 1.2, sans les conversions
de YAML 1.1 que fait PyYAML : `true`/`false`, `null`, entiers et nombres décimaux, le reste en
texte. Les formes que YAML 1.1 convertirait autrement (`015000` en octal, `1:30` en 90,
`off` en false, `1_000`, `0x1F`) sont refusées avec un message : le même fichier lu par un
autre outil donnerait une autre valeur, seul le contributeur sait ce qu'il voulait dire.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from generateur.lecture.erreurs import FORMATS_INVISIBLES, Erreur

TAILLE_MAX = 64 * 1024
"""Une fiche fait quelques kilo-octets ; au-delà, c'est une erreur ou une attaque."""

Position = tuple[int, int]
Chemin = tuple


class _Chargeur(yaml.CSafeLoader):
    """libyaml pour l'analyse ; les valeurs sont résolues ici (voir _scalaire), pas par PyYAML."""



_INVISIBLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{FORMATS_INVISIBLES}\ufffe\uffff\ud800-\udfff]")
"""Caractères que YAML refuse, ou qui se cachent dans un texte (un forçage bidi retourne un titre à l'écran, une
espace de largeur nulle coupe un mot pour la recherche) : signalés avec leur ligne et leur colonne.
U+0085, U+2028 et U+2029 sont des fins de ligne pour libyaml mais pas pour les éditeurs : les numéros de ligne
divergeraient ; un « \\r » seul aussi (voir analyser)."""


import errno as _errno

_FRANCAIS_OS = {
    _errno.ENOENT: "fichier introuvable",
    _errno.EACCES: "permission refusée",
    _errno.EISDIR: "c'est un dossier",
    _errno.ELOOP: "lien symbolique refusé",
}


class ErreurDeChargement(Exception):
    def __init__(self, erreur: Erreur):
        self.erreur = erreur
        super().__init__(str(erreur))


def _position(marque) -> Position:
    return (marque.line + 1, marque.column + 1)


def charger(chemin: Path, nom_affiche: str | None = None) -> tuple[dict, dict[Chemin, Position]]:
    """Lit un fichier YAML et renvoie (données, positions des champs).

    Lève ErreurDeChargement avec un message en français en cas de problème.
    """
    nom = nom_affiche or str(chemin)

    def erreur(message: str, ligne: int = 1, colonne: int = 1) -> ErreurDeChargement:
        return ErreurDeChargement(Erreur(nom, ligne, colonne, "", message))

    try:
        # Sans suivre de lien symbolique, et sans attendre : un tube ou « /dev/stdin » bloquerait la lecture.
        descripteur = os.open(chemin, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if os.path.islink(chemin):
            raise erreur("lien symbolique refusé : remplacez-le par le fichier lui-même") from None
        raise erreur(f"fichier illisible ({_FRANCAIS_OS.get(exc.errno, exc.strerror)})") from None
    with os.fdopen(descripteur, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise erreur("ce n'est pas un fichier ordinaire (tube, périphérique ou dossier) : une fiche est un fichier texte")
        brut = f.read(TAILLE_MAX + 1)
    if len(brut) > TAILLE_MAX:
        raise erreur(f"fichier trop gros : plus de {TAILLE_MAX // 1024} Kio (une fiche fait quelques Kio)")
    return analyser(brut, nom)


def analyser(brut: bytes, nom: str) -> tuple[dict, dict[Chemin, Position]]:
    def erreur(message: str, ligne: int = 1, colonne: int = 1) -> ErreurDeChargement:
        return ErreurDeChargement(Erreur(nom, ligne, colonne, "", message))

    if brut.startswith(b"\xef\xbb\xbf"):
        raise erreur("le fichier commence par une marque d'ordre des octets (BOM) : enregistrez-le en « UTF-8 » sans BOM")
    try:
        texte = brut.decode("utf-8")
    except UnicodeDecodeError as exc:
        ligne = brut[: exc.start].count(b"\n") + 1
        colonne = exc.start - (brut.rfind(b"\n", 0, exc.start) + 1) + 1
        raise erreur(
            f"octet {brut[exc.start]:#04x} invalide : le fichier n'est pas en UTF-8 (enregistrez-le en « UTF-8 »)",
            ligne,
            colonne,
        ) from None
    if not texte.strip() or all(l.lstrip().startswith("#") or not l.strip() for l in texte.splitlines()):
        raise erreur("fichier vide : une fiche doit contenir des champs « clé: valeur »")
    # split("\n") et non splitlines() : celle-ci couperait aussi sur \x0b, \x0c, \x1c… et décalerait les lignes.
    for numero, ligne in enumerate(texte.split("\n"), start=1):
        ligne = ligne.removesuffix("\r")
        debut = ligne[: len(ligne) - len(ligne.lstrip())]
        if "\t" in debut:
            raise erreur("tabulation en début de ligne : en YAML, indentez avec des espaces", numero, debut.index("\t") + 1)
        invisible = _INVISIBLE.search(ligne)
        if invisible:
            # libyaml le refuserait en anglais, à la ligne 1 : on le dit ici, à sa vraie place.
            raise erreur(f"caractère de contrôle invisible interdit (U+{ord(invisible.group()):04X}) : supprimez-le", numero, invisible.start() + 1)
        if "\r" in ligne:
            raise erreur("retour chariot « \\r » seul au milieu d'une ligne : enregistrez le fichier avec des fins de ligne LF ou CRLF", numero, ligne.index("\r") + 1)

    try:
        donnees, positions = _construire(yaml.parse(texte, Loader=_Chargeur), nom)
    except yaml.MarkedYAMLError as exc:
        marque = exc.problem_mark or exc.context_mark
        ligne, colonne = _position(marque) if marque else (1, 1)
        raise erreur(f"erreur de syntaxe YAML : {_traduire_yaml(exc)}", ligne, colonne) from None
    except yaml.YAMLError:
        raise erreur(f"erreur de syntaxe YAML : {_PAR_DEFAUT_YAML}") from None

    if not isinstance(donnees, dict):
        ligne, colonne = positions.get((), (1, 1))
        raise erreur("le fichier doit contenir des champs « clé: valeur », pas une liste ni un texte seul", ligne, colonne)
    return donnees, positions


# Schéma « core » de YAML 1.2 (https://yaml.org/spec/1.2.2/#1032-tag-resolution), sans octal ni hexadécimal.
_NUL = re.compile(r"~|null|Null|NULL|")
_BOOLEENS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_ENTIER = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)")
_SPECIAL = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")

_DEBUTS_NON_TEXTE = frozenset("0123456789+-.~nNtTfFyYoO")
"""Premiers caractères possibles d'une valeur qui n'est pas un texte (ou qui est ambiguë) ; les autres vont vite."""

_AMBIGUS = [
    (re.compile(r"[-+]?0[0-9]+"), "commence par 0, et YAML 1.1 la lit en octal (« 010 » y devient 8) : écrivez {sans_zero}, "
     "ou mettez-la entre guillemets si c'est un texte"),
    (re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"), "serait lue par YAML 1.1 comme une durée en base 60 "
     "(« 1:30 » y devient 90) : écrivez le nombre, ou mettez-la entre guillemets si c'est un texte"),
    # Les exposants aussi : YAML 1.1 (et PyYAML qui écrit les brouillons) y voit un texte, YAML 1.2 un nombre.
    (re.compile(r"[-+]?(0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?|(\.[0-9]+|[0-9]+(\.[0-9]*)?)[eE][-+]?[0-9]+)"),
     "est un nombre écrit à la manière d'un programme : écrivez-le en chiffres simples (sans « _ », « 0x » ni « e »), "
     "ou entre guillemets si c'est un texte"),
    (re.compile(r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"), "veut dire true ou false pour certains "
     "outils YAML et un texte pour d'autres : écrivez true ou false, ou mettez-la entre guillemets si c'est un texte"),
]


def _scalaire(evenement: yaml.ScalarEvent) -> object:
    """Valeur d'un scalaire. Lève ValueError (message en français) pour une valeur ambiguë."""
    valeur = evenement.value
    if not evenement.implicit[0] or (valeur and valeur[0] not in _DEBUTS_NON_TEXTE):
        return valeur  # entre guillemets, bloc « | », ou un mot qui ne peut être ni nombre, ni booléen, ni null
    if _NUL.fullmatch(valeur):
        return None
    if valeur in _BOOLEENS:
        return _BOOLEENS[valeur]
    if _ENTIER.fullmatch(valeur):
        return int(valeur)
    for motif, message in _AMBIGUS:
        if motif.fullmatch(valeur):
            signe, chiffres = (valeur[0], valeur[1:]) if valeur[0] in "+-" else ("", valeur)
            raise ValueError(f"la valeur « {valeur} » " + message.format(sans_zero=signe + (chiffres.lstrip("0") or "0")))
    if _DECIMAL.fullmatch(valeur):
        return float(valeur)
    if _SPECIAL.fullmatch(valeur):
        return float(valeur.replace(".", "", 1))
    return valeur


NIVEAUX_MAX = 20
"""Bien au-delà des fiches (cinq niveaux au plus) ; plus profond, la validation et le passage entre processus
s'y perdraient (RecursionError)."""
_TROP_PROFOND = f"plus de {NIVEAUX_MAX} listes ou groupes de champs les uns dans les autres : une fiche n'en a que quatre ou cinq"


def _construire(evenements, nom: str) -> tuple[object, dict[Chemin, Position]]:
    """Données et positions en une seule lecture des événements de libyaml.

    Chaque champ a la position de sa clé, chaque élément de liste celle de son début.
    """

    def erreur(evenement, chemin: Chemin, message: str) -> ErreurDeChargement:
        ligne, colonne = _position(evenement.start_mark)
        return ErreurDeChargement(Erreur(nom, ligne, colonne, _champ(chemin), message))

    positions: dict[Chemin, Position] = {}
    pile: list[list] = []  # [conteneur, chemin, clé qui attend sa valeur]
    racine = None
    documents = 0
    for evenement in evenements:
        if isinstance(evenement, yaml.AliasEvent):
            raise erreur(evenement, (), "alias YAML (« *nom ») interdit : recopiez la valeur")
        if getattr(evenement, "anchor", None):
            raise erreur(evenement, (), f"ancre YAML (« &{evenement.anchor} ») interdite : recopiez la valeur")
        if getattr(evenement, "tag", None):
            raise erreur(evenement, (), f"étiquette YAML « {evenement.tag} » interdite : écrivez une valeur simple")
        if isinstance(evenement, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise erreur(evenement, (), "un seul document par fichier : retirez la ligne « --- »")
            continue
        if isinstance(evenement, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            pile.pop()
            continue
        if not isinstance(evenement, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            continue
        parent = pile[-1] if pile else None
        if parent and isinstance(parent[0], dict) and parent[2] is None:
            # Une clé de champ.
            if not isinstance(evenement, yaml.ScalarEvent):
                raise erreur(evenement, parent[1], "une clé doit être un simple mot")
            if evenement.value == "<<" and evenement.implicit[0]:
                raise erreur(evenement, parent[1], "clé « << » interdite : une clé est un simple mot (la fusion YAML « << » n'est pas permise)")
            cle = evenement.value  # une clé reste un mot tel qu'il est écrit (« on: » n'est pas true)
            chemin = parent[1] + (cle,)
            if cle in parent[0]:
                raise erreur(evenement, chemin, f"clé « {cle} » en double (déjà présente ligne {positions[chemin][0]})")
            positions[chemin] = _position(evenement.start_mark)
            parent[2] = cle
            continue
        if parent is None:
            chemin = ()
        elif isinstance(parent[0], dict):
            chemin = parent[1] + (parent[2],)
        else:
            chemin = parent[1] + (len(parent[0]),)
        positions.setdefault(chemin, _position(evenement.start_mark))
        if isinstance(evenement, yaml.ScalarEvent):
            try:
                valeur = _scalaire(evenement)
            except ValueError as exc:
                raise erreur(evenement, chemin, str(exc)) from None
        else:
            valeur = {} if isinstance(evenement, yaml.MappingStartEvent) else []
        if parent is None:
            racine = valeur
        elif isinstance(parent[0], dict):
            parent[0][parent[2]] = valeur
            parent[2] = None
        else:
            parent[0].append(valeur)
        if not isinstance(evenement, yaml.ScalarEvent):
            if len(pile) >= NIVEAUX_MAX:
                raise erreur(evenement, chemin, _TROP_PROFOND)
            pile.append([valeur, chemin, None])
    return racine, positions


def _champ(chemin: Chemin) -> str:
    """('calendrier', 'sessions', 0, 'date_limite') → 'calendrier.sessions[0].date_limite'."""
    texte = ""
    for morceau in chemin:
        if isinstance(morceau, int):
            texte += f"[{morceau}]"
        else:
            texte += ("." if texte else "") + str(morceau)
    return texte


def position_de(positions: dict[Chemin, Position], chemin: Chemin) -> Position:
    """Position du champ, ou de son plus proche parent présent dans le fichier."""
    chemin = tuple(chemin)
    while chemin:
        if chemin in positions:
            return positions[chemin]
        chemin = chemin[:-1]
    return positions.get((), (1, 1))


_TRADUCTIONS_YAML = {
    # Chaque message de libyaml (scanner et parser), pour qu'aucun n'arrive en anglais.
    "mapping values are not allowed in this context": "deux-points « : » inattendu (mettez le texte entre guillemets s'il contient « : »)",
    "mapping keys are not allowed in this context": "clé inattendue à cet endroit (« ? » en début de ligne ?)",
    "block sequence entries are not allowed in this context": "élément de liste « - » inattendu à cet endroit : vérifiez l'indentation",
    "could not find expected ':'": "il manque « : » après une clé (ou un guillemet n'est pas fermé)",
    "could not find expected directive name": "directive « % » invalide : retirez la ligne qui commence par « % »",
    "did not find URI escaped octet": "étiquette « ! » invalide : mettez la valeur entre guillemets",
    "did not find expected '!'": "étiquette « ! » invalide : mettez la valeur entre guillemets",
    "did not find expected ',' or ']'": "liste entre crochets non fermée : il manque « , » ou « ] »",
    "did not find expected ',' or '}'": "accolade non fermée : il manque « , » ou « } »",
    "did not find expected '-' indicator": "élément de liste mal aligné (« - » attendu)",
    "did not find expected <document start>": "contenu inattendu après la fin de la fiche",
    "did not find expected <stream-start>": "début de fichier illisible",
    "did not find expected alphabetic or numeric character": "« & » ou « * » suivi d'un caractère inattendu : mettez la valeur entre guillemets",
    "did not find expected comment or line break": "texte inattendu après la valeur : mettez toute la valeur entre guillemets",
    "did not find expected digit or '.' character": "directive « %YAML » invalide : retirez-la",
    "did not find expected hexdecimal number": "échappement « \\x », « \\u » ou « \\U » invalide dans un texte entre guillemets",
    "did not find expected key": "indentation incohérente : une clé n'est pas alignée avec les autres",
    "did not find expected node content": "valeur manquante ou caractère inattendu : vérifiez la ligne (guillemets, crochets, « - »)",
    "did not find expected tag URI": "étiquette « ! » invalide : mettez la valeur entre guillemets",
    "did not find expected version number": "directive « %YAML » invalide : retirez-la",
    "did not find expected whitespace": "directive « % » invalide : retirez la ligne qui commence par « % »",
    "did not find expected whitespace or line break": "caractère inattendu : mettez la valeur entre guillemets",
    "did not find the expected '>'": "étiquette « !< » non fermée : mettez la valeur entre guillemets",
    "found a tab character that violates indentation": "tabulation interdite : utilisez des espaces",
    "found a tab character where an indentation space is expected": "tabulation interdite : utilisez des espaces",
    "found an incorrect leading UTF-8 octet": "le fichier n'est pas en UTF-8",
    "found an incorrect trailing UTF-8 octet": "le fichier n'est pas en UTF-8",
    "found an indentation indicator equal to 0": "indicateur d'indentation 0 interdit après « | » ou « > »",
    "found character that cannot start any token": "caractère interdit en début de valeur (« @ », « ` », « % »…) : mettez la valeur entre guillemets",
    "found duplicate %TAG directive": "directive « %TAG » en double : retirez-la",
    "found duplicate %YAML directive": "directive « %YAML » en double : retirez-la",
    "found extremely long version number": "directive « %YAML » invalide : retirez-la",
    "found incompatible YAML document": "version de YAML non prise en charge : retirez la ligne « %YAML »",
    "found invalid Unicode character escape code": "échappement « \\u » invalide dans un texte entre guillemets",
    "found undefined tag handle": "étiquette « ! » inconnue : mettez la valeur entre guillemets",
    "found unexpected ':'": "deux-points « : » inattendu (mettez le texte entre guillemets s'il contient « : »)",
    "found unexpected document indicator": "ligne « --- » ou « ... » au milieu d'un texte : mettez le texte entre guillemets",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non fermé ?)",
    "found unexpected non-alphabetical character": "directive « % » invalide : retirez la ligne qui commence par « % »",
    "found unknown directive name": "directive « % » inconnue : retirez la ligne qui commence par « % »",
    "found unknown escape character": "caractère d'échappement inconnu après « \\ » dans un texte entre guillemets (doublez « \\ » ou utilisez des guillemets simples)",
    "found undefined alias": "alias YAML interdit",
    "control characters are not allowed": "caractère de contrôle invisible interdit : supprimez-le",
    "invalid leading UTF-8 octet": "le fichier n'est pas en UTF-8",
    "invalid trailing UTF-8 octet": "le fichier n'est pas en UTF-8",
    "invalid length of a UTF-8 sequence": "le fichier n'est pas en UTF-8",
    "incomplete UTF-8 octet sequence": "le fichier n'est pas en UTF-8",
    "invalid Unicode character": "caractère Unicode invalide : supprimez-le",
    "input is too long": "fichier trop long",
    "expected <block end>, but found '-'": "élément de liste mal aligné",
    "exceeded maximum nesting depth": _TROP_PROFOND,
}
"""Les contextes (« while scanning a quoted scalar »…) disent seulement où libyaml en était : le problème suffit."""

_PAR_DEFAUT_YAML = "structure YAML invalide : vérifiez l'indentation, les « : » et les guillemets de cette ligne"


def _traduire_yaml(exc: yaml.MarkedYAMLError) -> str:
    probleme = (exc.problem or "").strip()
    if probleme in _TRADUCTIONS_YAML:
        return _TRADUCTIONS_YAML[probleme]
    # PyYAML reformule parfois (« expected <block end>, but found '<scalar>' ») : jamais d'anglais pour autant.
    for anglais, francais in _TRADUCTIONS_YAML.items():
        if probleme.startswith(anglais):
            return francais
    if probleme.startswith("expected <block end>") or probleme.startswith("expected <block mapping"):
        return "indentation incohérente : cette ligne n'est pas alignée avec les autres"
    return _PAR_DEFAUT_YAML
