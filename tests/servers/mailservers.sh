#!/usr/bin/env bash
# Starts and stops real test mail servers on loopback, each with its own configuration in DIR:
#   mailservers.sh start DIR    Postfix (TLS + SASL) and Dovecot (IMAP, LMTP + SASL, OAuth2 tokens checked by
#                               tokeninfo.py, Kerberos tickets by the KDC of kdc.sh); writes DIR/env
#   mailservers.sh stop DIR     stops both; safe to call twice
#   mailservers.sh status DIR   exit 0 when both answer
# Ports are MB_PORT_BASE (default 20000) plus the usual numbers: +25 plain, +587 submission, +465 smtps,
# +26 opportunistic TLS, +143 IMAP, +993 IMAPS, +24 Dovecot's LMTP (Postfix delivers the reports mailbox there),
# +88 the Kerberos KDC, +808 the token-info endpoint of OAuth2 sign-in. DIR/env is a shell file of MB_* settings
# for the tests.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=certs.sh
source "$here/certs.sh"
# shellcheck source=postfix.sh
source "$here/postfix.sh"
# shellcheck source=dovecot.sh
source "$here/dovecot.sh"
# shellcheck source=kdc.sh
source "$here/kdc.sh"

usage() { echo "usage: $0 start|stop|status DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
DIR=$(realpath -m "$2")
BASE=${MB_PORT_BASE:-20000}
TOKENINFO_PORT=$((BASE + 808))
USER_NAME=robot@mailblock.test
PASSWORD='S3cr3t-pa55!w0rd#'  # no ':' (the passwd-file separator)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

all_ports() {
  # shellcheck disable=SC1091
  source "$DIR/env"
  echo "$MB_SMTP_PLAIN_PORT $MB_SMTP_STARTTLS_PORT $MB_SMTP_SMTPS_PORT $MB_SMTP_OPTTLS_PORT $MB_IMAP_PORT $MB_IMAPS_PORT $MB_LMTP_PORT $MB_TOKENINFO_PORT"
}

# "postfix start" (master -w) and "dovecot" return only after their listeners are bound, so one check
# right after them is enough: a closed port means the start failed, and the logs say why.
check_ports() {
  local port
  for port in $(all_ports); do
    if ! port_open "$port"; then
      echo "mailservers: port $port is not open after start; logs:" >&2
      tail -20 "$DIR/postfix/maillog" "$DIR/dovecot/dovecot.log" >&2 2>/dev/null || true
      return 1
    fi
  done
}

stop() {
  stop_postfix
  stop_dovecot
  stop_tokeninfo
  stop_kdc
}

start() {
  stop  # a run that crashed may have left servers behind in this folder
  # Each start begins with empty mailboxes and queue, so a test never sees an earlier run's mail.
  rm -rf "$DIR/mail" "$DIR/imap" "$DIR/postfix/queue" "$DIR/oauth-tokens"
  mkdir -p "$DIR"
  # Postfix and Dovecot run as their own users and must reach the sockets and mail under DIR.
  chmod 755 "$DIR"
  make_certs "$DIR/tls"
  cat >"$DIR/env" <<ENV
MB_SERVERS_DIR=$DIR
MB_HOST=127.0.0.1
MB_CA_FILE=$DIR/tls/ca.pem
MB_WRONG_HOST_CERT=$DIR/tls/wrong-host.pem
MB_WRONG_HOST_KEY=$DIR/tls/wrong-host.key
MB_SMTP_USER=$USER_NAME
MB_SMTP_PASSWORD='$PASSWORD'
ENV
  write_postfix_config
  write_kdc_config
  write_dovecot_config
  start_kdc
  start_tokeninfo
  start_dovecot
  start_postfix
  check_ports
  echo "mailservers: running in $DIR (env: $DIR/env)"
}

case $action in
  start) start ;;
  stop) stop ;;
  status)
    [ -f "$DIR/env" ] || exit 1
    for port in $(all_ports); do port_open "$port" || exit 1; done
    ;;
  *) usage ;;
esac
