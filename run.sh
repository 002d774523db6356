#!/usr/bin/env bash
# Set-up and main job of Decree on a Debian 12 machine.
#   ./run.sh        install what is missing, build, check the 2025 rounds and the examples
#   ./run.sh test   install what is missing, build, run the whole test suite (ctest)
# Safe to run again: packages already present are not reinstalled, the build is incremental.
set -euo pipefail
cd "$(dirname "$0")"

packages=(g++ cmake make git python3 tao-pegtl-dev libfmt-dev libboost-dev doctest-dev libsimdjson-dev libbenchmark-dev libutf8proc-dev libz3-dev groff-base pkg-config neovim libssl-dev python3-jsonschema)

# What the tests need beyond the build: headless Chromium and Node.js with npm, for the
# browser tests of the council page (tests/browser/, puppeteer-core from the npm registry).
test_packages=(chromium nodejs)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "run.sh: missing packages: ${missing[*]} (run as root to install them)" >&2
        exit 1
    fi
    echo "run.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

build() {
    local werror=OFF
    [[ ${CI:-} == true ]] && werror=ON
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDECREE_WERROR="$werror" >/dev/null
    cmake --build build -j2
}

# Node.js from Debian comes without npm (NodeSource's package has it built in).
install_npm() {
    command -v npm >/dev/null && return 0
    install_missing npm
}

# puppeteer-core, as package-lock.json pins it; a failed download leaves the browser tests to
# report themselves skipped rather than stopping the other tests.
install_browser_tests() {
    local dir=tests/browser
    [[ -d $dir/node_modules/puppeteer-core && $dir/node_modules/.package-lock.json -nt $dir/package-lock.json ]] && return 0
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2 ||
        echo "run.sh: npm ci failed: the browser tests will be skipped" >&2
}

install_missing "${packages[@]}"
if [[ ${1:-} == test ]]; then
    install_missing "${test_packages[@]}"
    install_npm
    install_browser_tests
fi
build
decreec=build/interpreter/decreec

case "${1:-}" in
    test)
        # In CI (CI=true) or with SANITIZE=1, the tests that run several threads (label
        # `threads`: the API from 8 threads, eval --jobs, decreec serve) run again under ThreadSanitizer, then
        # the whole suite a second time with AddressSanitizer and UndefinedBehaviorSanitizer.
        if [[ ${CI:-} == true || ${SANITIZE:-} == 1 ]]; then
            ctest --test-dir build --output-on-failure -j2 || exit 1
            cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDECREE_TSAN=ON -DDECREE_WERROR=ON >/dev/null
            cmake --build build-tsan -j2 --target decreec api_tests
            TSAN_OPTIONS=halt_on_error=1:exitcode=66:second_deadlock_stack=1 \
                ctest --test-dir build-tsan --output-on-failure -j2 -L threads || exit 1
            cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDECREE_SANITIZE=ON -DDECREE_WERROR=ON >/dev/null
            cmake --build build-asan -j2
            ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
                ctest --test-dir build-asan --output-on-failure -j2
        else
            ctest --test-dir build --output-on-failure -j2
        fi
        ;;
    "")
        echo
        echo "== decreec check: the rounds of 2025 and the examples (with their assumptions)"
        "$decreec" check decrees/vn/2025/*.decree examples/*.decree --list-assumptions
        echo
        echo "== decreec eval: Guidance 94's worked example against round 2, explained (Vietnamese)"
        "$decreec" eval decrees/vn/2025/dot2_2025.decree examples/cases/guidance94_worked_example.json
        echo "== decreec eval: round 2's example cases (English, one JSON line each, then the summary)"
        "$decreec" eval decrees/vn/2025/dot2_2025.decree examples/cases/guidance94_worked_example.json \
            examples/cases/r2_*.json --format json --lang en --summary build/summary_dot2.json || true
        echo "== decreec eval: round 1's example cases"
        "$decreec" eval decrees/vn/2025/dot1_2025.decree examples/cases/r1_*.json --format json --lang en || true
        echo
        echo "== decreec check: a copy of round 2 with 1/5 instead of 1/3 must fail (exit 65)"
        sed 's|set luat.served_fraction = 1/3|set luat.served_fraction = 1/5|' \
            decrees/vn/2025/dot2_2025.decree > build/dot2_below_floor.decree
        "$decreec" check build/dot2_below_floor.decree || echo "exit $? (expected 65)"
        ;;
    *)
        echo "usage: ./run.sh [test]" >&2
        exit 64
        ;;
esac
