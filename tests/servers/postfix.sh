# Postfix on loopback from a configuration folder of its own (sourced by mailservers.sh).
# Ports: plain (no TLS, relays loopback without auth, offers AUTH in clear, and SMTPUTF8), submission (STARTTLS
# required, AUTH required), smtps (implicit TLS, AUTH required), opportunistic (STARTTLS offered, no auth needed);
# only the plain port offers SMTPUTF8, so both sides of RFC 6531 can be tested.
# Mail for any address at example.org, example.net, mailblock.test and пример.рф (in its ASCII form
# xn--e1afmkfd.xn--p1ai) lands in one Maildir, $DIR/mail/catchall/new/ ($MB_MAIL_ROOT),
# one file per recipient; Postfix's "Delivered-To:" header says whose copy a file is. (virtual_mailbox_maps
# refuses regexp substitution, so per-address folders are not possible without a list of addresses.)
# Two addresses go to the test Dovecot's LMTP service instead (transport_maps, $DIR/postfix/transport), as mail to
# a real mailbox server would: reports@mailblock.test, a Dovecot user whose INBOX tests read over IMAP (delivery
# reports, DSN), and no-such-user@mailblock.test ($MB_REFUSED_RCPT), which Postfix accepts and Dovecot then refuses
# as unknown (550 5.1.1), so its sender gets a failure report.

REFUSED_RCPT=no-such-user@mailblock.test  # no Dovecot user: see transport_maps

write_postfix_config() {
  local pf=$DIR/postfix
  mkdir -p "$pf/queue" "$pf/data" "$DIR/mail"
  chown postfix:postfix "$pf/data" "$DIR/mail"
  cat >"$pf/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $pf/queue
data_directory = $pf/data
maillog_file = $pf/maillog
maillog_file_prefixes = $DIR
myhostname = mx.mailblock.test
mydomain = mailblock.test
myorigin = \$mydomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
relay_domains =
virtual_mailbox_domains = example.org, example.net, mailblock.test, xn--e1afmkfd.xn--p1ai
virtual_mailbox_base = $DIR/mail
virtual_mailbox_maps = static:catchall/
virtual_uid_maps = static:$(id -u postfix)
virtual_gid_maps = static:$(id -g postfix)
virtual_minimum_uid = 1
virtual_mailbox_limit = 0
message_size_limit = 104857600
smtputf8_enable = yes
smtpd_tls_cert_file = $DIR/tls/server.pem
smtpd_tls_key_file = $DIR/tls/server.key
smtpd_tls_security_level = none
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DIR/dovecot/run/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
strict_rfc821_envelopes = yes
transport_maps = texthash:$pf/transport
CF
  local lmtp="lmtp:inet:127.0.0.1:$((BASE + 24))"
  printf '%s %s\n' "$REPORTS_USER" "$lmtp" "$REFUSED_RCPT" "$lmtp" >"$pf/transport"
  local plain=$((BASE + 25)) sub=$((BASE + 587)) smtps=$((BASE + 465)) opt=$((BASE + 26))
  cat >"$pf/master.cf" <<CF
127.0.0.1:$plain inet n - n - - smtpd
  -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=no
127.0.0.1:$sub inet n - n - - smtpd
  -o smtputf8_enable=no -o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$smtps inet n - n - - smtpd
  -o smtputf8_enable=no -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$opt inet n - n - - smtpd
  -o smtputf8_enable=no -o smtpd_tls_security_level=may
pickup    unix  n - n 60   1 pickup
cleanup   unix  n - n -    0 cleanup
qmgr      unix  n - n 300  1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n -    - trivial-rewrite
bounce    unix  - - n -    0 bounce
defer     unix  - - n -    0 bounce
trace     unix  - - n -    0 bounce
verify    unix  - - n -    1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -    - proxymap
proxywrite unix - - n -    1 proxymap
smtp      unix  - - n -    - smtp
relay     unix  - - n -    - smtp
showq     unix  n - n -    - showq
error     unix  - - n -    - error
retry     unix  - - n -    - error
discard   unix  - - n -    - discard
virtual   unix  - n n -    - virtual
lmtp      unix  - - n -    - lmtp
anvil     unix  - - n -    1 anvil
scache    unix  - - n -    1 scache
postlog   unix-dgram n - n - 1 postlogd
CF
  {
    echo "MB_SMTP_PLAIN_PORT=$plain"
    echo "MB_SMTP_STARTTLS_PORT=$sub"
    echo "MB_SMTP_SMTPS_PORT=$smtps"
    echo "MB_SMTP_OPTTLS_PORT=$opt"
    echo "MB_MAIL_ROOT=$DIR/mail/catchall"
    echo "MB_REFUSED_RCPT=$REFUSED_RCPT"
    echo "MB_POSTFIX_LOG=$pf/maillog"
  } >>"$DIR/env"
}

start_postfix() {
  # "postfix start" reports its errors only to syslog (there is none here): on failure show our own log.
  if ! postfix -c "$DIR/postfix" start >"$DIR/postfix/start.out" 2>&1; then
    cat "$DIR/postfix/start.out" "$DIR/postfix/maillog" 2>/dev/null | tail -20 >&2
    return 1
  fi
}

stop_postfix() {
  [ -f "$DIR/postfix/main.cf" ] && postfix -c "$DIR/postfix" stop >/dev/null 2>&1 || true
}
