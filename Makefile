# pulumi-qualys — `make help` lists every target.
.DEFAULT_GOAL := help
SHELL := /bin/bash

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: install
install: node_modules ## Install npm dependencies (npm ci)

.PHONY: build
build: node_modules ## Compile TypeScript into dist/
	npm run --silent build

.PHONY: example
example: node_modules ## The main job: run the example stack against the bundled emulator (up, outputs, shrink, destroy); EXAMPLE=name picks another
	bash scripts/run-example.sh

.PHONY: test
test: ## Every test tier (unit, provider↔emulator, end to end with the real Pulumi CLI); ends with "N passed, N failed"
	bash scripts/test.sh

.PHONY: test-unit
test-unit: node_modules ## Unit and provider↔emulator tests only (no Pulumi CLI)
	npx jest --testPathIgnorePatterns tests/e2e tests/typecheck tests/chaos tests/sdks tests/release

.PHONY: test-e2e
test-e2e: node_modules ## End-to-end tests only (builds, stages the package, provides the CLI)
	bash scripts/test.sh tests/e2e

.PHONY: soak
soak: node_modules ## Chaos soak: the 26-resource fleet under 20% seeded faults for 20 seeds (SEEDS=1-20); prints the convergence table
	@bash scripts/soak.sh

.PHONY: toolchain
toolchain: node_modules ## Provide the Pulumi CLI + Node.js language host (built from the Go module proxy, cached outside the repo); prints its bin dir
	@bash scripts/pulumi-toolchain.sh

.PHONY: python-toolchain
python-toolchain: ## Provide the Python language host and a virtualenv with pulumi + sdk/python (cached outside the repo); prints the venv
	@bash scripts/python-toolchain.sh

.PHONY: plugin
plugin: node_modules ## Native plugin archives build/pulumi-resource-qualys-v<version>-<os>-<arch>.tar.gz, linux/darwin/windows × amd64/arm64 (`pulumi plugin install resource qualys <version> --file …`)
	@bash scripts/make-plugin.sh

.PHONY: release
release: node_modules ## Stamp VERSION=x.y.z everywhere and build every release artifact into build/release/ (docs/releasing.md)
	@bash scripts/release.sh "$(VERSION)"

.PHONY: emulator
emulator: build ## Run the Qualys emulator on 127.0.0.1 (PORT=8080 to fix the port)
	node dist/emulator/main.js --port $${PORT:-0} --verbose

.PHONY: schema
schema: build ## Regenerate schema.json, the docs/ input/output tables, the TypeScript SDK (sdk/nodejs, provider/dynamic) and schema/drift-report.v1.schema.json from the definitions
	node dist/provider/schema/generate.js
	node dist/provider/schema/docs.js
	node dist/provider/schema/sdk-nodejs.js
	node dist/provider/drift/report/write-schema.js

.PHONY: sdks
sdks: schema ## Regenerate schema.json, then the Python and Go SDKs (sdk/python, sdk/go) from it (docs/sdks.md)
	bash scripts/sdkgen.sh

.PHONY: check-generated
check-generated: build ## Fail when schema.json, a docs/ table, the TypeScript SDK (sdk/nodejs, provider/dynamic), the drift report's JSON Schema or the generated SDKs are stale (also tests in `make test`)
	node dist/provider/schema/generate.js --check
	node dist/provider/schema/docs.js --check
	node dist/provider/schema/sdk-nodejs.js --check
	node dist/provider/drift/report/write-schema.js --check
	bash scripts/sdkgen.sh --check

.PHONY: typecheck
typecheck: node_modules ## Type-check the repository and the examples (against sdk/nodejs sources: tsconfig.examples.json)
	npx tsc -p tsconfig.json --noEmit
	npx tsc -p tsconfig.examples.json

.PHONY: lint
lint: node_modules ## ESLint (type-aware typescript-eslint rules) and the Prettier check; fails on any finding
	npx eslint --max-warnings 0 .
	npx prettier --check .

.PHONY: fmt
fmt: node_modules ## Format the tree with Prettier and apply ESLint's safe fixes
	npx prettier --write .
	npx eslint --fix . || true

.PHONY: bench
bench: build ## Benchmarks: API calls per operation, provider overhead, __provider size, up/refresh wall time
	bash scripts/bench.sh

.PHONY: bench-fleet
bench-fleet: build ## Fleet benchmark: a mixed stack of 850 resources, calls / peak in flight / wall time per step (FLEET=, LATENCY_MS=)
	bash scripts/bench-fleet.sh

.PHONY: bench-drift
bench-drift: build ## Drift benchmark: the reference fleet in 3 stacks, one qualys-drift run vs three preview --refresh (calls, wall time, report sizes)
	bash scripts/prepare-e2e.sh
	PULUMI_QUALYS_BIN=$$(bash scripts/pulumi-toolchain.sh | tail -n1) npx ts-node --transpile-only bench/drift.ts

.PHONY: ci
ci: ## Run what CI runs (.ci/run)
	bash .ci/run

.PHONY: clean
clean: ## Remove build output, reports and the staged example package
	rm -rf dist reports node_modules/pulumi-qualys coverage build
