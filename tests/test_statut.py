import datetime as dt

import pytest

from generateur.lecture.catalogue import RACINE, charger_referentiel
from generateur.lecture.territoires import Territoires
from generateur.regles.statut import statut, statut_general
from tests.outils import aide

J = dt.date.fromisoformat


def sessions(*paires):
    return [{"ouverture": o, "date_limite": d} for o, d in paires]


@pytest.mark.parametrize(
    "jour, code, echeance",
    [
        ("2026-01-04", "a-venir", "2026-03-01"),  # la veille de l'ouverture
        ("2026-01-05", "ouverte", "2026-03-01"),  # jour d'ouverture
        ("2026-01-29", "ouverte", "2026-03-01"),  # 31 jours avant la limite
        ("2026-01-30", "bientot-close", "2026-03-01"),  # 30 jours avant
        ("2026-03-01", "bientot-close", "2026-03-01"),  # le jour même, on peut encore déposer
        ("2026-03-02", "annuelle", None),  # lendemain : annuelle, jamais « close »
    ],
)
def test_aide_annuelle_aux_dates_limites(jour, code, echeance):
    s = statut(aide(), J(jour))
    assert s.code == code
    assert s.date_limite == (J(echeance) if echeance else None)


def test_session_suivante_connue_donne_a_venir():
    a = aide(calendrier__sessions=sessions(("2026-01-05", "2026-03-01"), ("2027-01-04", "2027-03-01")))
    s = statut(a, J("2026-06-01"))
    assert (s.code, s.ouverture, s.date_limite) == ("a-venir", J("2027-01-04"), J("2027-03-01"))


def test_ponctuelle_passee_est_close_depuis_sa_date_limite():
    a = aide(calendrier__recurrence="ponctuelle")
    s = statut(a, J("2026-03-02"))
    assert (s.code, s.depuis) == ("close", J("2026-03-01"))


def test_permanente_sans_date():
    a = aide(calendrier={"recurrence": "permanente"})
    assert statut(a, J("2026-06-01")).code == "permanente"


def test_permanente_qui_va_fermer():
    a = aide(calendrier={"recurrence": "permanente", "fermeture": {"date": "2026-06-20"}})
    assert statut(a, J("2026-05-01")).code == "permanente"
    assert statut(a, J("2026-06-01")).code == "bientot-close"
    assert statut(a, J("2026-06-20")).code == "bientot-close"
    s = statut(a, J("2026-06-21"))
    assert (s.code, s.depuis) == ("close", J("2026-06-20"))


def test_fermeture_sans_date_connue():
    a = aide(calendrier={"recurrence": "ponctuelle", "fermeture": {"motif": "Fin du plan de relance."}})
    s = statut(a, J("2026-01-01"))
    assert (s.code, s.depuis) == ("close", None)


@pytest.fixture(scope="module")
def territoires():
    return Territoires(charger_referentiel(RACINE, "territoires"), ["DEP-02", "DEP-59", "DEP-60", "DEP-62", "DEP-80"])


def test_sessions_d_un_departement_a_part(territoires):
    a = aide(
        territoire={"codes": ["REG-32"]},
        calendrier={
            "recurrence": "annuelle",
            "sessions": [
                {"date_limite": "2026-02-26", "ouverture": "2026-01-02", "territoires": ["DEP-62"]},
                {"date_limite": "2026-03-20", "ouverture": "2026-01-02", "territoires": ["DEP-59"]},
            ],
        },
    )
    jour = J("2026-02-01")
    # Sans département choisi : aucune des deux dates ne vaut pour tout le monde.
    assert statut_general(a, jour, territoires).code == "annuelle"
    nord = statut(a, jour, territoires.session_du_lecteur(a, "DEP-59"))
    assert (nord.code, nord.date_limite) == ("ouverte", J("2026-03-20"))
    pas_de_calais = statut(a, jour, territoires.session_du_lecteur(a, "DEP-62"))
    assert (pas_de_calais.code, pas_de_calais.date_limite) == ("bientot-close", J("2026-02-26"))
    assert statut(a, jour, territoires.session_du_lecteur(a, "DEP-80")).code == "annuelle"


