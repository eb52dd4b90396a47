"""Ligne de commande : python -m generateur <commande>."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generateur.lecture.catalogue import RACINE, charger_catalogue
from generateur.lecture.erreurs import ErreursDeDonnees, afficher, visible


def _date(texte: str) -> dt.date:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {texte} » : format attendu AAAA-MM-JJ") from None


def _charger(args):
    """Le catalogue validé, ou None après avoir affiché les erreurs."""
    try:
        return charger_catalogue(args.racine)
    except ErreursDeDonnees as exc:
        afficher(exc.erreurs, sys.stderr)
        return None


def commande_valider(args) -> int:
    import os

    from generateur.lecture.catalogue import fichiers_du_catalogue, valider_fichiers_seuls

    # Un fichier demandé hors du catalogue (brouillon, fiche à essayer) est validé seul : jamais « valide » sans être lu.
    voulus = {os.path.abspath(f) for f in args.fichiers}
    hors_catalogue = sorted(voulus - fichiers_du_catalogue(args.racine))
    erreurs_hors = valider_fichiers_seuls([Path(f) for f in hors_catalogue], args.racine)
    try:
        catalogue = charger_catalogue(args.racine)
    except ErreursDeDonnees as exc:
        erreurs = exc.erreurs
        if args.fichiers:
            erreurs = [e for e in erreurs if os.path.abspath(args.racine / e.fichier) in voulus]
        if erreurs or erreurs_hors:
            afficher(erreurs + erreurs_hors, sys.stderr)
            return 1
        print("Les fichiers demandés sont valides (d'autres fichiers du catalogue ont des erreurs).")
        return 0
    if erreurs_hors:
        afficher(erreurs_hors, sys.stderr)
        return 1
    if hors_catalogue:
        print(f"Fichier{'s' if len(hors_catalogue) > 1 else ''} valide{'s' if len(hors_catalogue) > 1 else ''} (hors du catalogue) : "
              + ", ".join(visible(f) for f in hors_catalogue) + ".")
    print(f"Catalogue valide : {len(catalogue.aides)} aides, {len(catalogue.organisations)} organisations.")
    from generateur.contribution.squelette import afficher_avertissements

    afficher_avertissements(args.racine, catalogue, args.fichiers, sys.stderr)
    return 0


def commande_schema(args) -> int:
    from generateur.exports.schemas_json import ecrire_schemas

    for chemin in ecrire_schemas(args.racine / "docs" / "donnees"):
        print(f"Écrit : {chemin.relative_to(args.racine)}")
    from generateur.exports.donnees_ouvertes import ecrire_page

    print(f"Mis à jour : {ecrire_page(args.racine).relative_to(args.racine)}")
    return 0


def commande_importer(args) -> int:
    from generateur.exports.importation import DOSSIER_BROUILLONS, departements_du_site, importer

    if not args.fichier.is_file():
        print(f"Fichier introuvable : {args.fichier}", file=sys.stderr)
        return 1
    # « 59 » ou « DEP-59 » ; « tout » : aucune ligne écartée
    choisis = [f"DEP-{c}" if len(c) <= 3 and c[:2].isalnum() and c != "FR" else c.upper() for c in args.territoire or []]
    departements = None if "TOUT" in choisis else (choisis or departements_du_site(args.racine))
    rapport = importer(args.fichier, args.racine, args.dossier, departements, args.forcer)
    for remarque in rapport.fichier:
        print(remarque, file=sys.stderr)

    def rubrique(titre: str, lignes, flux=sys.stdout) -> None:
        lignes = list(lignes)
        if lignes:
            print(f"\n{titre} ({len(lignes)}) :", file=flux)
            for ligne in lignes:
                print(f"  {ligne}", file=flux)

    rubrique("Lignes refusées", rapport.refusees, sys.stderr)
    rubrique("Brouillons écrits", (f"{c} (dossier {args.dossier or DOSSIER_BROUILLONS}, non publié)" for c in rapport.brouillons))
    rubrique("Brouillons qui ne passeraient pas « valider »",
             (f"{c.name} — {r}" for c, liste in rapport.invalides.items() for r in liste), sys.stderr)
    rubrique("Fiches mises à jour", (f"{c} — {d}" for c, diff in rapport.mises_a_jour.items() for d in diff))
    rubrique("Champs modifiés à la main, gardés", rapport.gardes, sys.stderr)
    rubrique("Organisations à vérifier (brouillons)", rapport.organisations)
    rubrique("Avertissements", rapport.avertissements, sys.stderr)
    print(
        f"\nBilan : {len({r.numero for r in rapport.refusees})} ligne(s) refusée(s), "
        f"{len(rapport.brouillons)} brouillon(s) écrit(s) dont {len([c for c in rapport.invalides if c in rapport.brouillons])} incomplet(s), "
        f"{len(rapport.mises_a_jour)} fiche(s) mise(s) à jour, {len(rapport.inchangees)} inchangée(s), "
        f"{len(rapport.gardes)} champ(s) gardé(s), {len(rapport.avertissements)} avertissement(s), "
        f"{rapport.hors_territoire} ligne(s) hors territoire non reprise(s)."
    )
    if rapport.invalides:
        print("Code de sortie 1 : des brouillons sont incomplets ; complétez-les avant de les déplacer dans aides/.", file=sys.stderr)
    return rapport.code_de_sortie


def _etat_du_site(racine: Path, site_remplace: bool = False) -> str:
    """Ce qu'une construction ratée laisse dans site/, dit tel quel."""
    if site_remplace:
        return "Le nouveau site est pourtant en place dans site/."
    if (racine / "site").is_dir():
        return "Construction annulée : le site précédent est intact."
    return "Construction annulée : aucun site n'existait, site/ n'a pas été créé."


