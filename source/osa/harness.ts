// The bash program that evaluates an OpenStack-Ansible scripts/run-upgrade.sh (source/osa/evaluate.ts
// runs it): bash itself computes the script's items, their words, the folder and environment each
// runs in and the marker run_lock writes, while nothing of the deployment is run. It is run as
// `bash -c HARNESS SCRIPT`, so $0 is the script as given and SCRIPTS_PATH comes out as the
// script's own folder. How it works:
// - a DEBUG trap (extdebug) sees every command; when the script calls main, the script's acting
//   functions are wrapped or emptied (run_lock, bootstrap_ansible, pre_flight, check_for_current,
//   create_working_dir, set_source_series) and tar and clear become recorders;
// - every other program the script would start is skipped (extdebug skips a command whose DEBUG
//   trap returns 1) and recorded, unless it only reads (dirname, readlink, md5sum, ...);
// - run_lock's item is run as run_lock runs it (eval "openstack-ansible $item") with a recording
//   openstack-ansible that succeeds, then once with each call failing, which shows its && and ||
//   as bash takes them; then the script's own run_lock runs with OSA_CONFIG_DIR in the scratch
//   folder, and the marker it writes there is recorded;
// - the one-time backup's name is recorded and the script sees a scratch name, so it always
//   shows its tar command.
// Records go to fd 3: kind, field count, fields, each NUL-terminated.
export const HARNESS = `# ansible-driver's evaluation of an OpenStack-Ansible run-upgrade.sh: bash itself runs the script
# ($0) with what would act replaced. The script's own functions that act (run_lock, bootstrap_ansible,
# pre_flight, check_for_current, create_working_dir, set_source_series) are wrapped or emptied when
# main is called; every other program the script would start is skipped and recorded, unless it
# only reads (dirname, readlink, md5sum, ...). What bash computes (the items, their words, the
# folder and environment each runs in, the marker run_lock writes) is written to fd 3 as records:
# kind, field count, fields, each NUL-terminated.
shopt -s extdebug
exec 3>"$__AD_OUT" </dev/null
__ad_scratch=$__AD_SCRATCH
unset __AD_OUT __AD_SCRATCH
__ad_rec() { printf '%s\\0' "$1" "$(($# - 1))" "\${@:2}" >&3; }
__ad_patched=0 __ad_errexit=0 __ad_evaluating=0 __ad_scratching=0 __ad_try=outside __ad_fail='' __ad_backup='' __ad_tasks=0 __ad_line=0
# Programs that only read (none of them writes a file or starts another program).
__ad_reads=' basename cat cut date dirname false grep head id md5sum readlink realpath seq sha1sum tail tr true uname wc whoami '
# A redirection to a file: the target is the second group.
__ad_redirect='(^|[^0-9&<])[0-9]*>>?[|]?[[:space:]]*([^&[:space:]][^[:space:]]*)'
mapfile -d '' __ad_e < <(command env -0)
__ad_rec env0 "\${__ad_e[@]}"
trap '__ad_rec exit "$?"' EXIT

# The words of a command as bash would expand them, where that runs and writes nothing (no
# substitution, redirection or list); else as written, split at blanks.
__ad_set_words() { __ad_w=("$@"); }
__ad_words() {
	__ad_w=()
	if [[ $1 != *[\\\`\\<\\>\\;\\&\\|\\(]* ]]; then
		eval "__ad_set_words $1" 2>/dev/null && return
	fi
	read -ra __ad_w <<<"$1"
}

__ad_trap() {
	# No locals here: a DEBUG trap that skips a command must not leave a variable context behind.
	__ad_cmd=$BASH_COMMAND __ad_lineno=\${BASH_LINENO[0]}
	if [[ $__ad_errexit == 1 ]]; then
		set -e
		__ad_errexit=0
	fi
	if [[ $__ad_patched == 0 && \${FUNCNAME[1]-} == source && $__ad_cmd =~ ^main([[:space:]]|$) ]]; then
		__ad_patched=1
		__ad_patch
	fi
	# RUN_TASKS grew: the command before this one added items; its line is theirs.
	if [[ $__ad_patched == 1 ]]; then
		__ad_n=0
		[[ -n \${RUN_TASKS+x} ]] && __ad_n=\${#RUN_TASKS[@]}
		if ((__ad_n > __ad_tasks)); then __ad_rec added "$__ad_line" "$__ad_tasks" "$__ad_n"; fi
		__ad_tasks=$__ad_n
		__ad_line=$__ad_lineno
		# The one-time backup: its real name is recorded, the script sees a scratch one (so it always
		# shows its tar command, which the tar function records).
		if [[ -z $__ad_backup && -n \${source_series_backup_file-} ]]; then
			__ad_backup=$source_series_backup_file
			__ad_rec backup "$__ad_lineno" "$__ad_backup"
			source_series_backup_file=$__ad_scratch/backup.tar.gz
		fi
	fi
	[[ \${FUNCNAME[1]-} == __ad_* && $__ad_evaluating == 0 ]] && return 0
	__ad_word=\${__ad_cmd%%[[:space:]]*}
	# A redirection writes a file with no program to skip: one to anything but /dev/null is skipped
	# as well, except in the script's own run_lock and bootstrap_ansible, run with their markers in
	# the scratch folder.
	if [[ $__ad_scratching == 0 && $__ad_word != '(('* && $__ad_word != '[['* && $__ad_cmd =~ $__ad_redirect && \${BASH_REMATCH[2]} != /dev/null ]]; then
		__ad_rec external "$__ad_lineno" "\${FUNCNAME[1]-}" "$PWD" "$__ad_cmd"
		__ad_skip
		return 1
	fi
	[[ -z $__ad_word || $__ad_word == *=* ]] && return 0
	# "$@" and the like are the trap's own here, not the command's: such a call is let through.
	[[ $__ad_word == *'$'[@*0-9]* || $__ad_word == *'\${'[@*0-9#]* ]] && return 0
	if [[ $__ad_word == unset && $__ad_patched == 1 ]]; then
		__ad_words "$__ad_cmd"
		__ad_rec unset "$__ad_lineno" "\${__ad_w[@]:1}"
		return 0
	fi
	__ad_first=$__ad_word
	if [[ $__ad_word == *[\\$\\"\\'\\\\]* && $__ad_word != *[\\\`\\(\\<\\>\\;\\&\\|]* ]]; then
		eval "__ad_set_words $__ad_word" 2>/dev/null && __ad_first=\${__ad_w[0]-}
	fi
	[[ -z $__ad_first ]] && return 0
	case $(type -t -- "$__ad_first") in
	builtin | keyword | function | alias) return 0 ;;
	esac
	if [[ $__ad_reads == *" \${__ad_first##*/} "* ]]; then return 0; fi
	# touch and mkdir inside the scratch folder (the markers of wrapped functions) are done.
	__ad_words "$__ad_cmd"
	if [[ \${__ad_first##*/} == touch || \${__ad_first##*/} == mkdir ]]; then
		__ad_ok=1
		for __ad_arg in "\${__ad_w[@]:1}"; do [[ $__ad_arg == -* || $__ad_arg == "$__ad_scratch"/* ]] || __ad_ok=0; done
		((__ad_ok)) && return 0
	fi
	__ad_rec external "$__ad_lineno" "\${FUNCNAME[1]-}" "$PWD" "\${__ad_w[@]}"
	__ad_skip
	return 1
}

# The command is skipped (extdebug, the trap returning 1): set -e would take that for a failure,
# so it is off until the next command.
__ad_skip() {
	if [[ $- == *e* ]]; then
		set +e
		__ad_errexit=1
	fi
}

openstack-ansible() { __ad_oa "$@"; }
__ad_oa() {
	__ad_calls=$((__ad_calls + 1))
	__ad_rec call "$__ad_try" "\${BASH_LINENO[1]}" "$PWD" "$@"
	[[ " $__ad_fail " == *" $__ad_calls "* ]] && return 1
	return 0
}

# Runs an item as run_lock does (eval "openstack-ansible $item") with the calls numbered in
# $2 failing: prints the status and the number of calls.
__ad_try_item() {
	__ad_try=$2 __ad_fail=$2 __ad_calls=0 __ad_evaluating=1
	set +e
	eval "openstack-ansible $1" >/dev/null 2>&1
	echo "$? $__ad_calls"
}

__ad_run_lock() {
	local index=$1 item=$2 result n k
	__ad_rec item "$index" "\${BASH_LINENO[1]}" "$PWD" "$item"
	mapfile -d '' __ad_e < <(command env -0)
	__ad_rec env "$index" "\${__ad_e[@]}"
	result=$(__ad_try_item "$item" '')
	__ad_rec tried "$index" '' "$result"
	n=\${result#* }
	((n > 20)) && n=20
	for ((k = 1; k <= n; k++)); do
		result=$(__ad_try_item "$item" "$k")
		__ad_rec tried "$index" "$k" "$result"
	done
	result=$(__ad_try_item "$item" '1 2')
	__ad_rec tried "$index" '1 2' "$result"
	# The marker, as the script's own run_lock writes it (into the scratch folder).
	__ad_in_scratch __adreal_run_lock "$@"
	__ad_try=outside
}

__ad_bootstrap() {
	__ad_rec call-bootstrap "\${BASH_LINENO[1]}" "\$PWD"
	__ad_in_scratch __adreal_bootstrap_ansible "$@"
}

# Runs one of the script's functions with OSA_CONFIG_DIR in the scratch folder and every
# openstack-ansible succeeding; records the files it leaves in the markers folder.
__ad_in_scratch() {
	local config=\${OSA_CONFIG_DIR-} markers=$__ad_scratch/config/upgrade-\${TARGET_SERIES-} f
	mkdir -p "$markers"
	OSA_CONFIG_DIR=$__ad_scratch/config
	__ad_try=marker __ad_fail='' __ad_calls=0 __ad_scratching=1
	"$@" >/dev/null 2>&1
	__ad_scratching=0
	OSA_CONFIG_DIR=$config
	__ad_try=outside
	for f in "$markers"/* "$markers"/.[!.]*; do
		[[ -f $f ]] || continue
		__ad_rec marker "$1" "\${f##*/}" "$(cat -- "$f"; printf x)"
		rm -f -- "$f"
	done
}

__ad_patch() {
	__ad_rec globals "\${TARGET_SERIES-}" "\${OSA_CONFIG_DIR-}" "\${SCRIPTS_PATH-}" "\${MAIN_PATH-}" "\${SOURCE_SERIES+set}" "\${SOURCE_SERIES-}"
	__ad_rec series \${SUPPORTED_SOURCE_SERIES[@]+"\${SUPPORTED_SOURCE_SERIES[@]}"}
	local f
	for f in run_lock bootstrap_ansible; do
		if [[ $(type -t "$f") == function ]]; then
			eval "__adreal_$(declare -f "$f")"
		fi
	done
	[[ $(type -t run_lock) == function ]] && run_lock() { __ad_run_lock "$@"; }
	[[ $(type -t bootstrap_ansible) == function ]] && bootstrap_ansible() { __ad_bootstrap "$@"; }
	for f in pre_flight check_for_current create_working_dir; do
		eval "$f() { __ad_rec called $f \\"\\\${BASH_LINENO[0]}\\"; }"
	done
	set_source_series() { __ad_rec called set_source_series "\${BASH_LINENO[0]}"; exit 0; }
	clear() { :; }
	tar() { __ad_rec tar "\${BASH_LINENO[0]}" "\$PWD" "\$@"; }
}

trap __ad_trap DEBUG
source "$0"
`;
