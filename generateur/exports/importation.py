"""Import d'un fichier au format national « dispositif-aide » : mise à jour des fiches connues, brouillons pour les autres.

Une ligne est reconnue par son identifiant national (colonne « id »), puis par sa page officielle
(« url_source ») ; une aide connue est mise à jour champ par champ, sauf les champs qu'un relecteur a
modifiés depuis le dernier import (gardés, sauf --forcer). Une aide nouvelle devient un brouillon dans
aides/brouillons/, jamais publié : un relecteur le complète puis le déplace dans aides/.

Rien de ce que le format national ne dit pas n'est deviné : besoins, types de structure, rôles, montant,
date de vérification sont lus dans nos propres phrases (fichier de ce site), dans une colonne structurée,
par une règle écrite ici, ou laissés vides avec une ligne « À confirmer ». Un brouillon incomplet est donc
invalide : la commande le dit et finit en erreur.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import yaml

from generateur.commun.adresses import slug
from generateur.commun.configuration import lire_configuration
from generateur.exports.format_national import (
    CIBLES_LARGES,
    COLONNES,
    CRITERES,
    EMPLOYEUR,
    LONGUEUR_DESCRIPTION,
    PREFIXE_AGREMENT,
    PREFIXE_EXCLUS,
    PREFIXE_STRUCTURES,
    ROLES_DEPUIS_NATIONAL,
    STRUCTURES_DES_CIBLES,
    TYPES_DEPUIS_NATIONAL,
    TYPES_NATIONAUX_LARGES,
    code_depuis_national,
    date_depuis_horodatage,
    identifiant_depuis_fiche,
    identifiant_national,
    lire_tete,
)
from generateur.lecture.catalogue import charger_referentiel
from generateur.lecture.fichiers import DOSSIER_AIDES, DOSSIER_BROUILLONS, DOSSIER_ORGANISATIONS, fiches
from generateur.lecture.erreurs import ErreursDeDonnees
from generateur.lecture.chargement import ErreurDeChargement, charger
from generateur.lecture.validation import valider_modele
from schema import CODE_TERRITOIRE, STRUCTURES, Aide

"""Brouillons d'import : jamais lus comme catalogue, jamais publiés."""
DERNIERS_IMPORTS = "derniers-imports.json"
"""Dans le dossier des brouillons : les valeurs écrites par le dernier import de chaque aide. Un champ dont la valeur
actuelle en diffère a été modifié à la main : il est gardé."""
MARQUE = "Fiche importée automatiquement : tout est à vérifier."
ENTETE = "# yaml-language-server: $schema=../docs/donnees/schema-aide.json\n"
ENTETE_BROUILLON = "# yaml-language-server: $schema=../../docs/donnees/schema-aide.json\n"
ENTETE_ORGANISATION = (
    "# Brouillon créé par l'import : à vérifier, compléter (nature, site, sources) puis déplacer dans aides/organisations/.\n"
)
OBLIGATOIRES = ["titre", "description", "porteurs", "eligibilite_geographique", "url_source"]
CHAMPS_MIS_A_JOUR = [
    "identifiant_national", "titre", "nom_officiel", "sigle", "description", "porteurs", "types", "beneficiaires",
    "besoins", "territoire", "calendrier",
]
"""Ce qu'un import met à jour dans une fiche existante : ce que le format national dit. Le reste (montant,
démarche, contacts, sources, notes) n'est jamais touché."""
COLONNE_DU_CHAMP = {
    # champ de nos fiches → colonne du CSV qui le donne, pour nommer la colonne dans les messages
    "identifiant_national": "id", "titre": "promesse", "nom_officiel": "titre", "sigle": "titre", "resume": "promesse",
    "description": "description", "porteurs": "porteurs", "types": "types_aides", "beneficiaires.structures": "cibles",
    "beneficiaires": "eligibilite", "besoins": "(aucune colonne)", "territoire.exclusions": "eligibilite_geographique_exclusions",
    "territoire": "eligibilite_geographique", "calendrier": "date_ouverture, date_cloture", "situation": "description",
    "demarche": "url_source", "sources": "url_source", "derniere_verification": "date_mise_a_jour",
}
_SIGLE_FINAL = re.compile(r"^(?P<nom>.+) \((?P<sigle>[^()]{1,30})\)$")
_PUCES = "•-*–·"
_AUTOLIEN = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_COURRIEL = re.compile(r"(?<![\w.+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
COURRIELS_GENERIQUES = {
    "contact", "contacts", "info", "infos", "information", "accueil", "secretariat", "direction", "communication",
    "subventions", "aides", "financement", "financements", "dla", "asso", "associations", "ess", "service", "support",
}
"""Règle écrite : une adresse électronique est reprise seulement si sa partie avant « @ » est l'un de ces mots
génériques ; toute autre (prenom.nom@, initiales…) peut être celle d'une personne et n'est pas importée."""
_MONTANT = re.compile(r"^\W*Montant de l'aide ou coût\s*:\s*(?P<texte>.+)$", re.M)
_ETAPES = re.compile(r"^\W*Étapes pour activer[^\n]*\n(?P<liste>(?:\s*(?:[-*•]|\d+[.)])\s+[^\n]+\n?)+)", re.M)
_LIEN = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?»]")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f]")
OUTRE_MER = re.compile(r"^COM-9[78]\d$")
"""Codes des collectivités d'outre-mer (Saint-Pierre-et-Miquelon COM-975, Polynésie française COM-987…)."""


