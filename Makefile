# The two commands: `make run` and `make test`. Both set up what they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install install-dev migrate demo messages lint format typecheck check-deploy bench bench-staff bench-pages bench-sie clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) seed_demo

## run: web on http://127.0.0.1:8000, Celery worker and beat, and the Stripe emulator
##      unless STRIPE_SECRET_KEY is set. Ctrl-C stops them all.
run: demo
	@if [ -n "$$STRIPE_SECRET_KEY" ]; then \
		$(BIN)/honcho -f Procfile.dev start web worker beat; \
	else \
		$(BIN)/honcho -f Procfile.dev start; \
	fi

## test: the whole suite (unit, HTTP, emulator, browser) plus mypy on the Stripe gateway,
##       in TEST_WORKERS processes (TEST_WORKERS=0: one process; PYTEST_ARGS="tests/x.py").
TEST_WORKERS ?= 2
test: install-dev
	$(BIN)/mypy donations/stripe_gateway.py
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install-dev
	$(BIN)/mypy donations/stripe_gateway.py

## messages: refresh the sv/en catalogues from the code (needs GNU gettext) and compile them.
messages: install
	$(MANAGE) makemessages --locale sv --locale en --ignore '.venv/*' --ignore 'stripe_emulator/*' --no-obsolete
	$(MANAGE) compilemessages --locale sv --locale en --ignore '.venv/*'

check-deploy: install
	SOLIDARITY_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=example.org \
	STRIPE_SECRET_KEY=sk_test_x STRIPE_PUBLISHABLE_KEY=pk_test_x STRIPE_WEBHOOK_SECRET=whsec_x \
	DATABASE_URL=postgres://solidarity@db.example.org/solidarity CELERY_BROKER_URL=redis://redis.example.org:6379/0 \
	CACHE_URL=redis://redis.example.org:6379/1 EMAIL_URL=smtp+tls://mail.example.org:587 \
	$(MANAGE) check --deploy --fail-level WARNING

bench: install-dev
	$(BIN)/python bench/webhook_ack.py

## bench-staff: the staff lists at 2 000 000 gifts on PostgreSQL (BENCH_ARGS="--gifts 200000")
bench-staff: install-dev
	$(BIN)/python bench/staff_lists.py $(BENCH_ARGS)

## bench-pages: the public pages against the framework floor (BENCH_ARGS="--gifts 0 --rounds 1").
bench-pages: install-dev
	$(BIN)/python bench/public_pages.py $(BENCH_ARGS)

## bench-sie: the SIE export of a year of 1 000 000 gifts, peak RSS (BENCH_ARGS="--gifts 100000").
bench-sie: install-dev
	$(BIN)/python bench/sie_export.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3 db.sqlite3-* staticfiles
