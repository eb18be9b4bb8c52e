# Shared by scripts/test and scripts/run (sourced, not executed): Debian packages and the
# virtualenv. Everything here is idempotent and skips work that is already done.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 1
    fi
}

# apt_install PACKAGE... : install the packages that dpkg does not know yet.
apt_install() {
    local missing=()
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$package")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        echo "warning: not Debian; install ${missing[*]} yourself" >&2
        return 0
    fi
    echo "==> apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq \
        && as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { echo "error: could not apt-get install ${missing[*]} (need root or sudo)" >&2; return 1; }
}

python_ok() {
    command -v "$1" >/dev/null && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))'
}

# ensure_venv EXTRAS : .venv with switchboard installed editable, pinned by constraints.txt.
ensure_venv() {
    local spec=".${1:+[$1]}"
    local python="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        python_ok "$python" || { echo "error: need $python >= 3.11 on PATH" >&2; return 1; }
        # Debian splits venv/ensurepip out of the interpreter package.
        "$python" -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
        echo "==> creating .venv with $("$python" --version)"
        "$python" -m venv .venv
    fi
    # Reinstall only when the dependency pins or the project metadata changed.
    local stamp=".venv/.switchboard-installed-${1:-base}"
    local want
    want="$spec $(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "==> pip install -c constraints.txt -e '$spec'"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check \
            -c constraints.txt -e "$spec"
        echo "$want" > "$stamp"
    fi
}