def _slug(texte: str) -> str:
    """slug() après les apostrophes courbes et « œ » des tableurs : « Département de l’Oise » = « Département de l'Oise »."""
    return slug(texte.replace("’", "'").replace("œ", "oe").replace("Œ", "Oe"))


class FichierIllisible(Exception):
    """Le fichier ne peut pas être lu du tout : le message, en français, dit quoi faire."""


@dataclass(frozen=True)
class Remarque:
    numero: int
    titre: str
    colonne: str
    message: str

    def __str__(self) -> str:
        visible = _INVISIBLE.sub("?", self.titre)  # rien d'invisible au terminal
        titre = f" « {visible} »" if visible else ""
        colonne = f", colonne {self.colonne}" if self.colonne else ""
        return f"ligne {self.numero}{titre}{colonne} : {self.message}"


@dataclass
class Rapport:
    refusees: list[Remarque] = field(default_factory=list)
    """Lignes non importées."""
    brouillons: list[Path] = field(default_factory=list)
    """Brouillons écrits par cet import."""
    invalides: dict[Path, list[Remarque]] = field(default_factory=dict)
    """Brouillons (écrits ou déjà là) qui ne passeraient pas « valider », avec ce qui manque."""
    mises_a_jour: dict[Path, list[str]] = field(default_factory=dict)
    """Fiches mises à jour, avec les changements lisibles."""
    gardes: list[Remarque] = field(default_factory=list)
    """Champs modifiés à la main, gardés (sans --forcer)."""
    inchangees: list[Path] = field(default_factory=list)
    avertissements: list[Remarque] = field(default_factory=list)
    hors_territoire: int = 0
    organisations: list[Path] = field(default_factory=list)
    """Brouillons d'organisations écrits pour les porteurs inconnus."""
    fichier: list[str] = field(default_factory=list)
    """Remarques sur tout le fichier (encodage, séparateur) ; un refus du fichier entier y est aussi."""
    illisible: bool = False

    @property
    def code_de_sortie(self) -> int:
        return 1 if self.illisible or self.refusees or self.invalides else 0


class _Ecrivain(yaml.SafeDumper):
    """YAML sûr, sans ancre ni alias (le chargeur les refuse), textes longs en bloc « | »."""

    def ignore_aliases(self, data):
        return True


def _texte(ecrivain, valeur: str):
    style = "|" if "\n" in valeur else None
    return ecrivain.represent_scalar("tag:yaml.org,2002:str", valeur, style=style)


_Ecrivain.add_representer(str, _texte)


def _yaml(donnees: dict) -> str:
    return yaml.dump(donnees, Dumper=_Ecrivain, allow_unicode=True, sort_keys=False, width=100)


def texte_yaml(donnees: dict, entete: str = ENTETE) -> str:
    return entete + _yaml(donnees)


# --- Lecture du fichier ----------------------------------------------------------------


def lire_texte(fichier: Path) -> tuple[str, list[str]]:
    """Le texte du fichier et les remarques sur son encodage. UTF-8 avec ou sans BOM ; un fichier réenregistré
    par un tableur en Windows-1252 est reconnu par charset-normalizer et décodé ; tout autre encodage est refusé."""
    octets = Path(fichier).read_bytes()
    try:
        return octets.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    meilleur = charset_normalizer.from_bytes(octets).best()
    trouve = meilleur.encoding if meilleur else "inconnu"
    # Pour un texte français, ces encodages ne diffèrent que par « œ », « € » ou les apostrophes courbes :
    # Windows-1252 (celui des tableurs français) les contient tous.
    if trouve in ("cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "mac_roman"):
        try:
            return octets.decode("cp1252"), [
                "fichier lu en Windows-1252 (encodage d'un tableur) et non en UTF-8 : vérifiez les accents des brouillons"
            ]
        except UnicodeDecodeError:
            pass
    raise FichierIllisible(
        f"le fichier n'est ni en UTF-8 ni en Windows-1252 (encodage deviné : {trouve}) : "
        "rouvrez-le dans votre tableur et enregistrez-le en « CSV UTF-8 »"
    )


def lire_lignes(texte: str) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """(colonnes, lignes, remarques). Un tableur français remplace la virgule par un point-virgule : on le suit."""
    premiere = texte.split("\n", 1)[0]
    separateur, remarques = ",", []
    if ";" in premiere and "," not in premiere:
        separateur = ";"
        remarques.append("séparateur point-virgule (fichier réenregistré par un tableur) au lieu de la virgule du format national")
    try:
        lecteur = csv.DictReader(io.StringIO(texte, newline=""), delimiter=separateur)
        colonnes = [c.strip() for c in lecteur.fieldnames or []]
        lignes = list(lecteur)
    except csv.Error as exc:
        raise FichierIllisible(f"CSV illisible ({exc}) : vérifiez les guillemets et enregistrez le fichier en « CSV UTF-8 »") from None
    return colonnes, lignes, remarques


def lire_porteurs(texte: str):
    """Les porteurs : du JSON, ou l'écriture de l'exemple officiel { nom: 'ADEME', roles: [ 'instructeur' ] },
    où une apostrophe peut être dans un nom (« Chambre d'agriculture »). Lève ValueError."""
    try:
        return json.loads(texte)
    except json.JSONDecodeError:
        pass
    # Une chaîne entre apostrophes finit à l'apostrophe suivie de « , » « } » « ] » ou « : » ; celles du milieu sont du texte.
    chaines = re.sub(r"'((?:[^']|'(?!\s*[,}\]:]))*)'", lambda m: json.dumps(m[1], ensure_ascii=False), texte)
    corrige = re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r'\1"\2":', chaines)
    try:
        return json.loads(corrige)
    except json.JSONDecodeError as exc:
        raise ValueError(str(exc)) from None


