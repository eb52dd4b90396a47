"""Import d'un fichier au format national « dispositif-aide » : une fiche brouillon par ligne.

Les fiches écrites sont marquées « à vérifier » : le format national est moins
précis que le nôtre (types, bénéficiaires, calendrier), tout doit être relu à la source.
Un fichier existant n'est jamais remplacé.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generateur.commun.adresses import slug
from generateur.lecture.fichiers import DOSSIER_AIDES, DOSSIER_ORGANISATIONS, fiches
from generateur.lecture.chargement import charger
from generateur.exports.format_national import (
    COLONNES,
    CRITERES,
    EMPLOYEUR,
    PREFIXE_AGREMENT,
    PREFIXE_EXCLUS,
    PREFIXE_STRUCTURES,
    ROLES_DEPUIS_NATIONAL,
    STRUCTURES_DES_CIBLES,
    TYPES_DEPUIS_NATIONAL,
    code_depuis_national,
    date_depuis_horodatage,
    lire_tete,
)
from generateur.lecture.validation import valider_modele
from schema import CODE_TERRITOIRE, STRUCTURES, Aide

MARQUE = "Fiche importée automatiquement : tout est à vérifier."
ENTETE = "# yaml-language-server: $schema=../docs/donnees/schema-aide.json\n"
OBLIGATOIRES = ["titre", "description", "types_aides", "porteurs", "cibles", "eligibilite_geographique", "date_mise_a_jour"]
_SIGLE_FINAL = re.compile(r"^(?P<nom>.+) \((?P<sigle>[^()]{1,30})\)$")
_PUCES = "•-*–·"


@dataclass
class Rapport:
    ecrits: list[Path] = field(default_factory=list)
    problemes: list[str] = field(default_factory=list)
    """Lignes non importées et champs non repris, en français, avec le numéro de ligne du CSV."""


class _Ecrivain(yaml.SafeDumper):
    """YAML sûr, sans ancre ni alias (le chargeur les refuse), textes longs en bloc « | »."""

    def ignore_aliases(self, data):
        return True


def _texte(ecrivain, valeur: str):
    style = "|" if "\n" in valeur else None
    return ecrivain.represent_scalar("tag:yaml.org,2002:str", valeur, style=style)


_Ecrivain.add_representer(str, _texte)


def texte_yaml(donnees: dict) -> str:
    return ENTETE + yaml.dump(donnees, Dumper=_Ecrivain, allow_unicode=True, sort_keys=False, width=100)


def _organisations(racine: Path) -> dict[str, dict]:
    """Organisations connues, lues sans validation : seuls l'identifiant, le nom, le sigle et le SIREN servent."""
    connues = {}
    for chemin in fiches(racine, DOSSIER_ORGANISATIONS):
        try:
            donnees, _ = charger(chemin)
        except Exception:
            continue
        if isinstance(donnees, dict) and isinstance(donnees.get("identifiant"), str):
            connues[donnees["identifiant"]] = donnees
    return connues


def _normal(texte: str) -> str:
    return slug(texte or "")


def _porteurs_bruts(texte: str):
    try:
        return json.loads(texte)
    except json.JSONDecodeError:
        # L'exemple officiel écrit { nom: 'ADEME', roles: [ 'instructeur' ] } : on tente de le lire aussi.
        corrige = re.sub(r"([{,]\s*)(\w+)\s*:", r'\1"\2":', texte).replace("'", '"')
        return json.loads(corrige)


