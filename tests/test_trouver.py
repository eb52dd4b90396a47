"""« Trouver mes aides » dans Chromium, sur le site construit du vrai catalogue.

Les listes attendues sont recalculées ici à partir des fichiers YAML et des règles
écrites sur la page (section « Comment la liste est faite »), sans passer par le JSON.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import DATE_TESTS
from generateur.lecture.catalogue import charger_catalogue
from generateur.regles.formats import echeance
from generateur.regles.statut import STATUTS, ajouter_mois, date_d_appui, statut

MIDI = dt.time(12)


# --- Règles de la page, réécrites à partir des fichiers YAML ------------------


class Reference:
    def __init__(self, racine: Path):
        self.fiches = {
            p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((racine / "aides").glob("*.yaml"))
        }
        zones = yaml.load((racine / "aides/referentiel/territoires.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["zones"]
        self.parents = {z["code"]: [z["parent"]] + z.get("aussi_dans", []) for z in zones if z.get("parent")}
        self.departements = ["DEP-02", "DEP-59", "DEP-60", "DEP-62", "DEP-80"]
        # Les statuts viennent de generateur/statut.py : leur concordance avec le navigateur est testée à part.
        self.catalogue = charger_catalogue(racine)

    def ancetres(self, code):
        chaine = [code]
        for c in chaine:
            chaine += [p for p in self.parents.get(c, []) if p not in chaine]
        return chaine + ["FR"]

    def couvre(self, fiche, departement):
        territoire = fiche["territoire"]
        if any(e in self.ancetres(departement) for e in territoire.get("exclusions", [])):
            return False
        for code in territoire["codes"]:
            if code in self.ancetres(departement) or departement in self.ancetres(code):
                return True
        return False

    def statut(self, identifiant, jour, departement=None):
        aide = self.catalogue.aides[identifiant]
        return statut(aide, jour, self.catalogue.territoires.session_du_lecteur(aide, "DEP-" + departement if departement else None))

    def attendues(self, jour=DATE_TESTS, structure=None, departement=None, salaries=None, nombre=None,
                  besoin=(), type=(), closes=False):
        retenues = []
        for identifiant, f in self.fiches.items():
            b = f["beneficiaires"]
            if structure and structure not in b["structures"]:
                continue
            if departement and not self.couvre(f, "DEP-" + departement):
                continue
            employeur, smin, smax = b.get("employeur"), b.get("salaries_min"), b.get("salaries_max")
            if salaries == "non" and (employeur is True or (smin or 0) > 0):
                continue
            if salaries == "oui":
                if employeur is False:
                    continue
                if nombre is None and smax == 0:
                    continue
                if nombre is not None and ((smin is not None and smin > nombre) or (smax is not None and smax < nombre)):
                    continue
            if besoin and not set(besoin) & set(f["besoins"]):
                continue
            if type and not set(type) & set(f["types"]):
                continue
            s = self.statut(identifiant, jour, departement)
            if s.est_close and not closes:
                continue
            retenues.append((s.rang, s.date_limite or s.ouverture or dt.date.max, f["titre"].lower(), identifiant))
        return [r[-1] for r in sorted(retenues)]


@pytest.fixture(scope="session")
def reference(site_construit):
    return Reference(site_construit.parent)


# --- Outils navigateur -----------------------------------------------------------


def ouvrir(page, adresse, requete="", jour=DATE_TESTS):
    page.clock.set_fixed_time(dt.datetime.combine(jour, MIDI))
    page.goto(adresse + "trouver/" + requete)
    page.wait_for_selector("#trouver-compte[data-nombre]")


def resultats(page):
    while page.is_visible("#trouver-plus"):
        avant = page.locator("#trouver-resultats > li").count()
        page.click("#trouver-plus")
        page.wait_for_function(f"document.querySelectorAll('#trouver-resultats > li').length > {avant}")
    liens = page.eval_on_selector_all("#trouver-resultats .aide-carte__titre a", "l => l.map(a => a.getAttribute('href'))")
    return [lien.removeprefix("../aides/").rstrip("/") for lien in liens]


def test_afficher_plus_par_vingt(page, adresse_site, reference):
    """Vingt cartes d'abord (la liste se réaffiche vite à 5 000 aides), et le bouton dit combien il en reste."""
    ouvrir(page, adresse_site, "?structure=association")
    total = len(reference.attendues(structure="association"))
    assert total > 40, "le cas ne prouverait rien"
    assert page.locator("#trouver-resultats > li").count() == 20
    assert page.inner_text("#trouver-plus") == f"Afficher plus d'aides ({total - 20} autres)"
    page.click("#trouver-plus")
    page.wait_for_function("document.querySelectorAll('#trouver-resultats > li').length === 40")
    assert page.inner_text("#trouver-plus") == f"Afficher plus d'aides ({total - 40} autre{'s' if total - 40 > 1 else ''})"