def departements_touches(code: str, territoires: dict[str, str | None]) -> set[str]:
    """Départements qu'un code touche, d'après le référentiel (code → parent) et le code INSEE des communes.
    Petite règle à part : le référentiel des territoires changera, pas elle."""
    if code.startswith("DEP-"):
        return {code}
    if code.startswith("COM-") and re.fullmatch(r"COM-(\d{5}|2[AB]\d{3})", code):
        return {"DEP-" + (code[4:7] if code[4:6] == "97" else code[4:6])}
    if code == "FR" or code.startswith("REG-"):
        return {d for d in territoires if d.startswith("DEP-") and _ancetre(d, code, territoires)}
    parent = territoires.get(code)
    return departements_touches(parent, territoires) if parent else set()


def _ancetre(code: str, ancetre: str, territoires: dict[str, str | None]) -> bool:
    vus = set()
    while code and code not in vus:
        if code == ancetre or ancetre == "FR":
            return True
        vus.add(code)
        code = territoires.get(code)
    return False


def _territoires(racine: Path) -> dict[str, str | None]:
    """Code → parent, d'après le référentiel actuel (vide s'il est illisible : « valider » le dira)."""
    try:
        referentiel = charger_referentiel(racine, "territoires")
    except ErreursDeDonnees:
        return {}
    return {z.code: z.parent for z in referentiel.zones}


def departements_du_site(racine: Path) -> list[str]:
    """Les départements que le site sert (extra.departements de mkdocs.yml)."""
    return list(lire_configuration(racine).departements) if (Path(racine) / "mkdocs.yml").exists() else []


# --- Une ligne ---------------------------------------------------------------------------


def _generique(adresse: str) -> bool:
    return adresse.split("@", 1)[0].lower() in COURRIELS_GENERIQUES


def _sans_courriels_personnels(texte: str) -> tuple[str, int]:
    """Le texte sans les adresses électroniques qui peuvent être celles d'une personne, et combien ont été retirées."""
    retires = 0

    def lien(m):  # [Écrire à Marie](mailto:marie.dupont@…) : le texte du lien reste, l'adresse part
        nonlocal retires
        if _generique(m[2]):
            return m[0]
        retires += 1
        return m[1]

    def adresse(m):
        nonlocal retires
        if _generique(m[0]):
            return m[0]
        retires += 1
        return "[adresse personnelle retirée]"

    texte = re.sub(r"\[([^\]]*)\]\(mailto:([^)\s]+)\)", lien, texte)
    return _COURRIEL.sub(adresse, texte), retires


