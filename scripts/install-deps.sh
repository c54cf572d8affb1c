#!/usr/bin/env bash
# Installs every Debian package mailblock needs to build, test and run its demo.
#   --checks   also clang (libFuzzer) and clang-tidy, for the CI's fuzzing and static checks
#   --bench    also curl and GNU time, the benchmark's peers and memory meter
#   --packaging  also lintian, for the Debian package check
# Idempotent: packages already present are skipped, so a second run costs a dpkg query.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpoco-dev libssl-dev libfmt-dev doctest-dev libcli11-dev
  libgsasl-dev  # SASL mechanisms: SCRAM, GSSAPI (Kerberos), NTLM, PLAIN, LOGIN, CRAM-MD5
  libkrb5-dev   # MIT Kerberos: a ticket from a keytab given by path
  libmimalloc-dev  # rpa's allocator (README, "Libraries")
  postfix dovecot-imapd dovecot-core
  dovecot-lmtpd  # Postfix hands the test reports mailbox (DSN) to Dovecot over LMTP
  dovecot-gssapi krb5-kdc krb5-admin-server krb5-user  # a Kerberos KDC and GSSAPI for the Windows sign-in tests
  openssl python3 ca-certificates
  chromium      # renders the HTML help pages in a test
  dnsmasq-base  # a local DNS server for the auto-setup tests (MX and SRV records)
)
for option in "$@"; do
  case "$option" in
    --checks) packages+=(clang libclang-rt-14-dev clang-tidy) ;;
    --bench) packages+=(curl time valgrind) ;;
    --packaging) packages+=(lintian) ;;
    *) echo "install-deps: unknown option $option" >&2; exit 3 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