class _Ligne:
    """Conversion d'une ligne ; chaque champ non repris laisse un message."""

    def __init__(self, numero: int, valeurs: dict[str, str], organisations: dict[str, dict]):
        self.numero = numero
        self.v = {k: (v or "").strip() for k, v in valeurs.items() if k}
        self.organisations = organisations
        self.problemes: list[str] = []
        self.notes: list[str] = []

    def signaler(self, message: str) -> None:
        self.problemes.append(f"ligne {self.numero} : {message}")

    def titres(self) -> dict:
        titre_national, promesse = self.v.get("titre", ""), self.v.get("promesse", "")
        morceaux = _SIGLE_FINAL.match(titre_national)
        nom, sigle = (morceaux["nom"], morceaux["sigle"]) if morceaux else (titre_national, None)
        titre = promesse or nom
        if len(titre) > 120:
            self.signaler("titre de plus de 120 caractères, coupé : à réécrire")
            titre = titre[:119].rstrip() + "…"
        resultat = {"titre": titre}
        if promesse and nom != promesse:
            resultat["nom_officiel"] = nom
        if sigle:
            resultat["sigle"] = sigle
        resultat["resume"] = titre if len(titre) <= 200 else titre[:199] + "…"
        return resultat

    def porteurs(self) -> list[dict]:
        try:
            bruts = _porteurs_bruts(self.v["porteurs"])
        except (json.JSONDecodeError, TypeError):
            self.signaler("champ porteurs illisible (JSON attendu : [{\"nom\": …, \"siren\": …, \"roles\": […]}])")
            return []
        par_siren = {o.get("siren"): i for i, o in self.organisations.items() if o.get("siren")}
        par_nom = {}
        for i, o in self.organisations.items():
            for nom in (o.get("nom"), o.get("sigle")):
                if isinstance(nom, str):
                    par_nom.setdefault(_normal(nom), i)
        porteurs = []
        for brut in bruts if isinstance(bruts, list) else []:
            if not isinstance(brut, dict) or not brut.get("nom"):
                self.signaler("un porteur sans nom a été ignoré")
                continue
            nom, siren = str(brut["nom"]), str(brut.get("siren") or "")
            identifiant = par_siren.get(siren) or par_nom.get(_normal(nom))
            if not identifiant:
                identifiant = _normal(nom)[:80].strip("-")
                self.signaler(f"organisation inconnue « {nom} » : créez aides/organisations/{identifiant}.yaml avant de publier la fiche")
            roles = []
            for role in brut.get("roles") or []:
                if role in ROLES_DEPUIS_NATIONAL:
                    roles.append(ROLES_DEPUIS_NATIONAL[role])
                else:
                    self.signaler(f"rôle « {role} » de « {nom} » non repris (rôles connus : financeur, instructeur, diffuseur)")
            if not roles:
                roles = ["financeur"]
                self.notes.append(f"Le rôle de « {nom} » n'était pas indiqué : « financeur » mis par défaut.")
            existant = next((p for p in porteurs if p["organisation"] == identifiant), None)
            if existant:
                existant["roles"] += [r for r in roles if r not in existant["roles"]]
            else:
                porteurs.append({"organisation": identifiant, "roles": list(dict.fromkeys(roles))})
        return porteurs

    def valeurs_multiples(self, colonne: str, table: dict, nom: str) -> list:
        resultat = []
        for valeur in filter(None, (x.strip() for x in self.v.get(colonne, "").split("|"))):
            if valeur in table:
                cibles = table[valeur] if isinstance(table[valeur], list) else [table[valeur]]
                resultat += [c for c in cibles if c not in resultat]
            else:
                self.signaler(f"{nom} « {valeur} » non repris : valeurs connues {', '.join(table)}")
        return resultat

    def codes(self, colonne: str) -> list[str]:
        codes = []
        for valeur in filter(None, (x.strip() for x in self.v.get(colonne, "").split("|"))):
            code = code_depuis_national(valeur)
            if re.match(CODE_TERRITOIRE, code):
                codes.append(code)
            else:
                self.signaler(f"territoire « {valeur} » non repris ({colonne}) : codes acceptés PAYS-99100, REG-, DEP-, EPCI-, COM-")
        return codes

    def beneficiaires(self, structures: list[str]) -> dict:
        beneficiaires: dict = {"structures": structures}
        criteres = {EMPLOYEUR[True]: ("employeur", True), EMPLOYEUR[False]: ("employeur", False)}
        agrements, conditions, exclus = [], [], []
        for ligne in self.v.get("eligibilite", "").splitlines():
            ligne = ligne.strip().lstrip(_PUCES).strip().rstrip(" ;")
            if not ligne:
                continue
            if ligne.startswith(PREFIXE_STRUCTURES):
                # Nos propres exports listent les structures exactes : plus précis que « cibles ».
                libelles = ligne.removeprefix(PREFIXE_STRUCTURES).rstrip(".").split(", ")
                par_libelle = {t.libelle: t.valeur for t in STRUCTURES}
                if all(l in par_libelle for l in libelles):
                    beneficiaires["structures"] = [par_libelle[l] for l in libelles]
                continue
            if ligne in criteres:
                champ, valeur = criteres[ligne]
                beneficiaires[champ] = valeur
            elif ligne.startswith(PREFIXE_AGREMENT):
                agrements.append(ligne.removeprefix(PREFIXE_AGREMENT))
            elif ligne.startswith(PREFIXE_EXCLUS):
                exclus.append(ligne.removeprefix(PREFIXE_EXCLUS))
            else:
                trouve = next(((c, m) for c, _, motif in CRITERES if (m := re.fullmatch(motif, ligne))), None)
                if trouve:
                    champ, morceaux = trouve
                    nombre = float(morceaux[1])
                    beneficiaires[champ] = int(nombre) if champ.startswith(("salaries", "anciennete")) else nombre
                else:
                    conditions.append(ligne)
        for cle, valeurs in (("agrements", agrements), ("conditions", conditions), ("exclus", exclus)):
            if valeurs:
                beneficiaires[cle] = valeurs
        return beneficiaires

    def calendrier(self, tete: dict) -> dict:
        """Le calendrier, d'après les dates et, pour un fichier de ce site, la phrase de tête de la description."""
        try:
            ouverture = date_depuis_horodatage(self.v.get("date_ouverture", ""))
            cloture = date_depuis_horodatage(self.v.get("date_cloture", ""))
        except ValueError:
            self.signaler("date_ouverture ou date_cloture illisible (format ISO 8601 attendu) : calendrier non repris")
            ouverture = cloture = None
        recurrence = tete.get("recurrence")
        if tete.get("situation") == "close":
            return {"recurrence": recurrence or "ponctuelle", "fermeture": {"date": cloture} if cloture else {}}
        if tete.get("situation") == "suspendue":
            return {"recurrence": recurrence or "permanente"}
        if not ouverture and not cloture:
            if not recurrence:
                self.notes.append("Le fichier importé ne donne pas de dates : l'aide est supposée permanente.")
            return {"recurrence": recurrence or "permanente"}
        if recurrence == "permanente" and cloture and not ouverture:
            return {"recurrence": recurrence, "fermeture": {"date": cloture}}
        session = {k: v for k, v in (("ouverture", ouverture), ("date_limite", cloture)) if v}
        return {"recurrence": recurrence or "ponctuelle", "sessions": [session]}

    @staticmethod
    def situation(tete: dict, url: str) -> dict | None:
        """Ce que le fichier dit de la situation ; sans phrase de tête, rien n'est vérifié : « à confirmer »."""
        etat = tete.get("situation")
        if etat == "close":
            return None
        if etat == "suspendue":
            return {"etat": "suspendue", "source": url, "depuis": tete["depuis"]}
        if etat == "en-cours":
            return {"etat": "en-cours", "source": url}
        return {"etat": "a-confirmer", "precision": "Le fichier importé ne dit pas si l'aide est ouverte aujourd'hui."}

    def donnees(self) -> dict | None:
        manquants = [c for c in OBLIGATOIRES if not self.v.get(c)]
        if manquants:
            self.signaler(f"ligne non importée : champ(s) obligatoire(s) vide(s) : {', '.join(manquants)}")
            return None
        try:
            mise_a_jour = date_depuis_horodatage(self.v["date_mise_a_jour"])
        except ValueError:
            self.signaler("ligne non importée : date_mise_a_jour illisible (format ISO 8601 attendu)")
            return None
        url = self.v.get("url_source", "")
        if not url.startswith(("https://", "http://")):
            self.signaler("ligne non importée : sans url_source, la fiche n'aurait aucune source")
            return None
        types = self.valeurs_multiples("types_aides", TYPES_DEPUIS_NATIONAL, "type d'aide")
        structures = self.valeurs_multiples("cibles", STRUCTURES_DES_CIBLES, "cible")
        codes = self.codes("eligibilite_geographique")
        porteurs = self.porteurs()
        for vide, message in ((types, "aucun type d'aide reconnu"), (structures, "aucune cible reconnue"),
                              (codes, "aucun territoire reconnu"), (porteurs, "aucun porteur lisible")):
            if not vide:
                self.signaler(f"ligne non importée : {message}")
                return None
        if self.v.get("programmes_parents"):
            self.notes.append(f"Programmes parents d'après le fichier importé : {self.v['programmes_parents']}.")
        for colonne in self.v:
            if colonne not in COLONNES and self.v[colonne]:
                self.signaler(f"colonne « {colonne} » non reprise : elle n'a pas d'équivalent dans nos fiches")
        donnees = self.titres()
        titre = donnees["titre"]
        tete, description = lire_tete(self.v["description"])
        donnees.update({
            "description": description,
            "porteurs": porteurs,
            "types": types,
            "beneficiaires": self.beneficiaires(structures),
            "besoins": ["projet"],
        })
        territoire: dict = {"codes": codes}
        exclusions = self.codes("eligibilite_geographique_exclusions")
        if exclusions:
            territoire["exclusions"] = exclusions
        donnees["territoire"] = territoire
        situation = self.situation(tete, url)
        if situation:
            donnees["situation"] = situation
        donnees["calendrier"] = self.calendrier(tete)
        donnees["demarche"] = {"lien_information": url}
        donnees["sources"] = [{"url": url, "titre": f"Source indiquée par le fichier importé : {titre}", "date": mise_a_jour}]
        donnees["derniere_verification"] = mise_a_jour
        self.notes.insert(0, "Besoins inconnus dans le format national : « projet » mis par défaut.")
        donnees["a_confirmer"] = [MARQUE, *self.notes]
        return donnees