class _Ligne:
    """Conversion d'une ligne ; chaque champ non repris laisse une remarque qui nomme la colonne."""

    def __init__(self, numero: int, valeurs: dict[str, str], organisations: dict[str, dict], adresse: str,
                 territoires: dict[str, str | None]):
        self.numero = numero
        self.v = {k.strip(): (v or "").strip() for k, v in valeurs.items() if k and isinstance(v, str)}
        self.organisations = organisations
        self.adresse = adresse
        self.territoires = territoires
        self.titre = self.v.get("promesse") or self.v.get("titre", "")
        self.remarques: list[Remarque] = []
        self.notes: list[str] = []
        self.tete, self.reste = lire_tete(self.v.get("description", ""))
        self.identifiant_national = self._id()
        self.identifiant_du_site = identifiant_depuis_fiche(self.tete.get("fiche"), self.identifiant_national or "", adresse)
        self.du_site = self.identifiant_du_site is not None
        """Une ligne de notre propre export : nos phrases de tête et nos correspondances sont relues exactement."""
        self.nouvelles_organisations: dict[str, dict] = {}

    def signaler(self, colonne: str, message: str) -> None:
        self.remarques.append(Remarque(self.numero, self.titre, colonne, message))

    def a_confirmer(self, note: str) -> None:
        self.notes.append(note)

    def _id(self) -> str | None:
        brut = self.v.get("id", "")
        try:
            return str(uuid.UUID(brut)) if brut else None
        except ValueError:
            self.signaler("id", f"« {brut} » n'est pas un UUID : l'aide sera reconnue par sa page (url_source)")
            return None

    def codes(self, colonne: str) -> list[str]:
        codes = []
        for valeur in self.liste(colonne):
            code = code_depuis_national(valeur)
            if OUTRE_MER.match(code):
                self.signaler(colonne, f"territoire « {valeur} » non repris : les collectivités d'outre-mer n'ont pas de code dans nos fiches")
            elif re.match(CODE_TERRITOIRE, code):
                codes.append(code)
            else:
                self.signaler(colonne, f"territoire « {valeur} » non repris : code inconnu (PAYS-99100, REG-xx, DEP-xx, "
                                       "EPCI- et 9 chiffres, COM- et le code INSEE à 5 chiffres)")
        return codes

    def dans(self, departements: list[str] | None) -> bool:
        if not departements:
            return True
        codes = [code_depuis_national(c) for c in self.liste("eligibilite_geographique")]
        if not codes:
            return True  # sans territoire, la ligne est refusée, pas comptée comme d'ailleurs
        touches = set().union(*(departements_touches(c, self.territoires) for c in codes))
        voulus = set().union(*(departements_touches(c, self.territoires) for c in departements))  # REG-32 : ses départements
        return bool(touches & voulus)

    def titres(self) -> dict:
        titre_national, promesse = self.v.get("titre", ""), self.v.get("promesse", "")
        morceaux = _SIGLE_FINAL.match(titre_national)
        if morceaux and not re.search(r"[A-Z]{2}", morceaux["sigle"]):
            morceaux = None  # « Activité partielle (chômage partiel) » : une précision, pas un sigle (règle : deux capitales de suite)
        nom, sigle = (morceaux["nom"], morceaux["sigle"]) if morceaux else (titre_national, None)
        titre = promesse or nom
        if len(titre) > 120:
            self.signaler("promesse" if promesse else "titre", "titre de plus de 120 caractères, coupé : à réécrire")
            titre = titre[:119].rstrip() + "…"
        resultat = {"titre": titre}
        if nom and nom != titre:
            resultat["nom_officiel"] = nom
        if sigle:
            resultat["sigle"] = sigle
        resultat["resume"] = titre
        return resultat

    def texte(self, colonne: str, texte: str) -> str:
        texte = _AUTOLIEN.sub(lambda m: f"[{m[1].removeprefix('mailto:')}]({m[1]})", texte)
        texte, retires = _sans_courriels_personnels(texte)
        if retires:
            self.signaler(colonne, f"{retires} adresse(s) électronique(s) de personne non importée(s)")
        return texte

    def description(self) -> str:
        description = self.texte("description", self.reste)
        if len(description) > LONGUEUR_DESCRIPTION:
            self.signaler("description", f"description de {len(description)} caractères, coupée à {LONGUEUR_DESCRIPTION}")
            self.a_confirmer(f"La description du fichier importé dépassait {LONGUEUR_DESCRIPTION} caractères : "
                             "elle est coupée, la suite est à la source.")
            description = description[: LONGUEUR_DESCRIPTION - 1].rstrip() + "…"
        return description

    def porteurs(self) -> list[dict]:
        try:
            bruts = lire_porteurs(self.v.get("porteurs", ""))
        except ValueError:
            self.signaler("porteurs", "illisible (JSON attendu : [{\"nom\": …, \"siren\": …, \"roles\": […]}])")
            return []
        if isinstance(bruts, dict):
            bruts = [bruts]
        par_siren = {o.get("siren"): i for i, o in self.organisations.items() if o.get("siren")}
        par_nom = {}
        for i, o in self.organisations.items():
            for nom in (o.get("nom"), o.get("sigle")):
                if isinstance(nom, str):
                    par_nom.setdefault(_slug(nom), i)
        porteurs = []
        for brut in bruts if isinstance(bruts, list) else []:
            if isinstance(brut, str):
                brut = {"nom": brut}
            if not isinstance(brut, dict) or not brut.get("nom"):
                self.signaler("porteurs", "un porteur sans nom a été ignoré")
                continue
            nom, siren = str(brut["nom"]).strip(), str(brut.get("siren") or "").strip()
            identifiant = par_siren.get(siren) or par_nom.get(_slug(nom))
            if not identifiant:
                identifiant = _slug(nom)[:80].strip("-") or "organisation"
                self.nouvelles_organisations[identifiant] = {"identifiant": identifiant, "nom": nom, **({"siren": siren} if re.fullmatch(r"\d{9}", siren) else {})}
                self.signaler("porteurs", f"organisation inconnue « {nom} » : brouillon aides/brouillons/organisations/{identifiant}.yaml à vérifier")
            roles_bruts = brut.get("roles", brut.get("role"))
            roles_bruts = [roles_bruts] if isinstance(roles_bruts, str) else (roles_bruts or [])
            roles = []
            for role in roles_bruts:
                role = str(role).strip().lower()
                if role in ("financeur", "instructeur"):
                    roles.append(role)
                elif role == "diffuseur" and self.du_site:
                    roles.append(ROLES_DEPUIS_NATIONAL[role])  # notre export écrit « diffuseur » pour « accompagnateur »
                else:
                    self.a_confirmer(f"Rôle de « {nom} » : le fichier dit « {role} », sans équivalent exact (financeur, instructeur, accompagnateur).")
                    self.signaler("porteurs", f"rôle « {role} » de « {nom} » non repris : à choisir parmi financeur, instructeur, accompagnateur")
            if not roles_bruts:
                self.a_confirmer(f"Rôle de « {nom} » non indiqué par le fichier importé.")
            existant = next((p for p in porteurs if p["organisation"] == identifiant), None)
            if existant:
                existant["roles"] += [r for r in roles if r not in existant["roles"]]
            else:
                porteurs.append({"organisation": identifiant, "roles": list(dict.fromkeys(roles))})
        return porteurs

    def liste(self, colonne: str) -> list[str]:
        return [x.strip() for x in self.v.get(colonne, "").split("|") if x.strip()]

    def correspondances(self, colonne: str, table: dict, larges: tuple, trop_large: str, inconnue: str) -> list[str]:
        """Nos valeurs pour les valeurs nationales qui n'en disent qu'une ; les plus larges vont en « À confirmer »."""
        resultat = []
        for valeur in self.liste(colonne):
            if valeur in table:
                resultat.append(table[valeur])
            elif valeur in larges:
                self.a_confirmer(trop_large.format(valeur))
            else:
                self.signaler(colonne, inconnue.format(valeur))
        return list(dict.fromkeys(resultat))

    def types(self) -> list[str]:
        if self.du_site and self.tete.get("types"):
            return self.tete["types"]
        return self.correspondances(
            "types_aides", TYPES_DEPUIS_NATIONAL, TYPES_NATIONAUX_LARGES,
            "Type d'aide : le fichier dit « {} », trop large pour choisir (subvention, prêt, garantie, agrément…).",
            "type d'aide « {} » inconnu du format national, non repris")

    def structures(self) -> list[str]:
        return self.correspondances(
            "cibles", STRUCTURES_DES_CIBLES, CIBLES_LARGES,
            "Types de structure : le fichier dit « {} », sans préciser lesquels (coopérative, SIAE, porteur de projet…).",
            "cible « {} » inconnue du format national, non reprise")

    def beneficiaires(self) -> dict:
        beneficiaires: dict = {"structures": self.structures()}
        criteres = {EMPLOYEUR[True]: ("employeur", True), EMPLOYEUR[False]: ("employeur", False)}
        agrements, conditions, exclus = [], [], []
        for ligne in self.texte("eligibilite", self.v.get("eligibilite", "")).splitlines():
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

    def calendrier(self) -> dict:
        """Le calendrier, d'après les dates et, pour un fichier de ce site, la phrase de tête de la description."""
        try:
            ouverture = date_depuis_horodatage(self.v.get("date_ouverture", ""))
            cloture = date_depuis_horodatage(self.v.get("date_cloture", ""))
        except ValueError:
            self.signaler("date_ouverture, date_cloture", "date illisible (format ISO 8601 attendu) : calendrier non repris")
            ouverture = cloture = None
        tete = self.tete if self.du_site else {}
        recurrence = tete.get("recurrence")
        if tete.get("situation") == "close":
            return {"recurrence": recurrence or "ponctuelle", "fermeture": {"date": cloture} if cloture else {}}
        if tete.get("situation") == "suspendue":
            return {"recurrence": recurrence or "permanente"}
        if not ouverture and not cloture:
            if recurrence:
                return {"recurrence": recurrence}
            self.a_confirmer("Le fichier importé ne donne aucune date : récurrence (permanente, annuelle, ponctuelle) à trouver à la source.")
            return {}
        if recurrence == "permanente" and cloture and not ouverture:
            return {"recurrence": recurrence, "fermeture": {"date": cloture}}
        if not recurrence:
            self.a_confirmer("Les dates du fichier importé sont lues comme une seule session : vérifier si l'aide revient chaque année.")
        session = {k: v for k, v in (("ouverture", ouverture), ("date_limite", cloture)) if v}
        return {"recurrence": recurrence or "ponctuelle", "sessions": [session]}

    def situation(self, url: str) -> dict | None:
        """Ce que le fichier dit de la situation ; sans notre phrase de tête, rien n'est vérifié : « à confirmer »."""
        etat = self.tete.get("situation") if self.du_site else None
        if etat == "close":
            return None
        if etat == "suspendue":
            return {"etat": "suspendue", "source": url, "depuis": self.tete["depuis"]}
        if etat == "en-cours":
            return {"etat": "en-cours", "source": url}
        return {"etat": "a-confirmer", "precision": "Le fichier importé ne dit pas si l'aide est ouverte aujourd'hui."}

    def extraits(self, description: str) -> dict:
        """Montant et étapes écrits dans la description selon les intitulés d'Aides-territoires, repris tels quels."""
        extraits = {}
        if (montant := _MONTANT.search(description)) and montant["texte"].strip():
            extraits["montant"] = {"commentaire": montant["texte"].strip()}
            self.a_confirmer("Montant recopié du texte du fichier importé (« Montant de l'aide ou coût ») : à chiffrer à la source.")
        if etapes := _ETAPES.search(description):
            extraits["etapes"] = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", l).strip() for l in etapes["liste"].splitlines() if l.strip()]
        return extraits

    def donnees(self) -> dict | None:
        if not self.titre:
            self.signaler("titre", "ligne non importée : ni titre ni promesse")
            return None
        manquants = [c for c in OBLIGATOIRES if not self.v.get(c)]
        if manquants:
            self.signaler(", ".join(manquants), "ligne non importée : colonne(s) obligatoire(s) vide(s)")
            return None
        url = self.v.get("url_source", "")
        if not url.startswith(("https://", "http://")):
            self.signaler("url_source", "ligne non importée : sans adresse https://, la fiche n'aurait aucune source")
            return None
        try:
            mise_a_jour = date_depuis_horodatage(self.v.get("date_mise_a_jour", ""))
        except ValueError:
            self.signaler("date_mise_a_jour", "date illisible (format ISO 8601 attendu) : non reprise")
            mise_a_jour = None
        for colonne in self.v:
            if colonne not in COLONNES and self.v[colonne]:
                self.signaler(colonne, "colonne non reprise : elle n'a pas d'équivalent dans nos fiches")
        donnees = {}
        if self.identifiant_national:
            donnees["identifiant_national"] = self.identifiant_national
        donnees.update(self.titres())
        description = self.description()
        extraits = self.extraits(description)
        donnees.update({"description": description, "porteurs": self.porteurs(), "types": self.types(),
                        "beneficiaires": self.beneficiaires()})
        if self.du_site and self.tete.get("besoins"):
            donnees["besoins"] = self.tete["besoins"]
        else:
            self.a_confirmer("Besoins : le format national ne les dit pas, à choisir.")
        if "montant" in extraits:
            donnees["montant"] = extraits["montant"]
        territoire: dict = {"codes": self.codes("eligibilite_geographique")}
        if exclusions := self.codes("eligibilite_geographique_exclusions"):
            territoire["exclusions"] = exclusions
        donnees["territoire"] = territoire
        if situation := self.situation(url):
            donnees["situation"] = situation
        donnees["calendrier"] = self.calendrier()
        if self.v.get("programmes_parents"):
            self.a_confirmer(f"Programmes parents d'après le fichier importé : {self.v['programmes_parents']}.")
        date_source = {"date": mise_a_jour} if mise_a_jour else {}
        if self.du_site:
            donnees["demarche"] = {"lien_information": url}
            donnees["sources"] = [{"url": url, "titre": f"Page officielle : {donnees['titre']}", **date_source}]
            if mise_a_jour:
                donnees["derniere_verification"] = mise_a_jour
        else:
            # La page du producteur est une source (tierce), pas la page officielle ; personne ici ne l'a vérifiée.
            donnees["demarche"] = {"etapes": extraits["etapes"]} if "etapes" in extraits else {}
            donnees["sources"] = [{"url": url, "titre": f"Fiche du fichier importé : {donnees['titre']}", **date_source, "tierce": True}]
            liens = [l for l in dict.fromkeys(_LIEN.findall(description)) if l != url]
            self.a_confirmer("Page officielle à trouver (« url_source » est la page du producteur du fichier)"
                             + (f" ; liens cités dans la description : {', '.join(liens[:5])}." if liens else "."))
            self.a_confirmer("Jamais vérifiée ici : lisez la source, puis écrivez la date dans « derniere_verification ».")
        donnees["a_confirmer"] = [MARQUE, *dict.fromkeys(self.notes)]
        return donnees


