"""L'architecture se lit dans l'arbre : un sous-paquet par métier, les données vont dans un seul sens."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import yaml

from generateur.lecture.catalogue import RACINE

PAQUET = RACINE / "generateur"
RANGS = {
    "commun": 0,
    "lecture": 1,
    "regles": 2,
    "contribution": 3,
    "exports": 3,
    "site": 4,
    "guides": 5,
}
"""Un paquet n'importe que lui-même et les paquets de rang plus petit (écrit à la main, comme les docstrings)."""
ASSEMBLEURS = {"construction", "cli", "__main__"}
"""Les modules du haut, qui assemblent les paquets : personne ne les importe, sauf eux-mêmes."""


def _modules(racine: Path = RACINE) -> dict[str, Path]:
    return {
        ".".join(p.relative_to(racine).with_suffix("").parts).removesuffix(".__init__"): p
        for p in sorted((racine / "generateur").rglob("*.py"))
    }


def _imports(chemin: Path, nom: str, connus: dict[str, Path]) -> set[str]:
    """Modules du générateur importés par un fichier, y compris dans le corps des fonctions."""
    trouves = set()
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.module.startswith("generateur"):
            for alias in noeud.names:
                complet = f"{noeud.module}.{alias.name}"
                trouves.add(complet if complet in connus else noeud.module)
        elif isinstance(noeud, ast.Import):
            trouves |= {a.name for a in noeud.names if a.name.startswith("generateur")}
    return trouves - {nom}


def _place(module: str) -> str:
    morceaux = module.split(".")
    return morceaux[1] if len(morceaux) > 1 else ""


def graphe(racine: Path = RACINE) -> dict[str, set[str]]:
    connus = _modules(racine)
    return {nom: _imports(chemin, nom, connus) for nom, chemin in connus.items()}


def test_chaque_paquet_du_generateur_a_un_rang_et_dit_ce_qu_il_possede():
    paquets = {p.name for p in PAQUET.iterdir() if (p / "__init__.py").is_file()}
    assert paquets == set(RANGS)
    for nom in paquets:
        doc = ast.get_docstring(ast.parse((PAQUET / nom / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "importe" in doc.lower(), f"generateur/{nom}/__init__.py : dire ce que le paquet possède et ce qu'il importe"
    hors_paquets = {p.stem for p in PAQUET.glob("*.py")} - {"__init__"}
    assert hors_paquets == ASSEMBLEURS


def fautes_d_imports(racine: Path = RACINE) -> list[str]:
    fautes = []
    for module, importes in graphe(racine).items():
        depart = _place(module)
        for importe in importes:
            arrivee = _place(importe)
            if arrivee in ASSEMBLEURS or arrivee == "":
                if depart not in ASSEMBLEURS:
                    fautes.append(f"{module} importe {importe}, un module d'assemblage")
            elif depart in RANGS and arrivee != depart and RANGS[arrivee] >= RANGS[depart]:
                fautes.append(f"{module} ({depart}, rang {RANGS[depart]}) importe {importe} ({arrivee}, rang {RANGS[arrivee]})")
    return sorted(fautes)


def test_les_imports_vont_dans_un_seul_sens():
    fautes = fautes_d_imports()
    assert not fautes, "\n".join(fautes)


def test_aucun_cycle_d_imports():
    liens = graphe()
    etat: dict[str, int] = {}
    chemin: list[str] = []
    cycles = []

    def visiter(module):
        etat[module] = 1
        chemin.append(module)
        for suivant in sorted(liens.get(module, ())):
            if etat.get(suivant) == 1:
                cycles.append(" → ".join(chemin[chemin.index(suivant):] + [suivant]))
            elif suivant in liens and not etat.get(suivant):
                visiter(suivant)
        chemin.pop()
        etat[module] = 2

    for module in sorted(liens):
        if not etat.get(module):
            visiter(module)
    assert not cycles, "\n".join(cycles)


def test_le_controle_des_imports_voit_une_faute(tmp_path):
    """Le contrôle n'est pas vide : un import à contre-sens planté dans lecture/ est vu (dans une copie du
    générateur : le dépôt, que d'autres tests lisent en même temps, n'est jamais modifié)."""
    shutil.copytree(PAQUET, tmp_path / "generateur", ignore=shutil.ignore_patterns("__pycache__"))
    assert fautes_d_imports(tmp_path) == []
    (tmp_path / "generateur" / "lecture" / "_essai_contresens.py").write_text(
        "def f():\n    from generateur.site.pages import slug\n", encoding="utf-8")
    assert "generateur.site.pages" in graphe(tmp_path)["generateur.lecture._essai_contresens"]
    assert fautes_d_imports(tmp_path) == [
        "generateur.lecture._essai_contresens (lecture, rang 1) importe generateur.site.pages (site, rang 4)"]


def test_mkdocs_sans_crochet():
    config = yaml.safe_load((RACINE / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config
    assert config.get("plugins") in ([], None)


def test_le_plan_du_readme_suit_l_arbre():
    """Chaque module et paquet du générateur est dans le plan du README, et le plan ne cite rien qui n'existe plus."""
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    plan = readme[readme.index("## Organisation du dépôt"):].split("```")[1]
    cites = set()
    paquet = None
    for ligne in plan.splitlines():
        mot = ligne.strip().split(" ")[0]
        if mot.startswith("generateur/") and mot.count("/") == 2 and mot.endswith("/"):
            paquet = mot.split("/")[1]
            cites.add(paquet)
        elif mot.endswith(".py") and ligne.startswith("    "):
            cites.add(f"{paquet}/{mot}")
        elif mot.endswith(".py") and ligne.startswith("  "):
            cites.add(mot)
    reels = {p.name for p in PAQUET.iterdir() if (p / "__init__.py").is_file()}
    reels |= {f"{p.parent.name}/{p.name}" for p in PAQUET.glob("*/*.py") if p.name != "__init__.py"}
    reels |= {p.name for p in PAQUET.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    assert reels - cites == set(), "absents du plan du README"
    assert cites - reels == set(), "cités par le README mais absents de l'arbre"
