# ChipWatch: the Makefile is the executable documentation.
#   make run    install, migrate, load seeds, serve on $(PORT) with a worker and beat
#   make test   install, check no model change lacks a migration, run the whole test suite
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
HOST ?= 127.0.0.1
export PORT HOST

.PHONY: help install run test lint format bench train lock clean

help:
	@echo "make run    - set up and serve ChipWatch on http://$(HOST):$(PORT)/ (worker and beat included)"
	@echo "make test   - set up and run the test suite"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - benchmarks (print figures)"
	@echo "make train  - refit the learned claim filter from the labelled sets (prints its figures)"
	@echo "make lock   - re-pin requirements.lock and requirements-dev.lock (hashed) from pyproject.toml"

install: $(STAMP)

# Both hashed locks: production (requirements.lock, all the Docker image gets) and what
# development adds (requirements-dev.lock); pip refuses any file whose hash is not locked.
$(STAMP): requirements.lock requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
	  -r requirements.lock -r requirements-dev.lock
	@touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loadseeds
	exec bin/run

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	@shopt -s nullglob; scripts=(bench/*.py); \
	if ((!$${#scripts[@]})); then echo "no benchmarks yet in bench/"; fi; \
	for script in "$${scripts[@]}"; do echo "== $$script"; $(BIN)/python "$$script" || exit 1; done

# The claim filter (chips/learning): fitted in pure Python from the labelled sets, written
# to chips/lexicons/claim_filter.json; `TRAIN_ARGS=--check` only says whether it is current.
train: install
	$(BIN)/python -m chips.learning.train $(TRAIN_ARGS)

# pip-compile (pip-tools, a dev dependency) resolves against the configured index and
# records every file's sha256; see bin/lock.
lock: install
	bin/lock

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache
