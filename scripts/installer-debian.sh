#!/bin/sh
# Installe les paquets Debian manquants (navigateur pour les tests, bibliothèques de WeasyPrint).
set -e
manquants=""
for paquet in "$@"; do
  dpkg-query -W -f='${Status}' "$paquet" 2>/dev/null | grep -q "install ok installed" || manquants="$manquants $paquet"
done
[ -z "$manquants" ] && exit 0
echo "Installation des paquets Debian :$manquants"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $manquants >/dev/null
