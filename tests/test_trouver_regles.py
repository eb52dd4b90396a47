"""Règles de statut et d'appariement de docs/assets/trouver.js, seules, dans une page Chromium vide :
pas de site construit, une seule page pour tout le fichier (quelques secondes). C'est le premier test
que lance `make mutants` sur trouver.js. Chaque résultat attendu est écrit à la main d'après les règles
de generateur/regles/statut.py et de la section « Comment la liste est faite » du trouveur.

Une session : [ouverture, date limite] ou [ouverture, date limite, départements en bits] ; aide.c : les
sessions, f : fermeture ("" si close sans date), z : situation, k : récurrence, p : date d'appui."""

from __future__ import annotations

from pathlib import Path

import pytest

TROUVER = Path(__file__).resolve().parent.parent / "docs" / "assets" / "trouver.js"
R = {"delai": 30, "sans_ouverture": 60, "validite": 18}
RECENTE = "2026-10-01"  # date d'appui qui laisse l'aide « en cours » jusqu'en avril 2028


@pytest.fixture(scope="module")
def regles(navigateur):
    contexte = navigateur.new_context(locale="fr-FR")
    page = contexte.new_page()
    page.set_content("<!doctype html><html lang='fr'><body></body></html>")
    page.add_script_tag(path=str(TROUVER))
    yield page
    contexte.close()


def _aide(c=None, k="ponctuelle", p=RECENTE, **autres):
    aide = {"k": k, **autres}
    if c is not None:
        aide["c"] = c
    if p is not None:
        aide["p"] = p
    return aide


def _statut(page, aide, jour, bit=0, delais=R):
    s = page.evaluate("([a, j, b, r]) => AidesESS.statut(a, j, b, r === null ? undefined : r)", [aide, jour, bit, delais])
    return [s["code"], s["date_limite"], s["ouverture"], s["depuis"], s["informations_du"]]


UNE = [["2026-01-05", "2026-03-31"]]
SANS_OUVERTURE = [[None, "2026-06-30"]]  # compte comme ouverte 60 jours avant : le 1er mai 2026
DEUX = [["2026-01-05", "2026-02-15"], ["2026-09-01", "2026-10-15"]]

