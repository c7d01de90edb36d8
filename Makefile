# cargotarget: `make run` and `make test` do everything on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint format bench clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The demo starts 14 days ago so that its ships are arriving now; the workbench serves until
# Ctrl-C. The demo accounts' passwords are printed once, above the address.
run: $(STAMP)
	$(BIN)/cargotarget init
	$(BIN)/cargotarget demo --consignments 2000 --start \
		$$($(BIN)/python -c "import datetime as d; print(d.date.today() - d.timedelta(days=14))")
	$(BIN)/cargotarget serve --host 127.0.0.1 --port 8000

# Browser tests drive Debian's chromium; without it (and no apt to install it) they are skipped,
# except under CI=true or CARGOTARGET_REQUIRE_BROWSER=1, where they fail.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium) \
		|| echo "chromium could not be installed: the browser tests will be skipped"

test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

check: lint test

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: $(STAMP)
	for script in $(filter-out bench/common.py bench/_%,$(wildcard bench/*.py)); do \
		$(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
