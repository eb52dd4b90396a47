import datetime as dt

import pytest

from generateur.regles.statut import statut
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


def test_filtre_des_sessions_par_territoire():
    a = aide(
        calendrier={
            "recurrence": "annuelle",
            "sessions": [
                {"date_limite": "2026-02-26", "ouverture": "2026-01-02", "territoires": ["DEP-62"]},
                {"date_limite": "2026-03-20", "ouverture": "2026-01-02", "territoires": ["DEP-59"]},
            ],
        }
    )
    jour = J("2026-02-01")
    assert statut(a, jour).date_limite == J("2026-02-26")
    nord = statut(a, jour, lambda s: not s.territoires or "DEP-59" in s.territoires)
    assert (nord.code, nord.date_limite) == ("ouverte", J("2026-03-20"))
