"""« Vouliez-vous dire … ? » (generateur/lecture/validation.py), règle par règle, sans fichier ni construction :
l'écart entre deux mots, la faute de frappe mot à mot ou le début d'un mot, les mots des champs parents, le
sens d'une valeur ; puis le nom de champ qui choisit le message d'un format invalide. Les valeurs attendues
sont comptées à la main ; tests/test_corpus.py vérifie les mêmes messages sur de vrais fichiers."""

from __future__ import annotations

from typing import Annotated, Optional

import pytest
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from generateur.lecture.validation import _dit_dans, _ecart, _faute_de_frappe, _modele_a, suggestion, traduire, valider_modele


@pytest.mark.parametrize("a, b, attendu", [
    ("", "abc", 3),
    ("abcd", "", 4),
    ("abc", "abc", 0),
    ("abc", "abd", 1),
    ("ab", "b", 1),
    ("chat", "chats", 1),
    ("asociation", "association", 1),
    ("ab", "ba", 1),            # deux lettres interverties : un seul changement
    ("abc", "acb", 1),
    ("tresroerie", "tresorerie", 1),
    ("kitten", "sitting", 3),
    ("ca", "abc", 3),           # une lettre intervertie ne se déplace pas ensuite
    ("aaa", "a", 2),
])
def test_ecart(a, b, attendu):
    assert _ecart(a, b) == attendu


@pytest.mark.parametrize("tape, possible, attendu", [
    ([], ["association"], False),
    # Mot court (3 lettres au plus) : aucune faute permise.
    (["2"], ["3"], False),
    (["abc"], ["abd"], False),
    (["abc"], ["abc"], True),
    # 4 ou 5 lettres : une faute.
    (["abcd"], ["abce"], True),
    (["abxy"], ["abcd"], False),
    (["abcde"], ["abcdf"], True),
    (["abcxy"], ["abcde"], False),
    # 6 lettres et plus : deux fautes.
    (["abcdef"], ["abcdxy"], True),
    (["abcdef"], ["abxyzf"], False),
    (["euros", "pqr", "emploi"], ["euros", "par", "emploi"], False),
    (["eurso", "par", "emploi"], ["euros", "par", "emploi"], True),
    # Le début des mots : trois lettres au moins, les mots d'avant identiques.
    (["asso"], ["association"], True),
    (["ass"], ["association"], True),
    (["as"], ["association"], False),
    (["euros", "par", "emploi"], ["euros", "par", "emploi", "cree"], True),
    (["euros", "par", "emp"], ["euros", "par", "emploi", "cree"], True),
    (["euros", "xyz", "emp"], ["euros", "par", "emploi"], False),
    (["departement", "somme"], ["departement", "nord"], False),
    (["somme"], ["nord", "ouest"], False),
    (["association", "loi"], ["association"], False),
])
def test_faute_de_frappe(tape, possible, attendu):
    assert _faute_de_frappe(tape, possible) is attendu


@pytest.mark.parametrize("tape, texte, attendu", [
    (["scic"], "« Coopérative » : SCOP, SCIC ou CAE", True),
    (["cae"], "« Coopérative » : SCOP, SCIC ou CAE", True),      # le dernier mot
    (["cooperative"], "« Coopérative » : SCOP, SCIC ou CAE", True),  # le premier
    (["scop", "scic"], "« Coopérative » : SCOP, SCIC ou CAE", True),
    (["scic", "scop"], "« Coopérative » : SCOP, SCIC ou CAE", False),
    (["sci"], "« Coopérative » : SCOP, SCIC ou CAE", False),      # un mot entier, pas un morceau
    (["ou", "cae", "plus"], "« Coopérative » : SCOP, SCIC ou CAE", False),
])
def test_dit_dans(tape, texte, attendu):
    assert _dit_dans(tape, texte) is attendu


SENS = {
    "association": "« Association » : loi 1901 ou droit local.",
    "cooperative": "« Coopérative » : SCOP, SCIC ou CAE.",
    "collectivite": "« Collectivité » : commune, département ou région, comme une association parfois.",
}


