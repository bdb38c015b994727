# Two commands set everything up on a fresh machine with Python 3.11:
#   make report   build the 2025 report into output/2025/
#   make test     run the test suite
# Everything else is a help for analysts and developers: `make help` lists it.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= 2025
KERNEL := sociaal-verslag
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help report test test-fast cache-audit mutants lab lint docs benchmark sample-data lock clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v[:2] == (3, 11) else "Python 3.11 is required, found %d.%d (set PYTHON=/path/to/python3.11)" % v[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,lab]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Sociaal verslag (Python 3.11)" >/dev/null
	@# matplotlib lists the machine's fonts once, with the program fc-list: done here, not in the
	@# first build's kernels, whose runs could not then be kept in the cache.
	$(BIN)/python -c 'import matplotlib.font_manager'
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || { echo "WeasyPrint cannot load the Pango libraries: on Debian/Ubuntu run 'apt-get install libpango-1.0-0 libpangoft2-1.0-0' (see README)"; exit 1; }
	touch $@

report: $(STAMP) ## build the report for YEAR (default 2025) into output/YEAR/
	$(BIN)/sociaal-verslag build $(YEAR)

test: $(STAMP) ## run the tests (the same command CI runs)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## the unit tests only: no build, no browser (under a minute)
	$(BIN)/python -m pytest -m unit -q

cache-audit: $(STAMP) ## every kind of change: a cached build must publish what an uncached one does
	$(BIN)/python -m pytest --cache-audit tests/test_cache_audit.py

MUTATION_STAMP := $(VENV)/.mutation-installed

$(MUTATION_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,lab,mutation]'
	touch $@

mutants: $(MUTATION_STAMP) ## mutation testing of the modules in tests/mutants.yaml, a score per module (long: docs/mutants.md)
	$(BIN)/python -u tools/mutants.py $(GROUPS) $(if $(ONLY),$(foreach m,$(ONLY),--only $(m)))

# Jupyter refuses to run as root unless told; root is common in containers.
AS_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

lab: $(STAMP) ## open JupyterLab on the project (the notebooks run on the kernel sociaal-verslag)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --FileContentsManager.preferred_dir=notebooks \
		--MappingKernelManager.default_kernel_name=$(KERNEL) $(AS_ROOT) $(LAB_OPTIONS)

LINTED := sociaal_verslag tests data tools notebooks

lint: $(STAMP) ## ruff (check and format), and the package's layers (docs/architecture.md)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports

docs: $(STAMP) ## write the pages of docs/ made from the design's files (figures, registers)
	$(BIN)/sociaal-verslag docs

benchmark: $(STAMP) ## print build times and memory: naive loop vs cold build, rebuilds, registers x10
	$(BIN)/python -u tests/benchmark.py

sample-data: $(STAMP) ## regenerate the synthetic 2025 registers in data/2025/ (seeded: same bytes every time)
	$(BIN)/python data/generate_sample_data.py $(YEAR)

lock: $(STAMP) ## re-pin constraints.txt from what is installed in .venv (keeps its header)
	{ grep '^#' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^sociaal'; } > constraints.tmp && mv constraints.tmp constraints.txt

clean: ## remove the virtual environment and every build output
	rm -rf $(VENV) output/[0-9]* output/partial output/mutants output/.staging-* output/.failed-* output/.previous-* output/.build-*.lock output/.cache