# --- Fiches existantes et écriture ------------------------------------------------------------


def identifiant_pour(donnees: dict, long: bool = False) -> str:
    """Du sigle, sinon du nom ; long : le sigle suivi du titre, quand deux lignes du fichier ont le même sigle."""
    base = donnees.get("sigle") or donnees.get("nom_officiel") or donnees["titre"]
    if long:
        base = f"{base} {donnees['titre']}"
    identifiant = _slug(base)
    if len(identifiant) > 60:
        identifiant = identifiant[:60].rsplit("-", 1)[0]
    return identifiant or "aide-importee"


@dataclass
class _Fiche:
    chemin: Path
    donnees: dict
    brouillon: bool


def _lire_yaml(chemin: Path) -> dict | None:
    try:
        donnees, _ = charger(chemin)
    except ErreurDeChargement:
        return None
    return donnees if isinstance(donnees, dict) else None


def _organisations(racine: Path) -> dict[str, dict]:
    """Organisations connues, lues sans validation : seuls l'identifiant, le nom, le sigle et le SIREN servent."""
    connues = {}
    for chemin in fiches(racine, DOSSIER_ORGANISATIONS):
        donnees = _lire_yaml(chemin)
        if donnees and isinstance(donnees.get("identifiant"), str):
            connues[donnees["identifiant"]] = donnees
    return connues


