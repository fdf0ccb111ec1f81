# One entry point for a fresh Debian machine: `make run` (main job) and `make test` (tests).
# Each installs what it needs: Debian packages when missing, then the virtual environment.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PKGS := libreoffice-writer-nogui tesseract-ocr tesseract-ocr-vie poppler-utils \
            fonts-dejavu-core fonts-liberation fonts-liberation2 qpdf chromium chromium-driver \
            graphviz
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run test lint deps system venv bench eval samples clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

system:  ## Debian packages (only when one is missing)
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi

$(STAMP): pyproject.toml
	[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip >/dev/null
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

deps: system venv

run: deps  ## the main job: the sample corpus -> outputs/
	$(BIN)/vnpolicy run corpus/ --out outputs/

test: deps  ## lint, types, then the whole test suite (about 5 minutes on 2 cores)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: deps  ## speed figures (scripts/bench.py)
	$(BIN)/python scripts/bench.py

eval: deps  ## precision and recall against tests/data/gold
	$(BIN)/python scripts/eval.py

samples: deps  ## regenerate the .docx/.pdf renderings of the sample
	$(BIN)/python scripts/make_samples.py

clean:
	rm -rf outputs/*.json outputs/*.sqlite outputs/*.csv outputs/*.xlsx outputs/*.graphml outputs/*.html
