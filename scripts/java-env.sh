# Sourced by ./tug and ./test: exports JAVA_HOME pointing at a JDK >= 21 and puts it first on PATH.
# Order: $JAVA_HOME if it is new enough, then the newest JDK found under /usr/lib/jvm and /opt.

tug_java_major() { # prints the major version of the java binary $1, or 0
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

tug_pick_jdk() {
    local candidate best="" best_major=0 major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        major=$(tug_java_major "$JAVA_HOME/bin/java")
        if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
    fi
    for candidate in /usr/lib/jvm/* /opt/*jdk* /opt/java/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(tug_java_major "$candidate/bin/java")
        if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
    done
    if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        major=$(tug_java_major "$candidate/bin/java")
        [ "${major:-0}" -ge 21 ] && best="$candidate"
    fi
    [ -n "$best" ] || return 1
    echo "$best"
}

if ! JAVA_HOME=$(tug_pick_jdk); then
    echo "tug: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm); install one, e.g. apt-get install openjdk-21-jdk" >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
