"""« Vouliez-vous dire … ? » (generateur/lecture/validation.py), règle par règle, sans fichier ni construction :
l'écart entre deux mots, la faute de frappe mot à mot ou le début d'un mot, les mots des champs parents, le
sens d'une valeur ; puis le nom de champ qui choisit le message d'un format invalide. Les valeurs attendues
sont comptées à la main ; tests/test_corpus.py vérifie les mêmes messages sur de vrais fichiers."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel, StringConstraints

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