def commande_construire(args) -> int:
    from generateur.construction import ConstructionEnCours, ErreurDeConstruction, construire

    try:
        catalogue = construire(args.racine, args.date, guides=not args.sans_guides)
    except ErreursDeDonnees as exc:
        afficher(exc.erreurs, sys.stderr)
        print(_etat_du_site(args.racine), file=sys.stderr)
        return 1
    except ConstructionEnCours as exc:
        print(exc, file=sys.stderr)
        return 1
    except ErreurDeConstruction as exc:
        print(f"{exc}\n{_etat_du_site(args.racine, exc.site_remplace)}", file=sys.stderr)
        return 1
    print(f"Site construit dans site/ : {len(catalogue.aides)} aides.")
    return 0


def commande_pdf(args) -> int:
    from generateur.construction import date_de_construction
    from generateur.guides.selection import Selection, SelectionInvalide
    from generateur.commun.configuration import lire_configuration
    from generateur.guides.pdf import guide

    catalogue = _charger(args)
    if catalogue is None:
        return 1
    try:
        selection = Selection(args.besoin, args.departement, args.structure, args.type, args.ouvertes_seulement).verifier(catalogue)
    except SelectionInvalide as exc:
        print(f"Aucun guide produit : {exc}", file=sys.stderr)
        return 1
    sortie, nombre = guide(catalogue, selection, date_de_construction(args.date), args.sortie, lire_configuration(args.racine).site)
    print(f"Guide écrit : {sortie} ({nombre} aide{'s' if nombre > 1 else ''}, {selection.phrase(catalogue)}).")
    return 0


def commande_servir(args) -> int:
    from generateur.construction import construire, date_de_construction
    from generateur.site.apercu import servir

    jour = date_de_construction()
    if not (args.racine / "site" / "pagefind").is_dir():
        # L'aperçu reprend l'index de recherche de la dernière construction (make serve la fait d'abord).
        construire(args.racine, jour)
    servir(args.racine, args.port, jour)
    return 0


def commande_nouvelle_aide(args) -> int:
    from generateur.contribution.squelette import FicheExistante, ecrire_squelette

    try:
        chemin = ecrire_squelette(args.racine, args.titre, args.date or dt.date.today(), args.organisation, args.sigle)
    except (FicheExistante, ValueError) as exc:
        print(f"Rien n'a été écrit : {exc}.", file=sys.stderr)
        return 1
    print(f"Fiche créée : {chemin.relative_to(args.racine)}. Remplacez chaque « À compléter » et chaque valeur marquée "
          "« exemple à remplacer », puis lancez : python -m generateur valider")
    return 0


def commande_contribution(args) -> int:
    from generateur.contribution.guide_contributeur import FICHIER, GuideIntrouvable, ecrire_guide, guide_a_jour

    try:
        if args.verifier:
            if guide_a_jour(args.racine):
                print(f"{FICHIER} est à jour.")
                return 0
            print(f"{FICHIER} n'est plus à jour avec schema.py : lancez python -m generateur contribution", file=sys.stderr)
            return 1
        change = ecrire_guide(args.racine)
    except GuideIntrouvable as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{FICHIER} mis à jour." if change else f"{FICHIER} était déjà à jour.")
    return 0


def commande_territoires(args) -> int:
    from generateur.contribution.decoupage import PaquetAbsent, ecrire

    try:
        chemin = ecrire(args.racine)
    except PaquetAbsent as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(f"Écrit : {chemin.relative_to(args.racine)}")
    return 0


def commande_liens(args) -> int:
    from generateur.contribution.liens import afficher_rapport, liens_du_catalogue, verifier_liens

    catalogue = _charger(args)
    if catalogue is None:
        return 1
    liens = liens_du_catalogue(catalogue)
    resultats = verifier_liens(liens, delai=args.delai, essais=args.essais, paralleles=args.paralleles)
    return afficher_rapport(liens, resultats, sys.stdout)


def commande_fraicheur(args) -> int:
    from generateur.construction import date_de_construction
    from generateur.contribution.fraicheur import afficher_rapport, controler

    catalogue = _charger(args)
    if catalogue is None:
        return 1
    constats = controler(catalogue, date_de_construction(args.date))
    afficher_rapport(constats, sys.stdout)
    return 1 if constats and args.strict else 0