STATUTS = [
    # (cas, aide, jour, bit du département, [code, date limite, ouverture, depuis, informations du])
    ("veille de l'ouverture", _aide(UNE), "2026-01-04", 0, ["a-venir", "2026-03-31", "2026-01-05", None, None]),
    ("jour de l'ouverture", _aide(UNE), "2026-01-05", 0, ["ouverte", "2026-03-31", None, None, None]),
    ("31 jours avant la date limite", _aide(UNE), "2026-02-28", 0, ["ouverte", "2026-03-31", None, None, None]),
    ("30 jours avant la date limite", _aide(UNE), "2026-03-01", 0, ["bientot-close", "2026-03-31", None, None, None]),
    ("jour de la date limite", _aide(UNE), "2026-03-31", 0, ["bientot-close", "2026-03-31", None, None, None]),
    ("lendemain de la date limite", _aide(UNE), "2026-04-01", 0, ["close", None, None, "2026-03-31", None]),
    ("sans ouverture, veille des 60 jours", _aide(SANS_OUVERTURE), "2026-04-30", 0, ["a-venir", "2026-06-30", None, None, None]),
    ("sans ouverture, 60 jours avant", _aide(SANS_OUVERTURE), "2026-05-01", 0, ["ouverte", "2026-06-30", None, None, None]),
    ("sans ouverture, lendemain", _aide(SANS_OUVERTURE), "2026-07-01", 0, ["close", None, None, "2026-06-30", None]),
    ("sessions multiples, entre les deux", _aide(DEUX), "2026-02-16", 0, ["a-venir", "2026-10-15", "2026-09-01", None, None]),
    ("sessions multiples, la seconde ouverte", _aide(DEUX), "2026-09-01", 0, ["ouverte", "2026-10-15", None, None, None]),
    ("sessions multiples, après la dernière", _aide(DEUX), "2026-10-16", 0, ["close", None, None, "2026-10-15", None]),
    ("deux ouvertes : la plus proche date limite", _aide([["2026-01-01", "2026-06-30"], ["2026-02-01", "2026-03-15"]]), "2026-02-10", 0,
     ["ouverte", "2026-03-15", None, None, None]),
    ("deux à venir : la première ouverture, quel que soit l'ordre", _aide([["2026-09-01", "2026-10-15"], ["2026-05-01", "2026-11-30"]]), "2026-03-01", 0,
     ["a-venir", "2026-11-30", "2026-05-01", None, None]),
    ("deux à venir : ouverture calculée plus tôt", _aide([[None, "2026-06-30"], ["2026-05-15", "2026-05-31"]]), "2026-03-01", 0,
     ["a-venir", "2026-06-30", None, None, None]),
    ("même ouverture : la plus proche date limite", _aide([["2026-05-01", "2026-07-31"], ["2026-05-01", "2026-06-30"]]), "2026-03-01", 0,
     ["a-venir", "2026-06-30", "2026-05-01", None, None]),
    ("même ouverture : une date limite avant aucune", _aide([["2026-05-01", None], ["2026-05-01", "2026-06-30"]]), "2026-03-01", 0,
     ["a-venir", "2026-06-30", "2026-05-01", None, None]),
    ("même ouverture : aucune date limite après une", _aide([["2026-05-01", "2026-06-30"], ["2026-05-01", None]]), "2026-03-01", 0,
     ["a-venir", "2026-06-30", "2026-05-01", None, None]),
    ("même ouverture et date limite : la première session", _aide([["2026-05-01", "2026-06-30"], [None, "2026-06-30"]]), "2026-03-01", 0,
     ["a-venir", "2026-06-30", "2026-05-01", None, None]),
    ("ouverte sans date limite", _aide([["2026-01-05", None]]), "2026-03-01", 0, ["ouverte", None, None, None, None]),
    ("ouverte sans date limite, fermeture dans 19 jours", _aide([["2026-01-05", None]], f="2026-03-20"), "2026-03-01", 0,
     ["bientot-close", "2026-03-20", None, None, None]),
    ("suspendue depuis une date", _aide(UNE, z=["suspendue", "2026-02-01"]), "2026-02-10", 0, ["suspendue", None, None, "2026-02-01", None]),
    ("suspendue sans date", _aide(UNE, z=["suspendue"]), "2026-02-10", 0, ["suspendue", None, None, None, None]),
    ("à confirmer par la situation", _aide(k="permanente", z=["a-confirmer"]), "2026-02-10", 0, ["a-confirmer", None, None, None, None]),
    ("permanente, date d'appui à 18 mois tout juste", _aide(k="permanente", p="2025-06-02"), "2026-12-02", 0, ["permanente", None, None, None, None]),
    ("permanente, date d'appui à 18 mois et un jour", _aide(k="permanente", p="2025-06-02"), "2026-12-03", 0,
     ["a-confirmer", None, None, None, "2025-06-02"]),
    ("18 mois après un 31 août : fin février", _aide(k="permanente", p="2025-08-31"), "2027-02-28", 0, ["permanente", None, None, None, None]),
    ("18 mois après un 31 août, lendemain", _aide(k="permanente", p="2025-08-31"), "2027-03-01", 0, ["a-confirmer", None, None, None, "2025-08-31"]),
    # Un 31 juillet + 18 mois : le 31 janvier, pas le 28 (février, le mois d'après, a 28 jours).
    ("18 mois après un 31 juillet : le 31 janvier", _aide(k="permanente", p="2025-07-31"), "2027-01-31", 0, ["permanente", None, None, None, None]),
    ("18 mois après un 31 juillet, lendemain", _aide(k="permanente", p="2025-07-31"), "2027-02-01", 0, ["a-confirmer", None, None, None, "2025-07-31"]),
    ("18 mois après un 15 décembre", _aide(k="permanente", p="2024-12-15"), "2026-06-15", 0, ["permanente", None, None, None, None]),
    ("18 mois après un 15 décembre, lendemain", _aide(k="permanente", p="2024-12-15"), "2026-06-16", 0, ["a-confirmer", None, None, None, "2024-12-15"]),
    ("sans date d'appui", _aide(k="permanente", p=None), "2026-06-16", 0, ["a-confirmer", None, None, None, None]),
    ("permanente, fermeture dans 31 jours", _aide(k="permanente", f="2026-12-31"), "2026-11-30", 0, ["permanente", "2026-12-31", None, None, None]),
    ("permanente, fermeture dans 30 jours", _aide(k="permanente", f="2026-12-31"), "2026-12-01", 0, ["bientot-close", "2026-12-31", None, None, None]),
    ("permanente, jour de la fermeture", _aide(k="permanente", f="2026-12-31"), "2026-12-31", 0, ["bientot-close", "2026-12-31", None, None, None]),
    ("permanente, lendemain de la fermeture", _aide(k="permanente", f="2026-12-31"), "2027-01-01", 0, ["close", None, None, "2026-12-31", None]),
    ("close sans date : la dernière date des sessions", _aide([["2026-01-05", "2026-03-31"], ["2026-05-01", None]], f=""), "2026-02-01", 0,
     ["close", None, None, "2026-05-01", None]),
    ("close sans date ni session", _aide(k="permanente", f=""), "2026-02-01", 0, ["close", None, None, None, None]),
    ("annuelle après sa session", _aide(UNE, k="annuelle"), "2026-04-01", 0, ["annuelle", None, None, None, None]),
    ("annuelle sans session", _aide(k="annuelle"), "2026-04-01", 0, ["annuelle", None, None, None, None]),
    ("ponctuelle sans session", _aide(), "2026-04-01", 0, ["a-confirmer", None, None, None, None]),
    # Session propre au département de bit 2 (ou 2 et 4).
    ("session d'un département, sans département choisi", _aide([["2026-01-05", "2026-03-31", 2]]), "2026-02-01", 0,
     ["a-confirmer", None, None, None, None]),
    ("session d'un département, ce département", _aide([["2026-01-05", "2026-03-31", 2]]), "2026-02-01", 2,
     ["ouverte", "2026-03-31", None, None, None]),
    ("session d'un département, un autre", _aide([["2026-01-05", "2026-03-31", 2]]), "2026-02-01", 1,
     ["a-confirmer", None, None, None, None]),
    ("session d'un département, jour de sa date limite, sans département", _aide([["2026-01-05", "2026-03-31", 2]]), "2026-03-31", 0,
     ["a-confirmer", None, None, None, None]),
    ("session de deux départements, le second", _aide([["2026-01-05", "2026-03-31", 6]]), "2026-02-01", 4,
     ["ouverte", "2026-03-31", None, None, None]),
    ("session d'un département sans date limite, passée partout", _aide([["2026-01-05", None, 2]]), "2026-02-01", 0,
     ["close", None, None, "2026-01-05", None]),
]


