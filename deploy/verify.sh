#!/usr/bin/env bash
# Checks the deployment files in deploy/:
#   - oomlens.service with `systemd-analyze verify` (required);
#   - nginx.conf with `nginx -t`, when nginx and openssl are installed;
#   - Caddyfile with `caddy validate`, when caddy is installed.
# The SSO variant, commented out in nginx.conf and Caddyfile, is uncommented and checked too.
# Installs nothing; writes only to a temporary folder, removed at exit.
#
# Usage: deploy/verify.sh [BINARY]
#   BINARY: the oomlens executable that ExecStart should name in the check (systemd-analyze
#   refuses a unit whose program is missing); default target/release/oomlens.
set -euo pipefail

deploy=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$deploy")

fail() {
    echo "verify: FAILED: $*" >&2
    exit 1
}

binary=${1:-$root/target/release/oomlens}
if [[ ! -f $binary || ! -x $binary ]]; then
    fail "no executable at $binary: build it with 'cargo build --release', or give its path: deploy/verify.sh PATH"
fi
binary=$(realpath "$binary")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Lines between '# >>> sso' and '# <<< sso', with one level of '#' removed.
uncomment_sso() {
    sed -n '/^# >>> sso/,/^# <<< sso/p' "$1" | sed '1d;$d' | sed -E 's/^# ?//'
}

# --- systemd -----------------------------------------------------------------------------------
command -v systemd-analyze >/dev/null || fail "systemd-analyze is not installed"
unit=$tmp/systemd/oomlens.service
mkdir -p "$tmp/systemd"
# Same file, ExecStart naming the given binary (the unit's /usr/local/bin/oomlens may not exist here).
replacement=$(sed -e 's/[\\&|]/\\&/g' <<<"$binary")
sed -E "s|^(ExecStart=[-@:+!]*)/usr/local/bin/oomlens |\1$replacement |" "$deploy/oomlens.service" >"$unit"
grep -qFx "ExecStart=$binary serve" "$unit" || fail "oomlens.service: no 'ExecStart=/usr/local/bin/oomlens serve' line to rewrite"
# --recursive-errors=no: problems in this machine's other units do not count; any line about ours
# does, even a warning systemd-analyze prints without failing (an unknown key, a bad value).
status=0
output=$(systemd-analyze verify --recursive-errors=no "$unit" 2>&1) || status=$?
about_unit=$(grep -F -e oomlens <<<"$output" || true)
if ((status != 0)) || [[ -n $about_unit ]]; then
    printf '%s\n' "$output" >&2
    fail "systemd-analyze verify oomlens.service (exit $status)"
fi
echo "ok: systemd-analyze verify oomlens.service"

# --- nginx -------------------------------------------------------------------------------------
if ! command -v nginx >/dev/null; then
    echo "skipped: nginx -t (nginx is not installed)"
elif ! command -v openssl >/dev/null; then
    echo "skipped: nginx -t (openssl is not installed, needed for a test certificate)"
else
    mkdir -p "$tmp/nginx"
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=oomlens.test \
        -keyout "$tmp/nginx/test.key" -out "$tmp/nginx/test.pem" 2>/dev/null \
        || fail "openssl could not make a test certificate"
    # The certificate paths are placeholders: point them at the test certificate. nginx -t binds
    # the listening ports, which only root may do for 80 and 443: a normal user tests them as
    # 18080 and 18443.
    port_80=80 port_443=443
    if ((EUID != 0)); then
        port_80=18080 port_443=18443
        echo "note: not root, so nginx -t checks ports 80 and 443 as $port_80 and $port_443"
    fi
    for_test() {
        sed -E -e "s|^([[:space:]]*ssl_certificate)[[:space:]]+[^;]+;|\1 $tmp/nginx/test.pem;|" \
            -e "s|^([[:space:]]*ssl_certificate_key)[[:space:]]+[^;]+;|\1 $tmp/nginx/test.key;|" \
            -e "s/^([[:space:]]*listen[[:space:]]+(\[::\]:)?)80([[:space:];])/\1$port_80\3/" \
            -e "s/^([[:space:]]*listen[[:space:]]+(\[::\]:)?)443([[:space:];])/\1$port_443\3/"
    }
    # A minimal nginx around the site file: every path it writes is in the temporary folder.
    nginx_test() { # file name, label, site file
        local conf=$tmp/nginx/nginx-$1.conf
        cat >"$conf" <<EOF
pid $tmp/nginx/nginx-$1.pid;
error_log $tmp/nginx/error.log;
events {}
http {
    access_log $tmp/nginx/access.log;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    include $3;
}
EOF
        local out status=0
        out=$(nginx -t -q -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$conf" 2>&1) || status=$?
        # -q prints only problems: a warning (a conflicting server name, a deprecated form) fails too.
        if ((status != 0)) || [[ -n $out ]]; then
            printf '%s\n' "$out" >&2
            fail "nginx -t on deploy/nginx.conf ($2, exit $status)"
        fi
        echo "ok: nginx -t deploy/nginx.conf ($2)"
    }
    for_test <"$deploy/nginx.conf" >"$tmp/nginx/site.conf"
    nginx_test plain "root and sub-path" "$tmp/nginx/site.conf"
    uncomment_sso "$deploy/nginx.conf" | for_test >"$tmp/nginx/sso.conf"
    [[ -s $tmp/nginx/sso.conf ]] || fail "deploy/nginx.conf: no '# >>> sso' ... '# <<< sso' block"
    nginx_test sso "SSO, uncommented" "$tmp/nginx/sso.conf"
fi

# --- Caddy -------------------------------------------------------------------------------------
if ! command -v caddy >/dev/null; then
    echo "skipped: caddy validate (caddy is not installed)"
else
    caddy_test() { # name, Caddyfile
        local out status=0
        # Caddy keeps state under XDG_DATA_HOME and XDG_CONFIG_HOME: the temporary folder here.
        out=$(XDG_DATA_HOME=$tmp/caddy/data XDG_CONFIG_HOME=$tmp/caddy/config \
            caddy validate --adapter caddyfile --config "$2" 2>&1) || status=$?
        # Caddy logs JSON lines (console lines on some builds); a warning (an unformatted file, a
        # deprecated directive) fails too.
        if ((status != 0)) || grep -qE '"level":"(warn|error)"|[[:space:]](WARN|ERROR)[[:space:]]' <<<"$out"; then
            printf '%s\n' "$out" >&2
            fail "caddy validate deploy/Caddyfile ($1, exit $status)"
        fi
        echo "ok: caddy validate deploy/Caddyfile ($1)"
    }
    mkdir -p "$tmp/caddy"
    caddy_test "root and sub-path" "$deploy/Caddyfile"
    uncomment_sso "$deploy/Caddyfile" >"$tmp/caddy/sso.Caddyfile"
    [[ -s $tmp/caddy/sso.Caddyfile ]] || fail "deploy/Caddyfile: no '# >>> sso' ... '# <<< sso' block"
    caddy_test "SSO, uncommented" "$tmp/caddy/sso.Caddyfile"
fi

echo "verify: all checks passed"
