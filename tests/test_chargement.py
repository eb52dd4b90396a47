"""Lecture des fichiers YAML (generateur/lecture/chargement.py), sans catalogue : valeurs, positions des
champs, et ligne et colonne de chaque refus. Tout est compté à la main sur les octets écrits ici ;
tests/test_corpus.py vérifie les mêmes refus sur de vrais fichiers, avec la commande."""

from __future__ import annotations

import types

import pytest

from generateur.lecture.chargement import ErreurDeChargement, _champ, _traduire_yaml, analyser, charger, position_de


def _refus(brut: bytes) -> tuple[int, int, str, str]:
    with pytest.raises(ErreurDeChargement) as exc:
        analyser(brut, "fiche.yaml")
    e = exc.value.erreur
    assert e.fichier == "fiche.yaml"
    return e.ligne, e.colonne, e.champ, e.message


def test_position_du_plus_proche_parent():
    positions = {(): (1, 1), ("a",): (2, 1), ("a", "b", "c"): (5, 5)}
    assert position_de(positions, ("a", "b", "c", "d")) == (5, 5)
    assert position_de(positions, ("a", "b")) == (2, 1)
    assert position_de(positions, ("x",)) == (1, 1)
    assert position_de({}, ("x", "y")) == (1, 1)


def test_nom_du_champ():
    assert _champ(("calendrier", "sessions", 0, "date_limite")) == "calendrier.sessions[0].date_limite"
    assert _champ((0, "a")) == "[0].a"
    assert _champ(()) == ""


def test_valeurs_et_positions():
    brut = (b"titre: Aide\n"
            b"montant:\n"
            b"  max: 5000\n"
            b"  taux: 0.5\n"
            b"types:\n"
            b"  - subvention\n"
            b"  - pret\n"
            b"sessions:\n"
            b"  - ouverture: 2026-01-05\n"
            b"    profond:\n"
            b"      encore: oui-da\n"
            b"fin: ~\n")
    donnees, positions = analyser(brut, "fiche.yaml")
    assert donnees == {
        "titre": "Aide",
        "montant": {"max": 5000, "taux": 0.5},
        "types": ["subvention", "pret"],
        "sessions": [{"ouverture": "2026-01-05", "profond": {"encore": "oui-da"}}],
        "fin": None,
    }
    assert positions == {
        (): (1, 1),
        ("titre",): (1, 1),
        ("montant",): (2, 1),
        ("montant", "max"): (3, 3),
        ("montant", "taux"): (4, 3),
        ("types",): (5, 1),
        ("types", 0): (6, 5),
        ("types", 1): (7, 5),
        ("sessions",): (8, 1),
        ("sessions", 0): (9, 5),
        ("sessions", 0, "ouverture"): (9, 5),
        ("sessions", 0, "profond"): (10, 5),
        ("sessions", 0, "profond", "encore"): (11, 7),
        ("fin",): (12, 1),
    }


@pytest.mark.parametrize("ecrit, lu", [
    (b"true", True), (b"True", True), (b"TRUE", True),
    (b"false", False), (b"False", False), (b"FALSE", False),
    (b"7", 7), (b"-12", -12), (b"0", 0), (b"1.5", 1.5), (b".inf", float("inf")), (b"-.inf", float("-inf")),
    (b"null", None), (b"", None),
    (b'"12"', "12"), (b"'true'", "true"), (b'"~"', "~"), (b"|\n  12\n", "12\n"),
    (b"bonjour", "bonjour"), (b"12 rue", "12 rue"), (b"a\tb", "a\tb"),
])
def test_valeurs_du_schema_core(ecrit, lu):
    assert analyser(b"v: " + ecrit + b"\n", "fiche.yaml")[0] == {"v": lu}


@pytest.mark.parametrize("ecrit, message", [
    (b"012", "la valeur « 012 » commence par 0, et YAML 1.1 la lit en octal (« 010 » y devient 8) : écrivez 12, "
             "ou mettez-la entre guillemets si c'est un texte"),
    (b"-012", "la valeur « -012 » commence par 0, et YAML 1.1 la lit en octal (« 010 » y devient 8) : écrivez -12, "
              "ou mettez-la entre guillemets si c'est un texte"),
    (b"+00", "la valeur « +00 » commence par 0, et YAML 1.1 la lit en octal (« 010 » y devient 8) : écrivez +0, "
             "ou mettez-la entre guillemets si c'est un texte"),
    (b"off", "la valeur « off » veut dire true ou false pour certains outils YAML et un texte pour d'autres : "
             "écrivez true ou false, ou mettez-la entre guillemets si c'est un texte"),
])
def test_valeurs_ambigues(ecrit, message):
    assert _refus(b"titre: x\nv: " + ecrit + b"\n") == (2, 4, "v", message)


def test_taille_limite(tmp_path):
    juste = tmp_path / "juste.yaml"
    juste.write_bytes(b"titre: " + b"a" * (64 * 1024 - 8) + b"\n")
    assert len(juste.read_bytes()) == 65536
    assert charger(juste)[0] == {"titre": "a" * 65528}
    trop = tmp_path / "trop.yaml"
    trop.write_bytes(b"titre: " + b"a" * (64 * 1024 - 7) + b"\n")
    with pytest.raises(ErreurDeChargement) as exc:
        charger(trop, "aides/trop.yaml")
    e = exc.value.erreur
    assert (e.fichier, e.ligne, e.colonne, e.message) == (
        "aides/trop.yaml", 1, 1, "fichier trop gros : plus de 64 Kio (une fiche fait quelques Kio)")


