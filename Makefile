# Best Start: `make run` and `make test` work on a fresh machine with only Python 3.11.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
POSTCODE_INDEX := instance/postcodes-onspd-2025-11.bin
export FLASK_APP := wsgi
# Links in emails point at the server `make run` starts, whatever its port.
export BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: install run test test-postgres lint format bench postcodes

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The ONS Postcode Directory, packed once into a memory-mapped index with every postcode's
# constituency (about 20 s); rebuilt when the boundaries or the index's code change.
$(POSTCODE_INDEX): data/constituencies/pcon24_bgc.topojson campaign/places/postcode_index.py \
		campaign/places/boundaries.py | $(VENV)/.installed
	$(BIN)/python -m campaign.places.postcode_index build $@

postcodes: $(POSTCODE_INDEX)

run: install postcodes
	$(BIN)/flask db upgrade
	$(BIN)/flask data load
	$(BIN)/flask petitions load-demo
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: install postcodes
	$(BIN)/pytest -q

# The same suite against PostgreSQL (database `test` on 127.0.0.1 unless DATABASE_URL says otherwise).
test-postgres: install postcodes
	DATABASE_URL=$${DATABASE_URL:-postgresql+psycopg://root@127.0.0.1:5432/test} $(BIN)/pytest -q

lint: install
	$(BIN)/ruff check campaign tests bench
	$(BIN)/ruff format --check campaign tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format campaign tests bench

bench: install postcodes
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done