@pytest.mark.parametrize("aide, jour, bit, attendu", [c[1:] for c in STATUTS], ids=[c[0] for c in STATUTS])
def test_statut(regles, aide, jour, bit, attendu):
    assert _statut(regles, aide, jour, bit) == attendu


@pytest.mark.parametrize("delais, jour, attendu", [
    # Délais propres à donnees.json : 10 jours pour « bientôt close », 20 sans ouverture, 6 mois de validité.
    ({"delai": 10, "sans_ouverture": 20, "validite": 6}, "2026-06-10", ["ouverte", "2026-06-30", None, None, None]),
    ({"delai": 10, "sans_ouverture": 20, "validite": 6}, "2026-06-09", ["a-venir", "2026-06-30", None, None, None]),
    ({"delai": 10, "sans_ouverture": 20, "validite": 6}, "2026-06-20", ["bientot-close", "2026-06-30", None, None, None]),
    ({"delai": 10, "sans_ouverture": 20, "validite": 6}, "2026-06-19", ["ouverte", "2026-06-30", None, None, None]),
    # Sans délais : 30, 60 et 18 par défaut.
    (None, "2026-05-01", ["ouverte", "2026-06-30", None, None, None]),
    (None, "2026-04-30", ["a-venir", "2026-06-30", None, None, None]),
    (None, "2026-05-31", ["bientot-close", "2026-06-30", None, None, None]),
    (None, "2026-05-30", ["ouverte", "2026-06-30", None, None, None]),
])
def test_delais_de_donnees_json(regles, delais, jour, attendu):
    assert _statut(regles, _aide(SANS_OUVERTURE), jour, 0, delais) == attendu