SCENARIOS = [
    ("", {}),
    ("?structure=association", {"structure": "association"}),
    ("?structure=cooperative&departement=62", {"structure": "cooperative", "departement": "62"}),
    ("?departement=80", {"departement": "80"}),
    ("?departement=59&besoin=emploi", {"departement": "59", "besoin": ["emploi"]}),
    ("?salaries=non", {"salaries": "non"}),
    ("?salaries=oui&nombre=3", {"salaries": "oui", "nombre": 3}),
    ("?salaries=oui&nombre=400", {"salaries": "oui", "nombre": 400}),
    ("?salaries=oui", {"salaries": "oui"}),
    ("?besoin=tresorerie&besoin=investissement", {"besoin": ["tresorerie", "investissement"]}),
    ("?type=pret&type=garantie", {"type": ["pret", "garantie"]}),
    ("?structure=siae&closes=oui", {"structure": "siae", "closes": True}),
    ("?structure=association&departement=02&salaries=non&besoin=fonctionnement&besoin=projet",
     {"structure": "association", "departement": "02", "salaries": "non", "besoin": ["fonctionnement", "projet"]}),
    ("?structure=entreprise-esus&type=subvention&closes=oui", {"structure": "entreprise-esus", "type": ["subvention"], "closes": True}),
]


@pytest.mark.parametrize("requete, criteres", SCENARIOS, ids=[s[0] or "sans-choix" for s in SCENARIOS])
def test_scenarios(page, adresse_site, reference, requete, criteres):
    ouvrir(page, adresse_site, requete)
    attendues = reference.attendues(**criteres)
    assert resultats(page) == attendues
    assert page.get_attribute("#trouver-compte", "data-nombre") == str(len(attendues))
    # Le formulaire reprend les choix de l'adresse.
    if "structure" in criteres:
        assert page.input_value("#trouver-structure") == criteres["structure"]
    for b in criteres.get("besoin", []):
        assert page.is_checked(f"input[name=besoin][value={b}]")


def test_scenarios_non_triviaux(reference):
    """Les scénarios distinguent vraiment : des listes vides et pleines, différentes entre elles."""
    listes = [tuple(reference.attendues(**c)) for _, c in SCENARIOS]
    assert sum(1 for liste in listes if liste) >= 10
    assert len(set(listes)) >= 10


def test_comptes_a_cote_des_choix(page, adresse_site, reference):
    ouvrir(page, adresse_site, "?departement=62&besoin=emploi")
    structures = page.eval_on_selector("#trouver-structure", "s => Array.from(s.options).map(o => [o.value, o.textContent])")
    for valeur, texte in structures:
        attendu = len(reference.attendues(structure=valeur or None, departement="62", besoin=["emploi"]))
        assert texte.endswith(f"({attendu})"), (valeur, texte)
    # Une case de plus élargit la liste (au moins un des besoins) : le nombre est celui de la liste avec elle.
    for valeur in ("tresorerie", "emploi", "formation"):
        texte = page.inner_text(f"label:has(input[name=besoin][value={valeur}]) .trouver__compte")
        assert texte == f"({len(reference.attendues(departement='62', besoin=sorted({'emploi', valeur})))})"
    texte = page.inner_text("label:has(input[name=salaries][value=non]) .trouver__compte")
    assert texte == f"({len(reference.attendues(departement='62', besoin=['emploi'], salaries='non'))})"


