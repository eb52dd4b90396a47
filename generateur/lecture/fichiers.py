"""Les fichiers du catalogue : ceux qui sont lus, et ceux qui seraient ignorés ou dangereux, signalés par leur nom.

Rien n'est ignoré en silence : un fichier « .YAML », sans extension ou dans un sous-dossier inconnu ne serait
jamais lu alors que la validation dirait « Catalogue valide ». Un lien symbolique est refusé sans être suivi
(dans aides/ comme dans docs/) : il pourrait publier un fichier de la machine, viser une fiche hors du dépôt,
ou faire attendre la lecture sans fin (« /dev/stdin »).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generateur.lecture.erreurs import Erreur, visible

DOSSIER_AIDES = "aides"
DOSSIER_ORGANISATIONS = "aides/organisations"
DOSSIER_REFERENTIEL = "aides/referentiel"
DOSSIER_BROUILLONS = "aides/brouillons"
"""Brouillons non publiés : jamais lus comme catalogue."""
DOSSIER_DOCS = "docs"
EXTENSIONS = (".yaml", ".yml")


def fiches(racine: Path, dossier: str) -> list[Path]:
    """Les fichiers YAML ordinaires d'un dossier du catalogue, dans l'ordre des noms (les autres sont signalés
    par fichiers_refuses)."""
    base = Path(racine) / dossier
    if base.is_symlink() or not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if _nature(p) == "fiche")


def _nature(chemin: Path) -> str:
    try:
        mode = chemin.lstat().st_mode
    except OSError:
        return "absent"
    if stat.S_ISLNK(mode):
        return "lien"
    if stat.S_ISDIR(mode):
        return "dossier"
    if not stat.S_ISREG(mode):
        return "special"
    if chemin.name.startswith("."):
        return "cache-yaml" if chemin.suffix.lower() in EXTENSIONS else "cache"
    if chemin.suffix in EXTENSIONS:
        return "fiche"
    return "extension" if chemin.suffix.lower() in EXTENSIONS else "autre"


_LIEN = "lien symbolique refusé : remplacez-le par le fichier lui-même (un lien peut viser un fichier hors du dépôt ou de la machine)"
_SPECIAL = "ce n'est pas un fichier ordinaire (tube, périphérique…) : retirez-le"
_NOM_INVISIBLE = ("nom de fichier avec un caractère invisible ou de contrôle (saut de ligne, échappement…) : "
                  "renommez-le avec des lettres, des chiffres et des tirets (le nom passerait tel quel dans les journaux)")


def fichiers_refuses(racine: Path, referentiels: tuple[str, ...] = ()) -> list[Erreur]:
    """Une erreur par fichier de aides/ ou de docs/ qui ne serait pas lu, ou qu'il serait dangereux de lire."""
    racine = Path(racine)
    erreurs: list[Erreur] = []

    def signaler(chemin: Path, message: str) -> None:
        erreurs.append(Erreur(chemin.relative_to(racine).as_posix(), 1, 1, "", message))

    def dossier_de_fiches(dossier: str, sous_dossiers: tuple[str, ...], quoi: str, connus: tuple[str, ...] = ()) -> None:
        base = racine / dossier
        if base.is_symlink():
            signaler(base, _LIEN)
            return
        if not base.is_dir():
            return
        for chemin in sorted(base.iterdir()):
            nature = _nature(chemin)
            if visible(chemin.name) != chemin.name:
                signaler(chemin, _NOM_INVISIBLE)
            elif nature == "lien":
                signaler(chemin, _LIEN)
            elif nature == "special":
                signaler(chemin, _SPECIAL)
            elif nature == "dossier" and chemin.name not in sous_dossiers:
                conseil = " ; un brouillon non publié va dans aides/brouillons/" if dossier == DOSSIER_AIDES else ""
                signaler(chemin, f"sous-dossier non lu : {quoi} vont directement dans {dossier}/{conseil}")
            elif nature == "extension":
                signaler(chemin, f"extension « {chemin.suffix} » non lue : renommez le fichier « {chemin.stem}.yaml » (en minuscules)")
            elif nature == "cache-yaml":
                signaler(chemin, f"fichier caché non lu (son nom commence par un point) : renommez-le « {chemin.name.lstrip('.')} »")
            elif nature == "autre":
                signaler(chemin, f"fichier non lu : seuls les fichiers « .yaml » sont lus dans {dossier}/ ; renommez-le en « .yaml » ou retirez-le")
            elif nature == "fiche" and connus and chemin.stem not in connus:
                signaler(chemin, f"référentiel inconnu « {chemin.stem} », jamais lu : les référentiels sont {', '.join(connus)}")

    dossier_de_fiches(DOSSIER_AIDES, ("organisations", "referentiel", "brouillons"), "les fiches d'aide")
    dossier_de_fiches(DOSSIER_ORGANISATIONS, (), "les fiches d'organisation")
    dossier_de_fiches(DOSSIER_REFERENTIEL, (), "les référentiels", referentiels)

    docs = racine / DOSSIER_DOCS
    if docs.is_symlink():
        signaler(docs, _LIEN)
    elif docs.is_dir():
        for dossier, sous_dossiers, noms in os.walk(docs):  # ne suit pas les liens vers des dossiers
            for nom in sorted(sous_dossiers + noms):
                chemin = Path(dossier) / nom
                nature = _nature(chemin)
                if visible(nom) != nom:
                    signaler(chemin, _NOM_INVISIBLE)
                elif nature == "lien":
                    signaler(chemin, _LIEN + " ; dans docs/, il publierait le fichier visé")
                elif nature == "special":
                    signaler(chemin, _SPECIAL)
    return erreurs