@pytest.mark.parametrize("delais, jour, attendu", [
    ({"delai": 10, "sans_ouverture": 20, "validite": 6}, "2026-04-01", ["permanente", None, None, None, None]),
    ({"delai": 10, "sans_ouverture": 20, "validite": 6}, "2026-04-02", ["a-confirmer", None, None, None, "2025-10-01"]),
    (None, "2027-04-01", ["permanente", None, None, None, None]),
    (None, "2027-04-02", ["a-confirmer", None, None, None, "2025-10-01"]),
])
def test_validite_de_donnees_json(regles, delais, jour, attendu):
    assert _statut(regles, _aide(k="permanente", p="2025-10-01"), jour, 0, delais) == attendu


# --- Appariement -----------------------------------------------------------------------

D = {
    "structures": [["association", "Association"], ["scop", "SCOP"], ["collectivite", "Collectivité"]],
    "departements": [["02", "Aisne"], ["59", "Nord"], ["60", "Oise"]],
    "besoins": [["emploi", "Emploi"], ["tresorerie", "Trésorerie"]],
    "types": [["subvention", "Subvention"], ["pret", "Prêt"]],
}
AIDES = {
    # s : structures, d : départements (bits : 02 → 1, 59 → 2, 60 → 4), e : employeur, n, x : salariés au moins, au plus,
    # b : besoins, y : types (indices dans D).
    "scop-nord": {"i": "scop-nord", "s": [1, 2], "d": 2, "b": [1], "y": [1]},
    "asso-partout": {"i": "asso-partout", "s": [0], "d": 7, "b": [0], "y": [0]},
    "de-3-a-10": {"i": "de-3-a-10", "s": [0], "d": 7, "b": [0], "y": [0], "n": 3, "x": 10},
    "employeur": {"i": "employeur", "s": [0], "d": 7, "b": [0], "y": [0], "e": 1},
    "non-employeur": {"i": "non-employeur", "s": [0], "d": 7, "b": [0], "y": [0], "e": 0},
    "au-moins-1": {"i": "au-moins-1", "s": [0], "d": 7, "b": [0], "y": [0], "n": 1},
    "au-moins-0": {"i": "au-moins-0", "s": [0], "d": 7, "b": [0], "y": [0], "n": 0},
    "aucun-salarie": {"i": "aucun-salarie", "s": [0], "d": 7, "b": [0], "y": [0], "x": 0},
    "au-plus-1": {"i": "au-plus-1", "s": [0], "d": 7, "b": [0], "y": [0], "x": 1},
}
VIDE = {"structure": "", "departement": "", "salaries": "", "nombre": "", "besoin": [], "type": []}