def _fiches(racine: Path, dossier: Path) -> list[_Fiche]:
    lues = []
    for chemins, brouillon in ((fiches(racine, DOSSIER_AIDES), False), (fiches(racine, dossier), True)):
        for chemin in chemins:
            donnees = _lire_yaml(chemin)
            if donnees and isinstance(donnees.get("identifiant"), str):
                lues.append(_Fiche(chemin, donnees, brouillon))
    return lues


def _id_de(donnees: dict) -> str:
    return str(donnees.get("identifiant_national") or identifiant_national(donnees["identifiant"]))


def _comparable(valeur):
    """La valeur telle que la validation la verra : dates en texte, textes sans blancs aux bouts (« | » du YAML)."""
    def nettoyer(v):
        if isinstance(v, str):
            return v.strip()
        if isinstance(v, dict):
            return {k: nettoyer(x) for k, x in v.items()}
        if isinstance(v, list):
            return [nettoyer(x) for x in v]
        return v
    return nettoyer(json.loads(json.dumps(valeur, default=str, sort_keys=True)))


def _fusion(actuel, importe):
    """Ce que le fichier dit, posé sur la valeur actuelle : un sous-champ que le format national ne porte pas
    (précision d'un territoire, commentaire d'un calendrier…) ou qu'il laisse vide reste tel quel."""
    if importe in (None, "", [], {}) and actuel not in (None, "", [], {}):
        return actuel  # le fichier ne le dit pas : ce n'est pas une raison de l'effacer
    if isinstance(actuel, dict) and isinstance(importe, dict):
        return {**actuel, **{k: _fusion(actuel.get(k), v) for k, v in importe.items()}}
    return importe


def _feuilles(valeur, prefixe: str) -> dict[str, object]:
    if isinstance(valeur, dict):
        return {k: v for cle, sous in valeur.items() for k, v in _feuilles(sous, f"{prefixe}.{cle}").items()} or {prefixe: {}}
    if isinstance(valeur, list) and any(isinstance(x, (dict, list)) for x in valeur):
        return {k: v for i, sous in enumerate(valeur) for k, v in _feuilles(sous, f"{prefixe}[{i}]").items()} or {prefixe: []}
    return {prefixe: valeur}


def _court(valeur) -> str:
    texte = "(vide)" if valeur is None else json.dumps(valeur, ensure_ascii=False) if not isinstance(valeur, str) else valeur
    texte = texte.replace("\n", " ")
    return texte if len(texte) <= 70 else texte[:69] + "…"


