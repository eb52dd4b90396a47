"""Textes des contributeurs : Markdown simple rendu en HTML, puis nettoyé.

Même validé par le schéma, un texte passe toujours par nh3 : la page ne peut
recevoir que les balises de cette liste, et des liens absolus https, http, mailto, tel.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup, escape

from schema import SCHEMAS_AUTORISES

BALISES = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ATTRIBUTS = {"a": {"href"}}


_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")
"""Un seul analyseur pour toutes les fiches : en construire un par texte coûtait la moitié du temps."""


def markdown_sur(texte: str | None) -> Markup:
    """Markdown simple → HTML nettoyé. La typographie française se fait sur la page entière (pages, guides)."""
    if not texte:
        return Markup("")
    html = _MARKDOWN.reset().convert(texte)
    propre = nh3.clean(
        html,
        tags=BALISES,
        attributes=ATTRIBUTS,
        url_schemes=set(SCHEMAS_AUTORISES),
        url_relative="deny",  # un lien relatif mènerait nulle part depuis la page de l'aide
        link_rel="noopener",
        strip_comments=True,
    )
    return Markup(propre.replace("\n\n", "\n"))


def texte_sur(texte: str | None) -> Markup:
    """Texte simple, échappé."""
    if texte is None:
        return Markup("")
    return escape(texte)


_SYNTAXE_MARKDOWN = re.compile(r"([\\`*_{}\[\]#])")


def titre_sur(texte: str | None) -> Markup:
    """Texte placé dans un titre Markdown (« # … ») : échappé pour le HTML et pour Markdown.

    Sans cela « Aide {: onclick=alert(1) } » deviendrait un attribut (attr_list),
    « ![x](https://…) » une image, et un retour à la ligne sortirait du titre.
    """
    if texte is None:
        return Markup("")
    une_ligne = " ".join(str(texte).split())
    return escape(_SYNTAXE_MARKDOWN.sub(r"\\\1", une_ligne))