def analyseur() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generateur", description="Catalogue des aides aux structures de l'ESS.")
    parser.add_argument("--racine", type=Path, default=RACINE, help=argparse.SUPPRESS)
    sous = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    p = sous.add_parser("valider", help="vérifie les fiches, les organisations et les renvois")
    p.add_argument("fichiers", nargs="*", help="fichiers à vérifier (par défaut : tout le catalogue)")
    p.set_defaults(fonction=commande_valider)

    p = sous.add_parser("construire", help="valide, génère et construit le site dans site/")
    p.add_argument("--date", type=_date, help="date de construction AAAA-MM-JJ (par défaut : aujourd'hui)")
    p.add_argument("--sans-guides", action="store_true", help="ne produit pas les guides PDF (construction plus rapide)")
    p.set_defaults(fonction=commande_construire)

    p = sous.add_parser(
        "pdf",
        help="produit un guide PDF à imprimer, pour une sélection d'aides",
        description="Produit un guide PDF des aides ouvertes ou à venir. Sans option : toutes les aides. "
        "Exemple : python -m generateur pdf --besoin tresorerie --departement DEP-80 --structure association --sortie guide.pdf",
    )
    p.add_argument("--besoin", help="un besoin, par exemple tresorerie, emploi, investissement")
    p.add_argument("--departement", help="un département : DEP-02, DEP-59, DEP-60, DEP-62 ou DEP-80 (ou 80, ou somme)")
    p.add_argument("--structure", help="un type de structure, par exemple association, cooperative, siae")
    p.add_argument("--type", help="un type d'aide, par exemple subvention, pret, accompagnement")
    p.add_argument("--ouvertes-seulement", action="store_true", help="seulement les aides qu'on peut demander le jour du guide")
    p.add_argument("--sortie", type=Path, default=Path("guide-aides-ess.pdf"), help="fichier PDF à écrire (par défaut : guide-aides-ess.pdf)")
    p.add_argument("--date", type=_date, help="date du guide AAAA-MM-JJ, qui fixe les statuts (par défaut : aujourd'hui)")
    p.set_defaults(fonction=commande_pdf)

    p = sous.add_parser("servir", help="sert le site sur http://127.0.0.1:8000 et le régénère quand une fiche change")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(fonction=commande_servir)

    p = sous.add_parser("schema", help="écrit les JSON Schema des fichiers YAML dans docs/donnees/")
    p.set_defaults(fonction=commande_schema)

    p = sous.add_parser("importer", help="met à jour les fiches et écrit des brouillons depuis un CSV au format national dispositif-aide")
    p.add_argument("fichier", type=Path, metavar="FICHIER.csv")
    p.add_argument("--dossier", type=Path, help="dossier des brouillons (par défaut : aides/brouillons/, non publié)")
    p.add_argument("--territoire", action="append", metavar="CODE",
                   help="ne reprend que les lignes qui touchent ce territoire (DEP-59…), répétable ; « tout » : toutes les lignes ; "
                   "par défaut : les départements du site")
    p.add_argument("--forcer", action="store_true", help="remplace aussi les champs modifiés à la main depuis le dernier import")
    p.set_defaults(fonction=commande_importer)

    p = sous.add_parser("nouvelle-aide", help="écrit une fiche à compléter dans aides/<identifiant>.yaml")
    p.add_argument("titre", help="titre de l'aide, en mots simples, entre guillemets")
    p.add_argument("--organisation", help="identifiant de l'organisation qui porte l'aide (un fichier de aides/organisations/) ; sans elle, un exemple à remplacer")
    p.add_argument("--sigle", help="sigle officiel du dispositif, qui donne l'identifiant (par exemple « FDVA 2 »)")
    p.add_argument("--date", type=_date, help=argparse.SUPPRESS)
    p.set_defaults(fonction=commande_nouvelle_aide)

    p = sous.add_parser("contribution", help="met à jour la partie de CONTRIBUTING.md tirée de schema.py")
    p.add_argument("--verifier", action="store_true", help="vérifie seulement que CONTRIBUTING.md est à jour")
    p.set_defaults(fonction=commande_contribution)

    p = sous.add_parser("territoires", help="produit aides/referentiel/territoires.yaml depuis le découpage administratif officiel (paquet npm épinglé)")
    p.set_defaults(fonction=commande_territoires)

    p = sous.add_parser("liens", help="vérifie les liens externes des fiches (liens cassés ou redirigés)")
    p.add_argument("--delai", type=float, default=15, help="secondes d'attente au plus par requête (15 par défaut)")
    p.add_argument("--essais", type=int, default=2, help="nombre d'essais par lien (2 par défaut)")
    p.add_argument("--paralleles", type=int, default=16, help="requêtes en même temps (16 par défaut)")
    p.set_defaults(fonction=commande_liens)

    p = sous.add_parser("fraicheur", help="liste les fiches à vérifier : anciennes, date limite passée, faits à confirmer")
    p.add_argument("--date", type=_date, help="date du contrôle AAAA-MM-JJ (par défaut : aujourd'hui)")
    p.add_argument("--strict", action="store_true", help="code de sortie 1 s'il reste des fiches à vérifier")
    p.set_defaults(fonction=commande_fraicheur)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = analyseur()
    args = parser.parse_args(argv)
    return args.fonction(args)