def test_session_du_seul_departement_de_l_aide_vaut_partout(territoires):
    a = aide(calendrier={"recurrence": "annuelle", "sessions": [{"date_limite": "2026-03-20", "ouverture": "2026-01-02", "territoires": ["DEP-59"]}]})
    assert statut_general(a, J("2026-02-01"), territoires).code == "ouverte"


@pytest.mark.parametrize(
    "jour, code, ouverture, limite",
    [
        ("2025-12-30", "a-venir", None, "2026-03-01"),  # 61 jours avant la limite : ouverture non publiée
        ("2025-12-31", "ouverte", None, "2026-03-01"),  # 60 jours avant
        ("2026-01-29", "ouverte", None, "2026-03-01"),
        ("2026-01-30", "bientot-close", None, "2026-03-01"),
        ("2026-03-02", "annuelle", None, None),
    ],
)
def test_session_sans_ouverture_bornee_a_60_jours(jour, code, ouverture, limite):
    a = aide(calendrier__sessions=[{"date_limite": "2026-03-01"}])
    s = statut(a, J(jour))
    assert (s.code, s.ouverture, s.date_limite) == (code, ouverture and J(ouverture), limite and J(limite))


def test_suspendue_meme_pendant_une_session():
    a = aide(situation={"etat": "suspendue", "source": "https://www.exemple.fr/source", "depuis": "2026-01-01"})
    s = statut(a, J("2026-02-01"))
    assert (s.code, s.depuis) == ("suspendue", J("2026-01-01"))
    assert statut(aide(situation={"etat": "suspendue", "source": "https://www.exemple.fr/source", "depuis": "2026-01"}), J("2026-02-01")).depuis == J("2026-01-01")


def test_a_confirmer_sauf_session_connue():
    a = aide(situation={"etat": "a-confirmer"})
    assert statut(a, J("2026-01-15")).code == "ouverte"  # la session datée l'emporte
    assert statut(a, J("2026-06-01")).code == "a-confirmer"
    assert statut(aide(situation={"etat": "a-confirmer"}, calendrier={"recurrence": "permanente"}), J("2026-06-01")).code == "a-confirmer"


@pytest.mark.parametrize(
    "date_source, dernier_jour",
    [
        ("2024-05-31", "2025-11-30"),
        ("2024-08-31", "2026-02-28"),  # 18 mois après un 31 août : le dernier jour de février
        ("2024-06", "2025-12-01"),  # source datée au mois : compte du 1er du mois
        ("2024", "2025-07-01"),  # source datée à l'année : compte du 1er janvier
    ],
)
def test_source_de_plus_de_18_mois(date_source, dernier_jour):
    a = aide(calendrier={"recurrence": "permanente"}, sources=[{"url": "https://www.exemple.fr/source", "titre": "Source", "date": date_source}])
    assert statut(a, J(dernier_jour)).code == "permanente"
    lendemain = statut(a, J(dernier_jour) + dt.timedelta(days=1))
    assert lendemain.code == "a-confirmer"
    assert lendemain.informations_du == J({"2024-06": "2024-06-01", "2024": "2024-01-01"}.get(date_source, date_source))


def test_source_lue_sans_date_affichee_compte_du_jour_de_lecture():
    a = aide(calendrier={"recurrence": "permanente"}, sources=[{"url": "https://www.exemple.fr/source", "titre": "Source", "consultee_le": "2026-12-01"}])
    assert statut(a, J("2028-06-01")).code == "permanente"
    assert statut(a, J("2028-06-02")).code == "a-confirmer"