@pytest.mark.parametrize("valeur, possibles, sens, contexte, attendu", [
    (None, ["association"], None, (), ""),
    (12, ["12"], None, (), ""),
    ("   ", ["association"], None, (), ""),
    ("asociation", ["association", "cooperative"], None, (), " ; vouliez-vous dire « association » ?"),
    ("Asso", ["association", "cooperative"], None, (), " ; vouliez-vous dire « association » ?"),
    ("zzz", ["association", "cooperative"], None, (), ""),
    # Deux ou trois valeurs proches : toutes ; quatre : aucune.
    ("abcd", ["abce", "abcf", "xyz"], None, (), " ; vouliez-vous dire « abce » ou « abcf » ?"),
    ("abcd", ["abce", "abcf", "abcg"], None, (), " ; vouliez-vous dire « abce » ou « abcf » ou « abcg » ?"),
    ("abcd", ["abce", "abcf", "abcg", "abch"], None, (), ""),
    # Les mots des champs parents ne distinguent rien : « montant_max » dans « montant » → « max ».
    ("montant_max", ["min", "max", "plafond"], None, ("montant",), " ; vouliez-vous dire « max » ?"),
    ("montant_max", ["min", "max", "plafond"], None, (0, "montant"), " ; vouliez-vous dire « max » ?"),
    ("montant_max", ["min", "max", "plafond"], None, (), ""),
    ("montant", ["min", "max", "plafond"], None, ("montant",), ""),
    ("montant_maxi", ["min", "max", "plafond"], None, ("montant",), ""),
    # Par le sens : le mot tapé figure dans le libellé ou la définition d'une seule valeur.
    ("SCIC", ["association", "cooperative", "collectivite"], SENS, (),
     " ; vouliez-vous dire « cooperative » (« Coopérative » : SCOP, SCIC ou CAE) ?"),
    ("CAE", ["association", "cooperative", "collectivite"], SENS, (),
     " ; vouliez-vous dire « cooperative » (« Coopérative » : SCOP, SCIC ou CAE) ?"),
    ("loi 1901", ["association", "cooperative", "collectivite"], SENS, (),
     " ; vouliez-vous dire « association » (« Association » : loi 1901 ou droit local) ?"),
    ("ou", ["association", "cooperative"], SENS, (), ""),              # deux lettres : trop peu
    ("région", ["association", "cooperative", "collectivite"], SENS, (),
     " ; vouliez-vous dire « collectivite » (« Collectivité » : commune, département ou région, comme une association parfois) ?"),
    ("SCIC", ["association", "cooperative", "collectivite"], None, (), ""),
    ("droit", ["association", "cooperative"], {"association": "droit local", "cooperative": "droit coopératif"}, (), ""),
])
def test_suggestion(valeur, possibles, sens, contexte, attendu):
    assert suggestion(valeur, possibles, sens, contexte=contexte) == attendu


class _Numeros(BaseModel):
    model_config = ConfigDict(extra="forbid")
    telephone: list[Annotated[str, StringConstraints(pattern=r"^0[1-9]$")]] = []
    siren: Annotated[str, StringConstraints(pattern=r"^\d{9}$")] = "123456789"


def test_un_element_de_liste_prend_le_nom_de_sa_liste():
    objet, erreurs = valider_modele(_Numeros, {"telephone": ["01", "x"], "siren": "12"}, {("telephone", 1): (3, 5), ("siren",): (4, 1)}, "f.yaml")
    assert objet is None
    assert [(e.ligne, e.colonne, e.champ, e.message) for e in erreurs] == [
        (3, 5, "telephone[1]", "numéro invalide « x » : écrivez-le comme 03 74 27 00 00"),
        (4, 1, "siren", "SIREN invalide « 12 » : 9 chiffres attendus"),
    ]


def test_element_d_une_liste_sans_nom():
    detail = {"type": "string_pattern_mismatch", "loc": (0,), "input": "x", "ctx": {"pattern": "^0$"}, "msg": "String should match pattern"}
    assert traduire(detail, _Numeros) == "format invalide « x »"


@pytest.mark.parametrize("chemin", [
    ("territoire", "codes", 0),
    ("territoire", "exclusions", 1),
    ("calendrier", "sessions", 0, "territoires", 0),
    ("contacts", 2, "territoires", 0),
    ("territoire",),
])
def test_code_de_territoire_invalide_partout_ou_il_s_ecrit(chemin):
    detail = {"type": "string_pattern_mismatch", "loc": chemin, "input": "QQQ", "ctx": {"pattern": "^FR$"}, "msg": "String should match pattern"}
    assert traduire(detail, _Numeros).startswith(
        "code de territoire invalide « QQQ » : attendu FR, REG-32, DEP-59, EPCI-<SIREN à 9 chiffres> ou COM-<code INSEE>")


class _Fiche(BaseModel):
    numeros: list[_Numeros] = []
    titre: str = ""


@pytest.mark.parametrize("chemin, attendu", [
    ((), _Fiche),
    (("numeros", 0), _Numeros),
    (("numeros", 0, "siren"), None),
    (("titre", "x"), None),
    (("inconnu",), None),
    (("inconnu", "siren"), None),
])
def test_modele_a_cet_endroit(chemin, attendu):
    assert _modele_a(_Fiche, chemin) is attendu