def identifiant_pour(donnees: dict, long: bool = False) -> str:
    """Du sigle, sinon du nom ; long : le sigle suivi du titre, quand deux lignes du fichier ont le même sigle."""
    base = donnees.get("sigle") or donnees.get("nom_officiel") or donnees["titre"]
    if long:
        base = f"{base} {donnees['titre']}"
    identifiant = slug(base)
    if len(identifiant) > 60:
        identifiant = identifiant[:60].rsplit("-", 1)[0]
    return identifiant or "aide-importee"


def importer(fichier: Path, racine: Path, dossier: Path | None = None) -> Rapport:
    """Lit le CSV national et écrit une fiche brouillon par ligne convertible dans dossier (par défaut aides/)."""
    dossier = Path(dossier) if dossier else Path(racine) / DOSSIER_AIDES
    rapport = Rapport()
    organisations = _organisations(Path(racine))
    with open(fichier, encoding="utf-8-sig", newline="") as f:
        lecteur = csv.DictReader(f)
        colonnes = lecteur.fieldnames or []
        absentes = [c for c in OBLIGATOIRES if c not in colonnes]
        if absentes:
            rapport.problemes.append(
                f"fichier non importé : colonne(s) absente(s) {', '.join(absentes)} ; est-ce bien le format national dispositif-aide (séparateur virgule) ?"
            )
            return rapport
        lignes = list(lecteur)
    dossier.mkdir(parents=True, exist_ok=True)
    lues = []
    for numero, valeurs in enumerate(lignes, start=2):
        ligne = _Ligne(numero, valeurs, organisations)
        lues.append((numero, ligne.donnees()))
        rapport.problemes += ligne.problemes
    # Le même fichier donne toujours les mêmes identifiants : une seconde importation ne crée pas de doublon.
    courts = [identifiant_pour(d) for _, d in lues if d is not None]
    for numero, donnees in lues:
        if donnees is None:
            continue
        identifiant = identifiant_pour(donnees, long=courts.count(identifiant_pour(donnees)) > 1)
        chemin = dossier / f"{identifiant}.yaml"
        if chemin.exists():
            rapport.problemes.append(f"ligne {numero} : {chemin.name} existe déjà, il n'est pas remplacé")
            continue
        donnees = {"identifiant": identifiant, **donnees}
        _, erreurs = valider_modele(Aide, json.loads(json.dumps(donnees, default=str)), {}, chemin.name)
        if erreurs:
            rapport.problemes += [f"ligne {numero} : non importée, {e.champ or 'fiche'} : {e.message}" for e in erreurs]
            continue
        with open(chemin, "x", encoding="utf-8") as f:
            f.write(texte_yaml(donnees))
        rapport.ecrits.append(chemin)
    return rapport
