# Qorgau: `make run` (install, migrate, demo data, serve) and `make test` (every check).
SHELL := /bin/bash
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
QORGAU := $(UV) run --frozen qorgau

.PHONY: install run test lint typecheck migrations-check translations-check messages browser clean

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

install: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --quiet
	$(QORGAU) translations compile

run: install
	$(QORGAU) migrate --noinput
	$(QORGAU) demo --if-empty
	@echo "Qorgau is at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	@$(QORGAU) db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(QORGAU) runserver 127.0.0.1:$(PORT)

lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck:
	$(UV) run --frozen mypy qorgau

migrations-check:
	QORGAU_ENV=test $(QORGAU) makemigrations --check --dry-run

translations-check:
	QORGAU_ENV=test $(QORGAU) translations check

test: install lint typecheck migrations-check translations-check
	$(UV) run --frozen pytest

# For developers: refresh the catalogues after changing strings (needs GNU gettext).
messages:
	$(QORGAU) makemessages --all --no-location --ignore '.venv/*' --ignore '.tools/*' --ignore 'var/*'

clean:
	rm -rf var/ .tools/