# --- Messages de traduire, sur de petits modèles pydantic -------------------------------

class _Montant(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int = 0
    max: int = 0


class _Adresse(BaseModel):
    """Où écrire : la rue et la ville."""
    model_config = ConfigDict(extra="forbid")
    rue: str = Field(description="Numéro et nom de la rue.")
    ville: str = ""


class _Contact(BaseModel):
    """Qui appeler."""
    model_config = ConfigDict(extra="forbid")
    numeros: _Numeros = _Numeros()
    montant: _Montant = _Montant()
    adresse: Optional[_Adresse] = None


class _Dossier(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nom: str
    resume: str = Field(description="Une phrase.")
    contact: _Contact = Field(description="La personne à joindre.")
    adresse: _Adresse
    montant: _Montant
    titre: Annotated[str, StringConstraints(min_length=1, max_length=5)] = "x"
    etiquettes: list[str] = Field(default=["a"], min_length=1, max_length=2)
    code: str = "a"
    lieux: dict[str, _Adresse] = {}

    @field_validator("code")
    @classmethod
    def _code(cls, valeur):
        if valeur == "interdit":
            raise ValueError("code interdit : choisissez-en un autre")
        return valeur


COMPLET = {"nom": "n", "resume": "r", "contact": {}, "adresse": {"rue": "r"}, "montant": {}}


def _messages(donnees):
    objet, erreurs = valider_modele(_Dossier, donnees, {}, "f.yaml")
    assert objet is None
    return [(e.champ, e.message) for e in erreurs]


@pytest.mark.parametrize("changement, attendu", [
    ({"contact": {"numeros": {"sirne": "x"}}}, ("contact.numeros.sirne", "clé inconnue « sirne » ; vouliez-vous dire « siren » ?")),
    ({"contact": {"montant": {"montant_max": 1}}}, ("contact.montant.montant_max", "clé inconnue « montant_max » ; vouliez-vous dire « max » ?")),
    ({"contact": {"zzz": 1}}, ("contact.zzz", "clé inconnue « zzz » ; clés possibles : adresse, montant, numeros")),
    ({"titre": "abcdefg"}, ("titre", "texte trop long : 7 caractères pour 5 au plus")),
    ({"titre": ""}, ("titre", "texte vide : écrivez quelque chose ou retirez le champ")),
    ({"etiquettes": []}, ("etiquettes", "liste trop courte : au moins 1 élément(s) attendu(s)")),
    ({"etiquettes": ["a", "b", "c"]}, ("etiquettes", "liste trop longue : au plus 2 élément(s)")),
    ({"code": "interdit"}, ("code", "code interdit : choisissez-en un autre")),
    ({"nom": 3}, ("nom", "un texte est attendu, reçu « 3 »")),
    ({"nom": {"a": 1, "b": 2}}, ("nom", "un texte est attendu, reçu une liste de champs « clé: valeur »")),
    ({"nom": {"Payer au Smic": "1 801,80 €"}}, ("nom", "un texte est attendu, reçu un champ « clé: valeur » : le texte contient « : » suivi "
      "d'une espace, que YAML lit comme un champ. Mettez tout le texte entre guillemets, par exemple \"Payer au Smic : 1 801,80 €\"")),
    ({"nom": {"Attention": None}}, ("nom", "un texte est attendu, reçu un champ « clé: valeur » : le texte contient « : » suivi "
      "d'une espace, que YAML lit comme un champ. Mettez tout le texte entre guillemets, par exemple \"Attention :\"")),
    ({"contact": {"adresse": {"ville": "v"}}}, ("contact.adresse.rue", "champ obligatoire manquant ; attendu : Numéro et nom de la rue.")),
    # Sous un dictionnaire, pas de modèle pour dire ce qui est attendu.
    ({"lieux": {"paris": {"ville": "v"}}}, ("lieux.paris.rue", "champ obligatoire manquant")),
])
def test_messages(changement, attendu):
    assert _messages({**COMPLET, **changement}) == [attendu]


def test_champs_manquants():
    assert _messages({"adresse": {"rue": "r"}, "titre": "x"}) == [
        ("nom", "champ obligatoire manquant"),
        ("resume", "champ obligatoire manquant ; attendu : Une phrase."),
        ("contact", "champ obligatoire manquant ; attendu : La personne à joindre."),
        ("montant", "champ obligatoire manquant"),
    ]
    assert _messages({**COMPLET, "adresse": None}) != []
    sans_adresse = {k: v for k, v in COMPLET.items() if k != "adresse"}
    assert _messages(sans_adresse) == [("adresse", "champ obligatoire manquant ; attendu : Où écrire : la rue et la ville.")]
