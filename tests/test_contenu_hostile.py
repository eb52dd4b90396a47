"""Contenu hostile qui passe la validation : construit, servi, ouvert dans Chromium, il reste du texte inerte.

Les fiches ci-dessous sont valides (sinon la construction échouerait) mais chaque champ de texte
essaie une ruse : Markdown (images, liens de référence, attr_list « {: onclick=… } »), guillemets
qui tentent de sortir d'un attribut, tabulation ou retour à la ligne dans « javascript: »,
mot interminable. Chaque charge contient « alert( » : aucune ne doit s'exécuter. Les caractères
invisibles (forçages bidi, espaces de largeur nulle) sont refusés dès la lecture : voir tests/corpus.
"""

from __future__ import annotations

import re

import pytest
import yaml

from generateur.construction import construire
from generateur.regles.textes import markdown_sur, titre_sur
from generateur.site.verifications import verifier
from tests.conftest import DATE_TESTS, copier_depot, servir

MOT_INTERMINABLE = "Subventionnementdefonctionnement" * 20

ATTR_LIST = "{: onclick=alert(1) }"
GUILLEMETS = "\"'> x=\" onmouseover=\"alert(2)\" y='"
IMAGE = "![pixel](https://pixel.invalid/titre.png)"

ORGANISME = {
    "identifiant": "organisme-hostile",
    "nom": f"Organisme {GUILLEMETS} {IMAGE} {ATTR_LIST}",
    "sigle": "\"'>OH",
    "nature": "reseau",
    "site": "https://organisme.invalid/\"><svg/onload=alert(3)>",
    # Une image ou un lien vers une adresse refusée dans un texte Markdown est refusé à la validation (corpus
    # markdown-image, markdown-lien-relatif, markdown-reference) : seules les ruses que le schéma laisse passer restent.
    "description": "Description [piège](https://organisme.invalid/) `alert(4)`",
}


def _texte(n: int) -> str:
    """Un texte simple piégé, différent pour chaque champ (numéro de l'alerte)."""
    return f"Texte {n} {GUILLEMETS} {IMAGE} [lien](https://lien.invalid/) `alert({n})` {{: onclick=alert({n}) }}"


def _bloc(n: int) -> str:
    """Texte sur plusieurs lignes : tente de sortir du bloc HTML qui l'entoure."""
    return f"Début {n}\n\n# Titre injecté {{: onclick=alert({n}) }}\n\n{IMAGE}\n\n[x](jav\tascript:alert({n}))"


DESCRIPTION = f"""Description avec un [lien de référence][r], {IMAGE}, `alert(20)` et ``alert(21)``.

[r]: https://lien.invalid/"onmouseover="alert(22)

[tabulation](jav\tascript:alert(23)) [retour](jav
ascript:alert(24)) [protocole relatif](//hors-site.invalid/) [relatif](../../404.html) [espace zéro](javascript\u200b:alert(25))

{{: onclick=alert(26) }}

{MOT_INTERMINABLE}

    bloc de code indenté alert(27)

> citation alert(28)

# Titre injecté {{: onclick=alert(29) }}
"""


DESCRIPTION_VALIDE = re.sub(r"\[tabulation\].*?alert\(25\)\)\n", "", DESCRIPTION.replace(f", {IMAGE}", ""), flags=re.S)
"""DESCRIPTION sans ce que la validation refuse (image, liens relatifs ou vers « jav\tascript: ») ; DESCRIPTION
entière reste essayée contre markdown_sur, la défense suivante."""


