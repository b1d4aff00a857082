# Sourced by ./tug and bench/run: the JVM options each role of `tug` runs with, so that the benchmarks measure
# the JVM a user gets. TUG_JAVA_OPTS, added after these by ./tug, still wins.

# tug_jvm_options ROLE JAVA_MAJOR: prints the options, one per line.
tug_jvm_options() {
    local role=$1 major=$2
    # protobuf and netty still use sun.misc.Unsafe; JDK 24+ warns about it on every start
    [ "$major" -ge 24 ] && echo --sun-misc-unsafe-memory-access=allow
    case "$role" in
    agent)
        # a node agent alone: lean JIT and a heap that grows only as needed (docs/benchmarks.md section 5: 100
        # pods live in ~36 MiB; the cap leaves room for bursts)
        printf '%s\n' -XX:+UseSerialGC -Xms8m -Xmx128m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -Xss256k
        [ "$major" -ge 22 ] && echo -XX:TrimNativeHeapInterval=5000
        [ "$major" -ge 25 ] && echo -XX:+UseCompactObjectHeaders
        ;;
    esac
    return 0
}
