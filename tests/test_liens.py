"""Vérification des liens : contre un vrai serveur HTTP local (127.0.0.1) qui répond mal exprès."""

from __future__ import annotations

import os

import collections
import html
import http.server
import io
import socket
import threading
import time

import pytest
import yaml

from generateur.contribution import liens
from tests.depot_minimal import lancer, petit_depot

DELAI = 0.5


class _Gestionnaire(http.server.BaseHTTPRequestHandler):
    compteur: collections.Counter = collections.Counter()

    def log_message(self, *args):
        pass

    def _repondre(self, corps: bool):
        self.compteur[(self.command, self.path)] += 1
        chemin = self.path
        if chemin == "/sans-head" and self.command == "HEAD":
            code, entetes = 405, {}
        elif chemin in ("/ok", "/sans-head"):
            code, entetes = 200, {}
        elif chemin == "/deplace":
            code, entetes = 301, {"Location": "/ok"}
        elif chemin == "/temporaire":
            code, entetes = 302, {"Location": "/ok"}
        elif chemin == "/vers-absent":
            code, entetes = 301, {"Location": "/absent"}
        elif chemin == "/boucle":
            code, entetes = 301, {"Location": "/boucle"}
        elif chemin == "/erreur":
            code, entetes = 500, {}
        else:
            code, entetes = 404, {}
        self.send_response(code)
        for cle, valeur in entetes.items():
            self.send_header(cle, valeur)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if corps:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._repondre(False)

    def do_GET(self):
        self._repondre(True)


@pytest.fixture(autouse=True)
def liens_locaux(monkeypatch):
    """Le serveur de ces tests est sur 127.0.0.1 : la vérification ne le demanderait pas sans cela."""
    monkeypatch.setenv("AIDES_LIENS_LOCAUX", "oui")


@pytest.fixture(scope="module")
def serveur():
    _Gestionnaire.compteur = collections.Counter()
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Gestionnaire)
    serveur.daemon_threads = True
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    # Un port qui accepte les connexions (file d'attente du noyau) mais ne répond jamais.
    muet = socket.socket()
    muet.bind(("127.0.0.1", 0))
    muet.listen(16)
    yield f"http://127.0.0.1:{serveur.server_address[1]}", f"http://127.0.0.1:{muet.getsockname()[1]}/"
    serveur.shutdown()
    serveur.server_close()
    muet.close()


def test_chaque_reponse_est_bien_classee(serveur):
    base, muet = serveur
    ok = liens.verifier_url(f"{base}/ok", DELAI, essais=1)
    assert ok.etat == liens.OK

    deplace = liens.verifier_url(f"{base}/deplace", DELAI, essais=1)
    assert deplace.etat == liens.REDIRIGE and deplace.destination == f"{base}/ok"
    assert "définitivement (301)" in deplace.message
    assert "temporairement (302)" in liens.verifier_url(f"{base}/temporaire", DELAI, essais=1).message

    absent = liens.verifier_url(f"{base}/absent", DELAI, essais=1)
    assert absent.etat == liens.CASSE and absent.message == "page introuvable (404)"
    assert "qui répond : page introuvable (404)" in liens.verifier_url(f"{base}/vers-absent", DELAI, essais=1).message
    assert "redirections à la suite" in liens.verifier_url(f"{base}/boucle", DELAI, essais=1).message

    erreur = liens.verifier_url(f"{base}/erreur", DELAI, essais=1)
    assert erreur.etat == liens.CASSE and erreur.message == "erreur du serveur (500)"

    debut = time.monotonic()
    silence = liens.verifier_url(muet, DELAI, essais=1)
    assert silence.etat == liens.CASSE and silence.message == f"pas de réponse en {DELAI:g} s"
    assert time.monotonic() - debut < 3 * DELAI


def test_head_puis_get_et_nouvel_essai(serveur):
    base, _ = serveur
    compteur = _Gestionnaire.compteur
    assert liens.verifier_url(f"{base}/sans-head", DELAI, essais=1).etat == liens.OK
    assert compteur[("HEAD", "/sans-head")] == 1 and compteur[("GET", "/sans-head")] == 1
    assert compteur[("GET", "/ok")] == 0  # HEAD suffit quand le serveur y répond

    avant = compteur[("GET", "/erreur")]
    liens.verifier_url(f"{base}/erreur", DELAI, essais=3, pause=0.01)
    assert compteur[("GET", "/erreur")] - avant == 3  # une panne du serveur est réessayée
    avant = compteur[("GET", "/absent")]
    liens.verifier_url(f"{base}/absent", DELAI, essais=3, pause=0.01)
    assert compteur[("GET", "/absent")] - avant == 1  # une page absente ne l'est pas


def test_verification_concurrente_et_bornee(serveur):
    base, muet = serveur
    adresses = {f"aides/a{i}.yaml": [("sources[0].url", f"{muet}?{i}")] for i in range(8)}
    debut = time.monotonic()
    resultats = liens.verifier_liens(adresses, delai=DELAI, essais=2, paralleles=8, pause=0.01)
    duree = time.monotonic() - debut
    assert all(r.etat == liens.CASSE for r in resultats.values())
    assert duree < 8 * DELAI  # en série, 8 adresses × 2 essais prendraient au moins 8 s


def test_liens_du_catalogue(catalogue):
    trouves = liens.liens_du_catalogue(catalogue)
    for identifiant, aide in catalogue.aides.items():
        adresses = {url for _, url in trouves[catalogue.fichiers[identifiant]]}
        assert {s.url for s in aide.sources if s.url.startswith("http")} <= adresses
        if aide.demarche.lien_information:
            assert aide.demarche.lien_information in adresses
    assert all(url.startswith(("http://", "https://")) for t in trouves.values() for _, url in t)