def test_adresse_partage_retour_rechargement(page, navigateur, adresse_site, reference):
    ouvrir(page, adresse_site)
    page.select_option("#trouver-structure", "association")
    page.check("input[name=besoin][value=emploi]")
    page.select_option("#trouver-departement", "59")
    page.wait_for_function("location.search.includes('departement=59')")  # écrite une fois la liste peinte
    requete = parse_qs(urlsplit(page.url).query)
    assert requete == {"structure": ["association"], "besoin": ["emploi"], "departement": ["59"]}
    trois = reference.attendues(structure="association", besoin=["emploi"], departement="59")
    assert resultats(page) == trois

    # Bouton Précédent : on retrouve l'état d'avant le choix du département.
    page.go_back()
    page.wait_for_function("!location.search.includes('departement')")
    assert page.input_value("#trouver-departement") == ""
    assert resultats(page) == reference.attendues(structure="association", besoin=["emploi"])
    page.go_forward()
    page.wait_for_function("location.search.includes('departement=59')")
    assert resultats(page) == trois

    # Rechargement : les choix restent.
    page.reload()
    page.wait_for_selector("#trouver-compte[data-nombre]")
    assert page.input_value("#trouver-departement") == "59"
    assert resultats(page) == trois

    # Lien partagé, ouvert dans un autre navigateur (contexte neuf).
    contexte = navigateur.new_context(locale="fr-FR")
    autre = contexte.new_page()
    ouvrir(autre, page.url.split("trouver/")[0], "?" + urlsplit(page.url).query)
    assert resultats(autre) == trois
    contexte.close()

    # « Oui », puis le nombre de salariés : l'adresse suit la saisie.
    assert not page.is_visible("#trouver-nombre")
    page.check("input[name=salaries][value=oui]")
    page.fill("#trouver-nombre", "12")
    page.wait_for_function("location.search.includes('salaries=oui&nombre=12')")
    assert resultats(page) == reference.attendues(structure="association", besoin=["emploi"], departement="59", salaries="oui", nombre=12)

    # Effacer mes choix.
    page.click("button[type=reset]")
    page.wait_for_function("location.search === ''")
    assert resultats(page) == reference.attendues()



CHANGER = """([selecteur, valeur]) => {
    const champ = document.querySelector(selecteur);
    if (champ.type === "checkbox") champ.checked = valeur; else champ.value = valeur;
    champ.dispatchEvent(new Event("change", { bubbles: true }));
}"""


def test_changements_rapproches_gardent_chacun_leur_entree(page, adresse_site, reference):
    """L'adresse s'écrit après l'affichage : trois changements dans la même tâche (avant toute écriture)
    donnent quand même trois entrées d'historique, que « Précédent » parcourt une à une."""
    ouvrir(page, adresse_site)
    page.evaluate(f"""() => {{
        const changer = {CHANGER};
        changer(["#trouver-structure", "association"]);
        changer(["input[name=besoin][value=emploi]", true]);
        changer(["#trouver-departement", "59"]);
    }}""")
    page.wait_for_function("location.search === '?structure=association&departement=59&besoin=emploi'")
    page.go_back()
    page.wait_for_function("location.search === '?structure=association&besoin=emploi'")
    assert resultats(page) == reference.attendues(structure="association", besoin=["emploi"])
    page.go_back()
    page.wait_for_function("location.search === '?structure=association'")
    assert resultats(page) == reference.attendues(structure="association")
    page.go_back()
    page.wait_for_function("location.search === ''")


def test_carte_touchee_aussitot_apres_un_choix(page, adresse_site):
    """Un lecteur qui touche une aide dans la foulée de son choix retrouve ce choix-là avec « Retour à mes résultats »."""
    ouvrir(page, adresse_site)
    adresse = page.evaluate(f"""() => {{
        ({CHANGER})(["#trouver-departement", "80"]);
        const lien = document.querySelector("#trouver-resultats .aide-carte a");
        lien.addEventListener("click", e => e.preventDefault());
        lien.click();
        return sessionStorage.getItem("aides-ess.resultats");
    }}""")
    assert urlsplit(adresse).query == "departement=80"
    assert page.evaluate("localStorage.getItem('aides-ess.departement')") == "80"



def test_choix_garde_meme_en_quittant_aussitot(page, adresse_site):
    """Quitter la page juste après un choix (avant que la page ne soit au repos) garde quand même le département."""
    ouvrir(page, adresse_site)
    garde = page.evaluate(f"""() => {{
        ({CHANGER})(["#trouver-departement", "62"]);
        window.dispatchEvent(new Event("pagehide"));
        return [localStorage.getItem("aides-ess.departement"), location.search];
    }}""")
    assert garde == ["62", "?departement=62"]



def test_precedent_avant_l_ecriture_de_l_adresse(page, adresse_site):
    """« Précédent » arrivé avant que l'adresse du dernier choix ne soit écrite : c'est l'adresse retrouvée qui
    fait foi, le choix en attente n'est pas écrit par-dessus."""
    ouvrir(page, adresse_site, "?structure=association")
    page.evaluate(f"""() => {{
        ({CHANGER})(["#trouver-departement", "80"]);
        window.dispatchEvent(new PopStateEvent("popstate"));
    }}""")
    page.evaluate("new Promise(r => requestIdleCallback(() => setTimeout(r, 50)))")
    assert page.evaluate("location.search") == "?structure=association"
    assert page.input_value("#trouver-departement") == ""