def _aide(identifiant: str, titre: str, close: bool) -> dict:
    calendrier = (
        {
            "recurrence": "ponctuelle",
            "sessions": [{"libelle": _texte(40), "date_limite": "2024-12-31"}],
            "fermeture": {"date": "2025-01-01", "motif": _bloc(41), "remplacement": _texte(42)},
        }
        if close
        else {"recurrence": "permanente", "commentaire": _bloc(43), "periode_habituelle": _texte(44)}
    )
    return {
        "identifiant": identifiant,
        "titre": titre,
        "nom_officiel": "Nom ' onmouseover='alert(50)",
        "sigle": "\" onfocus=alert(51) x=\"",
        "resume": f"Résumé {GUILLEMETS} {ATTR_LIST} [r](https://lien.invalid/)",
        "description": DESCRIPTION_VALIDE,
        "porteurs": [{"organisation": "organisme-hostile", "roles": ["financeur", "instructeur"]}],
        "types": ["subvention"],
        "beneficiaires": {
            "structures": ["association"],
            "conditions": [_bloc(60), _texte(61)],
            "exclus": [_texte(62)],
            "agrements": [_texte(63)],
        },
        "besoins": ["emploi"],
        "montant": {"max": 1000, "commentaire": _bloc(64)},
        "territoire": {"codes": ["REG-32"], "precision": _texte(65)},
        **({} if close else {"situation": {"etat": "en-cours", "source": "https://source.invalid/\"onclick=\"alert(90)", "precision": _bloc(66)}}),
        "calendrier": calendrier,
        "demarche": {
            "etapes": [_bloc(70), _texte(71)],
            "pieces": [_texte(72)],
            "plateforme": _texte(73),
            "lien_candidature": "https://depot.invalid/\"><svg/onload=alert(74)>",
            "lien_information": "https://depot.invalid/?a=1&b='onmouseover='alert(75)",
        },
        "contacts": [
            {
                "nom": _texte(80),
                "precision": _bloc(81),
                "adresse": _texte(82),
                # Guillemets, « ? » et paramètres sont refusés à la validation (corpus courriel-cache) : reste le plus long permis.
                "courriel": "x.onmouseover-alert83+x@contact.invalid",
                "site": "https://contact.invalid/'><svg/onload=alert(84)>",
            }
        ],
        "sources": [{"url": "https://source.invalid/\"onclick=\"alert(90)", "titre": _texte(91), "date": "2026-11-01"}],
        "derniere_verification": "2026-11-27",
        "a_confirmer": [_bloc(92)],
        "base_juridique": _texte(93),
    }


TITRE_OUVERTE = f"Aide hostile \"'> {IMAGE} {ATTR_LIST}"  # attr_list ne lit qu'en fin de titre
AIDES = {
    "aide-hostile-ouverte": _aide("aide-hostile-ouverte", TITRE_OUVERTE, close=False),
    "aide-hostile-close": _aide("aide-hostile-close", "Aide hostile close `alert(99)` [x](https://lien.invalid/) { onclick=alert(98) }", close=True),
}


@pytest.fixture(scope="module")
def site_hostile(tmp_path_factory):
    racine = copier_depot(tmp_path_factory.mktemp("hostile") / "depot")
    ecrire = lambda chemin, donnees: chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ecrire(racine / "aides" / "organisations" / "organisme-hostile.yaml", ORGANISME)
    for identifiant, aide in AIDES.items():
        ecrire(racine / "aides" / f"{identifiant}.yaml", aide)
    # Valide, puis construit : la vérification d'après MkDocs ne doit rien trouver non plus.
    construire(racine, DATE_TESTS)
    adresse, serveur = servir(racine / "site")
    yield adresse, racine / "site"
    serveur.shutdown()


