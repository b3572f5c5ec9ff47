#!/usr/bin/env bash
# Rewrites the sources in place with Error Prone's own fixes for the checks the build enforces
# (UnnecessarilyFullyQualified: imports instead of inline class names; RemoveUnusedImports), then
# closes the gaps removed imports leave (scripts/tidy-imports.py) and recompiles with the checks as errors. Extra arguments go to Maven (e.g. -o, -Dmaven.repo.local=...).
set -euo pipefail
cd "$(dirname "$0")/.."
checks=UnnecessarilyFullyQualified,RemoveUnusedImports
mvn -B -q -DskipTests "$@" clean test-compile \
  "-Derrorprone.args=-Xplugin:ErrorProne -XepDisableAllChecks -Xep:UnnecessarilyFullyQualified:WARN -Xep:RemoveUnusedImports:WARN -XepExcludedPaths:.*/target/generated-.* -XepPatchChecks:$checks -XepPatchLocation:IN_PLACE"
git ls-files '*.java' | xargs scripts/tidy-imports.py
mvn -B -q -DskipTests "$@" clean test-compile
