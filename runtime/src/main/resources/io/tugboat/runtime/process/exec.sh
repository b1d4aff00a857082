# Tugboat exec helper (POSIX sh). Written by the process runtime; do not edit.
#
# usage: sh exec.sh CGROUP_PROCS WORKDIR TTY_SIZE -- ARGV...   (TTY_SIZE: "rows columns" or empty)
# Already in the container's namespaces (nsenter): joins its cgroups, enters its working directory, execs.

_tug_cgroups=$1
_tug_wd=$2
_tug_size=$3
shift 3
[ "$1" = "--" ] && shift

if [ -n "$_tug_cgroups" ]; then
    _tug_ifs=$IFS
    IFS=:
    for _tug_f in $_tug_cgroups; do
        printf '%s\n' $$ > "$_tug_f" || { echo "tugboat: cannot join cgroup $_tug_f" >&2; exit 126; }
    done
    IFS=$_tug_ifs
fi
if [ -n "$_tug_size" ]; then
    command -p stty rows "${_tug_size% *}" cols "${_tug_size#* }" 2>/dev/null
fi
cd "$_tug_wd" || { echo "tugboat: chdir to $_tug_wd: no such directory" >&2; exit 126; }
exec "$@"
