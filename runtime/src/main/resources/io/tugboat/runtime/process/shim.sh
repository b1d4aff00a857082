# Tugboat container shim (POSIX sh). Written by the process runtime; do not edit.
#
# usage: sh shim.sh DIR CGROUP_PROCS WORKDIR -- ARGV...
#   DIR           the container's state directory: stdout.fifo, stderr.fifo, mounts; pid, launching (just before
#                 the command is started) and exit are written here
#   CGROUP_PROCS  cgroup.procs files to join, ':'-separated (empty: none)
#   WORKDIR       directory the command starts in (created when missing, as container runtimes do)
#
# The shim stays the parent of the command so that it can record the command's exit status after an agent
# restart. Its variables are prefixed _tug_ so that none of the container's environment is touched.

_tug_dir=$1
_tug_cgroups=$2
_tug_wd=$3
shift 3
[ "$1" = "--" ] && shift

# Held read-write by the shim (and so never without a reader): the command never gets SIGPIPE while no agent
# reads, it blocks once the pipe buffer is full instead.
exec 3<>"$_tug_dir/stdout.fifo" 4<>"$_tug_dir/stderr.fifo" || exit 128

_tug_put() { # atomically writes $2 into file $1
    printf '%s\n' "$2" > "$1.tmp" && command -p mv -f "$1.tmp" "$1"
}
_tug_fail() {
    printf 'tugboat: %s\n' "$*" >&4
    printf 'tugboat: %s\n' "$*" >&2
    _tug_put "$_tug_dir/exit" 128
    exit 128
}

_tug_put "$_tug_dir/pid" $$

if [ -n "$_tug_cgroups" ]; then
    _tug_ifs=$IFS
    IFS=:
    for _tug_f in $_tug_cgroups; do
        printf '%s\n' $$ > "$_tug_f" || { IFS=$_tug_ifs; _tug_fail "cannot join cgroup $_tug_f"; }
    done
    IFS=$_tug_ifs
fi

# Bind mounts, in the private mount namespace the runtime started the shim in: three lines each (mode, source,
# target). Missing targets are made: a directory for a directory, an empty file for a file.
if [ -s "$_tug_dir/mounts" ]; then
    while IFS= read -r _tug_mode && IFS= read -r _tug_src && IFS= read -r _tug_dst; do
        if [ ! -e "$_tug_dst" ]; then
            if [ -d "$_tug_src" ]; then
                command -p mkdir -p "$_tug_dst" || _tug_fail "cannot create mount point $_tug_dst"
            else
                command -p mkdir -p "${_tug_dst%/*}/" && : > "$_tug_dst" || _tug_fail "cannot create mount point $_tug_dst"
            fi
        fi
        command -p mount --bind "$_tug_src" "$_tug_dst" || _tug_fail "cannot mount $_tug_src at $_tug_dst"
        if [ "$_tug_mode" = ro ]; then
            command -p mount -o remount,bind,ro "$_tug_dst" || _tug_fail "cannot make $_tug_dst read-only"
        fi
    done < "$_tug_dir/mounts"
fi

[ -d "$_tug_wd" ] || command -p mkdir -p "$_tug_wd" 2>/dev/null
cd "$_tug_wd" || _tug_fail "chdir to $_tug_wd: no such directory"

# A trapped signal is reset to its default in the command, so the command gets SIGTERM as usual while the
# shim lives on to record how it ended ($? is 128+n when signal n ended it).
trap ':' TERM INT HUP
# Every helper of the prelude above (mv, mkdir, mount) has exited by now: the next child of the shim is the command.
: > "$_tug_dir/launching"
"$@" </dev/null >&3 2>&4 3>&- 4>&-
_tug_rc=$?
_tug_put "$_tug_dir/exit" "$_tug_rc"
exit "$_tug_rc"
