# Test certificates (sourced by mailservers.sh): a CA made for this folder, a server certificate for
# localhost / 127.0.0.1 signed by it, and one for a wrong host name. Made once per folder.
make_certs() {
  local tls=$1
  mkdir -p "$tls"
  [ -f "$tls/server.pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mailblock test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
  issue_cert "$tls" server "DNS:localhost,IP:127.0.0.1"
  issue_cert "$tls" wrong-host "DNS:wrong-host.invalid"
  chmod 644 "$tls"/*.pem "$tls"/*.key
}

issue_cert() {
  local tls=$1 name=$2 san=$3
  openssl req -newkey rsa:2048 -nodes -subj "/CN=${san#*:}" -keyout "$tls/$name.key" -out "$tls/$name.csr" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
    "$san" >"$tls/$name.ext"
  openssl x509 -req -days 3650 -in "$tls/$name.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
    -extfile "$tls/$name.ext" -out "$tls/$name.pem" 2>/dev/null
}