def test_nom_affiche_sinon_le_chemin(tmp_path):
    absent = tmp_path / "absent.yaml"
    with pytest.raises(ErreurDeChargement) as exc:
        charger(absent)
    assert (exc.value.erreur.fichier, exc.value.erreur.message) == (str(absent), "fichier illisible (fichier introuvable)")
    with pytest.raises(ErreurDeChargement) as exc:
        charger(absent, "aides/absent.yaml")
    assert exc.value.erreur.fichier == "aides/absent.yaml"


@pytest.mark.parametrize("brut, attendu", [
    (b"titre: ok\nsigle: \xff\n", (2, 8, "", "octet 0xff invalide : le fichier n'est pas en UTF-8 (enregistrez-le en « UTF-8 »)")),
    (b"\xfe", (1, 1, "", "octet 0xfe invalide : le fichier n'est pas en UTF-8 (enregistrez-le en « UTF-8 »)")),
    (b"\ntitre: \xff", (2, 8, "", "octet 0xff invalide : le fichier n'est pas en UTF-8 (enregistrez-le en « UTF-8 »)")),
    (b"", (1, 1, "", "fichier vide : une fiche doit contenir des champs « clé: valeur »")),
    (b"  \n\n", (1, 1, "", "fichier vide : une fiche doit contenir des champs « clé: valeur »")),
    (b"# commentaire\n\n  # autre\n", (1, 1, "", "fichier vide : une fiche doit contenir des champs « clé: valeur »")),
    (b"titre: x\n\tsigle: y\n", (2, 1, "", "tabulation en début de ligne : en YAML, indentez avec des espaces")),
    (b"titre: x\n  \tsigle: y\n", (2, 3, "", "tabulation en début de ligne : en YAML, indentez avec des espaces")),
    (b"titre: a\x07b\n", (1, 9, "", "caractère de contrôle invisible interdit (U+0007) : supprimez-le")),
    (b"titre: x\nsigle: a\rb\n", (2, 9, "", "retour chariot « \\r » seul au milieu d'une ligne : enregistrez le fichier "
                                          "avec des fins de ligne LF ou CRLF")),
    # Le problème, pas le contexte : la fin du fichier, pas le guillemet ouvert ligne 1.
    (b'titre: "abc\nsigle: x\n', (3, 1, "", "erreur de syntaxe YAML : fin de fichier inattendue (guillemet ou crochet non fermé ?)")),
    (b"- a\n- b\n", (1, 1, "", "le fichier doit contenir des champs « clé: valeur », pas une liste ni un texte seul")),
    (b"titre: x\n---\nsigle: y\n", (2, 1, "", "un seul document par fichier : retirez la ligne « --- »")),
    (b"titre: x\ntitre: y\n", (2, 1, "titre", "clé « titre » en double (déjà présente ligne 1)")),
    (b"a:\n  b: 1\n  b: 2\n", (3, 3, "a.b", "clé « b » en double (déjà présente ligne 2)")),
    (b"? - a\n: 1\n", (1, 3, "", "une clé doit être un simple mot")),
    (b"a:\n  ? [x]\n  : 1\n", (2, 5, "a", "une clé doit être un simple mot")),
    (b"titre: x\n<<: {b: 2}\n", (2, 1, "", "clé « << » interdite : une clé est un simple mot (la fusion YAML « << » n'est pas permise)")),
    (b"a:\n  <<: {b: 2}\n", (2, 3, "a", "clé « << » interdite : une clé est un simple mot (la fusion YAML « << » n'est pas permise)")),
])
def test_refus(brut, attendu):
    assert _refus(brut) == attendu


def test_cles_entre_guillemets_et_crlf():
    assert analyser(b'"<<": 1\r\ntitre: x\r\n', "fiche.yaml")[0] == {"<<": 1, "titre": "x"}


@pytest.mark.parametrize("probleme, attendu", [
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet ou crochet non fermé ?)"),
    ("expected <block end>, but found '-'", "élément de liste mal aligné"),
    ("found undefined alias xyz", "alias YAML interdit"),
    ("expected <block end>, but found '<scalar>'", "indentation incohérente : cette ligne n'est pas alignée avec les autres"),
    ("expected <block mapping end>, but found '<scalar>'", "indentation incohérente : cette ligne n'est pas alignée avec les autres"),
    ("something new", "structure YAML invalide : vérifiez l'indentation, les « : » et les guillemets de cette ligne"),
    (None, "structure YAML invalide : vérifiez l'indentation, les « : » et les guillemets de cette ligne"),
])
def test_traduction_des_messages_de_libyaml(probleme, attendu):
    assert _traduire_yaml(types.SimpleNamespace(problem=probleme)) == attendu


def test_erreur_sans_position_au_debut_du_fichier(monkeypatch):
    """libyaml marque toujours ses erreurs ; sans marque (ou sans position de la racine), la ligne 1, colonne 1."""
    from generateur.lecture import chargement

    def sans_marque(*args, **kwargs):
        raise chargement.yaml.MarkedYAMLError(problem="found unexpected end of stream")
        yield  # un générateur, comme yaml.parse

    monkeypatch.setattr(chargement.yaml, "parse", sans_marque)
    assert _refus(b"titre: x\n") == (1, 1, "", "erreur de syntaxe YAML : fin de fichier inattendue (guillemet ou crochet non fermé ?)")

    monkeypatch.setattr(chargement, "_construire", lambda evenements, nom: ("un texte", {}))
    assert _refus(b"titre: x\n") == (1, 1, "", "le fichier doit contenir des champs « clé: valeur », pas une liste ni un texte seul")