APPARIEMENT = [
    # (question, choix du lecteur, aide, gardée ?)
    ("structure", {}, "scop-nord", True),
    ("structure", {"structure": "scop"}, "scop-nord", True),
    ("structure", {"structure": "collectivite"}, "scop-nord", True),
    ("structure", {"structure": "association"}, "scop-nord", False),
    ("structure", {"structure": "association"}, "asso-partout", True),
    ("structure", {"structure": "scop"}, "asso-partout", False),
    ("structure", {"structure": "inconnue"}, "scop-nord", True),
    ("departement", {}, "scop-nord", True),
    ("departement", {"departement": "59"}, "scop-nord", True),
    ("departement", {"departement": "02"}, "scop-nord", False),
    ("departement", {"departement": "60"}, "scop-nord", False),
    ("departement", {"departement": "02"}, "asso-partout", True),
    ("departement", {"departement": "75"}, "scop-nord", True),
    ("salaries", {}, "employeur", True),
    ("salaries", {"salaries": "non"}, "asso-partout", True),
    ("salaries", {"salaries": "non"}, "employeur", False),
    ("salaries", {"salaries": "non"}, "non-employeur", True),
    ("salaries", {"salaries": "non"}, "au-moins-1", False),
    ("salaries", {"salaries": "non"}, "au-moins-0", True),
    ("salaries", {"salaries": "non"}, "de-3-a-10", False),
    ("salaries", {"salaries": "non"}, "aucun-salarie", True),
    ("salaries", {"salaries": "oui"}, "non-employeur", False),
    ("salaries", {"salaries": "oui"}, "employeur", True),
    ("salaries", {"salaries": "oui"}, "asso-partout", True),
    ("salaries", {"salaries": "oui"}, "aucun-salarie", False),
    ("salaries", {"salaries": "oui"}, "au-plus-1", True),
    ("salaries", {"salaries": "oui"}, "de-3-a-10", True),
    ("salaries", {"salaries": "oui", "nombre": "2"}, "de-3-a-10", False),
    ("salaries", {"salaries": "oui", "nombre": "3"}, "de-3-a-10", True),
    ("salaries", {"salaries": "oui", "nombre": "10"}, "de-3-a-10", True),
    ("salaries", {"salaries": "oui", "nombre": "11"}, "de-3-a-10", False),
    ("salaries", {"salaries": "oui", "nombre": "1"}, "au-plus-1", True),
    ("salaries", {"salaries": "oui", "nombre": "2"}, "au-plus-1", False),
    ("salaries", {"salaries": "oui", "nombre": "1"}, "au-moins-1", True),
    ("salaries", {"salaries": "oui", "nombre": "50"}, "asso-partout", True),
    ("salaries", {"salaries": "oui", "nombre": "5"}, "non-employeur", False),
    ("besoin", {}, "scop-nord", True),
    ("besoin", {"besoin": ["tresorerie"]}, "scop-nord", True),
    ("besoin", {"besoin": ["emploi"]}, "scop-nord", False),
    ("besoin", {"besoin": ["emploi"]}, "asso-partout", True),
    ("besoin", {"besoin": ["emploi", "tresorerie"]}, "scop-nord", True),
    ("besoin", {"besoin": ["tresorerie", "emploi"]}, "asso-partout", True),
    ("besoin", {"besoin": ["inconnu"]}, "scop-nord", True),
    ("type", {}, "scop-nord", True),
    ("type", {"type": ["pret"]}, "scop-nord", True),
    ("type", {"type": ["subvention"]}, "scop-nord", False),
    ("type", {"type": ["subvention"]}, "asso-partout", True),
    ("type", {"type": ["subvention", "pret"]}, "scop-nord", True),
    ("type", {"type": ["pret", "subvention"]}, "asso-partout", True),
    ("type", {"type": ["inconnu"]}, "scop-nord", True),
]


def _gardee(page, question, choix, aide, garder=None):
    return page.evaluate(
        """([question, c, D, a, garder]) => {
            const accroches = garder === null ? {} : {garder: x => garder.indexOf(x.i) >= 0};
            return AidesESS.critere(c, D, accroches)[question](a);
        }""",
        [question, {**VIDE, **choix}, D, AIDES[aide], garder],
    )


@pytest.mark.parametrize("question, choix, aide, attendu", APPARIEMENT,
                         ids=[f"{q}-{'-'.join(str(v) for v in c.values()) or 'rien'}-{a}" for q, c, a, _ in APPARIEMENT])
def test_appariement(regles, question, choix, aide, attendu):
    assert _gardee(regles, question, choix, aide) is attendu


def test_commune_et_quartier_par_l_accroche_de_commune_js(regles):
    """La commune, son EPCI et le quartier prioritaire se décident dans commune.js (tests/test_commune.py) :
    trouver.js garde ce que son accroche garde, et tout sans accroche."""
    assert _gardee(regles, "lieu", {}, "scop-nord") is True
    assert _gardee(regles, "lieu", {}, "scop-nord", garder=["scop-nord"]) is True
    assert _gardee(regles, "lieu", {}, "asso-partout", garder=["scop-nord"]) is False
