"""Lecture sûre des fichiers YAML, avec la position de chaque champ.

On refuse avant tout chargement ce qui peut nuire : fichiers trop gros, ancres
et alias (une poignée d'octets peut se déplier en gigaoctets), étiquettes
(« !!python/object »), clés en double (PyYAML garderait la dernière sans rien dire).
"""

from __future__ import annotations

import re

from pathlib import Path

import yaml

from generateur.lecture.erreurs import Erreur

TAILLE_MAX = 64 * 1024
"""Une fiche fait quelques kilo-octets ; au-delà, c'est une erreur ou une attaque."""

Position = tuple[int, int]
Chemin = tuple


class _Chargeur(yaml.CSafeLoader):
    """libyaml, sans conversion automatique des dates : pydantic les lit et explique ses erreurs."""


_Chargeur.yaml_implicit_resolvers = {
    premier: [(tag, regexp) for tag, regexp in resolveurs if tag != "tag:yaml.org,2002:timestamp"]
    for premier, resolveurs in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}

_ETIQUETTES_SIMPLES = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
"""Caractères que YAML refuse (ou qui se cachent dans un texte) : signalés avec leur ligne et leur colonne."""


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
        with open(chemin, "rb") as f:
            brut = f.read(TAILLE_MAX + 1)
    except OSError as exc:
        raise erreur(f"fichier illisible ({exc.strerror})") from None
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
    for numero, ligne in enumerate(texte.splitlines(), start=1):
        debut = ligne[: len(ligne) - len(ligne.lstrip())]
        if "\t" in debut:
            raise erreur("tabulation en début de ligne : en YAML, indentez avec des espaces", numero, debut.index("\t") + 1)
        invisible = _INVISIBLE.search(ligne)
        if invisible:
            # libyaml le refuserait en anglais, à la ligne 1 : on le dit ici, à sa vraie place.
            raise erreur(f"caractère de contrôle invisible interdit (U+{ord(invisible.group()):04X}) : supprimez-le", numero, invisible.start() + 1)

    try:
        donnees, positions = _construire(yaml.parse(texte, Loader=_Chargeur), nom)
    except yaml.MarkedYAMLError as exc:
        marque = exc.problem_mark or exc.context_mark
        ligne, colonne = _position(marque) if marque else (1, 1)
        raise erreur(f"erreur de syntaxe YAML : {_traduire_yaml(exc)}", ligne, colonne) from None
    except yaml.YAMLError as exc:
        raise erreur(f"erreur de syntaxe YAML : {exc}") from None

    if not isinstance(donnees, dict):
        ligne, colonne = positions.get((), (1, 1))
        raise erreur("le fichier doit contenir des champs « clé: valeur », pas une liste ni un texte seul", ligne, colonne)
    return donnees, positions


class _Resolveur(yaml.resolver.Resolver):
    yaml_implicit_resolvers = _Chargeur.yaml_implicit_resolvers


_RESOLVEUR = _Resolveur()
_CONSTRUCTEUR = yaml.constructor.SafeConstructor()
_CHAINE = "tag:yaml.org,2002:str"


def _scalaire(evenement: yaml.ScalarEvent) -> tuple[str, object]:
    """Étiquette et valeur d'un scalaire, résolues comme le ferait le chargeur sûr de PyYAML."""
    if not evenement.implicit[0]:
        return _CHAINE, evenement.value  # entre guillemets : toujours un texte
    etiquette = _RESOLVEUR.resolve(yaml.ScalarNode, evenement.value, evenement.implicit)
    if etiquette == _CHAINE or etiquette not in _ETIQUETTES_SIMPLES:
        return etiquette, evenement.value
    noeud = yaml.ScalarNode(etiquette, evenement.value, evenement.start_mark, evenement.end_mark)
    return etiquette, _CONSTRUCTEUR.yaml_constructors[etiquette](_CONSTRUCTEUR, noeud)


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
            etiquette, cle = _scalaire(evenement)
            if etiquette not in _ETIQUETTES_SIMPLES:
                raise erreur(evenement, parent[1], f"clé « {evenement.value} » interdite : une clé est un simple mot (la fusion YAML « << » n'est pas permise)")
            cle = cle if isinstance(cle, str) else str(cle)
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
            etiquette, valeur = _scalaire(evenement)
            if etiquette not in _ETIQUETTES_SIMPLES:
                raise erreur(evenement, chemin, f"type YAML « {etiquette} » interdit")
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
    "mapping values are not allowed": "deux-points « : » inattendu (mettez le texte entre guillemets s'il contient « : »)",
    "could not find expected ':'": "il manque « : » après une clé",
    "found character '\\t' that cannot start any token": "tabulation interdite : utilisez des espaces",
    "did not find expected key": "indentation incohérente : une clé n'est pas alignée avec les autres",
    "did not find expected '-' indicator": "élément de liste mal aligné (« - » attendu)",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non fermé ?)",
    "found undefined alias": "alias YAML interdit",
    "found unknown escape character": "caractère d'échappement inconnu après « \\ » dans un texte entre guillemets",
    "expected <block end>, but found '-'": "élément de liste mal aligné",
    "found a tab character that violates indentation": "tabulation interdite : utilisez des espaces",
    "while scanning a quoted scalar": "guillemet non fermé",
}


def _traduire_yaml(exc: yaml.MarkedYAMLError) -> str:
    probleme = exc.problem or ""
    for anglais, francais in _TRADUCTIONS_YAML.items():
        if anglais in probleme or anglais in (exc.context or ""):
            return francais
    return probleme or "structure invalide"