def test_ponctuelle_pas_close_le_jour_de_la_date_limite_d_un_departement(territoires):
    """Sans département choisi, la session du Nord ne compte pas, mais l'aide n'est close que le lendemain de sa date limite."""
    a = aide(
        territoire={"codes": ["REG-32"]},
        calendrier={"recurrence": "ponctuelle", "sessions": [{"date_limite": "2026-03-20", "ouverture": "2026-01-02", "territoires": ["DEP-59"]}]},
    )
    assert statut_general(a, J("2026-03-20"), territoires).code == "a-confirmer"
    nord = statut(a, J("2026-03-20"), territoires.session_du_lecteur(a, "DEP-59"))
    assert (nord.code, nord.date_limite) == ("bientot-close", J("2026-03-20"))
    lendemain = statut_general(a, J("2026-03-21"), territoires)
    assert (lendemain.code, lendemain.depuis) == ("close", J("2026-03-20"))


def test_ponctuelle_sans_session_jamais_ouverte():
    a = aide(calendrier={"recurrence": "ponctuelle"})
    assert statut(a, J("2026-06-01")).code == "a-confirmer"


def test_ponctuelle_sessions_passees_close_meme_a_confirmer():
    a = aide(situation={"etat": "a-confirmer"}, calendrier={"recurrence": "ponctuelle", "sessions": [{"date_limite": "2025-03-01"}]})
    s = statut(a, J("2026-06-01"))
    assert (s.code, s.depuis) == ("close", J("2025-03-01"))


def test_echeance_jamais_close_close():
    from generateur.regles.formats import echeance

    a = aide(calendrier={"recurrence": "ponctuelle", "fermeture": {"motif": "Fin."}})
    s = statut(a, J("2026-01-01"))
    assert f"{s.libelle} {echeance(s)}" == "Close date de fin non connue"
    assert echeance(statut(aide(calendrier={"recurrence": "ponctuelle", "fermeture": {"date": "2025-12-31"}}), J("2026-01-01"))) == "depuis le 31\u00a0décembre 2025"
    assert echeance(statut(aide(situation={"etat": "a-confirmer"}, calendrier={"recurrence": "permanente"}), J("2026-06-01"))) == "situation actuelle non confirmée"


def test_rangs_libelles_et_explications_des_statuts():
    """L'ordre d'affichage des listes (rang) et les mots des statuts, écrits à la main."""
    from generateur.regles.statut import Statut

    rangs = {"bientot-close": 0, "ouverte": 1, "permanente": 2, "a-venir": 3, "annuelle": 4, "a-confirmer": 5, "suspendue": 6, "close": 7}
    assert {code: Statut(code).rang for code in rangs} == rangs
    assert Statut("annuelle").libelle == "Chaque année"
    assert Statut("bientot-close").explication == "La date limite tombe dans les 30 jours."
    assert Statut("close").est_close and not Statut("suspendue").est_close
    assert [Statut(c).demandable for c in ("ouverte", "bientot-close", "permanente", "a-venir", "suspendue")] == [True, True, True, False, False]


def test_cle_de_tri_des_statuts():
    from generateur.regles.statut import Statut

    assert Statut("ouverte", date_limite=J("2027-01-15"), ouverture=J("2026-11-02")).cle_de_tri() == (1, J("2027-01-15"))
    assert Statut("a-venir", ouverture=J("2027-02-01")).cle_de_tri() == (3, J("2027-02-01"))
    assert Statut("annuelle").cle_de_tri() == (4, dt.date.max)


def test_fin_annoncee_sans_situation_l_aide_est_a_confirmer():
    """Une fin datée dispense de « situation » ; avant cette date, sans source de situation, rien n'est confirmé."""
    a = aide(situation=None, calendrier__sessions=[], calendrier__fermeture={"date": "2027-06-30", "motif": "Fin du programme."})
    s = statut(a, J("2026-11-27"))
    assert (s.code, s.informations_du) == ("a-confirmer", None)


def test_deux_sessions_futures_ouvrant_le_meme_jour_la_plus_proche_date_limite_d_abord():
    a = aide(calendrier__sessions=sessions(("2027-01-04", "2027-06-30"), ("2027-01-04", "2027-03-01")))
    s = statut(a, J("2026-11-27"))
    assert (s.code, s.ouverture, s.date_limite) == ("a-venir", J("2027-01-04"), J("2027-03-01"))