def test_commande_liens_rapport_par_fiche(serveur, tmp_path):
    base, muet = serveur
    depot = petit_depot(tmp_path / "depot")
    assert lancer(depot, "nouvelle-aide", "Aide aux liens variés", "--date", "2026-11-27").returncode == 0
    fichier = depot / "aides" / "aide-aux-liens-varies.yaml"
    texte = fichier.read_text(encoding="utf-8")
    texte = texte.replace("  lien_information: https://a-completer.invalid/", f"  lien_information: {base}/deplace\n  lien_candidature: {base}/absent")
    texte = texte.replace("  - url: https://a-completer.invalid/", f"  - url: {base}/ok")
    texte += f"contacts:\n  - nom: Service muet\n    site: {muet}\n  - nom: Service en panne\n    site: {base}/erreur\n"
    fichier.write_text(texte, encoding="utf-8")
    for organisation in (depot / "aides" / "organisations").glob("*.yaml"):  # seulement nos adresses locales
        donnees = yaml.safe_load(organisation.read_text(encoding="utf-8"))
        for bloc in [donnees, donnees.get("coordonnees") or {}, *donnees.get("antennes", [])]:
            for cle in ("site", "formulaire", "sources"):
                bloc.pop(cle, None)
        organisation.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), encoding="utf-8")
    resultat = lancer(depot, "liens", "--delai", str(DELAI), "--essais", "1", env={**os.environ, "AIDES_LIENS_LOCAUX": "oui"})
    assert resultat.returncode == 1, resultat.stderr
    rapport = resultat.stdout
    assert "aides/aide-aux-liens-varies.yaml" in rapport
    assert f"✗ demarche.lien_candidature : {base}/absent : page introuvable (404)" in rapport
    assert f"→ demarche.lien_information : {base}/deplace : redirigé définitivement (301)" in rapport
    assert f"✗ contacts[0].site : {muet} : pas de réponse en {DELAI:g} s" in rapport
    assert f"✗ contacts[1].site : {base}/erreur : erreur du serveur (500)" in rapport
    assert "sources[0].url" not in rapport  # un lien sain n'est pas cité
    assert "5 liens vérifiés (5 adresses différentes) : 3 cassés, 1 redirigé." in rapport


def test_rapport_sans_probleme():
    sortie = io.StringIO()
    code = liens.afficher_rapport({"aides/a.yaml": [("sources[0].url", "https://x/")]}, {"https://x/": liens.Resultat("https://x/", liens.OK)}, sortie)
    assert code == 0 and "1 lien vérifié (1 adresse différente) : 0 cassé, 0 redirigé." in sortie.getvalue()


def test_adresses_locales_et_privees_jamais_demandees(serveur, monkeypatch):
    monkeypatch.delenv("AIDES_LIENS_LOCAUX")
    base, _ = serveur
    port = base.rsplit(":", 1)[1]
    avant = sum(_Gestionnaire.compteur.values())
    adresses = [f"{base}/ok", f"http://localhost:{port}/ok", f"http://[::1]:{port}/ok", "http://10.1.2.3/", "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/"]
    resultats = liens.verifier_liens({"aides/x.yaml": [("sources[0].url", a) for a in adresses]}, delai=DELAI, essais=1)
    assert {r.etat for r in resultats.values()} == {"non demandé"}
    assert sum(_Gestionnaire.compteur.values()) == avant, "aucune requête n'a atteint la machine"
    flux = io.StringIO()
    assert liens.afficher_rapport({"aides/x.yaml": [("sources[0].url", f"{base}/ok")]}, resultats, flux) == 0
    assert f"  ⚠ sources[0].url : {base}/ok : adresse locale ou privée : jamais demandée" in flux.getvalue()
    assert "0 cassé, 0 redirigé, 1 non demandé (adresse locale ou privée)." in flux.getvalue()


def test_resume_du_job_qu_une_adresse_ne_peut_pas_casser(tmp_path, monkeypatch):
    """Une adresse ou une destination de redirection avec ``` ou du HTML reste du texte dans le résumé du job."""
    from markdown_it import MarkdownIt

    resume = tmp_path / "resume.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(resume))
    casse = "https://x.example/```\x1b[2J"
    redirige = "https://y.example/a"
    resultats = {
        casse: liens.Resultat(casse, liens.CASSE, "page introuvable (404)"),
        redirige: liens.Resultat(redirige, liens.REDIRIGE, "redirigé définitivement (301)", "https://z.example/````<img src=x onerror=alert(1)>"),
    }
    flux = io.StringIO()
    code = liens.afficher_rapport({"aides/x.yaml": [("sources[0].url", casse), ("sources[1].url", redirige)]}, resultats, flux)
    rapport = (
        "\naides/x.yaml\n"
        "  ✗ sources[0].url : https://x.example/```\\x1b[2J : page introuvable (404)\n"
        "  → sources[1].url : https://y.example/a : redirigé définitivement (301) : https://z.example/````<img src=x onerror=alert(1)>\n"
        "\n2 liens vérifiés (2 adresses différentes) : 1 cassé, 1 redirigé.\n"
    )
    assert code == 1
    assert flux.getvalue() == rapport
    assert resume.read_text(encoding="utf-8") == "`````\n" + rapport + "`````\n"
    rendu = MarkdownIt("commonmark").render(resume.read_text(encoding="utf-8"))
    assert rendu == "<pre><code>" + html.escape(rapport, quote=False) + "</code></pre>\n"


def test_bloc_de_code_sans_accent_grave():
    assert liens.bloc_de_code("a <b>\n") == "```\na <b>\n```\n"
