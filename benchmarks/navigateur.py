"""Mesures dans Chromium : octets téléchargés par une recherche, premier affichage de l'accueil sur connexion lente.

Le site est servi en local avec compression gzip des textes, comme le fait un hébergeur
statique (GitHub Pages) ; les octets comptés sont ceux qui passent réellement sur le réseau.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import threading
from pathlib import Path

from poids import ALLER_RETOUR_LENT, DEBIT_LENT

REQUETES = ["tresorerie", "l'embauche", "benevoles"]
"""Mots présents dans les fiches synthétiques (la requête doit afficher des résultats)."""
COMPRESSES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class _Gestionnaire(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        chemin = Path(self.translate_path(self.path))
        if chemin.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # redirection vers « …/ »
            chemin = chemin / "index.html"
        if chemin.suffix not in COMPRESSES or "gzip" not in self.headers.get("Accept-Encoding", "") or not chemin.is_file():
            return super().do_GET()
        corps = gzip.compress(chemin.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(chemin)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        self.wfile.write(corps)


def servir(dossier: Path):
    """Sert un dossier sur 127.0.0.1 avec gzip ; renvoie (adresse, serveur)."""
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gestionnaire, directory=str(dossier)))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{serveur.server_address[1]}/", serveur


def _octets(requete) -> int:
    tailles = requete.sizes()
    return tailles["responseBodySize"] + tailles["responseHeadersSize"]


def recherche(navigateur, adresse: str, requete: str) -> dict:
    """Octets reçus (corps compressés + en-têtes) entre l'ouverture de la recherche et l'affichage des résultats."""
    contexte = navigateur.new_context(locale="fr-FR")
    page = contexte.new_page()
    page.goto(adresse)
    page.wait_for_load_state("networkidle")
    recues: list = []
    page.on("requestfinished", lambda r: recues.append(r))
    page.click(".recherche__bouton")
    page.fill("#recherche-ui input[type=search]", requete)
    page.wait_for_selector(".recherche__resultat")
    page.wait_for_load_state("networkidle")
    resultats = page.locator(".recherche__resultat").count()
    octets = sum(_octets(r) for r in recues)
    # L'interface : le moteur de Pagefind (pagefind.js et son WebAssembly), chargé une fois.
    interface = sum(_octets(r) for r in recues if r.url.endswith((".js", ".wasm", ".pagefind")) and "/pagefind/" in r.url)
    contexte.close()
    return {"requete": requete, "resultats": resultats, "octets": octets, "interface": interface, "requetes": len(recues)}


CHANGEMENTS = [
    ("#trouver-structure", "association"), ("#trouver-departement", "59"), ("#trouver-structure", "cooperative"),
    ("#trouver-departement", "62"), ("#trouver-structure", ""), ("#trouver-departement", ""),
] * 3


TOURS = 5
"""Tours de CHANGEMENTS, chacun dans une page neuve : chaque changement est jugé sur sa durée médiane des
cinq tours, pour qu'un à-coup de la machine (un autre processus, le ramasse-miettes) ne fasse pas le pire cas."""


def reaffichage(navigateur, adresse: str) -> dict:
    """« Trouver mes aides » : durée d'un changement de filtre, calcul et DOM (script), puis jusqu'à l'image suivante.

    Chaque changement part d'une page au repos (requestIdleCallback), comme celui d'un lecteur, qui ne change
    jamais deux réponses dans la même image : ce que la page remet après l'affichage (écrire l'adresse, le
    ramasse-miettes) ne retombe pas sur le changement suivant."""
    tours = []
    for _ in range(TOURS):
        contexte = navigateur.new_context(locale="fr-FR")
        page = contexte.new_page()
        page.goto(adresse + "trouver/")
        page.wait_for_selector("#trouver-compte[data-nombre]")
        tours.append(page.evaluate(
            """async (changements) => {
                const sortie = [];
                const image = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                const repos = () => new Promise(r => requestIdleCallback(() => r(), { timeout: 1000 }));
                for (const [selecteur, valeur] of changements) {
                    await repos();
                    await image();
                    const menu = document.querySelector(selecteur);
                    const debut = performance.now();
                    menu.value = valeur;
                    menu.dispatchEvent(new Event("change", { bubbles: true }));
                    const script = performance.now() - debut;
                    await image();
                    sortie.push([script, performance.now() - debut]);
                }
                return sortie;
            }""",
            CHANGEMENTS,
        ))
        contexte.close()
    par_changement = list(zip(*tours))
    script = [statistics.median(d[0] for d in essais) for essais in par_changement]
    affiche = [statistics.median(d[1] for d in essais) for essais in par_changement]
    return {"changements": len(par_changement), "tours": TOURS, "script_mediane": statistics.median(script), "script_max": max(script),
            "image_mediane": statistics.median(affiche), "image_max": max(affiche),
            "image_max_brut": max(d[1] for tour in tours for d in tour)}


def premier_affichage(navigateur, adresse: str) -> dict:
    """Premier affichage (First Contentful Paint) de l'accueil sous connexion lente émulée, cache vide,
    et les requêtes faites à un autre site pendant le chargement et juste après."""
    contexte = navigateur.new_context(locale="fr-FR")
    page = contexte.new_page()
    cdp = contexte.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": ALLER_RETOUR_LENT * 1000,
        "downloadThroughput": DEBIT_LENT / 8, "uploadThroughput": DEBIT_LENT / 8,
    })
    ailleurs: list[str] = []
    page.on("request", lambda r: ailleurs.append(r.url) if not r.url.startswith(adresse) else None)
    page.goto(adresse, wait_until="load")
    temps = page.evaluate("""() => ({
        fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
        dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
        charge: performance.getEntriesByType('navigation')[0].loadEventEnd,
    })""")
    page.wait_for_load_state("networkidle")  # les scripts chargés, ce qu'ils demandent ensuite compte aussi
    contexte.close()
    return {**{k: (v / 1000 if v else None) for k, v in temps.items()}, "ailleurs": ailleurs}


def mesurer(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    import conftest

    adresse, serveur = servir(site)
    try:
        with sync_playwright() as p:
            navigateur = p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.ARGUMENTS_CHROMIUM)
            try:
                recherches = [recherche(navigateur, adresse, r) for r in REQUETES]
                affichage = premier_affichage(navigateur, adresse)
                filtre = reaffichage(navigateur, adresse)
            finally:
                navigateur.close()
    finally:
        serveur.shutdown()
    return {"recherches": recherches, "affichage": affichage, "filtre": filtre}
