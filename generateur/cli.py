"""Ligne de commande : python -m generateur <commande>."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generateur.catalogue import RACINE, charger_catalogue
from generateur.erreurs import ErreursDeDonnees, afficher


def _date(texte: str) -> dt.date:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {texte} » : format attendu AAAA-MM-JJ") from None


def commande_valider(args) -> int:
    try:
        catalogue = charger_catalogue(args.racine)
    except ErreursDeDonnees as exc:
        erreurs = exc.erreurs
        if args.fichiers:
            voulus = {Path(f).resolve() for f in args.fichiers}
            erreurs = [e for e in erreurs if (args.racine / e.fichier).resolve() in voulus]
        if erreurs:
            afficher(erreurs, sys.stderr)
            return 1
        print("Les fichiers demandés sont valides (d'autres fichiers du catalogue ont des erreurs).")
        return 0
    print(f"Catalogue valide : {len(catalogue.aides)} aides, {len(catalogue.organisations)} organisations.")
    return 0


def commande_schema(args) -> int:
    from generateur.schemas_json import ecrire_schemas

    for chemin in ecrire_schemas(args.racine / "docs" / "donnees"):
        print(f"Écrit : {chemin.relative_to(args.racine)}")
    return 0


def commande_construire(args) -> int:
    from generateur.construction import ErreurDeConstruction, construire

    try:
        catalogue = construire(args.racine, args.date)
    except ErreursDeDonnees as exc:
        afficher(exc.erreurs, sys.stderr)
        print("Construction annulée : le site précédent est intact.", file=sys.stderr)
        return 1
    except ErreurDeConstruction as exc:
        print(f"{exc}\nConstruction annulée : le site précédent est intact.", file=sys.stderr)
        return 1
    print(f"Site construit dans site/ : {len(catalogue.aides)} aides.")
    return 0


def commande_servir(args) -> int:
    from mkdocs.commands.serve import serve

    serve(str(args.racine / "mkdocs.yml"), dev_addr=f"127.0.0.1:{args.port}", livereload=True)
    return 0


def analyseur() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generateur", description="Catalogue des aides aux structures de l'ESS.")
    parser.add_argument("--racine", type=Path, default=RACINE, help=argparse.SUPPRESS)
    sous = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    p = sous.add_parser("valider", help="vérifie les fiches, les organisations et les renvois")
    p.add_argument("fichiers", nargs="*", help="fichiers à vérifier (par défaut : tout le catalogue)")
    p.set_defaults(fonction=commande_valider)

    p = sous.add_parser("construire", help="valide, génère et construit le site dans site/")
    p.add_argument("--date", type=_date, help="date de construction AAAA-MM-JJ (par défaut : aujourd'hui)")
    p.set_defaults(fonction=commande_construire)

    p = sous.add_parser("servir", help="sert le site sur http://127.0.0.1:8000 et le régénère quand une fiche change")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(fonction=commande_servir)

    p = sous.add_parser("schema", help="écrit les JSON Schema des fichiers YAML dans docs/donnees/")
    p.set_defaults(fonction=commande_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = analyseur()
    args = parser.parse_args(argv)
    return args.fonction(args)
