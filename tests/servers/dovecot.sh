# Dovecot on loopback from a configuration file of its own (sourced by mailservers.sh): IMAP with STARTTLS,
# IMAPS, and the SASL service Postfix authenticates against. Users come from a passwd-file:
#   robot@mailblock.test  Sent folder "Отправленные", flagged \Sent (SPECIAL-USE)
#   plain@mailblock.test  a plain "Sent" folder without any special-use flag
#   gmail@mailblock.test  "[Gmail]/Sent Mail", flagged \Sent, as Gmail shows it
#   full@mailblock.test   a plain "Sent" and a 100-byte quota: every APPEND is refused with [OVERQUOTA]
# and users whose login is not their address, each with a plain "Sent" (LOCAL_PART_USERS):
#   webuser               WEB.DE-like: the local part only, on IMAP and on SMTP (webuser@<any domain> is refused)
#   appleuser             iCloud-like: the local part only on IMAP, the full address appleuser@icloud.test only on
#                         SMTP (a passwd-file per service: users.imap, users.smtp)
#   cyrillic@mailblock.test  a plain "Sent", and a password in Cyrillic ($CYRILLIC_PASSWORD, UTF-8)
#   reports@mailblock.test   the one address Postfix hands to Dovecot (LMTP on 127.0.0.1:BASE+24) instead of its
#                         catch-all store: a bounce address whose delivery reports (DSN) a test reads over IMAP
# Passwords are plaintext, so Dovecot derives what SCRAM-SHA-1/256 need from them (Debian's Dovecot 2.3.19 has no
# NTLM mechanism: NTLM is tested against a scripted server); GSSAPI takes a ticket of
# the KDC of kdc.sh (keytab $DIR/kdc/service.keytab).
# Any user also signs in with XOAUTH2 or OAUTHBEARER (IMAP, and SMTP through Postfix) when the access token is
# registered with the token-info endpoint (tokeninfo.py; see start_tokeninfo).
# Mail lives in $DIR/imap/<user>/Maildir (Maildir++: folder "A/B" is the directory ".A.B", names in IMAP's
# modified UTF-7, e.g. ".&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-" for "Отправленные").

IMAP_USERS="robot@mailblock.test plain@mailblock.test gmail@mailblock.test full@mailblock.test"
LOCAL_PART_USERS="webuser appleuser"
CYRILLIC_USER=cyrillic@mailblock.test
CYRILLIC_PASSWORD='Пароль-ёж-42'
REPORTS_USER=reports@mailblock.test

make_maildir() {
  mkdir -p "$1/cur" "$1/new" "$1/tmp"
  if [ "${2:-}" = folder ]; then touch "$1/maildirfolder"; fi
}