def test_interrupteur_aides_closes(page, adresse_site, reference):
    ouvrir(page, adresse_site)
    ouvertes = reference.attendues()
    toutes = reference.attendues(closes=True)
    assert len(toutes) > len(ouvertes), "le catalogue devrait garder des aides closes"
    closes = len(toutes) - len(ouvertes)
    assert f"{closes} aides closes sont cachées" in page.inner_text("#trouver-compte")
    assert page.inner_text("label.trouver__interrupteur .trouver__compte") == f"(+{closes})"
    page.check("input[name=closes]")
    page.wait_for_function("location.search.includes('closes=oui')")
    assert resultats(page) == toutes
    statuts = page.eval_on_selector_all("#trouver-resultats [data-statut]", "l => l.map(s => s.dataset.statut)")
    assert statuts.count("close") == closes
    assert statuts[-closes:] == ["close"] * closes, "les aides closes viennent en dernier"
    page.uncheck("input[name=closes]")
    assert resultats(page) == ouvertes


@pytest.fixture(scope="session")
def site_ancien(tmp_path_factory):
    """Le site construit le 1er février 2026, jamais reconstruit depuis."""
    from conftest import copier_depot, servir
    from generateur.construction import construire

    racine = copier_depot(tmp_path_factory.mktemp("ancien") / "depot")
    construire(racine, dt.date(2026, 2, 1))
    adresse, serveur = servir(racine / "site")
    yield adresse, racine / "site"
    serveur.shutdown()


def test_date_du_navigateur_plutot_que_date_de_construction(page, site_ancien):
    """Construit le 1er février 2026, lu le 27 novembre 2026 : la campagne du Nord est finie depuis longtemps."""
    adresse, site = site_ancien
    fiche = (site / "aides/fdva-2-fonctionnement-innovation/index.html").read_text(encoding="utf-8")
    # Sans département choisi, la date limite du Nord ne fait pas de la page une aide « bientôt close » partout.
    badge = re.search(r'<dd data-pagefind-ignore><span class="statut-du-jour"[^>]*><span class="statut statut--([a-z-]+)"', fiche)
    assert badge and badge.group(1) == "annuelle"
    assert re.search(r'Dans le Nord\s:\s<span class="statut statut--bientot-close">Bientôt close</span>\sdate limite\s:\s1er\smars\s2026', fiche)

    def statut_affiche(requete, jour):
        ouvrir(page, adresse, requete + "&closes=oui", jour=jour)
        resultats(page)
        carte = page.locator(".aide-carte", has=page.locator("a[href='../aides/fdva-2-fonctionnement-innovation/']"))
        return [carte.locator("[data-statut]").get_attribute("data-statut")]

    # Le jour de la construction : bientôt close dans le Nord, pas dans le Pas-de-Calais.
    assert statut_affiche("?departement=59", dt.date(2026, 2, 1)) == ["bientot-close"]
    assert statut_affiche("?departement=62", dt.date(2026, 2, 1)) == ["annuelle"]
    # Des mois plus tard, sans reconstruction : le navigateur ne la montre plus comme ouverte.
    assert statut_affiche("?departement=59", DATE_TESTS) == ["annuelle"]
    carte = page.locator(".aide-carte", has=page.locator("a[href='../aides/fdva-2-fonctionnement-innovation/']"))
    assert "prochaine session à venir" in carte.inner_text()


def _dates_limites(catalogue):
    dates = {DATE_TESTS, dt.date(2020, 1, 1), dt.date(2030, 1, 1)}
    for aide in catalogue.aides.values():
        cal = aide.calendrier
        bornes = [d for s in cal.sessions for d in (s.ouverture, s.date_limite) if d]
        if cal.fermeture and cal.fermeture.date:
            bornes.append(cal.fermeture.date)
        # Une session sans ouverture compte comme ouverte 60 jours avant sa date limite.
        bornes += [s.date_limite - dt.timedelta(days=60) for s in cal.sessions if s.date_limite and not s.ouverture]
        if aide.situation and aide.situation.depuis:
            bornes.append(aide.situation.depuis.debut)
        appui = date_d_appui(aide)
        if appui:
            bornes.append(ajouter_mois(appui, 18))  # dernier jour où la source suffit
        for d in bornes:
            dates.update(d + dt.timedelta(days=n) for n in (-31, -30, -29, -1, 0, 1))
    return sorted(dates)


