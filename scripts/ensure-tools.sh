# Sourced by ./atelier and .ci/run: makes sure the machine has what Atelier builds and runs with
# (Java 17+, Maven, Node 18+ with npm; curl, jq and openssl for the documented examples), installing
# Debian packages when one is missing and we may.
ensure_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  # The examples of docs/api.md, which the test suite runs, use these.
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "atelier: missing ${missing[*]} and there is no apt-get to install them; install them and retry" >&2
      return 1
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "atelier: installing ${missing[*]} with apt-get" >&2
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
  fi
  local java_major
  java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
    echo "atelier: Java 17 or newer is needed, found $java_major (set JAVA_HOME or PATH)" >&2
    return 1
  fi
}
