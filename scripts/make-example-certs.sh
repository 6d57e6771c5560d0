#!/usr/bin/env bash
# Regenerates the example certificates in examples/certs/ with the openssl
# command line. Their validity dates are fixed, chosen against the reference
# instant 2026-11-30T09:00:00Z (a Monday) and the default policy (SPEC
# section 2), so that
#
#   certgate check examples/certs --now 2026-11-30T09:00:00Z
#
# shows every severity. They never age: the demo pins --now. Keys are
# generated afresh and thrown away, so fingerprints change on every run;
# the dates, names and severities do not. Every leaf is less than 66% into
# its lifetime, so a lifetime-based renewal rule does not change the picture.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/examples/certs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$out"
touch "$work/index.txt"
echo 1000 >"$work/serial"
cat >"$work/ca.cnf" <<CNF
[ ca ]
default_ca = example_ca

[ example_ca ]
database = $work/index.txt
serial = $work/serial
new_certs_dir = $work
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = copy
email_in_dn = no

[ any_name ]
organizationName = optional
commonName = supplied

[ leaf ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ authority ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF

# issue NAME SUBJECT NOT_BEFORE NOT_AFTER EXTENSIONS ISSUER [SAN]
#   ISSUER is "self" or the NAME of an earlier certificate.
#   Writes $work/NAME.pem and $work/NAME.key.
issue() {
  local name=$1 subject=$2 not_before=$3 not_after=$4 extensions=$5 issuer=$6 san=${7:-}
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" 2>/dev/null
  local request=(openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr")
  if [[ -n $san ]]; then
    request+=(-addext "subjectAltName=$san")
  fi
  "${request[@]}"
  local signer=(-selfsign -keyfile "$work/$name.key")
  if [[ $issuer != self ]]; then
    signer=(-cert "$work/$issuer.pem" -keyfile "$work/$issuer.key")
  fi
  openssl ca -batch -notext -config "$work/ca.cnf" -extensions "$extensions" "${signer[@]}" \
    -startdate "$not_before" -enddate "$not_after" -in "$work/$name.csr" -out "$work/$name.pem" 2>/dev/null
}

# Example Root CA and Example Issuing CA sign everything; both are "ok".
issue root "/O=Example/CN=Example Root CA" 20200101000000Z 20391231235959Z authority self
issue issuing "/O=Example/CN=Example Issuing CA" 20250101000000Z 20321231235959Z authority root

# One leaf per severity; now = 2026-11-30T09:00:00Z, default policy.
#  ok:       expiry 2027-06-30, its first milestone (2mo) is 2027-04-30, still ahead
issue ok "/O=Example/CN=ok.example.com" 20260630000000Z 20270630120000Z leaf issuing "DNS:ok.example.com"
#  notice:   expiry 2027-01-20 (51 days); the 2mo milestone 2026-11-20 has passed
issue notice "/O=Example/CN=notice.example.com" 20261020000000Z 20270120120000Z leaf issuing \
  "DNS:notice.example.com,DNS:www.notice.example.com"
#  warning:  expiry 2026-12-28 (28 days <= 30), 20 working days left (> 10)
issue warning "/O=Example/CN=warning.example.com" 20261101000000Z 20261228120000Z leaf issuing \
  "DNS:warning.example.com,IP:192.0.2.10"
#  renew:    SPEC's worked example: expiry Fri 2026-12-11 12:00, 9 working days (<= 10, >= 3)
issue renew "/O=Example/CN=renew.example.com" 20260912000000Z 20261211120000Z leaf issuing "DNS:renew.example.com"
#  critical: expiry Wed 2026-12-02, 2 working days left (< 3)
issue critical "/O=Example/CN=critical.example.com" 20260903000000Z 20261202120000Z leaf issuing \
  "DNS:critical.example.com"
#  expired:  notAfter 2026-11-20 12:00, before now
issue expired "/O=Example/CN=expired.example.com" 20260822000000Z 20261120120000Z leaf issuing \
  "DNS:expired.example.com"
#  a bundle: leaf (expiry 2027-02-15, 2mo milestone 2026-12-15: ok), then the chain
issue shop "/O=Example/CN=shop.example.com" 20261116000000Z 20270215120000Z leaf issuing \
  "DNS:shop.example.com,DNS:*.shop.example.com"
#  DER:      expiry 2027-03-31 (SPEC's month example: 2mo 2027-01-31, 1mo 2027-02-28): ok
issue legacy "/O=Example/CN=legacy.example.com" 20260901000000Z 20270331120000Z leaf issuing \
  "DNS:legacy.example.com"

rm -f "$out"/*.pem "$out"/*.der
for name in ok notice warning renew critical expired; do
  cp "$work/$name.pem" "$out/$name.pem"
done
cat "$work/shop.pem" "$work/issuing.pem" "$work/root.pem" >"$out/chain-bundle.pem"
openssl x509 -in "$work/legacy.pem" -outform DER -out "$out/legacy.der"

for file in "$out"/*.pem "$out"/*.der; do
  form=PEM
  [[ $file == *.der ]] && form=DER
  printf '%-18s %s\n' "$(basename "$file")" \
    "$(openssl x509 -inform "$form" -in "$file" -noout -enddate -subject -nameopt RFC2253 | tr '\n' ' ')"
done
