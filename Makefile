# Relmap: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
# Debian libraries Qt needs (offscreen and xcb), fonts, the tools the tests read results with, and
# PostgreSQL: the tests of team workspaces start a throwaway cluster of their own (tests/pg_server.py).
DEB_PACKAGES := libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 \
	libxcb-image0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libx11-xcb1 fonts-dejavu-core \
	poppler-utils xvfb xauth postgresql

# Building the package: binutils (PyInstaller reads ELF files with it; the spec strips them and
# links the trimmed ICU data), icu-devtools (icupkg, genccode: trimming ICU data), and the
# freedesktop validators the packaging tests run.
PACKAGE_DEB_PACKAGES := binutils icu-devtools desktop-file-utils appstream shared-mime-info

.PHONY: run test bench lint lint-imports lint-ruff lint-mypy sysdeps package-sysdeps clean package package-test

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing Relmap and its dependencies into $(VENV) ..."
	@$(PY) -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
	@set -o pipefail; $(PY) -m pip install -q -e ".[test]" 2>&1 | grep -v -E "is ignored: it is neither|BuildBackendWarning|Editable installation|^ *!!|\*{20}|Please be careful with folders|name as your package|with strategy, WheelFile|^ *$$" ; test $${PIPESTATUS[0]} -eq 0
	@touch $@

package-sysdeps:
	@$(MAKE) --no-print-directory sysdeps DEB_PACKAGES="$(PACKAGE_DEB_PACKAGES)"

sysdeps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian packages:$$missing"; \
	    mkdir -p /etc/postgresql-common/createcluster.d; \
	    test -e /etc/postgresql-common/createcluster.d/relmap.conf || \
	      echo "create_main_cluster = false  # relmap's tests start their own" > /etc/postgresql-common/createcluster.d/relmap.conf; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null || { echo "apt-get install failed for:$$missing"; exit 1; }; \
	  else echo "Missing Debian packages (install them as root):$$missing"; fi; \
	fi

run: sysdeps $(STAMP)
	$(VENV)/bin/relmap

# The layer contracts (pyproject's [tool.importlinter]), style and bug patterns, types.
lint: lint-imports lint-ruff lint-mypy

lint-imports: $(STAMP)
	$(VENV)/bin/lint-imports

lint-ruff: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

lint-mypy: $(STAMP)
	$(VENV)/bin/mypy

# `make test` runs every check of `make lint` first: layers, ruff (lint and format), mypy.
test: sysdeps $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

bench: sysdeps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

# The packaged binary: dist/relmap/ and dist/relmap-<version>-linux-x86_64.tar.gz (packaging/).
$(PACKAGE_STAMP): $(STAMP)
	@set -o pipefail; $(PY) -m pip install -q -e ".[test,package]" 2>&1 | grep -v -E "is ignored: it is neither|BuildBackendWarning|Editable installation|^ *!!|\*{20}|Please be careful with folders|name as your package|with strategy, WheelFile|^ *$$" ; test $${PIPESTATUS[0]} -eq 0
	@touch $@

package: sysdeps package-sysdeps $(PACKAGE_STAMP)
	$(PY) packaging/build.py

# Builds the package, then runs the binary as a user would (fresh HOME, offscreen) and checks budgets.
package-test: package
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/test_packaging_resources.py
	$(PY) packaging/smoke_test.py

clean:
	rm -rf $(VENV) build dist *.egg-info