def difference(champ: str, ancien, nouveau) -> list[str]:
    """Les changements lisibles d'un champ : « champ.sous_champ : « ancien » → « nouveau » »."""
    avant, apres = _feuilles(_comparable(ancien), champ), _feuilles(_comparable(nouveau), champ)
    return [f"{cle} : « {_court(avant.get(cle))} » → « {_court(apres.get(cle))} »"
            for cle in list(dict.fromkeys([*avant, *apres])) if avant.get(cle) != apres.get(cle)]


_CLE_RACINE = re.compile(r"^([a-z_]+):")


def remplacer_champs(texte: str, valeurs: dict) -> str:
    """Remplace dans le YAML le bloc de chaque champ de premier niveau, sans toucher au reste (commentaires compris) ;
    un champ absent est ajouté à sa place dans l'ordre du schéma."""
    ordre = list(Aide.model_fields)
    for cle, valeur in valeurs.items():
        lignes = texte.splitlines(keepends=True)
        bloc = _yaml({cle: valeur})
        debut = next((i for i, l in enumerate(lignes) if _CLE_RACINE.match(l) and _CLE_RACINE.match(l)[1] == cle), None)
        if debut is not None:
            fin = next((i for i in range(debut + 1, len(lignes)) if re.match(r"[^\s\-]", lignes[i])), len(lignes))
        else:
            suivants = set(ordre[ordre.index(cle) + 1:]) if cle in ordre else set()
            debut = fin = next((i for i, l in enumerate(lignes) if _CLE_RACINE.match(l) and _CLE_RACINE.match(l)[1] in suivants), len(lignes))
            if debut == len(lignes) and lignes and not lignes[-1].endswith("\n"):
                lignes[-1] += "\n"
        texte = "".join(lignes[:debut]) + bloc + "".join(lignes[fin:])
    return texte


def _erreurs_de_publication(donnees: dict, nom: str, organisations: dict, territoires: dict) -> list[tuple[str, str]]:
    """(champ, message) de tout ce qui empêcherait ce brouillon de passer « valider » une fois dans aides/."""
    _, erreurs = valider_modele(Aide, _comparable(donnees), {}, nom)
    resultat = [(e.champ or "fiche", e.message) for e in erreurs]
    for i, porteur in enumerate(donnees.get("porteurs") or []):
        if isinstance(porteur, dict) and porteur.get("organisation") not in organisations:
            resultat.append((f"porteurs[{i}]", f"organisation « {porteur.get('organisation')} » absente de aides/organisations/"))
    if territoires:
        for cle in ("codes", "exclusions"):
            for code in (donnees.get("territoire") or {}).get(cle, []):
                if code != "FR" and code not in territoires:
                    resultat.append((f"territoire.{cle}", f"territoire « {code} » absent de aides/referentiel/territoires.yaml"))
    return resultat


def _colonne(champ: str) -> str:
    return next((c for k, c in COLONNE_DU_CHAMP.items() if champ == k or champ.startswith((k + ".", k + "["))), "")


def importer(fichier: Path, racine: Path, dossier: Path | None = None, departements: list[str] | None = None,
             forcer: bool = False) -> Rapport:
    """Lit le CSV national ; met à jour les fiches reconnues, écrit un brouillon pour chaque aide nouvelle.

    departements : seules les lignes qui touchent l'un d'eux sont reprises (None : toutes) ;
    forcer : remplace aussi les champs modifiés à la main depuis le dernier import."""
    racine = Path(racine)
    dossier = Path(dossier) if dossier else racine / DOSSIER_BROUILLONS
    rapport = Rapport()
    try:
        texte, remarques = lire_texte(fichier)
        colonnes, lignes, autres = lire_lignes(texte)
    except FichierIllisible as exc:
        rapport.fichier.append(f"fichier non importé : {exc}")
        rapport.illisible = True
        return rapport
    rapport.fichier += remarques + autres
    absentes = [c for c in ("titre", "description", "porteurs", "url_source") if c not in colonnes]
    if absentes:
        rapport.fichier.append(f"fichier non importé : colonne(s) absente(s) {', '.join(absentes)} ; "
                               "est-ce bien le format national dispositif-aide ?")
        rapport.illisible = True
        return rapport

    organisations = _organisations(racine)
    territoires = _territoires(racine)
    try:
        adresse = lire_configuration(racine).site
    except OSError:
        adresse = ""
    fiches = _fiches(racine, dossier)
    par_id = {_id_de(f.donnees): f for f in fiches}
    par_url: dict[str, list[_Fiche]] = {}
    for f in fiches:
        url = (f.donnees.get("demarche") or {}).get("lien_information") if isinstance(f.donnees.get("demarche"), dict) else None
        if url:
            par_url.setdefault(url, []).append(f)
    par_identifiant = {f.donnees["identifiant"]: f for f in fiches}
    # À côté des brouillons ; jamais dans aides/ lui-même, où un .json serait signalé comme fichier non lu.
    dans_les_fiches = dossier.resolve() == (racine / DOSSIER_AIDES).resolve()
    chemin_imports = (racine / DOSSIER_BROUILLONS if dans_les_fiches else dossier) / DERNIERS_IMPORTS
    derniers = json.loads(chemin_imports.read_text(encoding="utf-8")) if chemin_imports.is_file() else {}

    lues = []
    for numero, valeurs in enumerate(lignes, start=2):
        ligne = _Ligne(numero, valeurs, organisations, adresse, territoires)
        if not ligne.dans(departements):
            rapport.hors_territoire += 1
            continue
        donnees = ligne.donnees()
        refus = donnees is None
        for remarque in ligne.remarques:
            (rapport.refusees if refus and "non importée" in remarque.message else rapport.avertissements).append(remarque)
        if not refus:
            lues.append((ligne, donnees))

    courts = [identifiant_pour(d) for l, d in lues if not l.du_site]
    vus: set[str] = set()
    for ligne, donnees in lues:
        existante = par_id.get(ligne.identifiant_national or "")
        if existante is None and len(par_url.get(ligne.v["url_source"], [])) == 1 and not ligne.identifiant_national:
            existante = par_url[ligne.v["url_source"]][0]
        if existante is None and ligne.du_site:
            existante = par_identifiant.get(ligne.identifiant_du_site)
        if existante is not None:
            if existante.chemin in vus:
                rapport.avertissements.append(Remarque(ligne.numero, ligne.titre, "id", f"même aide qu'une ligne précédente ({existante.chemin.name}) : ignorée"))
                continue
            vus.add(existante.chemin)
            _mettre_a_jour(existante, ligne, donnees, derniers, forcer, rapport)
        else:
            identifiant = ligne.identifiant_du_site or identifiant_pour(donnees, long=courts.count(identifiant_pour(donnees)) > 1)
            base, n = identifiant, 2
            while identifiant in par_identifiant or (dossier / f"{identifiant}.yaml").exists():
                identifiant, n = f"{base}-{n}", n + 1
            donnees = {"identifiant": identifiant, **donnees}
            chemin = dossier / f"{identifiant}.yaml"
            chemin.parent.mkdir(parents=True, exist_ok=True)
            with open(chemin, "x", encoding="utf-8") as f:
                f.write(texte_yaml(donnees, ENTETE_BROUILLON if chemin.parent.resolve() == (racine / DOSSIER_BROUILLONS).resolve() else ENTETE))
            rapport.brouillons.append(chemin)
            existante = _Fiche(chemin, donnees, True)
            par_identifiant[identifiant] = existante
            vus.add(chemin)
            derniers[identifiant] = {c: donnees[c] for c in CHAMPS_MIS_A_JOUR if c in donnees}
        for identifiant, organisation in ligne.nouvelles_organisations.items():
            chemin = dossier / "organisations" / f"{identifiant}.yaml"
            if not chemin.exists() and not (racine / DOSSIER_ORGANISATIONS / f"{identifiant}.yaml").exists():
                chemin.parent.mkdir(parents=True, exist_ok=True)
                chemin.write_text(ENTETE_ORGANISATION + _yaml(organisation), encoding="utf-8")
                rapport.organisations.append(chemin)
        if existante.brouillon:
            erreurs = _erreurs_de_publication(existante.donnees, existante.chemin.name, organisations, territoires)
            if erreurs:
                rapport.invalides[existante.chemin] = [Remarque(ligne.numero, ligne.titre, _colonne(c), f"{c} : {m}") for c, m in erreurs]
    if derniers:
        chemin_imports.parent.mkdir(parents=True, exist_ok=True)
        nouveau = json.dumps(_comparable(derniers), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if not chemin_imports.is_file() or chemin_imports.read_text(encoding="utf-8") != nouveau:
            chemin_imports.write_text(nouveau, encoding="utf-8")
    return rapport


def _mettre_a_jour(fiche: _Fiche, ligne: _Ligne, donnees: dict, derniers: dict, forcer: bool, rapport: Rapport) -> None:
    """Champ par champ : un champ que personne n'a touché depuis le dernier import prend la valeur du fichier ;
    un champ modifié à la main (ou jamais importé) est gardé, sauf forcer."""
    identifiant = fiche.donnees["identifiant"]
    base = derniers.get(identifiant, {})
    changes, changements = {}, []
    for champ in CHAMPS_MIS_A_JOUR:
        if champ not in donnees:
            continue
        if champ == "identifiant_national" and fiche.donnees.get(champ) and fiche.donnees[champ] != donnees[champ]:
            rapport.avertissements.append(Remarque(ligne.numero, ligne.titre, "id", f"{fiche.chemin.name}, reconnue par sa page, a déjà "
                                                   f"l'identifiant national {fiche.donnees[champ]} : il est gardé"))
            continue
        actuel = _comparable(fiche.donnees.get(champ))
        nouveau = _comparable(_fusion(actuel, donnees[champ]))
        if nouveau == actuel:
            continue
        if not forcer and (champ not in base or _comparable(base[champ]) != actuel):
            if champ in base and _comparable(_fusion(actuel, base[champ])) == nouveau:
                continue  # le fichier n'a pas changé ce champ depuis le dernier import : la modification à la main reste
            rapport.gardes.append(Remarque(ligne.numero, ligne.titre, _colonne(champ),
                                           f"{fiche.chemin.name} : « {champ} » modifié à la main, gardé (--forcer pour le remplacer) ; "
                                           + " ; ".join(difference(champ, actuel, nouveau)[:3])))
            continue
        changes[champ] = _fusion(fiche.donnees.get(champ), donnees[champ])  # dates gardées en dates dans le YAML
        changements += difference(champ, actuel, nouveau)
    if changes:
        texte = fiche.chemin.read_text(encoding="utf-8")
        fiche.chemin.write_text(remplacer_champs(texte, changes), encoding="utf-8")
        fiche.donnees.update(changes)
        rapport.mises_a_jour[fiche.chemin] = changements
        derniers[identifiant] = {**base, **{c: donnees[c] for c in changes}}
    else:
        rapport.inchangees.append(fiche.chemin)