def test_statuts_python_et_navigateur_concordent(page, adresse_site, reference):
    """Toutes les aides, à toutes les dates charnières, dans chaque département et sans département."""
    ouvrir(page, adresse_site)
    catalogue = reference.catalogue
    dates = _dates_limites(catalogue)
    departements = [""] + [d.removeprefix("DEP-") for d in catalogue.territoires.departements]
    calcule = page.evaluate(
        """async ([dates, departements]) => {
            const D = await (await fetch("donnees.json")).json();
            const bits = departements.map(d => d ? 1 << D.departements.findIndex(x => x[0] === d) : 0);
            const sortie = {};
            for (const a of D.aides) for (const jour of dates) departements.forEach((d, k) => {
                const s = AidesESS.statut(a, jour, bits[k], D);
                sortie[[a.i, jour, d].join("|")] = [s.code, s.date_limite, s.ouverture, s.depuis, s.informations_du,
                                                    AidesESS.echeance(s)];
            });
            return sortie;
        }""",
        [[d.isoformat() for d in dates], departements],
    )
    assert len(calcule) == len(catalogue.aides) * len(dates) * len(departements)
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    differences = []
    codes = set()
    for identifiant in catalogue.aides:
        for jour in dates:
            for d in departements:
                s = reference.statut(identifiant, jour, d or None)
                codes.add(s.code)
                attendu = [s.code, iso(s.date_limite), iso(s.ouverture), iso(s.depuis), iso(s.informations_du), echeance(s)]
                if calcule["|".join([identifiant, jour.isoformat(), d])] != attendu:
                    differences.append((identifiant, jour, d, attendu, calcule["|".join([identifiant, jour.isoformat(), d])]))
    assert not differences, differences[:5]
    assert codes == set(STATUTS), "toutes les sortes de statut sont exercées"


def test_sans_javascript(navigateur, adresse_site):
    contexte = navigateur.new_context(locale="fr-FR", java_script_enabled=False)
    page = contexte.new_page()
    page.goto(adresse_site + "trouver/")
    assert not page.is_visible("#trouver")
    assert "Ce filtre a besoin de JavaScript" in page.inner_text("article")
    liens = page.eval_on_selector_all("article a[href*='themes/']", "l => l.map(a => a.href)")
    assert len(liens) >= 4
    for lien in liens:
        assert page.request.get(lien).ok, lien
    contexte.close()


def test_clavier_et_lecteur_d_ecran(page, adresse_site, reference):
    ouvrir(page, adresse_site)
    region = page.locator("#trouver-compte")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    # Tout se fait au clavier : aller au premier besoin avec Tab, le cocher avec Espace.
    page.focus("#trouver-structure")
    page.keyboard.press("ArrowDown")  # dans un menu fermé, la flèche change le choix
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "besoin":
            break
    premier = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    structure = page.input_value("#trouver-structure")
    attendues = reference.attendues(structure=structure or None, besoin=[premier])
    assert resultats(page) == attendues
    assert region.get_attribute("data-nombre") == str(len(attendues))
    # Chaque case et chaque menu a un nom accessible.
    sans_nom = page.evaluate("""() => Array.from(document.querySelectorAll('#trouver input, #trouver select'))
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)""")
    assert sans_nom == []


def test_telephone(navigateur, adresse_site):
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = contexte.new_page()
    page.goto(adresse_site + "trouver/?besoin=emploi")
    page.wait_for_selector("#trouver-compte[data-nombre]")
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= 360, f"la page déborde en largeur ({largeur} px)"
    contexte.close()


def test_statuts_des_autres_pages_recalcules_au_jour_du_lecteur(page, site_ancien):
    """Une fiche et une liste écrites le 1er février 2026, lues le 27 novembre : plus de « bientôt close »."""
    adresse, _ = site_ancien
    fiche = "aides/fdva-1-formation-benevoles/"
    selecteur = ".en-bref .statut-du-jour[data-aide='fdva-1-formation-benevoles'] .statut"

    page.clock.set_fixed_time(dt.datetime.combine(dt.date(2026, 2, 1), MIDI))
    page.goto(adresse + fiche)
    assert page.locator(selecteur).get_attribute("data-statut") == "bientot-close"

    page.clock.set_fixed_time(dt.datetime.combine(DATE_TESTS, MIDI))
    page.goto(adresse + fiche)
    page.wait_for_function(f"document.querySelector(\"{selecteur}\").dataset.statut === 'annuelle'")
    assert page.locator(selecteur).inner_text() == "Chaque année"
    assert "prochaine session à venir" in page.locator(".en-bref").inner_text()

    page.goto(adresse + "themes/toutes/")
    carte = page.locator(".statut-du-jour[data-aide='fdva-1-formation-benevoles'] .statut")
    page.wait_for_function("document.querySelector(\".statut-du-jour[data-aide='fdva-1-formation-benevoles'] .statut\").dataset.statut === 'annuelle'")
    assert carte.inner_text() == "Chaque année"
