#!/bin/sh
# Refreshes the certificates allowed to sign the EU List of Trusted Lists
# from the pyHanko package on PyPI, which bundles those the Official Journal
# announced (OJ C 276, 16.8.2019) as kept current through the LOTL's pivots.
# Then pins the file's SHA-256 in SOURCE.tsv. Review the diff before committing.
set -eu
version="${1:-0.38.0}"
here="$(dirname "$(readlink -f "$0")")"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cd "$dir"
python3 -m pip download --quiet --no-deps "pyhanko==$version"
python3 -m zipfile -e pyhanko-"$version"-py3-none-any.whl x >/dev/null
cp x/pyhanko/sign/validation/qualified/lotl-certs/latest.cert.pem "$here/lotl-signers.pem"
sum="$(sha256sum "$here/lotl-signers.pem" | cut -d' ' -f1)"
printf 'file\tsha256\tsource\n%s\t%s\t%s\n' lotl-signers.pem "$sum" "PyPI pyhanko==$version pyhanko/sign/validation/qualified/lotl-certs/latest.cert.pem" >"$here/SOURCE.tsv"
echo "lotl-signers.pem pinned at $sum"
