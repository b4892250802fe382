# shellcheck shell=bash
# Certificates for node-2's mutual TLS, made once with openssl and reused afterwards:
#   ca.pem (+ ca-key.pem)                        the CA node-2 trusts and pins
#   server-cert.pem, server-key.pem              node-2's certificate (127.0.0.1 and localhost)
#   client-cert.pem, client-key.pem, client.pfx  the client Joy presents (PFX password in client.pfx.password)
#   other-ca.pem, other-client-*.pem, other-client.pfx  an unrelated CA and a client it signed,
#                                                for "a wrong certificate is refused" tests
#   docker-client/{ca,cert,key}.pem              the same, named for DOCKER_CERT_PATH
# These are throwaway, loopback-only development credentials.

TLS_DAYS=3650

# make_ca NAME SUBJECT: self-signed CA NAME.pem with key NAME-key.pem.
make_ca() {
  local name=$1 subject=$2
  openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days "$TLS_DAYS" \
    -subj "$subject" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "${name}-key.pem" -out "${name}.pem" 2>/dev/null
}

# make_leaf CA NAME SUBJECT EXTENSIONS: key NAME-key.pem and certificate NAME-cert.pem signed by CA.
make_leaf() {
  local ca=$1 name=$2 subject=$3 extensions=$4
  openssl req -new -newkey rsa:2048 -nodes -sha256 -subj "$subject" \
    -keyout "${name}-key.pem" -out "${name}.csr" 2>/dev/null
  openssl x509 -req -sha256 -days "$TLS_DAYS" -in "${name}.csr" \
    -CA "${ca}.pem" -CAkey "${ca}-key.pem" -CAcreateserial \
    -extfile <(printf '%s\n' "$extensions") -out "${name}-cert.pem" 2>/dev/null
  rm -f "${name}.csr"
}

# make_pfx NAME: NAME.pfx from NAME-cert.pem + NAME-key.pem, with a random password in
# NAME.pfx.password. OpenSSL 3's defaults (AES-256-CBC, PBKDF2, SHA-256 MAC) are what .NET reads.
make_pfx() {
  local name=$1
  openssl rand -hex 16 | tr -d '\n' >"${name}.pfx.password"
  openssl pkcs12 -export -in "${name}-cert.pem" -inkey "${name}-key.pem" \
    -name "$name" -passout "file:${name}.pfx.password" -out "${name}.pfx"
}

ensure_tls() {
  local dir="$STATE/tls"
  if [[ -s $dir/.complete ]]; then
    return 0
  fi
  log "making TLS certificates in ${dir}"
  rm -rf "$dir"
  mkdir -p "$dir"
  (
    cd "$dir" || exit 1
    local client_ext='basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth'
    make_ca ca "/CN=Joy dev CA"
    make_leaf ca server "/CN=localhost" 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost'
    make_leaf ca client "/CN=joy-client" "$client_ext"
    make_pfx client

    make_ca other-ca "/CN=Unrelated dev CA"
    make_leaf other-ca other-client "/CN=joy-intruder" "$client_ext"
    make_pfx other-client

    mkdir -p docker-client
    ln -sf ../ca.pem docker-client/ca.pem
    ln -sf ../client-cert.pem docker-client/cert.pem
    ln -sf ../client-key.pem docker-client/key.pem

    # Client material is readable so tests run by any local user can present it; the CA and
    # server keys stay private to root.
    chmod 644 ./*.pem ./*.pfx ./*.pfx.password
    chmod 600 ca-key.pem other-ca-key.pem server-key.pem
    date -u +%FT%TZ >.complete
  )
}