write_dovecot_config() {
  local dc=$DIR/dovecot
  mkdir -p "$dc/run" "$dc/state" "$DIR/imap"
  : >"$dc/users"
  for user in $IMAP_USERS; do
    local extra=""
    [ "$user" = full@mailblock.test ] && extra="userdb_quota_rule=*:storage=100B"
    echo "$user:{PLAIN}$PASSWORD::::::$extra" >>"$dc/users"
    make_maildir "$DIR/imap/$user/Maildir"
  done
  echo "webuser:{PLAIN}$PASSWORD::::::" >>"$dc/users"
  echo "appleuser:{PLAIN}$PASSWORD::::::" >"$dc/users.imap"
  echo "appleuser@icloud.test:{PLAIN}$PASSWORD::::::" >"$dc/users.smtp"
  for user in $LOCAL_PART_USERS; do
    make_maildir "$DIR/imap/$user/Maildir"
    make_maildir "$DIR/imap/$user/Maildir/.Sent" folder
  done
  echo "$CYRILLIC_USER:{PLAIN}$CYRILLIC_PASSWORD::::::" >>"$dc/users"
  make_maildir "$DIR/imap/$CYRILLIC_USER/Maildir"
  make_maildir "$DIR/imap/$CYRILLIC_USER/Maildir/.Sent" folder
  echo "$REPORTS_USER:{PLAIN}$PASSWORD::::::" >>"$dc/users"
  make_maildir "$DIR/imap/$REPORTS_USER/Maildir"
  make_maildir "$DIR/imap/robot@mailblock.test/Maildir/.&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-" folder
  make_maildir "$DIR/imap/robot@mailblock.test/Maildir/.&BCcENQRABD0EPgQyBDgEOgQ4-" folder  # Черновики, \Drafts
  make_maildir "$DIR/imap/plain@mailblock.test/Maildir/.Sent" folder
  make_maildir "$DIR/imap/full@mailblock.test/Maildir/.Sent" folder
  make_maildir "$DIR/imap/gmail@mailblock.test/Maildir/.[Gmail]" folder
  make_maildir "$DIR/imap/gmail@mailblock.test/Maildir/.[Gmail].Sent Mail" folder
  for user in $IMAP_USERS; do
    printf 'INBOX\n' >"$DIR/imap/$user/Maildir/subscriptions"
  done
  chown -R dovecot:dovecot "$DIR/imap"
  chmod 644 "$dc/users" "$dc/users.imap" "$dc/users.smtp"
  local imap=$((BASE + 143)) imaps=$((BASE + 993)) lmtp=$((BASE + 24))
  cat >"$dc/dovecot.conf" <<CF
base_dir = $dc/run
state_dir = $dc/state
log_path = $dc/dovecot.log
info_log_path = $dc/dovecot.log
listen = 127.0.0.1
# LMTP takes Postfix's deliveries for $REPORTS_USER (postfix.sh routes that one address here).
protocols = imap lmtp
ssl = yes
ssl_cert = <$DIR/tls/server.pem
ssl_key = <$DIR/tls/server.key
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256 gssapi anonymous xoauth2 oauthbearer
# ANONYMOUS (RFC 4505) signs in as plain@mailblock.test on IMAP; Postfix never offers it (noanonymous).
auth_anonymous_username = plain@mailblock.test
# Kerberos: the service keys of kdc.sh; a principal robot@MAILBLOCK.TEST is the user robot@mailblock.test (%Lu).
auth_krb5_keytab = $DIR/kdc/service.keytab
auth_gssapi_hostname = "\$ALL"
auth_username_format = %Lu
import_environment = TZ KRB5_CONFIG=$DIR/kdc/krb5.conf
first_valid_uid = 1
mail_uid = dovecot
mail_gid = dovecot
mail_location = maildir:$DIR/imap/%u/Maildir
# "none": LMTP's lookups, which sign nobody in, check here that a recipient exists (the static userdb asks).
passdb {
  driver = passwd-file
  mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256 none
  args = scheme=PLAIN username_format=%u $dc/users
}
# Logins that differ by service (%s: "imap", or "smtp" for Postfix's SASL requests).
passdb {
  driver = passwd-file
  mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256
  args = scheme=PLAIN username_format=%u $dc/users.%s
}
# A Kerberos ticket has been checked by the GSSAPI mechanism itself, and ANONYMOUS has none: no password to look up.
passdb {
  driver = static
  mechanisms = gssapi anonymous
  args = nopassword=y
}
# A token is good when the token-info endpoint answers it with the signing-in user's address.
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $dc/oauth2.conf
}
mail_plugins = \$mail_plugins quota
plugin {
  quota = maildir:User quota
  quota_rule = *:storage=1G
}
# Per-user extra fields (full@'s small quota) come from the passwd-file through prefetch.
userdb {
  driver = prefetch
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$DIR/imap/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox "Отправленные" {
    special_use = \\Sent
  }
  mailbox "[Gmail]/Sent Mail" {
    special_use = \\Sent
  }
  mailbox "Черновики" {
    special_use = \\Drafts
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $imaps
    ssl = yes
  }
}
# Only Postfix's LMTP client on loopback talks to it; a recipient without a passwd-file entry is refused.
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp
  }
}
# No auth penalty: every test connects from 127.0.0.1, and each refused token (a new "password" to the penalty's
# count) would delay every later sign-in by up to 15 s, long enough for Postfix to give up on its SASL request.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
CF
  cat >"$dc/oauth2.conf" <<CF
tokeninfo_url = http://127.0.0.1:$TOKENINFO_PORT/tokeninfo?access_token=
username_attribute = email
CF
  {
    echo "MB_IMAP_PORT=$imap"
    echo "MB_IMAPS_PORT=$imaps"
    echo "MB_IMAP_USERS=\"$IMAP_USERS\""
    echo "MB_IMAP_PASSWORD=$PASSWORD"
    echo "MB_IMAP_CYRILLIC_USER=$CYRILLIC_USER"
    echo "MB_IMAP_CYRILLIC_PASSWORD=$CYRILLIC_PASSWORD"
    echo "MB_IMAP_MAIL_ROOT=$DIR/imap"
    echo "MB_LMTP_PORT=$lmtp"
    echo "MB_REPORTS_USER=$REPORTS_USER"
    echo "MB_DOVECOT_LOG=$dc/dovecot.log"
  } >>"$DIR/env"
}

# The token-info endpoint answers Dovecot's oauth2 passdb; tests register tokens in MB_OAUTH_TOKENS_DIR.
start_tokeninfo() {
  local tokens=$DIR/oauth-tokens
  mkdir -p "$tokens"
  # It says "ready" once listening; a start that fails (the port taken) ends the pipe instead.
  local ready=""
  exec 3< <(exec /usr/bin/python3 "$here/tokeninfo.py" "$tokens" "$TOKENINFO_PORT" 2>"$tokens/tokeninfo.err")
  echo $! >"$tokens/tokeninfo.pid"
  read -r -t 20 -u 3 ready || true
  exec 3<&-
  if [ "$ready" != ready ]; then
    echo "mailservers: the token-info endpoint did not start:" >&2
    cat "$tokens/tokeninfo.err" >&2
    return 1
  fi
  {
    echo "MB_OAUTH_TOKENS_DIR=$tokens"
    echo "MB_TOKENINFO_PORT=$TOKENINFO_PORT"
  } >>"$DIR/env"
}

stop_tokeninfo() {
  local pidfile=$DIR/oauth-tokens/tokeninfo.pid
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}

start_dovecot() {
  if ! dovecot -c "$DIR/dovecot/dovecot.conf" >"$DIR/dovecot/start.out" 2>&1; then
    cat "$DIR/dovecot/start.out" "$DIR/dovecot/dovecot.log" 2>/dev/null | tail -20 >&2
    return 1
  fi
}

stop_dovecot() {
  [ -f "$DIR/dovecot/dovecot.conf" ] && dovecot -c "$DIR/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
}
