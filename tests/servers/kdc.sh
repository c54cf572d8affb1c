# An MIT Kerberos KDC on loopback for the GSSAPI tests (sourced by mailservers.sh): realm MAILBLOCK.TEST (its name
# lowercased is the mail domain, so Dovecot's %Lu maps robot@MAILBLOCK.TEST to the mailbox robot@mailblock.test),
# its own database, krb5.conf and kdc.conf in $DIR/kdc, the KDC on port BASE+88 (UDP and TCP). Principals:
#   robot@MAILBLOCK.TEST           password $PASSWORD (the tests kinit into a private credential cache)
#   clerk@MAILBLOCK.TEST           password $PASSWORD: a person's own ticket, which must not sign the robot in
#   smtp/localhost, imap/localhost  random keys, exported to $DIR/kdc/service.keytab for Dovecot
#   robot's key is also exported to $DIR/kdc/robot.keytab (MB_KRB5_ROBOT_KEYTAB): sign-in by keytab, no kinit
#   smtp/unknown.localhost is NOT created: a server name the KDC does not know
# A second realm OTHER.TEST (no KDC of its own) gives the "wrong realm" case. Creating the database takes a
# fraction of a second; the KDC starts in the background and is ready when it answers kinit.
KRB_REALM=MAILBLOCK.TEST

write_kdc_config() {
  local k=$DIR/kdc kdc_port=$((BASE + 88))
  rm -rf "$k"
  mkdir -p "$k"
  cat >"$k/krb5.conf" <<CF
[libdefaults]
  default_realm = $KRB_REALM
  dns_lookup_kdc = false
  dns_lookup_realm = false
  dns_canonicalize_hostname = false
  rdns = false
  udp_preference_limit = 1
  # One second, not five minutes: a ticket that expired a moment ago is refused (the expired-ticket test).
  clockskew = 1
[realms]
  $KRB_REALM = {
    kdc = 127.0.0.1:$kdc_port
  }
  OTHER.TEST = {
    kdc = 127.0.0.1:$((BASE + 89))
  }
[domain_realm]
  localhost = $KRB_REALM
  .localhost = $KRB_REALM
CF
  cat >"$k/kdc.conf" <<CF
[kdcdefaults]
  kdc_ports = $kdc_port
  kdc_tcp_ports = $kdc_port
[realms]
  $KRB_REALM = {
    database_name = $k/principal
    key_stash_file = $k/stash
    acl_file = $k/kadm5.acl
    max_life = 10h
  }
[logging]
  kdc = FILE:$k/kdc.log
CF
  : >"$k/kadm5.acl"
  export KRB5_CONFIG=$k/krb5.conf KRB5_KDC_PROFILE=$k/kdc.conf
  kdb5_util create -s -r "$KRB_REALM" -P "kdc-master-$$" >"$k/create.out" 2>&1
  kadmin.local -r "$KRB_REALM" -q "addprinc -pw $PASSWORD robot" >"$k/kadmin.out" 2>&1
  kadmin.local -r "$KRB_REALM" -q "addprinc -pw $PASSWORD clerk" >>"$k/kadmin.out" 2>&1
  kadmin.local -r "$KRB_REALM" -q "addprinc -randkey smtp/localhost" >>"$k/kadmin.out" 2>&1
  kadmin.local -r "$KRB_REALM" -q "addprinc -randkey imap/localhost" >>"$k/kadmin.out" 2>&1
  kadmin.local -r "$KRB_REALM" -q "ktadd -k $k/service.keytab smtp/localhost imap/localhost" >>"$k/kadmin.out" 2>&1
  # The robot's own key, as an administrator exports it for a service account (ktpass): -norandkey keeps the password.
  kadmin.local -r "$KRB_REALM" -q "ktadd -norandkey -k $k/robot.keytab robot" >>"$k/kadmin.out" 2>&1
  chmod 600 "$k/robot.keytab"
  chown dovecot "$k/service.keytab"
  chmod 755 "$k"
  cat >>"$DIR/env" <<ENV
MB_KRB5_CONFIG=$k/krb5.conf
MB_KRB5_REALM=$KRB_REALM
MB_KRB5_USER=robot@$KRB_REALM
MB_KRB5_ROBOT_KEYTAB=$k/robot.keytab
MB_KDC_PORT=$kdc_port
ENV
}

start_kdc() {
  krb5kdc -P "$DIR/kdc/kdc.pid" >"$DIR/kdc/start.out" 2>&1
}

stop_kdc() {
  if [ -f "$DIR/kdc/kdc.pid" ]; then
    kill "$(cat "$DIR/kdc/kdc.pid")" 2>/dev/null || true
    rm -f "$DIR/kdc/kdc.pid"
  fi
}