# Ce que le navigateur voit vraiment : scripts, attributs « on… », adresses, images, cadres.
_INSPECTER = """() => {
  const gestionnaires = [];
  for (const e of document.querySelectorAll("*"))
    for (const a of e.attributes) if (a.name.toLowerCase().startsWith("on")) gestionnaires.push(e.tagName + " " + a.name);
  const scripts = [...document.scripts].map(s => s.src ? "src:" + new URL(s.src).origin : "inline:" + s.textContent);
  const liens = [...document.querySelectorAll("a[href], area[href]")].map(a => a.protocol);
  const ressources = [...document.querySelectorAll("[src], [srcset], [data], [action], [formaction], link[rel~=stylesheet], link[rel~=icon], link[rel~=preload], link[rel~=modulepreload], link[rel~=prefetch]")]
    .map(e => new URL(e.getAttribute("src") || e.getAttribute("data") || e.getAttribute("action")
      || e.getAttribute("formaction") || e.getAttribute("href") || ".", location.href).origin);
  const interieur = document.querySelector("article") || document.body;
  const intrus = [...document.querySelectorAll("iframe, object, embed, frame, base, meta[http-equiv]"),
                  ...[...interieur.querySelectorAll("svg, math, form:not(.trouver__formulaire)")].filter(e => !e.closest(".md-content__button"))]
    .map(e => e.tagName);
  return {gestionnaires, scripts, liens, ressources, intrus, images: [...interieur.querySelectorAll("img")].map(i => i.src),
          h1: (document.querySelector("article h1") || {}).textContent || "", titre: document.title,
          debordement: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


_PROVOQUER = """() => {
  for (const e of document.querySelectorAll("article *")) {
    for (const type of ["mouseover", "mouseenter", "focus"]) e.dispatchEvent(new Event(type));
    if (!e.closest("a, button, input, label, select, summary")) e.dispatchEvent(new MouseEvent("click", {bubbles: false}));
  }
}"""


@pytest.fixture
def page_surveillee(navigateur):
    """Une page de Chromium qui note toute alerte, tout dialogue, toute requête hors de 127.0.0.1."""
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    contexte.add_init_script(
        "window.__alertes = [];"
        "for (const nom of ['alert', 'confirm', 'prompt', 'print', 'open']) {"
        "  window[nom] = (...args) => { window.__alertes.push(nom + '(' + args.join(',') + ')'); };"
        "}"
    )
    page = contexte.new_page()
    page.dialogues = []
    page.requetes_externes = []
    page.erreurs = []
    page.on("dialog", lambda d: (page.dialogues.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.erreurs.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else page.requetes_externes.append(r.url))
    yield page
    contexte.close()


def _sans_espaces(texte: str) -> str:
    return re.sub(r"\s", "", texte)


def _verifier_page(page, adresse: str):
    page.goto(adresse)
    page.wait_for_load_state("networkidle")
    # Survol, focus et clic sur tout le contenu : un « onmouseover », « onfocus » ou « onclick » passé à travers se déclencherait.
    page.evaluate(_PROVOQUER)
    for _ in range(10):
        page.keyboard.press("Tab")
    vu = page.evaluate(_INSPECTER)
    alertes = page.evaluate("window.__alertes")
    origine = "/".join(adresse.split("/", 3)[:3])
    assert alertes == [] and page.dialogues == [], (alertes, page.dialogues)
    assert page.erreurs == [], page.erreurs
    assert vu["gestionnaires"] == [], vu["gestionnaires"]
    assert not [s for s in vu["scripts"] if "alert(" in s], "script injecté"
    assert {s for s in vu["scripts"] if s.startswith("src:")} <= {f"src:{origine}"}
    assert set(vu["liens"]) <= {"http:", "https:", "mailto:", "tel:"}, vu["liens"]
    assert {r for r in vu["ressources"] if r != "null"} <= {origine}, vu["ressources"]
    assert vu["intrus"] == [], vu["intrus"]
    assert vu["images"] == [], vu["images"]
    assert not [u for u in page.requetes_externes if ".invalid" in u], page.requetes_externes
    assert vu["debordement"] <= 1, f"la page déborde de {vu['debordement']} px en largeur sur un écran de 360 px"
    return vu


@pytest.fixture(scope="module")
def adresse_hostile(site_hostile):
    return site_hostile[0]


def test_les_fiches_hostiles_sont_valides_et_la_construction_les_accepte(site_hostile):
    # construire() a validé les fiches et passé le contrôle d'après MkDocs ; on le refait ici pour le dire.
    site = site_hostile[1]
    for identifiant in AIDES:
        assert (site / "aides" / identifiant / "index.html").exists()
    assert verifier(site, "https://aides-ess.github.io/aides-ess/") == []


@pytest.mark.parametrize("identifiant", sorted(AIDES))
def test_page_d_aide_hostile_inerte(adresse_hostile, page_surveillee, identifiant):
    vu = _verifier_page(page_surveillee, f"{adresse_hostile}aides/{identifiant}/")
    # Le titre s'affiche tel quel, en texte, ruses comprises.
    assert _sans_espaces(vu["h1"]) == _sans_espaces(AIDES[identifiant]["titre"])
    assert "alert(51)" in vu["titre"], "le sigle apparaît en texte dans le titre de l'onglet"
    texte = page_surveillee.locator("article").inner_text()
    assert "onclick=alert(1)" in _sans_espaces(texte) or identifiant.endswith("close")
    assert MOT_INTERMINABLE in texte


@pytest.mark.parametrize(
    "chemin",
    ["", "themes/toutes/", "themes/archives/", "themes/organisations/", "themes/organisations/organisme-hostile/",
     "themes/besoins/emploi/", "trouver/?structure=association&besoin=emploi&closes=oui", "donnees/"],
)
def test_pages_qui_citent_les_aides_hostiles(adresse_hostile, page_surveillee, chemin):
    reponse = page_surveillee.request.get(adresse_hostile + chemin)
    assert reponse.status == 200, f"/{chemin} manque au site"
    vu = _verifier_page(page_surveillee, adresse_hostile + chemin)
    if chemin.startswith("trouver/"):
        page_surveillee.wait_for_selector("#trouver-resultats .aide-carte")
        titres = page_surveillee.locator("#trouver-resultats .aide-carte__titre a").all_inner_texts()
        assert any(_sans_espaces(t) == _sans_espaces(TITRE_OUVERTE) for t in titres), titres
    if chemin == "themes/organisations/organisme-hostile/":
        assert _sans_espaces(vu["h1"]) == _sans_espaces(ORGANISME["nom"])


def test_recherche_d_une_aide_hostile(adresse_hostile, page_surveillee):
    page = page_surveillee
    page.goto(adresse_hostile)
    # Pas de saut si le bouton manque : une recherche retirée de l'en-tête est un défaut, pas un cas à ignorer.
    assert page.locator("[data-recherche] .recherche__bouton").count() == 1, "le bouton de recherche manque à l'en-tête"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator("[data-recherche] .recherche__bouton").click()
    champ = page.locator("[data-recherche] input[type=search], [data-recherche] input").first
    champ.fill("Subventionnementdefonctionnement")
    page.wait_for_selector(".recherche__resultat", timeout=10000)
    page.wait_for_load_state("networkidle")
    resultats = page.locator(".recherche__resultat").all_inner_texts()
    assert any("hostile" in r for r in resultats), resultats
    vu = page.evaluate(_INSPECTER)
    assert page.evaluate("window.__alertes") == [] and page.dialogues == []
    assert vu["gestionnaires"] == [], vu["gestionnaires"]
    assert not [s for s in vu["scripts"] if "alert(" in s]
    assert vu["intrus"] == [], vu["intrus"]
    assert not [u for u in page.requetes_externes if ".invalid" in u], page.requetes_externes


# Les deux défenses en amont, sans navigateur.


def test_un_titre_reste_du_texte_pour_markdown():
    import markdown

    html = markdown.markdown("# " + titre_sur(TITRE_OUVERTE + "\n\n" + IMAGE), extensions=["attr_list"])
    assert "onclick" not in html.split(">", 1)[0] and "<img" not in html and "<a " not in html
    assert html.count("<h1") == 1 and "<p>" not in html


def test_la_description_ne_garde_que_des_liens_absolus_surs():
    html = str(markdown_sur(DESCRIPTION))
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("https://lien.invalid/") for h in hrefs), hrefs
    assert not re.search(r"<(img|h1|code|pre|blockquote)\b", html)
    assert not re.search(r"<[^>]*\son\w+=", html)


def test_la_surveillance_voit_une_vraie_injection(tmp_path, page_surveillee):
    """Témoin : la même surveillance, sur une page piégée à la main, échoue bien."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="fr"><body><article><h1 onmouseover="alert(1)">Piège</h1></article></body></html>',
        encoding="utf-8",
    )
    adresse, serveur = servir(tmp_path)
    try:
        with pytest.raises(AssertionError, match="alert"):
            _verifier_page(page_surveillee, adresse)
    finally:
        serveur.shutdown()
