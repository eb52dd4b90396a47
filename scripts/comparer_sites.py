#!/usr/bin/env python3
# Utilisation : python scripts/comparer_sites.py ANCIEN_SITE NOUVEAU_SITE
"""Compare deux sites construits : identiques octet pour octet, sauf l'élément des mots proches
(avant : <span> ajouté par le crochet MkDocs ; après : <div> écrit dans le Markdown par le générateur),
dont on compare les mots."""
import re, sys
from pathlib import Path
a, b = Path(sys.argv[1]), Path(sys.argv[2])
MARQUE = re.compile(r'\n?<(span|div) data-mots-proches="([^"]*)"[^>]*></\1>\n?')
fa = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
fb = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
ignores = ("pagefind/",)
diff = 0
for nom in sorted(fa ^ fb):
    if not nom.startswith(ignores):
        print("présent d'un seul côté :", nom); diff += 1
mots_diff = 0
for nom in sorted(fa & fb):
    if nom.startswith(ignores): continue
    x, y = (a / nom).read_bytes(), (b / nom).read_bytes()
    if x == y: continue
    if nom.endswith(".html"):
        tx, ty = x.decode(), y.decode()
        mx = [m.group(2) for m in MARQUE.finditer(tx)]; my = [m.group(2) for m in MARQUE.finditer(ty)]
        if MARQUE.sub("", tx) == MARQUE.sub("", ty):
            if mx != my:
                mots_diff += 1; print("mots proches différents :", nom, mx, my)
            continue
    diff += 1
    print("différent :", nom)
print(f"{len(fa & fb)} fichiers comparés, {diff} différents, {mots_diff} pages aux mots proches différents")
sys.exit(1 if diff else 0)
