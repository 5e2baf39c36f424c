# Best Start: `make run` and `make test` work on a fresh machine with only Python 3.11 (and,
# on Debian or Ubuntu as root, install the system packages in requirements-system.txt).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
POSTCODE_INDEX := instance/postcodes-onspd-2025-11.bin
export FLASK_APP := wsgi

.PHONY: install system-packages run serve test test-postgres lint format bench postcodes audit

# Checked on every install (a few milliseconds); apt-get runs only when something is missing.
system-packages:
	@scripts/system-packages requirements-system.txt

# pip, not python: a venv made before python3-venv was installed has python but no pip.
$(BIN)/pip: | system-packages
	$(PY) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/pip
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

# axe-core for the browser journeys, pinned in package-lock.json (skipped where npm is missing:
# the journeys then skip locally and fail in CI, saying why).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the browser journeys will be skipped (they fail in CI)"; fi

install: system-packages $(VENV)/.installed node_modules/.package-lock.json

# The ONS Postcode Directory, packed once into a memory-mapped index with every postcode's
# constituency (about 20 s); rebuilt when the boundaries or the index's code change.
$(POSTCODE_INDEX): data/constituencies/pcon24_bgc.topojson campaign/places/postcode_index.py \
		campaign/places/boundaries.py | $(VENV)/.installed
	$(BIN)/python -m campaign.places.postcode_index build $@

postcodes: $(POSTCODE_INDEX)

# Links in emails point at the server `make run` starts, whatever its port. (Only here: for
# `make serve` a missing BASE_URL is an error, not a default.)
run: export BASE_URL ?= http://127.0.0.1:$(PORT)
run: install postcodes
	$(BIN)/flask db upgrade
	$(BIN)/flask data load
	$(BIN)/flask petitions load-demo
	$(BIN)/flask resources load-demo
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# Production: gunicorn and the outbox worker (Procfile, run by honcho) against DATABASE_URL and
# REDIS_URL; refuses to start while a required setting is missing (scripts/serve).
serve: install
	scripts/serve

test: install postcodes
	$(BIN)/pytest -q

# The same suite against PostgreSQL (database `test` on 127.0.0.1 unless DATABASE_URL says otherwise).
test-postgres: install postcodes
	DATABASE_URL=$${DATABASE_URL:-postgresql+psycopg://root@127.0.0.1:5432/test} $(BIN)/pytest -q

PYTHON_SOURCES := campaign tests bench .ci

# One line per checker.
lint: install
	$(BIN)/ruff check $(PYTHON_SOURCES)
	$(BIN)/ruff format --check $(PYTHON_SOURCES)
	$(BIN)/mypy

# Supply chain and code checks, as CI's security stage runs them (.ci/security_check.py): ruff's
# security rules (S: bandit's checks, asserts and the random module allowed; BLE: blind excepts),
# then pip-audit over every pinned requirement against PyPI's vulnerability data or, failing
# that, the OSV service. A finding fails; a service that cannot be reached is said plainly
# ("dependencies NOT checked") without failing.
audit: install
	$(BIN)/python .ci/security_check.py

format: install
	$(BIN)/ruff format $(PYTHON_SOURCES)

bench: install postcodes
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done
